/**
 * The engine: one function per request, shared by every adapter.
 *   route -> security -> request validation -> scenario or default behaviour -> response validation -> journal
 * Everything is compiled at construction (routers, request plans, validators, example index), nothing per request.
 * The engine never sleeps and never touches a socket: delays and faults are returned as data for the adapter.
 */
import type { LimitHit } from './budget.js'
import { DEFAULT_TICK_MS } from './clock.js'
import { type Contract, declaredResponse, type OperationInfo, type SchemaViolation } from './contract.js'
import { ContractViolationError, type HttpError, InternalError, messageOf } from './errors.js'
import { ExampleIndex } from './examples.js'
import { keptFor } from './immutable-body.js'
import { BodyRef } from './journal.js'
import { andThen, type Maybe } from './maybe.js'
import type { OutboundTransport } from './outbound.js'
import { checkRequest, DEFAULT_MAX_BODY_BYTES, planRequest, type RequestPlan } from './request.js'
import { Router } from './router.js'
import { type Scenario, type ScenarioAction, ScenarioRegistry } from './scenarios.js'
import { parseSelection } from './selection.js'
import { Session, type SessionOptions } from './session.js'
import type {
  AuthOutcome,
  ErrorInput,
  FinalResponse,
  MockRequest,
  MockResponse,
  OperationCall,
  Provider,
} from './types.js'

export type ResponseValidation = 'throw' | 'report' | 'off'

export interface EngineOptions {
  // biome-ignore lint/suspicious/noExplicitAny: each provider has its own state type.
  providers: Provider<any>[]
  scenarios?: Iterable<Scenario>
  /**
   * What to do when a response breaks the contract. `throw` (the default, for tests): throw a ContractViolationError
   * naming the operation, status and JSON path. `report`: answer anyway and record the violation in the journal.
   */
  validateResponses?: ResponseValidation
  maxBodyBytes?: number
  /** How far a fixed session clock moves after each routed request (live clocks follow the wall clock instead). */
  tickMs?: number
}

interface CompiledProvider {
  // biome-ignore lint/suspicious/noExplicitAny: see EngineOptions.providers
  provider: Provider<any>
  router: Router
  plans: Map<string, RequestPlan>
  examples: ExampleIndex
}

interface Resolved {
  action: ScenarioAction
  scenario: string | null
}

/** A request the engine refuses to select for (an unknown scenario, a Prism `code=` it cannot serve): a value. */
interface Refusal {
  refused: ErrorInput
}

interface Exchange {
  session: Session
  at: string
  req: MockRequest
  provider: string | null
  operationId: string | null
  /** The scenario that answers, once resolved. */
  scenario: string | null
  redact?: { request?: readonly string[]; response?: readonly string[] }
  /** Reject with standin's own failure (`handle` in `throw` mode) rather than answer it (`answer`, `report`, `off`). */
  throwing: boolean
  /** standin's own failure, once answered: thrown at the end when `throwing`. */
  failure?: HttpError
  /** A write admitted by the session's budget: counted as stored if it succeeds. */
  write?: boolean
  /** A peek (see `peek`): not journaled, the clock not moved. */
  peek?: boolean
}

export class Engine {
  readonly registry: ScenarioRegistry
  readonly validateResponses: ResponseValidation
  private readonly compiled: CompiledProvider[]
  private readonly maxBodyBytes: number
  private readonly tickMs: number
  /**
   * How requests the providers send on their own (webhooks) go out: set by the adapter that owns this engine
   * (`standin serve`, createStandin); null simulates them (core/outbound.ts).
   */
  outbound: OutboundTransport | null = null

  constructor(readonly options: EngineOptions) {
    this.validateResponses = options.validateResponses ?? 'throw'
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    this.tickMs = options.tickMs ?? DEFAULT_TICK_MS
    this.compiled = options.providers.map((provider) => {
      provider.contract.compileAll()
      return {
        provider,
        router: new Router(provider.contract.operations),
        plans: new Map(provider.contract.operations.map((op) => [op.operationId, planRequest(provider.contract, op)])),
        examples: new ExampleIndex(provider.contract),
      }
    })
    // A scenario naming an operation its provider lacks, or a misspelled provider, would never answer: fail now.
    const served = new Map(
      this.compiled.map((c) => [c.provider.name, c.provider.contract.operations.map((op) => op.operationId)]),
    )
    this.registry = new ScenarioRegistry(options.scenarios ?? [], served)
  }

