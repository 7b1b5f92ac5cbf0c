/**
 * A session: one isolated sandbox. It holds each provider's world (seeded), the clock, the journal and the active
 * scenarios. In-process there is one per `createStandin()`; the HTTP server keeps one per `X-Standin-Session` value.
 */
import { type Meter, SESSION_BASE_BYTES, type SessionLimits, SessionUsage } from './budget.js'
import { createClock, parseInstant } from './clock.js'
import { createDerive } from './derive.js'
import { StandinError } from './errors.js'
import { DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_LIMIT, Journal } from './journal.js'
import type { ScenarioRegistry } from './scenarios.js'
import { type Clock, type Derive, type Provider, WORLD_SIZES, type WorldSize } from './types.js'

/** `world` as given, checked: an unknown size is a mistake to name, not a reason to fall back silently. */
function worldSize(world: unknown): WorldSize {
  if (world === undefined) return 'small'
  if ((WORLD_SIZES as readonly unknown[]).includes(world)) return world as WorldSize
  throw new StandinError(`unknown world size ${JSON.stringify(world)}: expected one of ${WORLD_SIZES.join(', ')}`)
}

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
  /**
   * The seeded world's size (docs/world.md): `small` (default), a short story of a few records of each kind, or
   * `large`, thousands of records (5,000 rights across 200 venues, a month of deliveries) derived lazily from the seed.
   * The same seed gives the same bytes in both; `standin serve --world large` and `createStandin({ world })` set it.
   * On a server, a world's heap counts on the memory meter as it is built (WorldContext.grow), never as writes.
   */
  world?: WorldSize
}

export class Session {
  readonly seed: string
  /** The fixed clock's start instant; null for a live clock. */
  readonly startMs: number | null
  /** The seeded world's size (reset builds it again at this size). */
  readonly world: WorldSize
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
  /** What the seeded world built lazily since the last reset, as its worlds reported it (WorldContext.grow). */
  worldGrowth = 0
  /** Bumped by every reset and by release, so a world built before them no longer counts its growth. */
  private generation = 0

  constructor(
    readonly id: string,
    private readonly providers: Provider[],
    private readonly registry: ScenarioRegistry,
    private readonly options: SessionOptions = {},
  ) {
    this.seed = String(options.seed ?? 1)
    this.startMs = options.clock === undefined ? null : parseInstant(options.clock)
    this.world = worldSize(options.world)
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
    this.options.meter?.add(-this.worldGrowth)
    this.worldGrowth = 0
    const generation = ++this.generation
    const grow = (bytes: number) => {
      if (generation !== this.generation) return
      this.worldGrowth += bytes
      this.options.meter?.add(bytes)
    }
    // Worlds are built in a fixed provider order, so the derived values are the same on every reset.
    const ctx = { clock: this.clock, derive: this.derive, size: this.world, grow }
    for (const p of this.providers) this.states.set(p.name, p.createWorld(ctx))
    this.use(...(this.options.scenarios ?? []))
  }

  /**
   * The session is dropped (evicted or expired): its bytes leave the server's meter. A request still in flight in it
   * finishes normally (its world is left as it is, and freed with the session), and is not counted.
   */
  release(): void {
    this.journal.detach()
    this.usage.detach()
    this.generation++
    this.options.meter?.add(-(SESSION_BASE_BYTES + this.worldGrowth))
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

  /** Whether any scenario is active (without copying the list: asked on every request). */
  get hasActiveScenarios(): boolean {
    return this.active.length > 0
  }

  state<S>(provider: string): S {
    if (!this.states.has(provider)) throw new Error(`provider ${provider} is not enabled in this session`)
    return this.states.get(provider) as S
  }
}
