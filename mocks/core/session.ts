/**
 * A session: one isolated sandbox. It holds each provider's world (seeded), the clock, the journal and the active
 * scenarios. In-process there is one per `createStandin()`; the HTTP server keeps one per `X-Standin-Session` value.
 */
import { type Meter, SESSION_BASE_BYTES, type SessionLimits, SessionUsage } from './budget.js'
import { createClock, parseInstant } from './clock.js'
import { createDerive } from './derive.js'
import { DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_LIMIT, Journal } from './journal.js'
import type { ScenarioRegistry } from './scenarios.js'
import type { Clock, Derive, Provider } from './types.js'

export interface SessionOptions {
  /** Seed for every derived value (ids, keys, amounts). Default 1. */
  seed?: string | number
  /**
   * Start instant of a fixed session clock (deterministic: it moves only when told, plus a tick per request).
   * Default: a live clock that follows the wall clock from the session's creation (and from each reset).
   */
  clock?: string | number | Date
  /** Scenarios active from the start and after every reset. */
  scenarios?: string[]
  /** Journal entries kept (default 1000); the oldest go first. */
  journalLimit?: number
  /** Journal body bytes kept (default 32 MiB in-process; `standin serve` sets its own, smaller one). */
  journalBytes?: number
  /** Caps on what the session stores (default: none); `standin serve` sets them (mocks/core/budget.ts). */
  limits?: SessionLimits
  /** The server's meter every session adds its bytes to. */
  meter?: Meter
}

export class Session {
  readonly seed: string
  /** The fixed clock's start instant; null for a live clock. */
  readonly startMs: number | null
  readonly journal: Journal
  /** Stored records and bytes, against the session's caps. */
  readonly usage: SessionUsage
  clock!: Clock
  derive!: Derive
  private states = new Map<string, unknown>()
  private active: string[] = []
  /** Wall-clock ms of the session's last request (set by the HTTP adapter, for `--session-ttl`). */
  lastUsed = Date.now()
  /** Calls seen per (scenario, operation), for sequences. */
  readonly sequenceCounters = new Map<string, number>()

  constructor(
    readonly id: string,
    private readonly providers: Provider[],
    private readonly registry: ScenarioRegistry,
    private readonly options: SessionOptions = {},
  ) {
    this.seed = String(options.seed ?? 1)
    this.startMs = options.clock === undefined ? null : parseInstant(options.clock)
    const { meter } = options
    this.journal = new Journal(
      options.journalLimit ?? DEFAULT_JOURNAL_LIMIT,
      options.journalBytes ?? DEFAULT_JOURNAL_BYTES,
      meter,
    )
    this.usage = new SessionUsage(options.limits, meter)
    meter?.add(SESSION_BASE_BYTES)
    for (const name of options.scenarios ?? []) registry.get(name) // fail fast on a typo
    this.reset()
  }

  /** Back to the start: the seeded world, the start instant, an empty journal, the start-up scenarios. */
  reset(): void {
    this.clock = this.startMs === null ? createClock(Date.now(), 'live') : createClock(this.startMs)
    this.derive = createDerive(this.seed)
    this.journal.clear()
    this.usage.clear()
    this.sequenceCounters.clear()
    this.active = []
    this.states.clear()
    // Worlds are built in a fixed provider order, so the derived values are the same on every reset.
    for (const p of this.providers) this.states.set(p.name, p.createWorld({ clock: this.clock, derive: this.derive }))
    this.use(...(this.options.scenarios ?? []))
  }

  /**
   * The session is dropped (evicted or expired): its bytes leave the server's meter. A request still in flight in it
   * finishes normally (its world is left as it is, and freed with the session), and is not counted.
   */
  release(): void {
    this.journal.detach()
    this.usage.detach()
    this.options.meter?.add(-SESSION_BASE_BYTES)
  }

  /** Activates scenarios (validated by name); earlier ones win when several cover the same operation. */
  use(...names: string[]): void {
    for (const name of names) {
      const scenario = this.registry.get(name)
      if (this.active.includes(name)) continue
      this.active.push(name)
      if (scenario.emptyWorld) {
        const provider = this.providers.find((p) => p.name === scenario.provider)
        if (provider)
          this.states.set(provider.name, provider.createEmptyWorld({ clock: this.clock, derive: this.derive }))
      }
    }
  }

  /** Deactivates all scenarios (or the named ones); the world is left as it is. */
  clearScenarios(...names: string[]): void {
    this.active = names.length === 0 ? [] : this.active.filter((n) => !names.includes(n))
  }

  activeScenarios(): string[] {
    return [...this.active]
  }

  state<S>(provider: string): S {
    if (!this.states.has(provider)) throw new Error(`provider ${provider} is not enabled in this session`)
    return this.states.get(provider) as S
  }
}
