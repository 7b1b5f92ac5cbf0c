/**
 * Faults carried out on the socket for real: a reset (ECONNRESET), a connection closed before any byte, a hang that
 * closes the connection after its delay (bounded, and at once on shutdown), a body cut in half.
 */
import type { ServerResponse } from 'node:http'
import type { Fault } from '../core/types.js'

/** The body a truncated answer without one of its own is cut from. */
const FILLER = '{"truncated":true,"padding":"................"}'

export interface Faults {
  carryOut(res: ServerResponse, fault: Fault, final: { status: number; bodyText: string }): Promise<void>
  /** Holds an answer back `ms` (its delay and the server's latency); cut short by {@link Faults.endHangs}. */
  delay(ms: number): Promise<void>
  /** Ends every hanging connection and every held-back answer now (shutdown never waits for them). */
  endHangs(): void
}

export function createFaults(common: Readonly<Record<string, string>>, maxHangMs: number): Faults {
  /** Connections held open by a hanging fault. */
  const hanging = new Set<ServerResponse>()
  /** Answers held back by a delay: resolving one sends the answer at once. */
  const delayed = new Set<() => void>()
  return {
    delay(ms) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          delayed.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        delayed.add(done)
      })
    },
    async carryOut(res, fault, final) {
      if (fault.kind === 'reset') res.socket?.resetAndDestroy()
      else if (fault.kind === 'network-error') res.socket?.destroy()
      else if (fault.kind === 'timeout') {
        hanging.add(res)
        await hang(res, Math.min(fault.afterMs, maxHangMs))
        hanging.delete(res)
        res.socket?.destroy()
      } else truncate(res, final, common)
    },
    endHangs() {
      for (const res of hanging) res.socket?.destroy()
      for (const done of [...delayed]) done()
    },
  }
}

/** Nothing is sent; resolves after `ms`, or as soon as the connection closes. */
function hang(res: ServerResponse, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    res.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** The headers announce the full length; half the body is sent, then the connection closes. */
function truncate(res: ServerResponse, final: { status: number; bodyText: string }, common: Record<string, string>) {
  const body = Buffer.from(final.bodyText || FILLER)
  res.writeHead(final.status || 200, { ...common, 'content-type': 'application/json', 'content-length': body.length })
  res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy())
}
