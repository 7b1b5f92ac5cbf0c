/**
 * The route table of `standin serve`. Routes are tried in order and the first that matches answers:
 *   guard             a refusal: wrong Host, cross-origin or token-less admin request (guard.ts; docs/security.md)
 *   CORS preflight    OPTIONS with Access-Control-Request-Method (when CORS is on)
 *   journal stream    GET /__standin/session/journal/stream (Server-Sent Events; journal-stream.ts)
 *   admin API         /__standin/...
 *   spec files        GET|HEAD /openapi/<name>.yaml
 *   dashboard         GET|HEAD / and /index.html, its files under /__dashboard/ and the favicon (never journaled)
 *   indexes           GET|HEAD a provider's base path (`/v1`, `/api/v2`) and `/__standin` (redirected to `/__standin/`)
 *   provider traffic  everything else, through the engine (a path no provider serves gets the engine's 404)
 * standin's own 404s (an unknown admin path, an unknown dashboard file, a path no provider serves) have one shape, the
 * admin API's: `{error: {code, message, details}}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Engine } from '../core/engine.js'
import { andThen, type Maybe } from '../core/maybe.js'
import type { Session } from '../core/session.js'
import type { FinalResponse, MockRequest } from '../core/types.js'
import { ADMIN_PREFIX, adminError, createAdmin, entryJson } from './admin.js'
import { answerPreflight, type CorsPolicy, isPreflight } from './cors.js'
import { ASSET_PREFIX, dashboardAssets } from './dashboard/assets.js'
import { providerIndex, renderProviderIndex } from './dashboard/index-pages.js'
import { prefersHtml } from './dashboard/negotiate.js'
import type { Guard, Refusal } from './guard.js'
import { createJournalStreams, MAX_STREAMS, STREAM_PATH, startAfter } from './journal-stream.js'
import { splitTarget, type Target, toMockRequest } from './request.js'
import type { Send } from './response.js'
import { RECREATED_HEADER, type Sessions, sessionIdOf } from './sessions.js'
import { HOME_PAGE_HEADERS, homePage, SPEC_HEADERS, SPEC_HEADERS_FOR_BROWSERS, specFiles } from './static.js'
import type { TurnGate } from './turns.js'
import { type Log, STANDIN_FAILURE_BODY, type Writer } from './writer.js'

/** One request on its way through the table. */
export interface HttpExchange {
  req: IncomingMessage
  res: ServerResponse
  method: string
  target: Target
  started: number
  /** Set by the guard when it refuses the request. */
  refusal?: Refusal | undefined
}

export interface Route {
  matches(ex: HttpExchange): boolean
  answer(ex: HttpExchange): Maybe<void>
}

export interface RouteContext {
  engine: Engine
  sessions: Sessions
  writer: Writer
  /** Takes turns between provider requests (turns.ts). */
  turns: TurnGate
  send: Send
  /** CORS for the provider APIs (null: none, `--no-cors`). */
  cors: CorsPolicy | null
  guard: Guard
  maxBodyBytes: number
  version: string
  /** Scenarios active in every session from the start (`--scenario`). */
  startupScenarios: readonly string[]
  seed: string
  /** The server's own URL, known once it listens. */
  baseUrl: () => string
  log?: Log | undefined
}

export function createRoutes(ctx: RouteContext): Route[] {
  return [
    guardRoute(ctx),
    ...(ctx.cors ? [preflightRoute(ctx.cors)] : []),
    streamRoute(ctx),
    adminRoute(ctx),
    specRoute(ctx),
    homeRoute(ctx),
    assetRoute(ctx),
    indexRoute(ctx),
    providerRoute(ctx),
  ]
}

/** The node:http request listener: finds the route and answers; a failure of standin itself still gets an answer. */
export function createListener(routes: Route[], log?: Log) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now()
    const ex: HttpExchange = { req, res, method: req.method ?? 'GET', target: splitTarget(req.url ?? '/'), started }
    const failed = (err: unknown) => {
      log?.({ level: 'error', message: `request failed: ${err instanceof Error ? err.message : String(err)}` })
      if (res.headersSent) return void res.end()
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(STANDIN_FAILURE_BODY)
    }
    // A route answers at once or returns a promise: one path for a failure either way.
    try {
      dispatch(routes, ex)?.catch(failed)
    } catch (err) {
      failed(err)
    }
  }
}

