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
import { CORS_HEADERS } from './http/cors.js'
import { createFaults } from './http/faults.js'
import { gracefulClose, listen } from './http/lifecycle.js'
import { createLatency, createSend } from './http/response.js'
import { createListener, createRoutes } from './http/routes.js'
import { createSessions } from './http/sessions.js'
import { createWriter } from './http/writer.js'

export interface ServerOptions {
  host?: string
  port?: number
  /** Options for every session (seed, clock, start-up scenarios). */
  session?: SessionOptions
  /** Extra latency per response: a fixed number of ms or a [min, max] range (deterministic per request sequence). */
  latency?: number | [number, number]
  /** Send CORS headers (and answer preflights) so browser apps on another origin can call the mock. Default true. */
  cors?: boolean
  maxBodyBytes?: number
  /** At most this many sessions are kept; the least recently used one is dropped beyond it. */
  maxSessions?: number
  /** A hanging fault (`timeout`) closes the connection after its own delay, but never later than this. Default 60 s. */
  maxHangMs?: number
  /** Shown by the admin API and the home page. */
  version?: string
  log?: (line: Record<string, unknown>) => void
}

export interface RunningServer {
  server: Server
  url: string
  port: number
  sessions: Map<string, Session>
  session(id?: string): Session
  /** Stops accepting connections, lets in-flight requests finish, ends hanging faults; resolves once all is closed. */
  close(): Promise<void>
}

export async function startServer(engine: Engine, options: ServerOptions = {}): Promise<RunningServer> {
  const cors = options.cors ?? true
  const sessions = createSessions(engine, options.session, options.maxSessions ?? 1000)
  const writer = createWriter(cors ? CORS_HEADERS : {}, options.log)
  const faults = createFaults(writer.common, options.maxHangMs ?? 60_000)
  let url = ''
  const routes = createRoutes({
    engine,
    sessions,
    writer,
    send: createSend(writer, faults, createLatency(options.latency)),
    cors,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    version: options.version ?? '0.0.0',
    startupScenarios: options.session?.scenarios ?? [],
    seed: String(options.session?.seed ?? 1),
    baseUrl: () => url,
    log: options.log,
  })
  const server = createServer(createListener(routes, options.log))
  server.keepAliveTimeout = 5000
  const address = await listen(server, options.port ?? 4010, options.host ?? '127.0.0.1')
  url = address.url
  const close = gracefulClose(server, () => {
    writer.closeConnections()
    faults.endHangs()
  })
  return { server, url, port: address.port, sessions: sessions.byId, session: sessions.get, close }
}
