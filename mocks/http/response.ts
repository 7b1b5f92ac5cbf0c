/**
 * FinalResponse -> node:http: waits for the answer's delay (and the server's `--latency`), then writes its bytes, or
 * carries out its fault on the socket.
 */
import type { ServerResponse } from 'node:http'
import type { Maybe } from '../core/maybe.js'
import type { FinalResponse } from '../core/types.js'
import type { Faults } from './faults.js'
import type { OutgoingHeaders, Writer } from './writer.js'

/** Sends an answer: at once unless it waits for a delay or carries out a fault (a promise then). */
export type Send = (res: ServerResponse, final: FinalResponse, extraHeaders?: Record<string, string>) => Maybe<void>

export function createSend(writer: Writer, faults: Faults, latency: () => number): Send {
  const deliver: Send = (res, final, extraHeaders) => {
    if (final.fault) return faults.carryOut(res, final.fault, final)
    const body = final.bodyText
    // The one object the answer's headers go out in (the writer adds the common ones to it); final.headers stays as
    // the journal recorded it.
    const headers: OutgoingHeaders = Object.assign({}, final.headers, extraHeaders)
    headers['content-length'] = Buffer.byteLength(body)
    writer.write(res, final.status, headers, body)
  }
  return (res, final, extraHeaders) => {
    const delay = (final.delayMs ?? 0) + latency()
    if (delay > 0) return faults.delay(delay).then(() => deliver(res, final, extraHeaders))
    return deliver(res, final, extraHeaders)
  }
}

/**
 * Extra latency per answer: none, a fixed number of ms, or a [min, max] range spread deterministically (a linear
 * congruential sequence), so two runs of the same script wait the same.
 */
export function createLatency(option: number | [number, number] | undefined): () => number {
  if (option === undefined) return () => 0
  if (typeof option === 'number') return () => option
  const [min, max] = option
  let counter = 0
  return () => {
    counter = (counter * 1103515245 + 12345) % 2147483648
    return min + (counter % (max - min + 1))
  }
}
