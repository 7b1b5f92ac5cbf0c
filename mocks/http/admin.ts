/**
 * The admin API under `/__standin/`, as documented by openapi/standin-admin.yaml. Requests are routed and validated
 * against that document with the same core the mocks use (router, request plans, ajv), so the spec and the server
 * cannot drift apart. The session is picked by `X-Standin-Session`, as for mock traffic (no header: the default one).
 */
import { join } from 'node:path'
import * as precompiledAdmin from '../../generated/standin-admin.precompiled.js'
import { ClockRangeError } from '../core/clock.js'
import { type Contract, loadPrecompiledContract, packageRoot } from '../core/contract.js'
import type { Engine } from '../core/engine.js'
import { UnknownScenarioError } from '../core/errors.js'
import type { JournalEntry } from '../core/journal.js'
import { checkRequest, planRequest, type RequestPlan } from '../core/request.js'
import { Router } from '../core/router.js'
import type { Session } from '../core/session.js'
import type { ErrorDetail, MockRequest } from '../core/types.js'
import { dashboardHandlers } from './admin-dashboard.js'
import { deliverInBackground, webhookHandlers } from './admin-webhooks.js'
import { type SessionEvent, sessionIdOf } from './sessions.js'

export const ADMIN_PREFIX = '/__standin/'
export const ADMIN_SPEC_FILE = join(packageRoot(), 'openapi', 'standin-admin.yaml')

let adminContract: Contract | undefined
/**
 * The admin API's contract, loaded once per process: precompiled by `npm run generate` (compiling it on the first
 * admin request loaded ajv and yaml, kept 5 MB of heap and left the heap 20 MB larger), from the YAML when that
 * changed since.
 */
export function loadAdminContract(): Contract {
  if (!adminContract) {
    adminContract = loadPrecompiledContract('standin-admin', precompiledAdmin)
    adminContract.compileAll()
  }
  return adminContract
}

export interface AdminContext {
  engine: Engine
  version: string
  /** Every session the server holds, least recently used first. */
  sessions: () => Iterable<Session>
  /** The session with this id, created on first use. */
  session: (id: string) => Session
  /** Scenarios active in every session from the start and after each reset (`--scenario`). */
  startupScenarios: readonly string[]
  maxBodyBytes: number
  /** Evictions, expiries, resets and refused writes, oldest first (mocks/http/sessions.ts). */
  events?: () => readonly SessionEvent[]
  /** Told of every reset through the admin API (reported as an event and a log line). */
  onReset?: (session: Session) => void
}

export interface AdminResponse {
  status: number
  headers: Record<string, string>
  /** Serialised JSON, or '' for none. */
  bodyText: string
}

export type AdminErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNKNOWN_SCENARIO'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL'
  | 'TOO_MANY_STREAMS'

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' }

const json = (status: number, body: unknown, headers: Record<string, string> = {}): AdminResponse => ({
  status,
  headers: { ...JSON_HEADERS, ...headers },
  bodyText: JSON.stringify(body),
})

export function adminError(
  status: number,
  code: AdminErrorCode,
  message: string,
  details: ErrorDetail[] = [],
  extra: { closeMatches?: string[]; headers?: Record<string, string> } = {},
): AdminResponse {
  return json(
    status,
    { error: { code, message, details, ...(extra.closeMatches ? { closeMatches: extra.closeMatches } : {}) } },
    extra.headers,
  )
}

const CODE_BY_STATUS: Record<number, AdminErrorCode> = {
  400: 'VALIDATION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
}

export function sessionState(session: Session, startupScenarios: readonly string[]) {
  return {
    id: session.id,
    seed: session.seed,
    clock: session.clock.iso(),
    clockMode: session.clock.mode,
    startClock: session.startMs === null ? null : new Date(session.startMs).toISOString(),
    activeScenarios: session.activeScenarios(),
    startupScenarios: [...startupScenarios],
    journalSize: session.journal.list().length,
    usage: {
      records: session.usage.records,
      storedBytes: session.usage.storedBytes,
      journalBytes: session.journal.size,
    },
  }
}

/** A journal entry as JSON: `undefined` bodies become null so every documented field is present. */
export function entryJson(e: JournalEntry) {
  return {
    ...e,
    request: { ...e.request, body: e.request.body ?? null },
    response: { ...e.response, body: e.response.body ?? null },
  }
}

