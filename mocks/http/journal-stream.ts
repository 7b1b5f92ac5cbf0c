/**
 * `GET /__standin/session/journal/stream`: the session's journal as Server-Sent Events, for the dashboard's live view.
 * The journal has no listeners (recording stays as cheap as it is), so each stream looks at its session's newest seq
 * every POLL_MS and sends what is new. Bounded: at most MAX_STREAMS at once, each closed after MAX_STREAM_MS (the
 * client reconnects with Last-Event-ID) and as soon as the server stops listening (shutdown is not held up by it).
 * Behind the guard like every admin path (Host, origin, admin token).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { JournalEntry } from '../core/journal.js'
import type { Session } from '../core/session.js'

export const STREAM_PATH = '/__standin/session/journal/stream'
export const MAX_STREAMS = 16
const POLL_MS = 200
const KEEP_ALIVE_MS = 15_000
const MAX_STREAM_MS = 10 * 60_000
/** Entries sent in one go at most (a client far behind gets the newest, as `limit` would). */
const MAX_BATCH = 500
/** Bytes waiting for a client that does not read, past which its stream is dropped (it reconnects, losing nothing). */
const MAX_BUFFERED = 1024 * 1024

export interface StreamContext {
  /** The session by id, without creating it (a stream must not keep a dropped session alive). */
  find: (id: string) => Session | undefined
  /** The session by id, created on first use (when the stream opens). */
  open: (id: string) => Session
  entryJson: (e: JournalEntry) => unknown
}

/** `after` from Last-Event-ID (a reconnect), else the query; 0 (all kept) when neither says. */
export function startAfter(headers: IncomingMessage['headers'], query: string): number | null {
  const last = headers['last-event-id']
  if (typeof last === 'string' && last !== '') return /^\d{1,15}$/.test(last) ? Number(last) : null
  const m = /(?:^|&)after=([^&]*)/.exec(query)
  if (!m) return 0
  return /^(-1|\d{1,15})$/.test(m[1] as string) ? Number(m[1]) : null
}

interface Stream {
  res: ServerResponse
  id: string
  sent: number
  session: Session | undefined
  lastWrite: number
  opened: number
}

export function createJournalStreams(ctx: StreamContext) {
  const open = new Set<Stream>()
  const tick = (s: Stream, server: Server | undefined) => {
    const now = Date.now()
    if (server?.listening === false || now - s.opened > MAX_STREAM_MS) return void s.res.end()
    // A client that stops reading gets nothing more until it catches up, and is dropped past MAX_BUFFERED bytes (it
    // reconnects with Last-Event-ID and misses nothing): a stalled tab cannot make the server buffer without bound.
    if (s.res.writableLength > MAX_BUFFERED) return void s.res.destroy()
    if (s.res.writableNeedDrain) return
    const session = ctx.find(s.id)
    const newest = session?.journal.last()?.seq ?? 0
    if (session !== s.session || newest < s.sent) {
      // Reset or recreated: the seqs start again. Tell the client, then follow the new journal from its start.
      s.session = session
      s.sent = 0
      write(s, 'event: reset\ndata: {}\n\n')
    }
    if (session && newest > s.sent) sendNew(s, session)
    else if (now - s.lastWrite > KEEP_ALIVE_MS) write(s, ': keep-alive\n\n')
  }
  const sendNew = (s: Stream, session: Session) => {
    const fresh = session.journal.list().filter((e) => e.seq > s.sent)
    for (const e of fresh.slice(-MAX_BATCH)) {
      write(s, `id: ${e.seq}\nevent: entry\ndata: ${JSON.stringify(ctx.entryJson(e))}\n\n`)
    }
    s.sent = fresh[fresh.length - 1]?.seq ?? s.sent
  }
  return {
    get size() {
      return open.size
    },
    /** Starts streaming; the caller has checked the limit and `after`. */
    start(req: IncomingMessage, res: ServerResponse, id: string, after: number): void {
      const session = ctx.open(id)
      const newest = session.journal.last()?.seq ?? 0
      const s: Stream = { res, id, session, sent: after < 0 ? newest : after, lastWrite: 0, opened: Date.now() }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      })
      write(s, 'retry: 2000\n\n')
      open.add(s)
      const server = (req.socket as { server?: Server }).server
      const timer = setInterval(() => tick(s, server), POLL_MS)
      tick(s, server)
      res.on('close', () => {
        clearInterval(timer)
        open.delete(s)
      })
    },
  }
}

function write(s: Stream, text: string): void {
  s.lastWrite = Date.now()
  s.res.write(text)
}
