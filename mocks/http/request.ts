/**
 * node:http -> MockRequest: the raw, still-encoded path and query, the headers as the engine wants them (lower case,
 * one string each) and the body as text, read up to a limit.
 */
import type { IncomingMessage } from 'node:http'
import { andThen, type Maybe } from '../core/maybe.js'
import type { MockRequest } from '../core/types.js'

export interface Target {
  path: string
  query: string
}

export interface Body {
  text: string
  /** The body was longer than the limit: `text` holds limit + 1 bytes, enough for the engine to answer 413. */
  overflow: boolean
}

const NO_BODY: Body = { text: '', overflow: false }

/** Splits `/path?query` without the cost of a WHATWG URL (the engine wants the raw, still-encoded path and query). */
export function splitTarget(target: string): Target {
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  const query = q < 0 ? '' : target.slice(q + 1)
  // An absolute-form target (`GET http://host/path`, as proxies send) keeps only its path.
  if (!path.startsWith('/')) {
    try {
      const url = new URL(target)
      return { path: url.pathname, query: url.search.slice(1) }
    } catch {
      return { path: `/${path}`, query }
    }
  }
  return { path, query }
}

export function headersOf(req: IncomingMessage): Record<string, string> {
  // node joins repeated headers with ', ' except Set-Cookie, the one that stays an array: copy only then.
  if (req.headers['set-cookie'] === undefined) return req.headers as Record<string, string>
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
  return out
}

/**
 * Reads at most limit + 1 bytes: enough for the engine to see an oversized body, never an unbounded buffer. A request
 * without a body has its (empty) body at once, not a promise of it.
 */
export function readBody(req: IncomingMessage, limit: number): Maybe<Body> {
  // No Content-Length and no Transfer-Encoding: HTTP/1.1 says there is no body (node ends the stream by itself).
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return NO_BODY
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let overflow = false
    req.on('data', (chunk: Buffer) => {
      if (overflow) return
      size += chunk.length
      if (size > limit) {
        overflow = true
        chunks.push(chunk.subarray(0, chunk.length - (size - limit - 1)))
        req.pause()
        resolve({ text: Buffer.concat(chunks).toString('utf8'), overflow })
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () =>
      resolve({
        text: chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
        overflow,
      }),
    )
    req.on('error', reject)
  })
}

export interface ReadRequest {
  request: MockRequest
  /** Its body went over the limit (the answer then closes the connection). */
  overflow: boolean
}

/**
 * The whole request as the engine (or the admin API) takes it, and whether its body went over the limit: at once for
 * a request without a body, else once the body is read.
 */
export function toMockRequest(req: IncomingMessage, target: Target, limit: number): Maybe<ReadRequest> {
  return andThen(readBody(req, limit), ({ text, overflow }) => {
    const { path, query } = target
    return { request: { method: req.method ?? 'GET', path, query, headers: headersOf(req), bodyText: text }, overflow }
  })
}