export interface Call {
  /** The session named by `X-Standin-Session` (created on first use); only the session endpoints ask for it. */
  session: () => Session
  /** The request's Accept header ('' when none). */
  accept: string
  query: Record<string, unknown>
  // biome-ignore lint/suspicious/noExplicitAny: validated against the admin spec before a handler runs
  body: any
}

export type Handlers = Record<string, (call: Call) => AdminResponse | Promise<AdminResponse>>

/**
 * The admin API as one function of a request. Its contract is loaded and compiled on the first request (it would
 * otherwise add a tenth to the server's start-up time); any failure of its own is answered 500 INTERNAL.
 */
export function createAdmin(ctx: AdminContext): { handle(req: MockRequest): Promise<AdminResponse> } {
  let route: ((req: MockRequest) => Promise<AdminResponse>) | undefined
  const internal = (err: unknown) =>
    adminError(500, 'INTERNAL', `standin internal error: ${err instanceof Error ? err.message : String(err)}`)
  return {
    async handle(req) {
      try {
        route ??= adminRouter(ctx)
        return await route(req)
      } catch (err) {
        return internal(err)
      }
    },
  }
}

function adminRouter(ctx: AdminContext): (req: MockRequest) => Promise<AdminResponse> {
  const contract = loadAdminContract()
  const router = new Router(contract.operations)
  const plans = new Map<string, RequestPlan>(
    contract.operations.map((op) => [op.operationId, planRequest(contract, op)]),
  )
  const handlers: Handlers = {
    ...serverHandlers(ctx),
    ...scenarioHandlers(ctx),
    ...sessionHandlers(ctx.engine),
    ...dashboardHandlers({
      engine: ctx.engine,
      version: ctx.version,
      adminOperations: () => contract.operations,
      json,
      notFound: (message) => adminError(404, 'NOT_FOUND', message),
    }),
    ...webhookHandlers(ctx.engine, json, (message, path) => adminError(404, 'NOT_FOUND', message, [{ path, message }])),
  }
  return async (req) => {
    // `/__standin/`, the URL the start-up banner prints, is the admin index.
    const found = router.route(req.method, req.path === ADMIN_PREFIX ? `${ADMIN_PREFIX}index` : req.path)
    if (found.kind !== 'match') return routeMiss(req, found)
    const op = found.operation
    const checked = checkRequest(plans.get(op.operationId) as RequestPlan, req, found.params, ctx.maxBodyBytes)
    if (!checked.ok) {
      const { error } = checked
      const code = (error.code as AdminErrorCode | undefined) ?? CODE_BY_STATUS[error.status] ?? 'VALIDATION_FAILED'
      return adminError(error.status, code, error.message, error.details ?? [])
    }
    const handler = handlers[op.operationId]
    if (!handler) return adminError(500, 'INTERNAL', `standin internal error: no handler for ${op.operationId}`)
    const session = () => ctx.session(sessionIdOf(req.headers))
    try {
      const accept = req.headers.accept ?? ''
      return await handler({ session, accept, query: checked.value.query, body: checked.value.body })
    } catch (err) {
      // A refusal a handler can meet (a clock instant the formats cannot carry) is the client's 400, not standin's 500.
      if (!(err instanceof ClockRangeError)) throw err
      const code = CODE_BY_STATUS[err.status] ?? 'VALIDATION_FAILED'
      return adminError(err.status, code, err.message, err.details)
    }
  }
}

function routeMiss(req: MockRequest, route: Exclude<ReturnType<Router['route']>, { kind: 'match' }>): AdminResponse {
  const method = req.method.toUpperCase()
  if (route.kind === 'not-found') {
    return adminError(404, 'NOT_FOUND', `no admin endpoint at ${method} ${req.path}; see /openapi/standin-admin.yaml`)
  }
  if (route.kind === 'method-not-allowed') {
    const allowed = route.allowed.join(', ')
    const message = `${method} is not allowed on ${req.path}; allowed: ${allowed}`
    return adminError(405, 'METHOD_NOT_ALLOWED', message, [], { headers: { allow: allowed } })
  }
  return adminError(400, 'VALIDATION_FAILED', route.message, [{ path: '/path', message: route.message }])
}

