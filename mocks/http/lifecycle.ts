/**
 * Listening, and a graceful shutdown that loses nothing (docs/security.md, "Shutdown"):
 *   1. stop accepting: the listening socket closes, a new connection is refused;
 *   2. answer every request that has arrived: a connection with a request in flight keeps going, and its answer (like
 *      every answer from now on) carries `Connection: close`; delayed answers are sent at once, hangs end;
 *   3. close idle connections at once: a keep-alive connection between requests, and one that never sent a byte
 *      (node counts neither as closable: it would hold exit until its own timeouts). One that was busy less than
 *      IDLE_GRACE_MS ago is kept that long, for the request its client may already have on the wire: closing it
 *      under that request would reset it;
 *   4. a deadline (`--shutdown-timeout`, default 10 s) cuts whatever is left.
 * Node's own close() is not enough: it closes the connections it deems idle at once, among them one whose next
 * request is already in the socket, unread, and never closes a connection that sent nothing.
 */
import type { Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000
/**
 * How long a connection that has served requests and is idle now is kept at shutdown, from the end of its last
 * answer, for a request its client may already have on the wire: the answer did not say `Connection: close`, so the
 * client may reuse the connection. The default suits `close()` in a test suite, whose clients are done. `standin serve`
 * passes its keep-alive timeout instead (5 s): a client starved of CPU for longer than a short grace (CI boxes running
 * tests beside the server: 4 and 14 resets in two CI runs at 0.5 and 1 s) sends its next request on a connection
 * already closed, and 5 s is when node would close that connection anyway, so shutdown adds no reset of its own.
 */
export const IDLE_GRACE_MS = 1000
/** A connection that never carried a request: closed once it is this old (its first request may be on its way). */
const NEVER_USED_GRACE_MS = 500
const SWEEP_MS = 25

/** What a shutdown did: for the log line and the tests. */
export interface ShutdownReport {
  /** Connections that had a request in flight when it began (each answered, then closed). */
  inFlight: number
  /** Idle or never-used connections closed. */
  closedIdle: number
  /** Connections still open at the deadline, closed then. 0 when all went in time. */
  cut: number
  /** How long it took, in ms. */
  ms: number
}

/** Starts listening; resolves with the URL the server answers on (an IPv6 host in brackets), rejects if it cannot. */
export async function listen(server: Server, port: number, host: string): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return { url: `http://${shown}:${address.port}`, port: address.port }
}

/** When a connection was last seen busy (or opened), in performance.now() ms. */
const LAST_BUSY = Symbol('standin.lastBusy')
/** The connection has carried a request (one that never did has no client waiting on it: closed at once). */
const USED = Symbol('standin.used')
type Tracked = Socket & { [LAST_BUSY]: number; [USED]?: true; _httpMessage?: unknown }

/**
 * Every open connection of the server. One stamp per connection and per request: the cost of knowing, at shutdown,
 * which connections are idle and for how long.
 */
export function trackConnections(server: Server): Set<Socket> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Tracked) => {
    socket[LAST_BUSY] = performance.now()
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.on('request', (req, res) => {
    const socket = req.socket as Tracked
    socket[LAST_BUSY] = performance.now()
    socket[USED] = true
    // Busy until the answer is written: the grace runs from then, when the client may send its next request.
    res.once('finish', () => {
      socket[LAST_BUSY] = performance.now()
    })
  })
  return sockets
}

/** A response is under way on the connection (node keeps it there from the request's headers to the answer's end). */
const busy = (socket: Tracked) => socket._httpMessage != null

/** Closes the listening socket without node's sweep of "idle" connections (see the file's comment). */
function stopAccepting(server: Server): void {
  const own = server as Server & { closeIdleConnections: () => void }
  own.closeIdleConnections = () => {}
  server.close()
  delete (own as Partial<typeof own>).closeIdleConnections // back to node's method
}

/**
 * The server's close(): the shutdown above. `closing` makes every answer from now on close its connection and ends
 * what must not be waited for (delays, hangs, background work). Resolves with what was done once every connection is
 * closed; calling it again returns the same promise.
 */
export function gracefulClose(
  server: Server,
  sockets: Set<Socket>,
  closing: () => void,
  timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS,
  idleGraceMs = IDLE_GRACE_MS,
): () => Promise<ShutdownReport> {
  let closed: Promise<ShutdownReport> | undefined
  return () => {
    closed ??= new Promise<ShutdownReport>((resolve) => {
      const started = performance.now()
      const report: ShutdownReport = { inFlight: 0, closedIdle: 0, cut: 0, ms: 0 }
      for (const socket of sockets) if (busy(socket as Tracked)) report.inFlight++
      // 'close': the listening socket is closed and so is every connection.
      server.once('close', () => done())
      closing()
      stopAccepting(server)
      const sweep = () => {
        const now = performance.now()
        const idle: [Tracked, number][] = []
        for (const socket of sockets as Set<Tracked>) {
          if (busy(socket)) socket[LAST_BUSY] = now
          else if (now - socket[LAST_BUSY] >= (socket[USED] ? idleGraceMs : NEVER_USED_GRACE_MS))
            idle.push([socket, socket[LAST_BUSY]])
        }
        // Closed after this turn's poll phase, not in the timer: had the process stalled, a request already in the
        // socket would otherwise be cut unread; polling first lets node read it (the connection is then busy).
        if (idle.length) setImmediate(() => closeIdle(idle))
      }
      const closeIdle = (idle: [Tracked, number][]) => {
        for (const [socket, seen] of idle) {
          if (busy(socket) || socket[LAST_BUSY] !== seen || socket.destroyed) continue
          report.closedIdle++
          socket.destroy()
        }
      }
      const sweeper = setInterval(sweep, SWEEP_MS)
      const deadline = setTimeout(() => {
        for (const socket of sockets) {
          report.cut++
          socket.destroy()
        }
      }, timeoutMs)
      function done() {
        clearInterval(sweeper)
        clearTimeout(deadline)
        report.ms = Math.round(performance.now() - started)
        resolve(report)
      }
      sweep()
    })
    return closed
  }
}
