/**
 * What the server serves beside the mocks, as bytes built once: the raw specs (`/openapi/<name>.yaml`, the providers'
 * and the admin API's) and the home page (`/`), rendered on its first request.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../core/contract.js'
import type { Engine } from '../core/engine.js'
import { ADMIN_SPEC_FILE, loadAdminContract } from './admin.js'
import { renderHomePage } from './home-page.js'

export const HOME_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
}
export const SPEC_HEADERS = { 'content-type': 'application/yaml; charset=utf-8' }

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
        scenarios: source.engine.registry.list(),
        admin: loadAdminContract(),
        startupScenarios: source.startupScenarios,
        seed: source.seed,
      }),
    )
    return page
  }
}