  get providers(): Provider[] {
    return this.compiled.map((c) => c.provider)
  }

  createSession(id: string, options: SessionOptions = {}): Session {
    return new Session(id, this.providers, this.registry, options)
  }

  /** The provider that serves a path on a shared server (by its path prefix). */
  providerFor(path: string): Provider | undefined {
    return this.compiledFor(path)?.provider
  }

  private compiledFor(path: string): CompiledProvider | undefined {
    return this.compiled.find((c) => path.startsWith(c.provider.pathPrefix))
  }

  /**
   * One request through the pipeline. In `throw` mode standin's own failure (a behaviour threw, a response broke the
   * contract) rejects with its HttpError, after it has been answered and journaled; use `answer` to get the answer.
   */
  async handle(req: MockRequest, session: Session, providerName?: string): Promise<FinalResponse> {
    return this.dispatch(req, session, providerName, this.validateResponses === 'throw')
  }

  /**
   * `handle` for an adapter (the MSW handlers, `standin.fetch`, the HTTP server): standin's own failure is answered,
   * never thrown, with a 500 in the provider's envelope marked `x-standin-violation: 1` (its message naming the
   * operation and what went wrong), so every runtime answers it with the same bytes.
   */
  async answer(req: MockRequest, session: Session, providerName?: string): Promise<FinalResponse> {
    return this.dispatch(req, session, providerName, false)
  }

  /**
   * `answer`, handed over at once when it is ready at once (no asynchronous behaviour or scenario): most answers are,
   * and a request answered without a promise between the engine and the socket allocates a fifth less. For the HTTP
   * adapter; the promise, when there is one, never rejects with standin's own failure (it is answered).
   */
  answerNow(req: MockRequest, session: Session, providerName?: string): Maybe<FinalResponse> {
    try {
      return this.dispatch(req, session, providerName, false)
    } catch (err) {
      return Promise.reject(err)
    }
  }

  /**
   * A GET answered as a client of the session would see it (its scenarios apply) but leaving no trace in it: not
   * journaled, the clock not moved, no sequence advanced. For standin's own reads of a session (the dashboard's
   * proof-pack audit), which must not change what they show.
   */
  async peek(req: MockRequest, session: Session): Promise<FinalResponse> {
    if (req.method.toUpperCase() !== 'GET') {
      throw new InternalError('peek', new Error(`a peek reads: GET only, not ${req.method}`))
    }
    const counters = new Map(session.sequenceCounters)
    try {
      return await this.dispatch(req, session, undefined, false, true)
    } finally {
      session.sequenceCounters.clear()
      for (const [key, n] of counters) session.sequenceCounters.set(key, n)
    }
  }

  private dispatch(
    req: MockRequest,
    session: Session,
    providerName: string | undefined,
    throwing: boolean,
    peek = false,
  ): Maybe<FinalResponse> {
    const compiled = providerName
      ? this.compiled.find((c) => c.provider.name === providerName)
      : this.compiledFor(req.path)
    const ex: Exchange = {
      session,
      at: session.clock.iso(),
      req,
      provider: compiled?.provider.name ?? null,
      operationId: null,
      scenario: null,
      throwing,
      peek,
    }
    if (!compiled) return this.finish(ex, this.noProvider(req), [])
    return this.handleFor(compiled, ex)
  }

  /**
   * standin's own 404 for a path no provider serves, in the one shape of standin's own errors (the admin API's:
   * `{error: {code, message, details}}`), naming the providers and where they are served.
   */
  private noProvider(req: MockRequest): MockResponse {
    const providers = this.compiled.map((c) => ({ name: c.provider.name, pathPrefix: c.provider.pathPrefix }))
    const where = providers.map((p) => `${p.name} under ${p.pathPrefix}`).join(', ')
    return {
      status: 404,
      headers: {},
      body: {
        error: {
          code: 'NO_PROVIDER',
          message: `no provider serves ${req.method.toUpperCase()} ${req.path} (${where})`,
          details: [],
          providers,
        },
      },
    }
  }