/** Health and the scenario catalogue: the server as a whole. */
function serverHandlers(ctx: AdminContext): Handlers {
  const { engine } = ctx
  return {
    getHealth: () =>
      json(200, {
        ok: true,
        version: ctx.version,
        providers: engine.providers.map((p) => p.name),
        sessions: [...ctx.sessions()].length,
      }),
    listScenarios: ({ query }) => {
      const scenarios = engine.registry.list(query.provider as string | undefined).map((s) => ({
        name: s.name,
        provider: s.provider,
        description: s.description,
        operations: Object.keys(s.operations),
        emptyWorld: s.emptyWorld === true,
      }))
      return json(200, { total: scenarios.length, scenarios })
    },
    listSessionEvents: ({ query }) => {
      const all = ctx.events?.() ?? []
      const after = (query.after as number | undefined) ?? 0
      return json(200, { events: all.filter((e) => e.seq > after) })
    },
    listSessions: () => json(200, { sessions: [...ctx.sessions()].map((s) => sessionState(s, ctx.startupScenarios)) }),
    getSession: ({ session }) => json(200, sessionState(session(), ctx.startupScenarios)),
    resetSession: ({ session }) => {
      const s = session()
      s.reset()
      ctx.onReset?.(s)
      return json(200, sessionState(s, ctx.startupScenarios))
    },
  }
}

/** A session's active scenarios: every name is checked before anything changes. */
function scenarioHandlers(ctx: AdminContext): Handlers {
  const active = (s: Session) => json(200, { session: s.id, active: s.activeScenarios() })
  return {
    getActiveScenarios: ({ session }) => active(session()),
    setActiveScenarios: ({ session, body }) => {
      const names: string[] = body.scenarios
      const error = checkScenarios(ctx.engine, names)
      if (error) return error
      const s = session()
      s.clearScenarios()
      s.use(...names)
      return active(s)
    },
    activateScenarios: ({ session, body }) => {
      const names: string[] = body.scenarios
      const error = checkScenarios(ctx.engine, names)
      if (error) return error
      const s = session()
      s.use(...names)
      return active(s)
    },
    clearActiveScenarios: ({ session }) => {
      const s = session()
      s.clearScenarios()
      return active(s)
    },
  }
}

/** A session's journal and clock (a clock move sends the webhook deliveries it makes due, in the background). */
function sessionHandlers(engine: Engine): Handlers {
  const clock = (s: Session) => json(200, { session: s.id, now: s.clock.iso() })
  return {
    readJournal: ({ session, query }) => {
      const s = session()
      const matching = s.journal.list({
        ...(query.provider === undefined ? {} : { provider: query.provider as string }),
        ...(query.operation === undefined ? {} : { operationId: query.operation as string }),
        ...(query.status === undefined ? {} : { status: query.status as number }),
      })
      const limit = query.limit as number | undefined
      const after = query.after as number | undefined
      const newer = after === undefined ? matching : matching.filter((e) => e.seq > after)
      const entries = limit === undefined ? newer : newer.slice(-limit)
      const newestSeq = s.journal.last()?.seq ?? 0
      return json(200, { session: s.id, total: newer.length, newestSeq, entries: entries.map(entryJson) })
    },
    clearJournal: ({ session }) => {
      session().journal.clear()
      return { status: 204, headers: { 'cache-control': 'no-store' }, bodyText: '' }
    },
    getClock: ({ session }) => clock(session()),
    setClock: ({ session, body }) => {
      const s = session()
      s.clock.set(body.now)
      deliverInBackground(engine, s)
      return clock(s)
    },
    advanceClock: ({ session, body }) => {
      const s = session()
      s.clock.advance(body.ms)
      deliverInBackground(engine, s)
      return clock(s)
    },
  }
}

/** Every unknown name in one answer (400 UNKNOWN_SCENARIO with close matches), or null when all are known. */
function checkScenarios(engine: Engine, names: string[]): AdminResponse | null {
  const unknown = names.flatMap((name, index) =>
    engine.registry.has(name)
      ? []
      : [{ index, error: new UnknownScenarioError(name, engine.registry.closeMatches(name)) }],
  )
  const first = unknown[0]
  if (!first) return null
  return adminError(
    400,
    'UNKNOWN_SCENARIO',
    unknown.length === 1 ? first.error.message : `${unknown.length} unknown scenarios; first: ${first.error.message}`,
    unknown.map(({ index, error }) => ({
      path: `/body/scenarios/${index}`,
      message: `unknown scenario "${error.scenario}"`,
    })),
    { closeMatches: [...new Set(unknown.flatMap(({ error }) => error.suggestions))] },
  )
}
