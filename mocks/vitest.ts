/**
 * `standin/vitest`: one call wires a standin into a vitest suite (MSW listen / reset / close) and adds matchers.
 *
 *   const standin = setupStandin({ seed: 7 })
 *   it('issues', async () => { ...; expect(standin).toHaveReceived('enfinitos.issueRight', { body: expect.objectContaining({ substrate: 'DOOH' }) }) })
 *
 * Beside a suite's own MSW: `setupStandin({ handlers: [...] })` serves your handlers from the same server, and
 * `setupStandin({ server })` adds standin's handlers to the server you already have (docs/testing.md). One process
 * must not run two MSW servers: they intercept the same modules, and one of them sends its requests to the network.
 */
import type { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import type { JournalEntry } from './core/journal.js'
import type { WebhookEventType } from './enfinitos/types.js'
import { loadMswNode } from './platform/load-msw.js'
import { createStandin, type Standin, type StandinOptions } from './standin.js'
import type { QualifiedOperation } from './typed.js'

/** An MSW server as `setupServer` from 'msw/node' makes it (msw 2 and 3). */
export type MswServer = ReturnType<typeof setupServer>
/** Any handler an MSW server takes (`http.get(...)`, `graphql.query(...)`, ...). */
export type MswHandler = Parameters<typeof setupServer>[number]

export interface SetupStandinOptions extends StandinOptions {
  /**
   * What MSW does with requests no handler matches. Default `error`: a test never reaches the real network. Only when
   * setupStandin starts the server; with `server`, your own `listen()` options apply.
   */
  onUnhandledRequest?: 'error' | 'warn' | 'bypass'
  /** Origins to intercept instead of the providers' real base URLs (`'*'` for any host). */
  baseUrl?: string | string[]
  /**
   * Your own MSW handlers (other APIs), served by the same server as standin's. They come first, so one for a
   * provider URL overrides standin's.
   */
  handlers?: readonly MswHandler[]
  /**
   * Your suite's own MSW server: standin's handlers (and `handlers`) are added to it with `server.use()` before the
   * suite and again before each test (after your `resetHandlers()`), and no second server is started. Its lifecycle
   * (listen, resetHandlers, close) stays yours.
   */
  server?: MswServer
}

/** What setupStandin returns: the standin, and the MSW server its handlers are on. */
export interface StandinSetup extends Standin {
  /** The MSW server: the one setupStandin started, or the one you passed as `server`. */
  readonly server: MswServer
}

export interface ReceivedExpectation {
  body?: unknown
  query?: unknown
  headers?: unknown
  status?: number
  /** Exactly this many matching calls (default: at least one). */
  times?: number
}

export interface DeliveredOptions {
  /** Exactly this many matching deliveries (default: at least one). */
  times?: number
}

/**
 * A standin for this suite (or this `describe` block), its handlers on an MSW server: one it starts before the suite
 * and closes after it, or yours (`server`). After each test the standin is reset (and a server it started too).
 */
export function setupStandin(options: SetupStandinOptions = {}): StandinSetup {
  const standin = createStandin(options)
  const handlers = [
    ...(options.handlers ?? []),
    ...standin.handlers(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  ]
  const server = options.server ?? startedServer(handlers, options.onUnhandledRequest ?? 'error')
  if (options.server) {
    const given = options.server
    // server.use() handlers go at each resetHandlers(): add them back, once, whenever they are not there.
    const install = () => {
      const current = given.listHandlers()
      if (!handlers.every((h) => current.includes(h))) given.use(...handlers)
    }
    beforeAll(install)
    beforeEach(install)
  }
  afterEach(() => standin.reset())
  Object.defineProperty(standin, 'server', { value: server, enumerable: true })
  return standin as StandinSetup
}

/** A server of setupStandin's own: listening for the suite, its runtime handlers reset after each test. */
function startedServer(handlers: MswHandler[], onUnhandledRequest: 'error' | 'warn' | 'bypass'): MswServer {
  const server = loadMswNode().setupServer(...handlers)
  // msw 2 reads `onUnhandledRequest`, msw 3 `onUnhandledFrame`; each ignores the other's.
  const listenOptions = { onUnhandledRequest, onUnhandledFrame: onUnhandledRequest }
  beforeAll(() => server.listen(listenOptions))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return server
}

function matchesEntry(
  entry: JournalEntry,
  expected: ReceivedExpectation,
  equals: (a: unknown, b: unknown) => boolean,
): boolean {
  return (
    (expected.body === undefined || equals(entry.request.body, expected.body)) &&
    (expected.query === undefined || equals(entry.request.query, expected.query)) &&
    (expected.headers === undefined || equals(entry.request.headers, expected.headers)) &&
    (expected.status === undefined || entry.response.status === expected.status)
  )
}

expect.extend({
  toHaveReceived(received: Standin, operation: QualifiedOperation, expected: ReceivedExpectation = {}) {
    const [provider, operationId] = operation.split('.') as [string, string]
    const calls = received.journal.entries({ provider, operationId })
    const matching = calls.filter((e) => matchesEntry(e, expected, (a, b) => this.equals(a, b)))
    const pass = expected.times === undefined ? matching.length > 0 : matching.length === expected.times
    const want = expected.times === undefined ? 'at least one call' : `${expected.times} call(s)`
    return {
      pass,
      message: () =>
        `expected standin ${pass ? 'not ' : ''}to have received ${want} to ${operation}` +
        `${Object.keys(expected).length ? ` matching ${this.utils.printExpected(expected)}` : ''}; ` +
        `got ${calls.length} call(s) to ${operation}, ${matching.length} matching` +
        (calls.length ? `\nreceived bodies: ${this.utils.printReceived(calls.map((c) => c.request.body))}` : ''),
    }
  },
  toHaveDeliveredWebhook(received: Standin, event: WebhookEventType, object?: unknown, options: DeliveredOptions = {}) {
    const delivered = received.webhooks.attempts({ event, ok: true })
    const matching = delivered.filter(
      (a) => object === undefined || this.equals(JSON.parse(a.body).data?.object, expect.objectContaining(object)),
    )
    const pass = options.times === undefined ? matching.length > 0 : matching.length === options.times
    const want = options.times === undefined ? 'at least one' : `${options.times}`
    const seen = received.webhooks.attempts().map((a) => `${a.event} attempt ${a.attempt}: ${a.status ?? a.error}`)
    return {
      pass,
      message: () =>
        `expected standin ${pass ? 'not ' : ''}to have delivered ${want} ${event} webhook(s)` +
        `${object === undefined ? '' : ` about ${this.utils.printExpected(object)}`} (answered 2xx); ` +
        `${delivered.length} delivered, ${matching.length} matching` +
        (seen.length
          ? `
attempts so far:
  ${seen.join('\n  ')}`
          : '\nno attempt so far') +
        '\n(attempts go out in the background: `await standin.webhooks.settled()` first)',
    }
  },
  toHaveNoContractViolations(received: Standin) {
    const violations = received.journal.violations()
    return {
      pass: violations.length === 0,
      message: () =>
        violations.length === 0
          ? 'expected contract violations, found none'
          : `standin answered outside the contract:\n${violations
              .map(
                (v) =>
                  `  ${v.provider}.${v.operationId} ${v.response.status}: ${v.violations.map((x) => `${x.path} ${x.message}`).join('; ')}`,
              )
              .join('\n')}`,
    }
  },
})

export interface StandinMatchers<R = unknown> {
  /** The standin received a call to `provider.operationId` (matching body/query/headers/status if given). */
  toHaveReceived(operation: QualifiedOperation, expected?: ReceivedExpectation): R
  /**
   * A `event` webhook was delivered (a receiver answered 2xx), about an object matching `object` (partially, like
   * `expect.objectContaining`) when given; `times`: exactly that many. Await `standin.webhooks.settled()` first.
   */
  toHaveDeliveredWebhook(event: WebhookEventType, object?: unknown, options?: DeliveredOptions): R
  /** No response so far broke the contract (for `validateResponses: 'report'`). */
  toHaveNoContractViolations(): R
}

declare module 'vitest' {
  // Declared without type parameters: vitest 3.2 and 4 declare `Matchers<T = any>`, vitest 5 `Matchers<R, T>`, and
  // TypeScript merges a declaration that leaves out parameters which all have defaults with either one. (Vitest 3.0
  // and 3.1 have no `Matchers` to extend, hence the peer range from 3.2; scripts/consumer-matrix.mjs type-checks 4 and 5.)
  interface Matchers extends StandinMatchers<void> {}
}

export { createStandin, type Standin, type StandinOptions }