  private handleFor(compiled: CompiledProvider, ex: Exchange): Maybe<FinalResponse> {
    const { provider } = compiled
    const { req, session } = ex
    ex.redact = provider.journalSecrets
    const route = compiled.router.route(req.method, req.path)
    if (route.kind !== 'match') {
      // A miss is not an operation: no tick, so probes and typos do not move the session's time.
      return this.finish(ex, this.routeMiss(provider, req, route), [])
    }
    const op = route.operation
    ex.operationId = op.operationId
    // A behaviour that throws (or any other step) is a standin bug: answered in the provider's envelope, recorded.
    const failed = (err: unknown) =>
      this.fail(ex, provider, new InternalError(op.operationId, err), [
        { path: '/', keyword: 'exception', message: messageOf(err) },
      ])
    // The clock moves once the answer is known, whether it was answered or failed.
    const settle = (outcome: () => FinalResponse): FinalResponse => {
      let final: FinalResponse
      try {
        final = outcome()
      } finally {
        if (!ex.peek) session.clock.tick(this.tickMs)
      }
      if (ex.failure && ex.throwing) throw ex.failure
      return final
    }
    let pending: Maybe<FinalResponse>
    try {
      pending = this.pipeline(compiled, ex, op, route.params)
    } catch (err) {
      return settle(() => failed(err))
    }
    if (!(pending instanceof Promise)) return settle(() => pending as FinalResponse)
    return pending.then(
      (final) => settle(() => final),
      (err) => settle(() => failed(err)),
    )
  }

  /** security -> request validation -> scenario or default behaviour -> response validation, for a routed request. */
  private pipeline(
    compiled: CompiledProvider,
    ex: Exchange,
    op: OperationInfo,
    params: Record<string, string>,
  ): Maybe<FinalResponse> {
    const state = ex.session.state(compiled.provider.name)
    const outcome = op.secured ? this.authenticate(compiled.provider, op, ex.req, state, ex.session) : anyone()
    return andThen(outcome, (auth) => this.authorized(compiled, ex, op, params, state, auth))
  }

  /** The pipeline once the caller is known: request validation, the answer, response validation. */
  private authorized(
    compiled: CompiledProvider,
    ex: Exchange,
    op: OperationInfo,
    params: Record<string, string>,
    state: unknown,
    auth: AuthOutcome,
  ): Maybe<FinalResponse> {
    const { provider } = compiled
    const { req, session } = ex
    if (!auth.ok) return this.reply(ex, provider, op, provider.error(auth.error))
    const plan = compiled.plans.get(op.operationId) as RequestPlan
    const checked = checkRequest(plan, req, params, this.maxBodyBytes)
    if (!checked.ok) return this.reply(ex, provider, op, provider.error(checked.error))
    if (isWrite(req.method)) {
      const limit = session.usage.admit(req.bodyText?.length ?? 0)
      if (limit) return this.limited(ex, provider, limit)
      ex.write = true
    }
    const resolved = this.resolve(compiled, op, req, session)
    if (resolved && 'refused' in resolved) return this.refuse(ex, provider, resolved.refused)
    ex.scenario = resolved?.scenario ?? null
    const call: OperationCall<unknown> = {
      provider: provider.name,
      operation: op,
      params: checked.value.params,
      query: checked.value.query,
      headers: req.headers,
      body: checked.value.body,
      principal: auth.principal,
      state,
      clock: session.clock,
      derive: session.derive,
      outbound: this.outbound,
    }
    return andThen(this.respond(resolved, call, session, provider), (response) =>
      this.reply(ex, provider, op, response),
    )
  }

  /** Security: a bearer token must be present and well formed; what it grants is the provider's business. */
  private authenticate(
    provider: Provider,
    op: OperationInfo,
    req: MockRequest,
    state: unknown,
    session: Session,
  ): AuthOutcome | Promise<AuthOutcome> {
    const header = req.headers.authorization
    const token = header ? bearerToken(header) : null
    if (token !== null) return provider.authenticate(token, op, state, session.clock)
    const message = header ? 'Authorization header must be "Bearer <token>"' : 'missing Authorization header'
    const detail = header ? 'must be "Bearer <token>"' : 'is required'
    return { ok: false, error: { status: 401, message, details: [{ path: '/header/authorization', message: detail }] } }
  }

