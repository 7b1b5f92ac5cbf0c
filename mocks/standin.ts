/**
 * The public, in-process API: `createStandin()` gives one isolated sandbox (a session over the engine) with MSW
 * handlers, scenario switching, a typed journal, the session clock, and typed fixture factories.
 */
import type { HttpHandler } from 'msw'
import type { Engine, ResponseValidation } from './core/engine.js'
import type { Scenario } from './core/scenarios.js'
import type { Session, SessionOptions } from './core/session.js'
import type { MockRequest, Provider, WorldContext } from './core/types.js'
import { engineFor } from './engine-for.js'
import { toFetchResponse, toMockRequest } from './fetch-adapter.js'
import { createHandlers, type HandlerOptions } from './msw.js'
import { deliverDueNow } from './outbound.js'
import { createProviders, PROVIDER_NAMES } from './providers.js'
import { type StandinSession, sessionHandle } from './session-handle.js'
import type { ProviderFactories, ProviderName } from './typed.js'
import { createInProcessTransport, createStandinWebhooks, type StandinWebhooks } from './webhooks.js'

export interface StandinOptions extends SessionOptions {
  /** Which providers to mock. Default: both. */
  providers?: readonly ProviderName[]
  /** Extra scenarios of your own, selectable by name like the built-in ones. */
  extraScenarios?: Scenario[]
  /** `throw` (default): a response outside the contract throws. `report`: recorded in the journal only. */
  validateResponses?: ResponseValidation
  /** How far the session clock moves after each request (default 1000 ms). */
  tickMs?: number
  /** Request bodies larger than this get 413 (default 1 MiB). */
  maxBodyBytes?: number
  /** Webhook deliveries (docs/webhooks.md): hosts plain http:// may be registered for besides loopback ones. */
  webhooks?: { allowHttpHosts?: readonly string[] }
}

export type { StandinClock, StandinJournal, StandinSession } from './session-handle.js'

/** `standin.<provider>.build.*`: each provider's typed fixture factories. */
export type StandinFactories = { readonly [P in ProviderName]: { build: ProviderFactories[P] } }

export interface Standin extends StandinFactories, StandinSession {
  /** MSW handlers for every enabled provider, at the providers' real base URLs unless `baseUrl` says otherwise. */
  handlers(options?: HandlerOptions): HttpHandler[]
  /** Calls the mock directly with the Fetch API, without MSW (same engine, same bytes). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** EnfinitOS webhooks delivered for real: through `fetch` (MSW) or `onDelivery(handler)`; journal, `deliverDue()`. */
  readonly webhooks: StandinWebhooks
}

/** The base URL a bare path is resolved against in `standin.fetch('/v1/rights')`. */
const LOCAL_ORIGIN = 'http://standin.local'

export function createStandin(options: StandinOptions = {}): Standin {
  const engine = engineFor(options)

  const session = engine.createSession('default', options)
  // Webhook attempts go out through fetch or the test's handler (mocks/webhooks.ts); clock moves send what is due.
  const transport = createInProcessTransport(options.webhooks?.allowHttpHosts)
  engine.outbound = transport
  const deliverDue = () => void deliverDueNow(engine, session).catch(() => undefined)
  const world = () => ({ clock: session.clock, derive: session.derive })

  const standin: Standin = {
    handlers: (handlerOptions) => createHandlers(engine, () => session, handlerOptions),
    async fetch(input, init) {
      const request = input instanceof Request ? input : new Request(new URL(String(input), LOCAL_ORIGIN), init)
      const mock: MockRequest = await toMockRequest(request)
      const response = await toFetchResponse(await engine.answer(mock, session))
      // A network-level fault rejects, as the platform's fetch does (MSW does the same with Response.error()).
      if (response.type === 'error') throw new TypeError('Failed to fetch', { cause: 'standin network fault' })
      return response
    },
    ...sessionHandle(engine, () => session, deliverDue),
    webhooks: createStandinWebhooks(engine, session, transport),
    ...factoriesOf(engine.providers, world),
  }
  internals.set(standin, { engine, session })
  return standin
}

/** The engine and session behind each sandbox: not on the public `Standin`, for standin's own tests and adapters. */
const internals = new WeakMap<Standin, { engine: Engine; session: Session }>()

/** The engine and session behind a sandbox made by {@link createStandin} (internal: not exported by `standin`). */
export function standinInternals(standin: Standin): { engine: Engine; session: Session } {
  const found = internals.get(standin)
  if (!found) throw new TypeError('not a sandbox made by createStandin()')
  return found
}

/**
 * Every provider's factories, served or not (a fixture of a provider left out can still be useful): they read the
 * session's clock and seed at call time, so fixtures follow reset() and clock moves.
 */
function factoriesOf(served: Provider[], world: () => WorldContext): StandinFactories {
  const all = PROVIDER_NAMES.map((name) => served.find((p) => p.name === name) ?? createProviders([name])[0])
  return Object.fromEntries(
    all.flatMap((p) => (p?.factories ? [[p.name, { build: p.factories(world) }]] : [])),
  ) as unknown as StandinFactories
}
