/**
 * `standin/vitest`: one call wires a standin into a vitest suite (MSW listen / reset / close) and adds matchers.
 *
 *   const standin = setupStandin({ seed: 7 })
 *   it('issues', async () => { ...; expect(standin).toHaveReceived('enfinitos.issueRight', { body: expect.objectContaining({ substrate: 'DOOH' }) }) })
 */
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import type { JournalEntry } from './core/journal.js'
import type { WebhookEventType } from './enfinitos/types.js'
import { createStandin, type Standin, type StandinOptions } from './standin.js'
import type { QualifiedOperation } from './typed.js'

export interface SetupStandinOptions extends StandinOptions {
  /** What MSW does with requests no handler matches. Default `error`: a test never reaches the real network. */
  onUnhandledRequest?: 'error' | 'warn' | 'bypass'
  /** Origins to intercept instead of the providers' real base URLs (`'*'` for any host). */
  baseUrl?: string | string[]
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

export function setupStandin(options: SetupStandinOptions = {}): Standin {
  const standin = createStandin(options)
  const server = setupServer(...standin.handlers(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }))
  beforeAll(() => server.listen({ onUnhandledRequest: options.onUnhandledRequest ?? 'error' }))
  afterEach(() => {
    server.resetHandlers()
    standin.reset()
  })
  afterAll(() => server.close())
  return standin
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
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration of Matchers<T = any>.
  interface Matchers<T = any> extends StandinMatchers<T> {}
}

export { createStandin, type Standin, type StandinOptions }