  /** The scenario's action, or the default behaviour (a promise only when it is asynchronous: most answer at once). */
  private respond(
    resolved: Resolved | null,
    call: OperationCall<unknown>,
    session: Session,
    provider: Provider,
  ): Maybe<MockResponse> {
    const behaviour = provider.behaviours[call.operation.operationId]
    if (resolved === null && behaviour) return behaviour(call)
    const runDefault = async (): Promise<MockResponse> => {
      if (!behaviour) throw new Error(`${provider.name} has no behaviour for ${call.operation.operationId}`)
      return behaviour(call)
    }
    return resolved ? this.run(resolved, call, session, provider, runDefault) : runDefault()
  }

  private routeMiss(provider: Provider, req: MockRequest, route: ReturnType<Router['route']>): MockResponse {
    const method = req.method.toUpperCase()
    if (route.kind === 'method-not-allowed') {
      const allowed = route.allowed.join(', ')
      return provider.error({
        status: 405,
        message: `${method} is not allowed on ${req.path}; allowed: ${allowed}`,
        headers: { allow: allowed },
      })
    }
    if (route.kind === 'bad-path') {
      return provider.error({
        status: 400,
        message: route.message,
        details: [{ path: '/path', message: route.message }],
      })
    }
    return provider.error({
      status: 404,
      message: `no ${provider.name} operation at ${method} ${req.path}`,
      details: [{ path: '/path', message: 'matches no path in the contract' }],
    })
  }

  /**
   * Which action answers: the request's own scenarios first, then (unless Prism's `dynamic=true` asks for the stateful
   * default) the session's active ones, then Prism-style examples (`code=`, `example=`).
   */
  private resolve(
    compiled: CompiledProvider,
    op: OperationInfo,
    req: MockRequest,
    session: Session,
  ): Resolved | Refusal | null {
    // Most requests name no scenario in a session with none active: the default behaviour, nothing to parse.
    if (!session.hasActiveScenarios && !req.headers.prefer && !req.headers['x-standin-scenario']) return null
    const selection = parseSelection(req.headers)
    const header =
      selection.scenarios.length > 0 && !req.headers.prefer?.includes('scenario=') ? 'x-standin-scenario' : 'prefer'
    for (const name of selection.scenarios) {
      if (!this.registry.has(name)) return refusal(this.registry.unknown(name).message, header)
      if (this.registry.get(name).emptyWorld) {
        return refusal(
          `scenario ${name} replaces the world, so it cannot be chosen per request; activate it for the session (standin.use(), the admin API or standin serve --scenario)`,
          header,
        )
      }
    }
    const names = selection.dynamic ? selection.scenarios : [...selection.scenarios, ...session.activeScenarios()]
    for (const name of names) {
      const scenario = this.registry.get(name)
      if (scenario.provider !== compiled.provider.name) continue
      const action = scenario.operations[op.operationId] ?? scenario.operations['*']
      if (action) return { action, scenario: name }
    }
    if (selection.code === undefined && selection.example === undefined) return null
    const found = compiled.examples.find(op, selection.code, selection.example)
    if (!found.ok) return refusal(found.message, 'prefer')
    const label = [
      selection.code && `code=${selection.code}`,
      selection.example && `example=${selection.example}`,
    ].filter(Boolean)
    return {
      action: { kind: 'respond', status: found.status, headers: found.headers, body: found.body },
      scenario: `prefer:${label.join(',')}`,
    }
  }

