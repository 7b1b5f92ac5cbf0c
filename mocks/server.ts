/**
 * node:http adapter: the same engine and scenarios as the MSW adapter, over real HTTP. Sessions are isolated by the
 * `X-Standin-Session` header; faults are carried out on the socket for real (reset, hang, truncated body). Beside the
 * mocks it serves the admin API (`/__standin/`), a home page for people (`/`) and the raw specs (`/openapi/*.yaml`).
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import {
  ADMIN_PREFIX,
  ADMIN_SPEC_FILE,
  type AdminResponse,
  adminError,
  createAdmin,
  loadAdminContract,
} from './admin.js'
import { packageRoot } from './core/contract.js'
import { ContractViolationError, type Engine } from './core/engine.js'
import { DEFAULT_MAX_BODY_BYTES } from './core/request.js'
import type { Session, SessionOptions } from './core/session.js'
import type { FinalResponse, MockRequest } from './core/types.js'
import { renderHomePage } from './home-page.js'

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

const SESSION_HEADER = 'x-standin-session'
const DEFAULT_SESSION = 'default'
const DEFAULT_ALLOWED_HEADERS = 'authorization, content-type, prefer, x-standin-scenario, x-standin-session'
const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'allow, location, retry-after, x-standin-violation',
}
const PREFLIGHT_HEADERS: Record<string, string> = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-max-age': '600',
}
/** A header list as a browser sends it in Access-Control-Request-Headers: tokens separated by commas. */
const HEADER_LIST = /^[\w!#$%&'*+.^`|~-]+(\s*,\s*[\w!#$%&'*+.^`|~-]+)*$/

const NO_BODY = Promise.resolve({ text: '', overflow: false })

/** Reads at most limit + 1 bytes: enough for the engine to see an oversized body, never an unbounded buffer. */
function readBody(req: IncomingMessage, limit: number): Promise<{ text: string; overflow: boolean }> {
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

function headersOf(req: IncomingMessage): Record<string, string> {
  // node joins repeated headers with ', ' except Set-Cookie, the one that stays an array: copy only then.
  if (req.headers['set-cookie'] === undefined) return req.headers as Record<string, string>
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
  return out
}

/** Splits `/path?query` without the cost of a WHATWG URL (the engine wants the raw, still-encoded path and query). */
function splitTarget(target: string): { path: string; query: string } {
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

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function startServer(engine: Engine, options: ServerOptions = {}): Promise<RunningServer> {
  const sessions = new Map<string, Session>()
  const maxSessions = options.maxSessions ?? 1000
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const maxHangMs = options.maxHangMs ?? 60_000
  const cors = options.cors ?? true
  const version = options.version ?? '0.0.0'
  const log = options.log
  const startupScenarios = options.session?.scenarios ?? []
  let latencyCounter = 0
  let closing = false
  /** Connections held open by a hanging fault: ended at once on close(), so shutdown never waits for them. */
  const hanging = new Set<ServerResponse>()

  let newest = '' // the id at the end of the LRU order: a run of requests in one session refreshes nothing
  const session = (id = DEFAULT_SESSION): Session => {
    let s = sessions.get(id)
    if (s) {
      if (id !== newest) {
        // refresh its place in the LRU order
        sessions.delete(id)
        sessions.set(id, s)
        newest = id
      }
      return s
    }
    s = engine.createSession(id, options.session)
    sessions.set(id, s)
    newest = id
    if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value as string)
    return s
  }
  session(DEFAULT_SESSION)

  // Built on the first admin request: compiling its contract would otherwise add a tenth to the start-up time.
  let admin: ReturnType<typeof createAdmin> | undefined
  const getAdmin = () => {
    admin ??= createAdmin({
      engine,
      version,
      sessions: () => sessions.values(),
      session,
      startupScenarios,
      maxBodyBytes,
    })
    return admin
  }
  const specs = new Map<string, Buffer>([
    ...engine.providers.map((p): [string, Buffer] => [
      `/openapi/${p.name}.yaml`,
      readFileSync(join(packageRoot(), 'openapi', `${p.name}.yaml`)),
    ]),
    ['/openapi/standin-admin.yaml', readFileSync(ADMIN_SPEC_FILE)],
  ])
  let homePage: Buffer | undefined
  let baseUrl = ''
  const home = () => {
    homePage ??= Buffer.from(
      renderHomePage({
        version,
        baseUrl,
        providers: engine.providers,
        scenarios: engine.registry.list(),
        admin: loadAdminContract(),
        startupScenarios,
        seed: String(options.session?.seed ?? 1),
      }),
    )
    return homePage
  }

  const latency = (): number => {
    const l = options.latency
    if (l === undefined) return 0
    if (typeof l === 'number') return l
    // a deterministic spread over the range, so two runs of the same script wait the same
    latencyCounter = (latencyCounter * 1103515245 + 12345) % 2147483648
    return l[0] + (latencyCounter % (l[1] - l[0] + 1))
  }

  /**
   * Answers ready in one turn of the event loop are written together at its end (setImmediate: right after node has
   * read every request that arrived, before it waits again). Each still goes out whole, in one write, on its own
   * connection; what changes is that a busy server sends them back to back. On loopback a lone write costs the
   * kernel a wake-up of the sleeping client, about 25 us on a 2-core VM; written together, the client wakes once
   * (bench/README.md, "write batching"). A lone request waits only for the end of its own turn.
   */
  let queued: [ServerResponse, number, Record<string, string | number>, (Buffer | string)?][] = []
  const flushQueued = () => {
    const batch = queued
    queued = []
    for (const [res, status, headers, body] of batch) {
      try {
        const all = cors ? { ...CORS_HEADERS, ...headers } : { ...headers }
        // While shutting down, every answer also closes its connection.
        if (closing) all.connection = 'close'
        res.writeHead(status, all)
        // A string body goes out in the same write as the headers (node joins them), a Buffer in a second one.
        res.end(body)
      } catch (err) {
        // A header node refuses (a custom scenario's): never a dropped batch or a hang; say so and answer 500.
        log?.({ level: 'error', message: `response failed: ${err instanceof Error ? err.message : String(err)}` })
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
        res.end()
      }
    }
  }
  const write = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string | number>,
    body?: Buffer | string,
  ) => {
    if (queued.length === 0) setImmediate(flushQueued)
    queued.push([res, status, headers, body])
  }

  const send = async (res: ServerResponse, final: FinalResponse) => {
    const delay = (final.delayMs ?? 0) + latency()
    if (delay > 0) await wait(delay)
    const fault = final.fault
    if (!fault) {
      const body = final.bodyText
      write(res, final.status, { ...final.headers, 'content-length': Buffer.byteLength(body) }, body)
      return
    }
    if (fault.kind === 'reset') res.socket?.resetAndDestroy()
    else if (fault.kind === 'network-error') res.socket?.destroy()
    else if (fault.kind === 'timeout') {
      // Nothing is sent; the connection is closed after the fault's delay (bounded), or at once on shutdown.
      hanging.add(res)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(fault.afterMs, maxHangMs))
        res.once('close', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      hanging.delete(res)
      res.socket?.destroy()
    } else {
      // The headers announce the full length; half the body is sent, then the connection closes.
      const body = Buffer.from(final.bodyText || '{"truncated":true,"padding":"................"}')
      res.writeHead(final.status || 200, {
        ...(cors ? CORS_HEADERS : {}),
        'content-type': 'application/json',
        'content-length': body.length,
      })
      res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy())
    }
  }

  const handleMock = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: string,
    started: number,
  ) => {
    const { text, overflow } = await readBody(req, maxBodyBytes)
    const headers = headersOf(req)
    const mock: MockRequest = { method: req.method ?? 'GET', path, query, headers, bodyText: text }
    const s = session(headers[SESSION_HEADER] || DEFAULT_SESSION)
    let final: FinalResponse
    try {
      final = await engine.handle(mock, s)
    } catch (err) {
      // A response outside the contract (or a standin bug): never a hang or a dropped connection; say so loudly.
      const provider = engine.providerFor(path)
      const message =
        err instanceof ContractViolationError
          ? err.message
          : `standin internal error: ${err instanceof Error ? err.message : String(err)}`
      log?.({ level: 'error', message })
      const response = provider?.error({ status: 500, message }) ?? {
        status: 500,
        headers: {},
        body: { error: message },
      }
      final = {
        ...response,
        headers: { ...response.headers, 'content-type': 'application/json', 'x-standin-violation': '1' },
        bodyText: JSON.stringify(response.body),
      }
    }
    if (overflow) final = { ...final, headers: { ...final.headers, connection: 'close' } }
    await send(res, final)
    if (log) {
      const answer = s.journal.lastAnswer()
      log({
        method: mock.method,
        path,
        status: final.fault ? `fault:${final.fault.kind}` : final.status,
        operation: answer?.operationId ?? null,
        scenario: answer?.scenario ?? null,
        session: s.id,
        ms: Math.round(performance.now() - started),
      })
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now()
    const method = req.method ?? 'GET'
    const { path, query } = splitTarget(req.url ?? '/')
    if (cors && method === 'OPTIONS' && req.headers['access-control-request-method']) {
      const asked = req.headers['access-control-request-headers']
      const allow = typeof asked === 'string' && HEADER_LIST.test(asked.trim()) ? asked.trim() : DEFAULT_ALLOWED_HEADERS
      res.writeHead(204, {
        ...PREFLIGHT_HEADERS,
        'access-control-allow-headers': allow,
        vary: 'access-control-request-headers',
      })
      res.end()
      return
    }
    if (path.startsWith(ADMIN_PREFIX)) {
      const { text, overflow } = await readBody(req, maxBodyBytes)
      let answer: AdminResponse
      try {
        answer = getAdmin().handle({ method, path, query, headers: headersOf(req), bodyText: text })
      } catch (err) {
        answer = adminError(
          500,
          'INTERNAL',
          `standin internal error: ${err instanceof Error ? err.message : String(err)}`,
        )
      }
      const body = Buffer.from(answer.bodyText)
      write(
        res,
        answer.status,
        { ...answer.headers, ...(overflow ? { connection: 'close' } : {}), 'content-length': body.length },
        body,
      )
      log?.({
        method,
        path,
        status: answer.status,
        operation: 'admin',
        scenario: null,
        session: req.headers[SESSION_HEADER] ?? DEFAULT_SESSION,
        ms: Math.round(performance.now() - started),
      })
      return
    }
    if (method === 'GET' || method === 'HEAD') {
      const spec = specs.get(path)
      if (spec) {
        write(
          res,
          200,
          { 'content-type': 'application/yaml; charset=utf-8', 'content-length': spec.length },
          method === 'HEAD' ? undefined : spec,
        )
        return
      }
      if (path === '/' || path === '/index.html') {
        const page = home()
        write(
          res,
          200,
          {
            'content-type': 'text/html; charset=utf-8',
            'content-length': page.length,
            'content-security-policy':
              "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'",
            'x-content-type-options': 'nosniff',
          },
          method === 'HEAD' ? undefined : page,
        )
        return
      }
    }
    await handleMock(req, res, path, query, started)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      log?.({ level: 'error', message: `request failed: ${err instanceof Error ? err.message : String(err)}` })
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end()
    })
  })
  server.keepAliveTimeout = 5000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4010, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  baseUrl = url
  let closed: Promise<void> | undefined
  return {
    server,
    url,
    port: address.port,
    sessions,
    session,
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true
        // In-flight requests finish (their answers close their connections); idle keep-alive connections close now.
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeIdleConnections()
        for (const res of hanging) res.socket?.destroy()
        // Answers written from now on carry `Connection: close`; this sweep is the safety net for any other idle one.
        const sweep = setInterval(() => server.closeIdleConnections(), 100)
        sweep.unref()
        server.once('close', () => clearInterval(sweep))
      })
      return closed
    },
  }
}
