/**
 * The server's sessions: one per `X-Standin-Session` id (no header: `default`), created on first use. At most `max`
 * are kept; beyond that the least recently used one is dropped (a Map keeps insertion order: the LRU order).
 */
import type { Engine } from '../core/engine.js'
import type { Session, SessionOptions } from '../core/session.js'

export const SESSION_HEADER = 'x-standin-session'
export const DEFAULT_SESSION = 'default'

export interface Sessions {
  /** Every session by id, least recently used first. */
  readonly byId: Map<string, Session>
  /** The session with this id, created on first use. */
  get(id?: string): Session
}

/** The id a request names with `X-Standin-Session` (an empty header counts as none). */
export function sessionIdOf(headers: Record<string, string | string[] | undefined>): string {
  const id = headers[SESSION_HEADER]
  return typeof id === 'string' && id !== '' ? id : DEFAULT_SESSION
}

export function createSessions(engine: Engine, options: SessionOptions | undefined, max: number): Sessions {
  const byId = new Map<string, Session>()
  let newest = '' // the id at the end of the LRU order: a run of requests in one session refreshes nothing
  const get = (id = DEFAULT_SESSION): Session => {
    const found = byId.get(id)
    if (found) {
      if (id !== newest) {
        byId.delete(id)
        byId.set(id, found)
        newest = id
      }
      return found
    }
    const created = engine.createSession(id, options)
    byId.set(id, created)
    newest = id
    if (byId.size > max) byId.delete(byId.keys().next().value as string)
    return created
  }
  get(DEFAULT_SESSION)
  return { byId, get }
}