  private async run(
    resolved: Resolved,
    call: OperationCall<unknown>,
    session: Session,
    provider: Provider,
    runDefault: () => Promise<MockResponse>,
  ): Promise<MockResponse> {
    const { action, scenario } = resolved
    const withDelay = (r: MockResponse): MockResponse =>
      action.delayMs ? { ...r, delayMs: (r.delayMs ?? 0) + action.delayMs } : r
    switch (action.kind) {
      case 'respond':
        return withDelay({ status: action.status, headers: { ...action.headers }, body: action.body })
      case 'error':
        return withDelay(provider.error(action.error))
      case 'fault':
        return withDelay({ status: 0, headers: {}, fault: action.fault })
      case 'default':
        return withDelay(await runDefault())
      case 'custom':
        return withDelay(await action.run(call, runDefault))
      case 'example': {
        const compiled = this.compiled.find((c) => c.provider === provider) as CompiledProvider
        const found = compiled.examples.find(call.operation, action.status, action.example)
        // A scenario naming an example the spec lacks is a standin bug, caught by the conformance tests.
        if (!found.ok) throw new Error(`scenario ${scenario}: ${found.message}`)
        return withDelay({ status: found.status, headers: found.headers, body: found.body })
      }
      case 'sequence': {
        const key = `${scenario}|${call.operation.operationId}`
        const n = session.sequenceCounters.get(key) ?? 0
        session.sequenceCounters.set(key, n + 1)
        const steps = action.steps
        let step: ScenarioAction | undefined = steps[n]
        if (!step) {
          const after = action.afterLast ?? 'default'
          step =
            after === 'repeat-last'
              ? steps[steps.length - 1]
              : after === 'cycle'
                ? steps[n % steps.length]
                : { kind: 'default' }
        }
        return withDelay(
          await this.run({ action: step as ScenarioAction, scenario }, call, session, provider, runDefault),
        )
      }
    }
  }

  /** Response validation, then the journal: in `throw` mode a response outside the contract is standin's failure. */
  private reply(ex: Exchange, provider: Provider, op: OperationInfo, response: MockResponse): FinalResponse {
    const violations =
      response.fault || this.validateResponses === 'off'
        ? []
        : ex.scenario === null
          ? validateKept(provider.contract, op, response)
          : validateResponse(provider.contract, op, response)
    if (violations.length > 0 && this.validateResponses === 'throw') {
      const error = new ContractViolationError(provider.name, op.operationId, response.status, violations)
      return this.fail(ex, provider, error, violations)
    }
    return this.finish(ex, response, violations)
  }

  /**
   * A request for something standin itself cannot do (an unknown scenario, a Prism `code=` the operation does not
   * declare): 400 in the provider's envelope naming the header, marked `x-standin-error: selection`. An answer from
   * standin, not from the provider's contract, so it is exempt from response validation.
   */
  private refuse(ex: Exchange, provider: Provider, input: ErrorInput): FinalResponse {
    const response = provider.error(input)
    return this.finish(ex, { ...response, headers: { ...response.headers, 'x-standin-error': 'selection' } }, [])
  }

  /**
   * A write over a memory limit (mocks/core/budget.ts): refused before it runs, in the provider's envelope, with
   * `X-Standin-Limit` naming the limit and how to raise it. Like `refuse`, an answer of standin's own, so exempt from
   * response validation (the specs document it as inferred: 507 per session, 503 for the server).
   */
  private limited(ex: Exchange, provider: Provider, hit: LimitHit): FinalResponse {
    const headers: Record<string, string> = { 'x-standin-limit': hit.header }
    if (hit.retryAfter !== undefined) headers['retry-after'] = String(hit.retryAfter)
    return this.finish(ex, provider.error({ status: hit.status, message: hit.message, headers }), [])
  }

  /**
   * standin's own failure, turned into bytes once, by the provider's envelope: the error's status and message, marked
   * `x-standin-violation: 1`, journaled with what went wrong. The only place an HttpError becomes a response.
   */
  private fail(ex: Exchange, provider: Provider, error: HttpError, violations: SchemaViolation[]): FinalResponse {
    ex.failure = error
    const response = provider.error(error.input)
    const marked = { ...response, headers: { ...response.headers, 'x-standin-violation': '1' } }
    return { ...this.finish(ex, marked, violations), failure: error.message }
  }