function dispatch(routes: Route[], ex: HttpExchange): Maybe<void> {
  for (const route of routes) if (route.matches(ex)) return route.answer(ex)
}

/** Refuses what the guard refuses (and lets the guard add CORS headers to the rest). */
function guardRoute(ctx: RouteContext): Route {
  return {
    matches: (ex) => {
      ex.refusal = ctx.guard.check(ex.req, ex.res, ex.target.path)
      return ex.refusal !== undefined
    },
    answer(ex) {
      const { status, headers, body } = ex.refusal as Refusal
      ctx.writer.write(ex.res, status, { ...headers, 'content-length': Buffer.byteLength(body) }, body)
      ctx.log?.(logLine(ex, status, 'refused', null, sessionIdOf(ex.req.headers)))
    },
  }
}

function preflightRoute(cors: CorsPolicy): Route {
  return { matches: (ex) => isPreflight(ex.req), answer: (ex) => answerPreflight(cors, ex.req, ex.res) }
}

const isRead = (method: string) => method === 'GET' || method === 'HEAD'

function adminRoute(ctx: RouteContext): Route {
  const admin = createAdmin({
    engine: ctx.engine,
    version: ctx.version,
    sessions: () => ctx.sessions.byId.values(),
    session: ctx.sessions.get,
    startupScenarios: ctx.startupScenarios,
    maxBodyBytes: ctx.maxBodyBytes,
    events: ctx.sessions.events,
    onReset: (s) => ctx.sessions.report('reset', s.id, 'admin', `session "${s.id}" reset to the seeded world`),
  })
  return {
    matches: (ex) => ex.target.path.startsWith(ADMIN_PREFIX),
    async answer(ex) {
      const { request, overflow } = await toMockRequest(ex.req, ex.target, ctx.maxBodyBytes)
      const answer = await admin.handle(request)
      const body = Buffer.from(answer.bodyText)
      const extra: Record<string, string> = overflow ? { connection: 'close' } : {}
      const notice = ctx.sessions.takeNotice(sessionIdOf(ex.req.headers))
      if (notice) extra[RECREATED_HEADER] = notice
      ctx.writer.write(ex.res, answer.status, { ...answer.headers, ...extra, 'content-length': body.length }, body)
      ctx.log?.(logLine(ex, answer.status, 'admin', null, sessionIdOf(ex.req.headers)))
    },
  }
}

function specRoute(ctx: RouteContext): Route {
  const specs = specFiles(ctx.engine)
  return {
    matches: (ex) => isRead(ex.method) && specs.has(ex.target.path),
    answer(ex) {
      const spec = specs.get(ex.target.path) as Buffer
      const type = prefersHtml(ex.req.headers.accept) ? SPEC_HEADERS_FOR_BROWSERS : SPEC_HEADERS
      const headers = { ...type, 'content-length': spec.length }
      ctx.writer.write(ex.res, 200, headers, ex.method === 'HEAD' ? undefined : spec)
    },
  }
}

function homeRoute(ctx: RouteContext): Route {
  const page = homePage(ctx)
  return {
    matches: (ex) => isRead(ex.method) && (ex.target.path === '/' || ex.target.path === '/index.html'),
    answer(ex) {
      const bytes = page()
      const headers = { ...HOME_PAGE_HEADERS, 'content-length': bytes.length }
      ctx.writer.write(ex.res, 200, headers, ex.method === 'HEAD' ? undefined : bytes)
    },
  }
}

/** standin's own 404, in the admin API's error shape (one shape for every answer of standin's own). */
function notFound(ctx: RouteContext, ex: HttpExchange, message: string): void {
  const { status, headers, bodyText } = adminError(404, 'NOT_FOUND', message)
  ctx.writer.write(ex.res, status, { ...headers, 'content-length': Buffer.byteLength(bodyText) }, bodyText)
}

