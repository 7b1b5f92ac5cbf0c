/**
 * What a standin offers over one session (scenarios, reset, journal, clock), whichever adapter serves it:
 * `createStandin()` (in-process) and `startStandinServer()` (a session of the HTTP server) give the same handle.
 */
import type { Engine } from './core/engine.js'
import type { JournalEntry, JournalFilter } from './core/journal.js'
import type { Scenario } from './core/scenarios.js'
import type { Session } from './core/session.js'
import type { OperationName, ProviderName, TypedCall } from './typed.js'

export interface StandinJournal {
  /** Every recorded exchange, optionally filtered by provider, operationId or status. */
  entries(filter?: JournalFilter): JournalEntry[]
  /** The calls of one operation, with request and response bodies typed from the spec. */
  calls<P extends ProviderName, O extends OperationName<P>>(provider: P, operationId: O): TypedCall<P, O>[]
  last(): JournalEntry | undefined
  /** Exchanges whose response broke the contract (only in `report` mode; `throw` mode throws instead). */
  violations(): JournalEntry[]
  clear(): void
}

export interface StandinClock {
  /** The session clock's instant, ISO 8601. */
  now(): string
  /** Moves the clock forward; the webhook deliveries it makes due go out in the background. */
  advance(ms: number): void
  /** Sets the clock (an ISO string, epoch ms or a Date). */
  set(instant: string | number | Date): void
}

/** One session's controls. */
export interface StandinSession {
  /** Activates scenarios by name (`enfinitos:rights.issue.basis-not-found`); the first that covers a call answers. */
  use(...scenarios: string[]): void
  /** Back to the seeded world, the start instant, an empty journal and the start-up scenarios. */
  reset(): void
  /** The active scenarios, in priority order. */
  scenarios(): string[]
  /** Every scenario these providers know, with its description. */
  catalogue(): Scenario[]
  readonly journal: StandinJournal
  /** Moving it sends the webhook deliveries it makes due, in the background (in-process: `await standin.webhooks.settled()`; a server's `close()` waits for them). */
  readonly clock: StandinClock
}

/**
 * The controls of the session `session()` returns (looked up at each call: a server may replace a named session it
 * evicted). `onClockMove` runs after every clock move, to send the webhook deliveries the move made due.
 */
export function sessionHandle(
  engine: Engine,
  session: () => Session,
  onClockMove: (session: Session) => void,
): StandinSession {
  const journal: StandinJournal = {
    entries: (filter) => session().journal.list(filter),
    calls: <P extends ProviderName, O extends OperationName<P>>(provider: P, operationId: O) =>
      session().journal.list({ provider, operationId }) as unknown as TypedCall<P, O>[],
    last: () => session().journal.last(),
    violations: () => session().journal.violations(),
    clear: () => session().journal.clear(),
  }
  return {
    use: (...scenarios) => session().use(...scenarios),
    reset: () => session().reset(),
    scenarios: () => session().activeScenarios(),
    catalogue: () => engine.registry.list(),
    journal,
    clock: {
      now: () => session().clock.iso(),
      advance: (ms) => {
        const s = session()
        s.clock.advance(ms)
        onClockMove(s)
      },
      set: (instant) => {
        const s = session()
        s.clock.set(instant)
        onClockMove(s)
      },
    },
  }
}
