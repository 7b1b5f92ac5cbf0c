/**
 * Memory accounting for sessions, provider-neutral. The core does not know what a provider stores (rights, packs,
 * documents...), so it counts what it can see: every successful write (a POST, PUT, PATCH or DELETE answered 2xx) is
 * one stored record, and its request and response bodies are the bytes it may have stored. That over-counts a write
 * that stores little (a transition) and is exact in order of magnitude for one that stores its body (a right with a
 * 1 MB scope), which is the case a budget must catch.
 *
 * A session is refused a write (507, `session-records` / `session-bytes`) once its own caps are reached; every
 * session, its journal and its seeded world add to one Meter, and a write is refused (503, `server-memory`) while the
 * meter is over the server's budget and nothing else can be shed. The adapter (mocks/http/sessions.ts) sheds idle
 * sessions first; the engine only asks `admit()` before a write and tells `stored()` after one.
 */

export type LimitName = 'session-records' | 'session-bytes' | 'server-memory'

/** Per-session caps. In-process (`createStandin`) there is one session and no cap; `standin serve` sets them. */
export interface SessionLimits {
  /** Successful writes a session may store. */
  records: number
  /** Request + response bytes of those writes. */
  storedBytes: number
  /** How a user raises each limit (a flag of `standin serve`, an option), named in the refusal. */
  raise?: Partial<Record<LimitName, string>>
}

export const UNLIMITED: SessionLimits = { records: Number.POSITIVE_INFINITY, storedBytes: Number.POSITIVE_INFINITY }

/** What a session's seeded world costs before any write, as counted by the Meter (measured: ~50 KB of heap). */
export const SESSION_BASE_BYTES = 64 * 1024

/** The bytes every session of a server holds (journals, stored writes, seeded worlds), kept up to date as they change. */
export class Meter {
  bytes = 0
  /** Set by the server's memory sampler when the heap itself is over budget: writes are refused until it is not. */
  full = false
  constructor(
    /** Bytes the server accepts in all before it sheds sessions or refuses writes. */
    readonly limit = Number.POSITIVE_INFINITY,
    readonly raise = 'the server budget',
  ) {}

  add(n: number): void {
    this.bytes += n
  }
}

/** A refusal: which limit, its value, and how to raise it (the adapter turns it into the provider's envelope). */
export interface LimitHit {
  limit: LimitName
  status: 503 | 507
  /** The limit's value (records or bytes). */
  value: number
  message: string
  /** `X-Standin-Limit`: `<limit>; limit=<value>; raise=<flag>`. */
  header: string
  /** Seconds, for a 503. */
  retryAfter?: number
}

const MB = 1024 * 1024
const shown = (bytes: number) => (bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${bytes} bytes`)

function hit(limit: LimitName, value: number, raise: string, message: string): LimitHit {
  const status = limit === 'server-memory' ? 503 : 507
  return {
    limit,
    status,
    value,
    message: `${message}; raise it with ${raise}`,
    header: `${limit}; limit=${value}; raise=${raise}`,
    ...(status === 503 ? { retryAfter: 2 } : {}),
  }
}

/** One session's stored records and bytes, against its caps and the server's meter. */
export class SessionUsage {
  records = 0
  storedBytes = 0
  constructor(
    readonly limits: SessionLimits = UNLIMITED,
    private meter?: Meter,
  ) {}

  /** Leaves the server's meter (the session was dropped): a write still in flight is not counted any more. */
  detach(): void {
    this.meter?.add(-this.storedBytes)
    this.meter = undefined
  }

  /** null when a write with a body of `bytes` may go ahead; otherwise the limit it would break. */
  admit(bytes: number): LimitHit | null {
    const { limits, meter } = this
    const raise = limits.raise ?? {}
    if (this.records >= limits.records) {
      const m = `this session holds ${this.records} stored records, its limit; reset the session or use a new one`
      return hit('session-records', limits.records, raise['session-records'] ?? 'SessionLimits.records', m)
    }
    if (this.storedBytes + bytes > limits.storedBytes) {
      const m = `this session's stored writes would exceed ${shown(limits.storedBytes)}; reset the session or use a new one`
      return hit('session-bytes', limits.storedBytes, raise['session-bytes'] ?? 'SessionLimits.storedBytes', m)
    }
    if (meter && (meter.full || meter.bytes + bytes > meter.limit)) {
      const m = `the server is at its memory budget (${shown(meter.limit)} of session data); retry shortly`
      return hit('server-memory', meter.limit, meter.raise, m)
    }
    return null
  }

  /** A write succeeded: count it. */
  stored(bytes: number): void {
    this.records++
    this.storedBytes += bytes
    this.meter?.add(bytes)
  }

  clear(): void {
    this.meter?.add(-this.storedBytes)
    this.records = 0
    this.storedBytes = 0
  }
}
