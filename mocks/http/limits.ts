/**
 * The limits of `standin serve` (docs/limits.md): their defaults, the flag that raises each, and the monitor that
 * enforces the time-to-live and the memory budget once a second (never per request: a request only compares the
 * meter with its limit, mocks/http/sessions.ts and mocks/core/budget.ts).
 *
 * The budget is counted two ways. Cheaply and exactly, the Meter adds up what sessions hold (journal bodies, stored
 * writes, a fixed cost per seeded world): beyond its limit, idle sessions are evicted before any write is refused.
 * As a backstop, the monitor samples the process's memory: when the RSS nears `--max-memory` or the heap in use
 * passes most of it (the Meter under-counts something), it sheds half of the counted bytes and refuses writes (503)
 * until the heap is back under the budget.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { type LimitName, Meter, type SessionLimits } from '../core/budget.js'
import type { Engine } from '../core/engine.js'
import type { SessionOptions } from '../core/session.js'
import { createSessions, type Sessions } from './sessions.js'
import type { Log } from './writer.js'

export interface ServerLimits {
  /** The RSS the server keeps under, in MB (`--max-memory`). */
  maxMemoryMb: number
  /** Sessions held at most (`--max-sessions`); the least recently used is evicted beyond it. */
  maxSessions: number
  /** Idle time after which a session expires, in ms (`--session-ttl`); 0 for never. */
  sessionTtlMs: number
  /** Successful writes one session may store (`--session-max-records`). */
  sessionRecords: number
  /** Bytes of those writes (request + response bodies), in MB (`--session-max-stored`). */
  sessionStoredMb: number
  /** Journal body bytes one session keeps, in MB (`--session-journal`); the oldest entries go first beyond it. */
  sessionJournalMb: number
}

/** The flag that sets each limit, named in refusals and log lines. */
export const LIMIT_FLAGS: Record<keyof ServerLimits, string> = {
  maxMemoryMb: '--max-memory',
  maxSessions: '--max-sessions',
  sessionTtlMs: '--session-ttl',
  sessionRecords: '--session-max-records',
  sessionStoredMb: '--session-max-stored',
  sessionJournalMb: '--session-journal',
}

const MB = 1024 * 1024

/**
 * 512 MB, or half of V8's heap limit when that is smaller (a small container): far below the limit at which the
 * process dies, with room for the garbage collector's own headroom (a heap grows well past its live data between
 * collections) and for what the Meter cannot see (sockets, buffers in flight).
 */
export function defaultMaxMemoryMb(): number {
  return Math.min(512, Math.floor(getHeapStatistics().heap_size_limit / MB / 2))
}

export function defaultLimits(): ServerLimits {
  return {
    maxMemoryMb: defaultMaxMemoryMb(),
    maxSessions: 1000,
    sessionTtlMs: 30 * 60_000,
    sessionRecords: 10_000,
    sessionStoredMb: 32,
    sessionJournalMb: 4,
  }
}

/**
 * What the runtime itself takes under load beyond its RSS at start-up, whatever the sessions hold: V8's pages kept
 * between collections, the young generation, buffers of requests in flight, allocator arenas of the GC threads.
 * Measured: about 100 MB more under a flood of 1 MB bodies (test/server-memory-budget.test.ts).
 */
export const RUNTIME_RESERVE = 64 * MB

/**
 * Share of the rest that sessions may fill, as counted by the Meter. The Meter over-counts (a stored write's body is
 * counted in the journal and again as stored, ~4 MB counted for ~3 MB live per 1 MB write); the other half covers
 * the heap's growth past its live data between collections.
 */
export const SESSION_SHARE = 0.5

/** Session data the server accepts in all: a share of `--max-memory` above start-up RSS and the runtime's reserve. */
export function sessionBudgetBytes(maxMemoryMb: number, startRss: number): number {
  return Math.max(8 * MB, Math.floor((maxMemoryMb * MB - startRss - RUNTIME_RESERVE) * SESSION_SHARE))
}

export function createMeter(limits: ServerLimits, startRss = process.memoryUsage.rss()): Meter {
  return new Meter(sessionBudgetBytes(limits.maxMemoryMb, startRss), LIMIT_FLAGS.maxMemoryMb)
}

