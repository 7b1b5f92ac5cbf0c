/**
 * The server's sessions: one per `X-Standin-Session` id (no header: `default`), created on first use, kept in least
 * recently used order (a Map keeps insertion order). A session leaves in one of three ways, each reported (a log
 * line, an admin event at `/__standin/events`, and `X-Standin-Session-Recreated` on the first answer to its id
 * afterwards, so the client knows its ids are gone):
 *   evicted   beyond `--max-sessions`, or to bring the server's session memory back under its budget (LRU first)
 *   expired   idle for longer than `--session-ttl`
 *   reset     by the admin API (the same session, back to the seeded world; reported as an event and a log line)
 * The default session is pinned: never evicted nor expired (it has no id to tell apart from a fresh one, and it is
 * what a lone developer uses). Its own caps (mocks/core/budget.ts) bound what it holds.
 */
import type { Meter } from '../core/budget.js'
import type { Engine } from '../core/engine.js'
import type { Session, SessionOptions } from '../core/session.js'
import type { Log } from './writer.js'

export const SESSION_HEADER = 'x-standin-session'
export const DEFAULT_SESSION = 'default'
/** Response header on the first answer to a session id that was dropped since its last request. */
export const RECREATED_HEADER = 'x-standin-session-recreated'

export type Departure = 'evicted' | 'expired'

export interface SessionEvent {
  seq: number
  /** Wall-clock time of the server (not a session clock). */
  at: string
  kind: 'evicted' | 'expired' | 'reset' | 'limit'
  session: string
  /** max-sessions, memory, ttl, admin, or the limit that refused a write (session-records, ...). */
  reason: string
  message: string
}

export interface SessionPolicy {
  /** At most this many sessions; the least recently used (not the default) is evicted beyond it. */
  max: number
  /** Idle time after which a session expires; 0 for never. */
  ttlMs: number
  /** The server's session-memory meter: beyond its limit, idle sessions are evicted (LRU first). */
  meter?: Meter | undefined
  log?: Log | undefined
}

export interface Sessions {
  /** Every session by id, least recently used first. */
  readonly byId: Map<string, Session>
  /** The session with this id, created on first use. */
  get(id?: string): Session
  /** Why this id's session was recreated (evicted, expired), once: for the first answer to carry it. */
  takeNotice(id: string): Departure | undefined
  /** Drops the sessions idle longer than the TTL; returns how many went. */
  expire(now?: number): number
  /** Evicts least recently used sessions (never `keep` nor the default one) until the meter is at `targetBytes`. */
  shed(targetBytes: number, keep?: string): number
  /** Reports an event (a reset, a refused write) as a log line and an admin event. */
  report(kind: SessionEvent['kind'], session: string, reason: string, message: string): void
  /** The latest events, oldest first (at most MAX_EVENTS). */
  events(): readonly SessionEvent[]
}

/** Admin events kept (the oldest go first). */
export const MAX_EVENTS = 1000
/** Ids of dropped sessions remembered, to tell a returning client (about 100 bytes each; the oldest go first). */
export const MAX_DEPARTED = 10_000
/** Shedding for memory stops at this share of the budget, so one request does not evict one session each time. */
const LOW_WATER = 0.8
/**
 * Shedding starts past this share, not at the limit itself: a write is refused when it would cross the limit, so the
 * room kept (a tenth of the budget, several maximum-size writes) means idle sessions go before any write is refused.
 */
const HIGH_WATER = 0.9

/** The id a request names with `X-Standin-Session` (an empty header counts as none). */
export function sessionIdOf(headers: Record<string, string | string[] | undefined>): string {
  const id = headers[SESSION_HEADER]
  return typeof id === 'string' && id !== '' ? id : DEFAULT_SESSION
}

export function createSessions(
  engine: Engine,
  options: SessionOptions | undefined,
  policy: SessionPolicy | number,
): Sessions {
  return new SessionTable(engine, options, typeof policy === 'number' ? { max: policy, ttlMs: 0 } : policy)
}

