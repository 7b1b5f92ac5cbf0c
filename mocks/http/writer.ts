/**
 * Writing answers. Those ready in one turn of the event loop are written together at its end (setImmediate: right
 * after node has read every request that arrived, before it waits again). Each still goes out whole, in one write, on
 * its own connection (a very large one at once and in pieces, see PIECE_CHARS); what changes is that a busy server
 * sends them back to back. On loopback a lone write costs the kernel a wake-up of the sleeping client, about 25 us on
 * a 2-core VM; written together, the client wakes once (bench/README.md, "write batching"). A lone request waits only
 * for the end of its own turn.
 */
import type { ServerResponse } from 'node:http'

/**
 * The body of a 500 when standin itself fails outside any provider (a route throws, node refuses a header): JSON a
 * client can parse, saying whose failure it is. Provider failures never get here: the engine answers them in the
 * provider's envelope.
 */
export const STANDIN_FAILURE_BODY = '{"error":"STANDIN_INTERNAL","message":"standin failed to answer; see its log"}'

export type OutgoingHeaders = Record<string, string | number>

export interface Writer {
  /** OutgoingHeaders every answer carries (CORS), faults' partial answers included. */
  readonly common: Readonly<Record<string, string>>
  /**
   * Queues a whole answer for the end of this turn of the event loop. `headers` is the answer's own object, handed
   * over: the common headers are added to it (not copied into another), so pass one the caller does not keep.
   */
  write(res: ServerResponse, status: number, headers: OutgoingHeaders, body?: Buffer | string): void
  /** From now on every answer also closes its connection (the server is shutting down). */
  closeConnections(): void
}

export type Log = (line: Record<string, unknown>) => void

type Queued = [ServerResponse, number, OutgoingHeaders, (Buffer | string)?]

export function createWriter(common: Readonly<Record<string, string>>, log?: Log): Writer {
  let queue: Queued[] = []
  let closing = false
  const send = (res: ServerResponse, status: number, headers: OutgoingHeaders, body?: Buffer | string) => {
    // The answer's own object gets the common headers (its own win): one header object per answer, not a copy.
    for (const name in common) if (headers[name] === undefined) headers[name] = common[name] as string
    if (closing) headers.connection = 'close'
    writeNow(res, status, headers, body, log)
  }
  const flush = () => {
    const batch = queue
    queue = []
    for (const [res, status, headers, body] of batch) send(res, status, headers, body)
  }
  return {
    common,
    write(res, status, headers, body) {
      // A large answer goes at once: batching saves a wake-up, nothing beside the time it takes to send, and its text
      // would wait, whole, for every other answer of the turn (50 sealed packs made in one turn were 185 MB).
      if (body !== undefined && body.length > PIECE_CHARS) return send(res, status, headers, body)
      if (queue.length === 0) setImmediate(flush)
      queue.push([res, status, headers, body])
    },
    closeConnections() {
      closing = true
    },
  }
}

function writeNow(
  res: ServerResponse,
  status: number,
  headers: OutgoingHeaders,
  body: Buffer | string | undefined,
  log?: Log,
) {
  try {
    res.writeHead(status, headers)
    if (typeof body === 'string' && body.length > PIECE_CHARS) return writeInPieces(res, body)
    // A string body goes out in the same write as the headers (node joins them), a Buffer in a second one.
    res.end(body)
  } catch (err) {
    // A header node refuses (a custom scenario's): never a dropped batch or a hang; say so and answer 500.
    log?.({ level: 'error', message: `response failed: ${err instanceof Error ? err.message : String(err)}` })
    if (res.headersSent) return void res.end()
    res.writeHead(500, { 'content-type': 'application/json' })
    res.end(STANDIN_FAILURE_BODY)
  }
}

/**
 * Answers longer than this (in characters) are written a piece at a time, each after the connection took the one
 * before. node copies whatever the socket cannot take at once into memory of its own, so a 3.7 MB sealed pack handed
 * over whole costs a second 3.7 MB until the client has read it; 50 clients fetching packs at once held ~7 MB each.
 * Piece by piece, a connection holds at most one piece beyond the answer's text (docs/performance.md).
 */
export const PIECE_CHARS = 256 * 1024

/** Writes `body` in pieces of PIECE_CHARS, the next one on `drain`; a piece never splits a surrogate pair. */
function writeInPieces(res: ServerResponse, body: string) {
  let at = 0
  const next = () => {
    while (at < body.length) {
      const end = pieceEnd(body, at)
      const piece = body.slice(at, end)
      at = end
      if (at === body.length) return void res.end(piece)
      if (!res.write(piece)) return void res.once('drain', next)
    }
  }
  next()
}

/** Where the piece starting at `at` ends: PIECE_CHARS on, one less when that would cut a character in two. */
function pieceEnd(body: string, at: number): number {
  const end = Math.min(body.length, at + PIECE_CHARS)
  const last = body.charCodeAt(end - 1)
  return end < body.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end
}