/** Each session's caps, naming the flag that raises each. */
export function sessionLimits(limits: ServerLimits): SessionLimits {
  const raise: Partial<Record<LimitName, string>> = {
    'session-records': LIMIT_FLAGS.sessionRecords,
    'session-bytes': LIMIT_FLAGS.sessionStoredMb,
    'server-memory': LIMIT_FLAGS.maxMemoryMb,
  }
  return { records: limits.sessionRecords, storedBytes: limits.sessionStoredMb * MB, raise }
}

/**
 * Heap in use (with Buffers) past this share of `--max-memory`, and grown by COLLECT_GROWTH of it since the last
 * collection: collect the garbage now, not when V8 gets to it.
 */
const HEAP_COLLECT = 0.15
const COLLECT_GROWTH = 0.06
/** Still past this share after a collection: shed sessions and refuse writes. */
const HEAP_HIGH = 0.7
/** RSS past this share of `--max-memory`: shed sessions. */
const RSS_HIGH = 0.9

/**
 * A full garbage collection on demand. V8 sizes its heap against its own limit (4 GB here), not against
 * `--max-memory`: left alone it lets the bodies of evicted sessions pile up as garbage far past the budget before it
 * collects. The monitor collects when the heap passes HEAP_COLLECT of the budget (at most once a tick, only then).
 */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return undefined
  }
}

export interface MonitorOptions {
  limits: ServerLimits
  sessions: Sessions
  meter: Meter
  log?: Log | undefined
  intervalMs?: number
  /**
   * Sample the process's memory against `--max-memory` (and collect garbage on demand): only when the server owns
   * its process (`standin serve`). A server started inside a test runner or an app would otherwise judge, and force
   * collections in, memory that is not its own; it still has its counted budget (the Meter) and session expiry.
   */
  sampleMemory?: boolean
}

const heapOf = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external

/** Four times a second: expire idle sessions, sample the memory. Returns the function that stops it. */
export function startMonitor(options: MonitorOptions): () => void {
  const { limits, sessions, meter, log } = options
  const budget = limits.maxMemoryMb * MB
  if (!options.sampleMemory) {
    const timer = setInterval(() => sessions.expire(), options.intervalMs ?? 250)
    timer.unref()
    return () => clearInterval(timer)
  }
  const gc = collector()
  let collected = 0 // the heap after the last collection
  const check = () => {
    sessions.expire()
    let m = process.memoryUsage()
    collected = Math.min(collected, heapOf(m)) // V8 collected on its own since
    if (gc && heapOf(m) > Math.max(budget * HEAP_COLLECT, collected + budget * COLLECT_GROWTH)) {
      gc()
      m = process.memoryUsage()
      collected = heapOf(m)
    }
    const heap = heapOf(m)
    if (heap > budget * HEAP_HIGH || m.rss > budget * RSS_HIGH) sessions.shed(meter.bytes / 2)
    const full = heap > budget * HEAP_HIGH
    if (full !== meter.full) {
      const mb = (n: number) => Math.round(n / MB)
      log?.({
        level: 'warn',
        event: full ? 'memory-full' : 'memory-ok',
        message: full
          ? `memory budget reached (heap ${mb(heap)} MB, rss ${mb(m.rss)} MB of --max-memory ${limits.maxMemoryMb} MB): idle sessions evicted, writes refused with 503 until it falls`
          : `memory back under budget (heap ${mb(heap)} MB, rss ${mb(m.rss)} MB): writes accepted again`,
      })
      meter.full = full
    }
  }
  const timer = setInterval(check, options.intervalMs ?? 250)
  timer.unref()
  return () => clearInterval(timer)
}

/** The server's sessions under its limits: the meter, the session table and the monitor, wired together. */
export function startSessions(
  engine: Engine,
  session: SessionOptions | undefined,
  given: {
    limits?: Partial<ServerLimits> | undefined
    maxSessions?: number | undefined
    log?: Log | undefined
    ownsProcess?: boolean | undefined
  },
): { limits: ServerLimits; sessions: Sessions; stop: () => void } {
  const limits: ServerLimits = { ...defaultLimits(), ...given.limits }
  if (given.maxSessions !== undefined) limits.maxSessions = given.maxSessions
  const meter = createMeter(limits)
  const options = { ...session, limits: sessionLimits(limits), journalBytes: limits.sessionJournalMb * MB, meter }
  const policy = { max: limits.maxSessions, ttlMs: limits.sessionTtlMs, meter, log: given.log }
  const sessions = createSessions(engine, options, policy)
  const stop = startMonitor({ limits, sessions, meter, log: given.log, sampleMemory: given.ownsProcess ?? false })
  return { limits, sessions, stop }
}
