/**
 * What the server serves beside the mocks, as bytes built once: the raw specs (`/openapi/<name>.yaml`, the providers'
 * and the admin API's; shown as text in a browser rather than downloaded) and the dashboard (`/`), rendered on its
 * first request. Its script, stylesheet and favicon are in dashboard/assets.ts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../core/contract.js'
import type { Engine } from '../core/engine.js'
import { ADMIN_SPEC_FILE } from './admin.js'
import { renderHomePage } from './home-page.js'

/**
 * The dashboard's policy: its own script, style and images only; fetches to this server only (the admin API and
 * "try it"); no framing, no form posting elsewhere.
 */
export const HOME_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
}
export const SPEC_HEADERS = { 'content-type': 'application/yaml; charset=utf-8' }
/** A browser shows text/plain rather than downloading YAML: served so when the request prefers HTML. */
export const SPEC_HEADERS_FOR_BROWSERS = {
  'content-type': 'text/plain; charset=utf-8',
  'x-content-type-options': 'nosniff',
}

/** The raw specs by path. */
export function specFiles(engine: Engine): Map<string, Buffer> {
  return new Map<string, Buffer>([
    ...engine.providers.map((p): [string, Buffer] => [
      `/openapi/${p.name}.yaml`,
      readFileSync(join(packageRoot(), 'openapi', `${p.name}.yaml`)),
    ]),
    ['/openapi/standin-admin.yaml', readFileSync(ADMIN_SPEC_FILE)],
  ])
}

export interface HomePageSource {
  engine: Engine
  version: string
  /** The server's own URL, known once it listens. */
  baseUrl: () => string
  startupScenarios: readonly string[]
  seed: string
}

/** The home page's bytes, rendered on first use and kept. */
export function homePage(source: HomePageSource): () => Buffer {
  let page: Buffer | undefined
  return () => {
    page ??= Buffer.from(
      renderHomePage({
        version: source.version,
        baseUrl: source.baseUrl(),
        providers: source.engine.providers,
        startupScenarios: source.startupScenarios,
        seed: source.seed,
      }),
    )
    return page
  }
}