/** The dashboard's script and stylesheet, and the favicon: cached by ETag, never journaled. */
function assetRoute(ctx: RouteContext): Route {
  const isAsset = (path: string) => path.startsWith(ASSET_PREFIX) || path === '/favicon.ico' || path === '/favicon.svg'
  return {
    matches: (ex) => isRead(ex.method) && isAsset(ex.target.path),
    answer(ex) {
      const asset = dashboardAssets().get(ex.target.path)
      if (!asset) return notFound(ctx, ex, `no dashboard file at ${ex.target.path}`)
      const fresh = ex.req.headers['if-none-match'] === asset.etag
      const headers = {
        'content-type': asset.type,
        etag: asset.etag,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'content-length': fresh ? 0 : asset.bytes.length,
      }
      ctx.writer.write(ex.res, fresh ? 304 : 200, headers, fresh || ex.method === 'HEAD' ? undefined : asset.bytes)
    },
  }
}

/**
 * What the banner prints answers: a provider's base path lists its operations (JSON, or a page for a browser), and
 * `/__standin` leads to the admin index at `/__standin/`. Not journaled: no provider operation is called.
 */
function indexRoute(ctx: RouteContext): Route {
  const byPath = new Map<string, ReturnType<typeof providerIndex>>()
  for (const p of ctx.engine.providers) {
    const index = providerIndex(p)
    byPath.set(p.pathPrefix, index)
    byPath.set(p.pathPrefix.replace(/\/$/, ''), index)
  }
  const adminRoot = ADMIN_PREFIX.replace(/\/$/, '')
  return {
    matches: (ex) => isRead(ex.method) && (byPath.has(ex.target.path) || ex.target.path === adminRoot),
    answer(ex) {
      if (ex.target.path === adminRoot) {
        return ctx.writer.write(ex.res, 308, { location: ADMIN_PREFIX, 'content-length': 0 })
      }
      const index = byPath.get(ex.target.path) as ReturnType<typeof providerIndex>
      const html = prefersHtml(ex.req.headers.accept)
      const body = Buffer.from(html ? renderProviderIndex(index) : JSON.stringify(index))
      const headers = html
        ? {
            ...HOME_PAGE_HEADERS,
            'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
          }
        : { 'content-type': 'application/json', 'cache-control': 'no-cache' }
      ctx.writer.write(
        ex.res,
        200,
        { ...headers, 'content-length': body.length },
        ex.method === 'HEAD' ? undefined : body,
      )
    },
  }
}

/** The journal as Server-Sent Events (journal-stream.ts); behind the guard like every admin path. */
function streamRoute(ctx: RouteContext): Route {
  const streams = createJournalStreams({ find: (id) => ctx.sessions.byId.get(id), open: ctx.sessions.get, entryJson })
  return {
    matches: (ex) => ex.method === 'GET' && ex.target.path === STREAM_PATH,
    answer(ex) {
      const after = startAfter(ex.req.headers, ex.target.query)
      const refuse = (status: number, code: 'VALIDATION_FAILED' | 'TOO_MANY_STREAMS', message: string, at: string) => {
        const answer = adminError(status, code, message, [{ path: at, message }])
        ctx.writer.write(
          ex.res,
          status,
          { ...answer.headers, 'content-length': Buffer.byteLength(answer.bodyText) },
          answer.bodyText,
        )
      }
      if (after === null)
        return refuse(
          400,
          'VALIDATION_FAILED',
          'after and Last-Event-ID are a seq: an integer, 0 or more (after may be -1)',
          '/query/after',
        )
      if (streams.size >= MAX_STREAMS) {
        return refuse(
          429,
          'TOO_MANY_STREAMS',
          `${MAX_STREAMS} journal streams are open; close one or poll GET /__standin/session/journal?after=<seq>`,
          '/path',
        )
      }
      streams.start(ex.req, ex.res, sessionIdOf(ex.req.headers), after)
    },
  }
}

/**
 * Provider traffic: the engine answers (standin's own failures included: the engine answers them, never throws them).
 * A request without a body, answered at once by a behaviour, goes from the socket to the writer without a promise.
 */
