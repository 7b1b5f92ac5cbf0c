/**
 * A session: one isolated sandbox. It holds each provider's world (seeded), the clock, the journal and the active
 * scenarios. In-process there is one per `createStandin()`; the HTTP server keeps one per `X-Standin-Session` value.
 */
import { createClock, parseInstant } from './clock.js'
import { createDerive } from './derive.js'
import { DEFAULT_JOURNAL_LIMIT, Journal } from './journal.js'
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
  journalLimit?: number
}

export class Session {
  readonly seed: string
  /** The fixed clock's start instant; null for a live clock. */
  readonly startMs: number | null
  readonly journal: Journal
  clock!: Clock
  derive!: Derive
  private states = new Map<string, unknown>()
  private active: string[] = []
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
    this.journal = new Journal(options.journalLimit ?? DEFAULT_JOURNAL_LIMIT)
    for (const name of options.scenarios ?? []) registry.get(name) // fail fast on a typo
    this.reset()
  }

  /** Back to the start: the seeded world, the start instant, an empty journal, the start-up scenarios. */
  reset(): void {
    this.clock = this.startMs === null ? createClock(Date.now(), 'live') : createClock(this.startMs)
    this.derive = createDerive(this.seed)
    this.journal.clear()
    this.sequenceCounters.clear()
    this.active = []
    this.states.clear()
    // Worlds are built in a fixed provider order, so the derived values are the same on every reset.
    for (const p of this.providers) this.states.set(p.name, p.createWorld({ clock: this.clock, derive: this.derive }))
    this.use(...(this.options.scenarios ?? []))
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
