/**
 * node:http adapter: the same engine and scenarios as the MSW adapter, over real HTTP. Sessions are isolated by the
 * `X-Standin-Session` header; faults are carried out on the socket for real (reset, hang, truncated body). Beside the
 * mocks it serves the admin API (`/__standin/`), a home page for people (`/`) and the raw specs (`/openapi/*.yaml`).
 * This file wires the pieces in mocks/http/ together: lifecycle (listen, close), request conversion, answers and
 * faults on the socket, the route table, sessions.
 */
import { createServer, type Server } from 'node:http'
import type { Engine } from './core/engine.js'
import { DEFAULT_MAX_BODY_BYTES } from './core/request.js'
import type { Session, SessionOptions } from './core/session.js'
import { ADMIN_PREFIX } from './http/admin.js'
import { createFaults } from './http/faults.js'
import { createSecurity } from './http/guard.js'
import { gracefulClose, listen, type ShutdownReport, trackConnections } from './http/lifecycle.js'
import { type ServerLimits, startSessions } from './http/limits.js'
import { createLatency, createSend } from './http/response.js'
import { createListener, createRoutes } from './http/routes.js'
import type { SessionEvent } from './http/sessions.js'
import { createTurnGate } from './http/turns.js'
import { startWebhooks } from './http/webhook-transport.js'
import { createWriter } from './http/writer.js'

export interface ServerOptions {
  host?: string
  port?: number
  /** Options for every session (seed, clock, start-up scenarios). */
  session?: SessionOptions
  /** Extra latency per response: a fixed number of ms or a [min, max] range (deterministic per request sequence). */
  latency?: number | [number, number]
  /**
   * Send CORS headers (and answer preflights) so browser apps on another origin can call the provider APIs (never the
   * admin API). Default true, for the origins in `corsOrigins`.
   */
  cors?: boolean
  /** Origins (or patterns: `http://*.localhost:*`; `*` for any) allowed by CORS. Default: loopback origins. */
  corsOrigins?: readonly string[]
  /** Names the Host header may carry besides loopback names and IP addresses (`*`: any). docs/security.md. */
  allowedHosts?: readonly string[]
  /**
   * Required on every admin request when set. When the server can be reached beyond loopback (host or allowedHosts)
   * and none is given, one is generated: read it from `RunningServer.adminToken`.
   */
  adminToken?: string
  /** close() cuts what is still open after this many ms. Default 10 s. */
  shutdownTimeoutMs?: number
  /**
   * At shutdown, how long an idle connection that served requests is kept after its last answer, for a request its
   * client may already be sending (mocks/http/lifecycle.ts). Default 1 s; `standin serve` uses its keep-alive timeout.
   */
  shutdownIdleGraceMs?: number
  maxBodyBytes?: number
  /** At most this many sessions are kept; the least recently used one is dropped beyond it. Default 1000. */
  maxSessions?: number
  /**
   * The memory budget and session limits (docs/limits.md; defaults in mocks/http/limits.ts): `--max-memory`,
   * `--session-ttl`, per-session caps on stored writes and journal bytes. `maxSessions` above wins over the one here.
   */
  limits?: Partial<ServerLimits>
  /**
   * The server is its process's only tenant (`standin serve` sets it): the process's own memory is sampled against
   * `limits.maxMemoryMb`, with garbage collected on demand. Off by default, for servers started inside a test runner
   * or an app, whose memory is not the server's to judge.
   */
  ownsProcess?: boolean
  /** A hanging fault (`timeout`) closes the connection after its own delay, but never later than this. Default 60 s. */
  maxHangMs?: number
  /** Shown by the admin API and the home page. */
  version?: string
  /**
   * Webhook deliveries (docs/webhooks.md): hosts plain http:// may be sent to besides loopback ones
   * (`--webhook-allow-http`), and how many deliveries may be under way at once (default 8).
   */
  webhooks?: { allowHttpHosts?: readonly string[]; maxInFlight?: number }
  log?: (line: Record<string, unknown>) => void
}

export interface RunningServer {
  server: Server
  url: string
  port: number
  sessions: Map<string, Session>
  session(id?: string): Session
  /** The limits in force (defaults filled in). */
  limits: ServerLimits
  /** Evictions, expiries, resets and refused writes, oldest first (also at GET /__standin/events). */
  events(): readonly SessionEvent[]
  /** The admin token in force (given, or generated because the server is reachable beyond loopback); else undefined. */
  adminToken: string | undefined
  /** Whether adminToken was generated at start (then it is shown once, by `standin serve`'s banner). */
  adminTokenGenerated: boolean
  /**
   * Stops accepting connections, answers every request that has arrived, closes idle and never-used connections at
   * once, ends hanging faults; resolves once all is closed (at the latest at the shutdown deadline) with what it did.
   */
  close(): Promise<ShutdownReport>
}

export async function startServer(engine: Engine, options: ServerOptions = {}): Promise<RunningServer> {
  const cors = options.cors ?? true
  const { limits, sessions, stop: stopMonitor } = startSessions(engine, options.session, options)
  const webhooks = startWebhooks(engine, () => sessions.byId.values(), { ...options.webhooks, log: options.log })
  const security = createSecurity({ ...options, cors, host: options.host ?? '127.0.0.1', adminPrefix: ADMIN_PREFIX })
  const writer = createWriter({}, options.log)
  const faults = createFaults(writer.common, options.maxHangMs ?? 60_000)
  let url = ''
  const routes = createRoutes({
    engine,
    sessions,
    writer,
    turns: createTurnGate(),
    send: createSend(writer, faults, createLatency(options.latency)),
    cors: security.cors,
    guard: security.guard,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    version: options.version ?? '0.0.0',
    startupScenarios: options.session?.scenarios ?? [],
    seed: String(options.session?.seed ?? 1),
    baseUrl: () => url,
    log: options.log,
  })
  const server = createServer(createListener(routes, options.log))
  server.keepAliveTimeout = 5000
  const sockets = trackConnections(server)
  const address = await listen(server, options.port ?? 4010, options.host ?? '127.0.0.1').catch((err) => {
    stopMonitor()
    webhooks.stop()
    throw err
  })
  url = address.url
  const close = gracefulClose(
    server,
    sockets,
    () => {
      stopMonitor()
      webhooks.stop()
      writer.closeConnections()
      faults.endHangs()
    },
    options.shutdownTimeoutMs,
    options.shutdownIdleGraceMs,
  )
  return {
    server,
    url,
    port: address.port,
    sessions: sessions.byId,
    session: sessions.get,
    limits,
    events: sessions.events,
    adminToken: security.adminToken,
    adminTokenGenerated: security.generated,
    close,
  }
}