  /** Serialises the response once (the bytes every adapter sends) and journals the exchange from those bytes. */
  private finish(ex: Exchange, response: MockResponse, violations: SchemaViolation[]): FinalResponse {
    const headers: Record<string, string> = {}
    for (const k in response.headers) headers[k.toLowerCase()] = response.headers[k] as string
    // A scenario may edit what the default behaviour answered: only the default's own answers use kept bytes.
    const bodyText =
      response.body === undefined ? '' : ex.scenario === null ? serialise(response.body) : JSON.stringify(response.body)
    if (response.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
    if (ex.write && response.status < 300 && !response.fault) {
      ex.session.usage.stored((ex.req.bodyText?.length ?? 0) + bodyText.length)
    }
    const { operationId, scenario } = ex
    if (!ex.peek)
      ex.session.journal.record({
        at: ex.at,
        provider: ex.provider,
        operationId,
        request: ex.req,
        response: {
          status: response.status,
          headers,
          bodyText: journalText(ex, response, bodyText),
          ...(response.fault ? { fault: response.fault.kind } : {}),
        },
        scenario,
        violations,
        ...(ex.redact ? { redact: ex.redact } : {}),
      })
    // Built field by field: a spread of `response` (objects of many shapes) takes V8's slow generic copy.
    const final: FinalResponse = { status: response.status, headers, bodyText, operationId, scenario, violations }
    if (response.body !== undefined) final.body = response.body
    if (response.delayMs !== undefined) final.delayMs = response.delayMs
    if (response.fault !== undefined) final.fault = response.fault
    return final
  }
}

function refusal(message: string, header: 'prefer' | 'x-standin-scenario'): Refusal {
  return { refused: { status: 400, message, details: [{ path: `/header/${header}`, message }] } }
}

/** Methods that may store something: what a session's budget counts. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS', 'get', 'head', 'options'])
const isWrite = (method: string) => !READS.has(method)

/** The principal of an operation that needs no credentials. */
const anyone = (): AuthOutcome => ({ ok: true, principal: {} })

/**
 * The token of an `Authorization: Bearer <token>` header, or null when the header is not of that form. The last
 * header is remembered: a client sends the same one request after request.
 */
function bearerToken(header: string): string | null {
  if (header !== lastBearer.header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    lastBearer = { header, token: match ? (match[1] as string) : null }
  }
  return lastBearer.token
}
let lastBearer: { header: string; token: string | null } = { header: '', token: null }

/**
 * Answers at least this long that the provider marked stable (`MockResponse.stable`) are journaled by reference: below
 * it, a reference and the envelope it keeps alive cost about as much as the text.
 */
const BY_REFERENCE_MIN_CHARS = 512

/**
 * What the journal keeps of an answer's text: the text, or a reference to the body it was serialised from when the
 * provider marked that body stable and a scenario did not answer it (a scenario's objects are the user's, who may
 * change them afterwards).
 */
function journalText(ex: Exchange, response: MockResponse, text: string): string | BodyRef {
  if (text.length < BY_REFERENCE_MIN_CHARS || ex.scenario !== null || response.stable !== true) return text
  return new BodyRef(response.body, text.length)
}

/** JSON text of a body, kept for a body marked immutable (core/immutable-body.ts). */
function serialise(body: unknown): string {
  const kept = keptFor(body)
  if (kept === undefined) return JSON.stringify(body)
  kept.text ??= JSON.stringify(body)
  return kept.text
}

/** {@link validateResponse}, its result kept for a body marked immutable (the same object validates the same). */
function validateKept(contract: Contract, op: OperationInfo, response: MockResponse): SchemaViolation[] {
  const kept = keptFor(response.body)
  if (kept === undefined) return validateResponse(contract, op, response)
  const key = `${op.operationId} ${response.status} ${response.headers['content-type'] ?? ''}`
  if (kept.checkedFor !== key) {
    kept.violations = validateResponse(contract, op, response)
    kept.checkedFor = key
  }
  return kept.violations as SchemaViolation[]
}

/** Checks a response against the operation's declared responses: status, content type, body schema. */
export function validateResponse(contract: Contract, op: OperationInfo, response: MockResponse): SchemaViolation[] {
  const status = String(response.status)
  const declared = declaredResponse(op, status)
  if (!declared) {
    const list = op.responses.map((r) => r.status).join(', ')
    return [
      {
        path: '/',
        keyword: 'status',
        message: `status ${status} is not declared for ${op.operationId} (declared: ${list})`,
      },
    ]
  }
  if (response.body === undefined) {
    return declared.schemaPointer ? [{ path: '/', keyword: 'body', message: `status ${status} requires a body` }] : []
  }
  const contentType = (response.headers['content-type'] ?? 'application/json').split(';')[0]?.trim()
  if (!declared.contentTypes.includes(contentType ?? '')) {
    return [
      {
        path: '/',
        keyword: 'content-type',
        message: `content type ${contentType} is not declared for status ${status}`,
      },
    ]
  }
  return declared.schemaPointer ? contract.validate(declared.schemaPointer, response.body) : []
}
