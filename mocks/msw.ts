/**
 * MSW adapter: request handlers that send every request for a provider's paths through the engine. They work with
 * `msw/node` (setupServer) and in the browser (setupWorker): nothing here is Node-specific. standin's own failures
 * (a behaviour that throws, a response outside the contract) are answered by the engine (`engine.answer`), with the
 * same bytes `standin.fetch` and the HTTP server send, never thrown into MSW. msw itself is loaded at the first
 * createHandlers() call (mocks/platform/load-msw.ts): importing standin neither needs msw nor pays for it.
 */
import type { HttpHandler } from 'msw'
import type { Engine } from './core/engine.js'
import type { Session } from './core/session.js'
import { toFetchResponse, toMockRequest } from './fetch-adapter.js'
import { loadMsw } from './platform/load-msw.js'

export interface HandlerOptions {
  /**
   * Origins to intercept instead of the providers' real base URLs, e.g. `http://localhost:4010`. Use `'*'` to match
   * any host (the providers' path prefixes still decide which provider answers).
   */
  baseUrl?: string | string[]
}

export function createHandlers(engine: Engine, session: () => Session, options: HandlerOptions = {}): HttpHandler[] {
  // msw is loaded here, at the first call, not when standin is imported (mocks/platform/load-msw.ts).
  const { http } = loadMsw()
  const handlers: HttpHandler[] = []
  const override = options.baseUrl === undefined ? undefined : ([] as string[]).concat(options.baseUrl)
  for (const provider of engine.providers) {
    const origins = override ?? provider.baseUrls
    for (const origin of origins) {
      const base = origin === '*' ? '*' : origin.replace(/\/+$/, '')
      handlers.push(
        http.all(`${base}${provider.pathPrefix}*`, async ({ request }) =>
          toFetchResponse(await engine.answer(await toMockRequest(request), session(), provider.name)),
        ),
      )
    }
  }
  return handlers
}