/** The Sessions of a server. Methods are arrow properties: the server hands them around unbound. */
class SessionTable implements Sessions {
  readonly byId = new Map<string, Session>()
  private readonly departed = new Map<string, Departure>() // dropped ids not seen since
  private readonly notices = new Map<string, Departure>() // recreated sessions whose first answer is not out yet
  private readonly log: Log | undefined
  private readonly recent: SessionEvent[] = []
  private seq = 0
  private newest = '' // the id at the end of the LRU order: a run of requests in one session refreshes nothing

  constructor(
    private readonly engine: Engine,
    private readonly options: SessionOptions | undefined,
    private readonly policy: SessionPolicy,
  ) {
    this.log = policy.log
    this.get(DEFAULT_SESSION)
  }

  get = (id = DEFAULT_SESSION): Session => {
    const { meter } = this.policy
    if (meter && meter.bytes > meter.limit * HIGH_WATER) this.shed(meter.limit * LOW_WATER, id)
    const found = this.byId.get(id)
    if (!found) return this.create(id)
    found.lastUsed = Date.now()
    if (id !== this.newest) {
      this.byId.delete(id)
      this.byId.set(id, found)
      this.newest = id
    }
    return found
  }

  takeNotice = (id: string): Departure | undefined => {
    if (this.notices.size === 0) return undefined
    const notice = this.notices.get(id)
    if (notice) this.notices.delete(id)
    return notice
  }

  expire = (now = Date.now()): number => {
    const { ttlMs } = this.policy
    if (ttlMs <= 0) return 0
    const idle: string[] = []
    for (const [id, s] of this.byId) {
      if (id === DEFAULT_SESSION) continue
      if (now - s.lastUsed < ttlMs) break // LRU order: every later session was used more recently
      idle.push(id)
    }
    const minutes = Math.round((ttlMs / 60_000) * 100) / 100
    for (const id of idle) {
      this.drop(id, 'expired', 'ttl', `session "${id}" expired: idle for more than ${minutes} min (--session-ttl)`)
    }
    return idle.length
  }

  shed = (targetBytes: number, keep = ''): number => {
    const { meter } = this.policy
    let n = 0
    while (meter && meter.bytes > targetBytes) {
      const id = this.oldestDroppable(keep)
      if (id === undefined) break
      const message = `session "${id}" evicted to keep session memory under the server budget (--max-memory); it starts again from the seeded world`
      this.drop(id, 'evicted', 'memory', message)
      n++
    }
    return n
  }

  report = (kind: SessionEvent['kind'], session: string, reason: string, message: string): void => {
    this.recent.push({ seq: ++this.seq, at: new Date().toISOString(), kind, session, reason, message })
    if (this.recent.length > MAX_EVENTS) this.recent.shift()
    this.log?.({ level: 'warn', event: `session-${kind}`, session, reason, message })
  }

  events = (): readonly SessionEvent[] => this.recent

  private create(id: string): Session {
    const created = this.engine.createSession(id, this.options)
    this.byId.set(id, created)
    this.newest = id
    const before = this.departed.get(id)
    if (before) {
      this.departed.delete(id)
      remember(this.notices, id, before)
    }
    const { max } = this.policy
    if (this.byId.size > max) {
      const old = this.oldestDroppable(id)
      const message = `session "${old}" evicted: more than ${max} sessions (--max-sessions), least recently used goes first`
      if (old !== undefined) this.drop(old, 'evicted', 'max-sessions', message)
    }
    return created
  }

  /** The least recently used session that may go (not the default, not `keep`), or undefined. */
  private oldestDroppable(keep: string): string | undefined {
    for (const id of this.byId.keys()) if (id !== DEFAULT_SESSION && id !== keep) return id
    return undefined
  }

  private drop(id: string, how: Departure, reason: string, message: string): void {
    const session = this.byId.get(id)
    if (!session) return
    this.byId.delete(id)
    session.release()
    remember(this.departed, id, how)
    if (id === this.newest) this.newest = ''
    this.report(how, id, reason, message)
  }
}

/** Sets id -> value in a map bounded to MAX_DEPARTED entries (the oldest go first). */
function remember(map: Map<string, Departure>, id: string, value: Departure): void {
  map.delete(id)
  map.set(id, value)
  if (map.size > MAX_DEPARTED) map.delete(map.keys().next().value as string)
}