function providerRoute(ctx: RouteContext): Route {
  const sent = (ex: HttpExchange, session: Session, final: FinalResponse) => {
    const status = final.fault ? `fault:${final.fault.kind}` : final.status
    ctx.log?.(logLine(ex, status, final.operationId, final.scenario, session.id))
  }
  const answered = (ex: HttpExchange, overflow: boolean, session: Session, final: FinalResponse) => {
    if (final.failure) ctx.log?.({ level: 'error', message: final.failure })
    const sending = ctx.send(ex.res, final, extraHeaders(ctx, session.id, final, overflow))
    return andThen(sending, () => sent(ex, session, final))
  }
  return {
    matches: () => true,
    answer: (ex) =>
      andThen(toMockRequest(ex.req, ex.target, ctx.maxBodyBytes), ({ request, overflow }) =>
        answerInTurn(ctx, request, (session, final) => answered(ex, overflow, session, final)),
      ),
  }
}

/** What is done with the engine's answer: send it, log it. */
type Reply = (session: Session, final: FinalResponse) => Maybe<void>

/**
 * The engine's answer, in the request's turn (turns.ts), handed to `reply`; the session is looked up once the turn has
 * come, and the turn ends once the engine has answered.
 */
function answerInTurn(ctx: RouteContext, request: MockRequest, reply: Reply): Maybe<void> {
  const turn = ctx.turns.enter()
  if (turn) return turn.then(() => answerOnTurn(ctx, request, reply))
  return answerOnTurn(ctx, request, reply)
}

function answerOnTurn(ctx: RouteContext, request: MockRequest, reply: Reply): Maybe<void> {
  let session: Session
  let final: Maybe<FinalResponse>
  try {
    session = ctx.sessions.get(sessionIdOf(request.headers))
    final = ctx.engine.answerNow(request, session)
  } catch (err) {
    ctx.turns.leave()
    throw err
  }
  const done = (answer: FinalResponse) => {
    ctx.turns.leave()
    return reply(session, answer)
  }
  if (!(final instanceof Promise)) return done(final)
  return final.then(done, (err) => {
    ctx.turns.leave()
    throw err
  })
}

/**
 * Headers the adapter adds: `Connection: close` after an oversized body, and the session's news: that it was
 * recreated (`X-Standin-Session-Recreated`, once), and a refused write reported as an event (mocks/http/sessions.ts).
 */
function extraHeaders(
  ctx: RouteContext,
  id: string,
  final: { headers: Record<string, string>; fault?: unknown },
  overflow: boolean,
): Record<string, string> | undefined {
  // A fault writes no headers of ours (a reset, a hang, a truncated body): the notice waits for the next answer.
  const notice = final.fault ? undefined : ctx.sessions.takeNotice(id)
  const limit = final.headers['x-standin-limit']
  if (limit && firstRefusalInAWhile(ctx.sessions, `${id}|${limit}`)) {
    ctx.sessions.report('limit', id, limit.slice(0, limit.indexOf(';')), `write refused: ${limit}`)
  }
  if (!overflow && !notice) return undefined
  return { ...(overflow ? { connection: 'close' } : {}), ...(notice ? { [RECREATED_HEADER]: notice } : {}) }
}

/**
 * When each (session, limit) was last reported, per server (keyed by its session table): a flood of refused writes
 * makes one event and one log line per 5 s, not one each.
 */
const reportedBy = new WeakMap<object, Map<string, number>>()
const REPORT_EVERY_MS = 5000

function firstRefusalInAWhile(server: object, key: string): boolean {
  let lastReported = reportedBy.get(server)
  if (!lastReported) {
    lastReported = new Map()
    reportedBy.set(server, lastReported)
  }
  const now = Date.now()
  if (now - (lastReported.get(key) ?? Number.NEGATIVE_INFINITY) < REPORT_EVERY_MS) return false
  if (lastReported.size >= 10_000) lastReported.clear() // bounded: reporting again early is harmless
  lastReported.set(key, now)
  return true
}

function logLine(
  ex: HttpExchange,
  status: number | string,
  operation: string | null,
  scenario: string | null,
  session: string,
) {
  const ms = Math.round(performance.now() - ex.started)
  return { method: ex.method, path: ex.target.path, status, operation, scenario, session, ms }
}
