/**
 * The outbound transport of `standin serve`: each webhook attempt is a real POST with node:http/https.
 *
 * - A timeout per attempt (the provider's, 10 s) covers everything: host lookup, connection, answer; the request is
 *   then destroyed and the attempt fails with `timed out after 10000 ms`.
 * - Redirects are never followed: a 3xx is a failed attempt like any non-2xx.
 * - At most `maxInFlight` requests are under way (default 8); beyond that `send` returns null and the delivery stays
 *   due for the next round, so a receiver that hangs cannot hold the server: it holds one slot for 10 s at most.
 * - Host lookups run at most two at a time (they use libuv's small thread pool, which the rest of the server needs);
 *   a host that does not resolve is remembered for 30 s, so its next attempts fail at once.
 * - `close()` destroys every request under way (their attempts fail) so shutdown never waits for a receiver.
 * - Nothing is sent to a reserved documentation domain (example.com, .invalid...): the attempt fails, saying so (in
 *   the journal of attempts; the log only shows requests actually made).
 * - Nothing of a body or a signature is logged: one line per attempt with the label, the host, the receiver's status
 *   (`receiverStatus`), the error and the latency.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOneOptions } from 'node:dns'
import { type ClientRequest, request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Engine } from '../core/engine.js'
import type { OutboundOutcome, OutboundRequest, OutboundTransport } from '../core/outbound.js'
import type { Session } from '../core/session.js'
import { createOutboundScheduler } from '../outbound.js'

export const DEFAULT_MAX_IN_FLIGHT = 8
const MAX_CONCURRENT_LOOKUPS = 2

export interface HttpTransportOptions {
  /** Requests under way at most (default 8). */
  maxInFlight?: number
  /** Hosts plain http:// is allowed to besides loopback (`--webhook-allow-http`). */
  allowHttpHosts?: readonly string[]
  log?: (line: Record<string, unknown>) => void
}

export interface HttpTransport extends OutboundTransport {
  /** Requests under way now. */
  inFlight(): number
  /** Destroys every request under way; later sends fail at once. */
  close(): void
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** How long a failed host lookup is remembered (wall clock): later attempts to that host fail at once. */
const NEGATIVE_LOOKUP_MS = 30_000

/**
 * dns.lookup, at most MAX_CONCURRENT_LOOKUPS at a time (the others wait their turn), remembering a host that does not
 * resolve for NEGATIVE_LOOKUP_MS: a fuzzer registering random hosts, or a machine with no network, costs one lookup
 * per host, not one per attempt.
 */
function createLookup() {
  let running = 0
  const waiting: (() => void)[] = []
  const failed = new Map<string, { until: number; err: NodeJS.ErrnoException }>()
  const release = () => {
    running -= 1
    waiting.shift()?.()
  }
  return (hostname: string, options: LookupOneOptions, callback: LookupCallback) => {
    const known = failed.get(hostname)
    if (known && known.until > Date.now()) return process.nextTick(() => callback(known.err, '', 0))
    const start = () => {
      running += 1
      dnsLookup(hostname, options, (err, address, family) => {
        release()
        if (err) failed.set(hostname, { until: Date.now() + NEGATIVE_LOOKUP_MS, err })
        else failed.delete(hostname)
        if (failed.size > 10_000) failed.clear() // bounded: a flood of random hosts cannot grow it forever
        callback(err, address, family)
      })
    }
    if (running < MAX_CONCURRENT_LOOKUPS) start()
    else waiting.push(start)
  }
}

/** One POST, resolved with its outcome (never rejected); `underWay` holds it until it ends. */
function post(
  req: OutboundRequest,
  underWay: Set<ClientRequest>,
  lookup: ReturnType<typeof createLookup>,
  log: HttpTransportOptions['log'],
): Promise<OutboundOutcome> {
  const started = Date.now()
  return new Promise<OutboundOutcome>((resolve) => {
    let settled = false
    const finish = (status: number | null, error: string | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      underWay.delete(request)
      const outcome = { status, error, latencyMs: Date.now() - started }
      // `receiverStatus`, not `status`: a log reader must not take a receiver's 500 for one of standin's answers.
      log?.({
        event: 'webhook',
        attempt: req.label,
        host: hostOf(req.url),
        receiverStatus: status,
        error,
        ms: outcome.latencyMs,
      })
      resolve(outcome)
    }
    const url = new URL(req.url)
    const body = Buffer.from(req.body, 'utf8')
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': String(body.length) },
      lookup: lookup as never,
      agent: false,
    })
    underWay.add(request)
    const timer = setTimeout(() => {
      finish(null, `timed out after ${req.timeoutMs} ms`)
      request.destroy()
    }, req.timeoutMs)
    request.on('response', (response) => {
      const status = response.statusCode ?? 0
      finish(status, status >= 200 && status < 300 ? null : failedStatus(status))
      // The body is ignored: end the exchange now, so a receiver that never finishes its body holds no socket
      // outside the in-flight bound and past close() (agent: false, so no connection is reused anyway).
      response.destroy()
      request.destroy()
    })
    request.on('error', (err: NodeJS.ErrnoException) =>
      finish(null, err.code ? `${err.code}: ${err.message}` : err.message),
    )
    request.end(body)
  })
}

const failedStatus = (status: number) =>
  status >= 300 && status < 400
    ? `endpoint answered ${status} (redirects are not followed)`
    : `endpoint answered ${status}`

export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT
  const underWay = new Set<ClientRequest>()
  const lookup = createLookup()
  let closed = false
  const send = (req: OutboundRequest): Promise<OutboundOutcome> | null => {
    if (closed) return Promise.resolve({ status: null, error: 'standin is shutting down', latencyMs: 0 })
    if (underWay.size >= maxInFlight) return null
    return post(req, underWay, lookup, options.log)
  }
  return {
    send,
    allowHttpHosts: [...(options.allowHttpHosts ?? [])],
    inFlight: () => underWay.size,
    room: () => (closed ? 0 : Math.max(0, maxInFlight - underWay.size)),
    close() {
      closed = true
      for (const request of underWay) request.destroy(new Error('standin is shutting down'))
    },
  }
}

/**
 * `standin serve`'s webhooks: the transport on the engine (every session's attempts go through it) and the
 * scheduler that sends what comes due; `stop()` ends both (requests under way fail) for a prompt shutdown.
 */
export function startWebhooks(
  engine: Engine,
  sessions: () => Iterable<Session>,
  options: HttpTransportOptions,
): { stop(): void } {
  const transport = createHttpTransport(options)
  engine.outbound = transport
  const scheduler = createOutboundScheduler(engine, sessions)
  return {
    stop() {
      scheduler.stop()
      transport.close()
      if (engine.outbound === transport) engine.outbound = null
    },
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return '?'
  }
}
