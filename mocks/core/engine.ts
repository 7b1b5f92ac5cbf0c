/**
 * The engine: one function per request, shared by every adapter.
 *   route -> security -> request validation -> scenario or default behaviour -> response validation -> journal
 * Everything is compiled at construction (routers, request plans, validators, example index), nothing per request.
 * The engine never sleeps and never touches a socket: delays and faults are returned as data for the adapter.
 */
import { DEFAULT_TICK_MS } from './clock.js'
import type { Contract, OperationInfo, SchemaViolation } from './contract.js'
import { ExampleIndex } from './examples.js'
import { checkRequest, DEFAULT_MAX_BODY_BYTES, planRequest, type RequestPlan } from './request.js'
import { Router } from './router.js'
import { type Scenario, type ScenarioAction, ScenarioRegistry, UnknownScenarioError } from './scenarios.js'
import { parseSelection } from './selection.js'
import { Session, type SessionOptions } from './session.js'
import type { ErrorInput, FinalResponse, MockRequest, MockResponse, OperationCall, Provider } from './types.js'

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

export class ContractViolationError extends Error {
  constructor(
    readonly provider: string,
    readonly operationId: string,
    readonly status: number,
    readonly violations: SchemaViolation[],
  ) {
    super(
      `standin answered ${provider}.${operationId} with status ${status} outside the contract: ${violations
        .slice(0, 5)
        .map((v) => `${v.path} ${v.message}`)
        .join('; ')}`,
    )
    this.name = 'ContractViolationError'
  }
}

/**
 * A request for something standin itself cannot do (an unknown scenario, a Prism `code=` the operation does not
 * declare). Answered with 400 in the provider's envelope naming the header, and marked `x-standin-error: selection`:
 * it is an answer from standin, not from the provider's contract, so it is exempt from response validation.
 */
class SelectionError extends Error {
  constructor(
    message: string,
    readonly header: 'prefer' | 'x-standin-scenario',
  ) {
    super(message)
  }
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

interface Exchange {
  session: Session
  at: string
  req: MockRequest
  provider: string | null
  operationId: string | null
  redact?: { request?: readonly string[]; response?: readonly string[] }
}

export class Engine {
  readonly registry: ScenarioRegistry
  readonly validateResponses: ResponseValidation
  private readonly compiled: CompiledProvider[]
  private readonly maxBodyBytes: number
  private readonly tickMs: number

  constructor(readonly options: EngineOptions) {
    this.registry = new ScenarioRegistry(options.scenarios ?? [])
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

  async handle(req: MockRequest, session: Session, providerName?: string): Promise<FinalResponse> {
    const compiled = providerName
      ? this.compiled.find((c) => c.provider.name === providerName)
      : this.compiledFor(req.path)
    const ex: Exchange = {
      session,
      at: session.clock.iso(),
      req,
      provider: compiled?.provider.name ?? null,
      operationId: null,
    }
    if (!compiled) return this.finish(ex, this.noProvider(req), null, [])
    return this.handleFor(compiled, ex)
  }

  private noProvider(req: MockRequest): MockResponse {
    return {
      status: 404,
      headers: {},
      body: {
        error: 'NO_PROVIDER',
        message: `no provider serves ${req.method.toUpperCase()} ${req.path}`,
        providers: this.compiled.map((c) => ({ name: c.provider.name, pathPrefix: c.provider.pathPrefix })),
      },
    }
  }

  private async handleFor(compiled: CompiledProvider, ex: Exchange): Promise<FinalResponse> {
    const { provider } = compiled
    const { req, session } = ex
    ex.redact = provider.journalSecrets
    const route = compiled.router.route(req.method, req.path)
    if (route.kind !== 'match') {
      // A miss is not an operation: no tick, so probes and typos do not move the session's time.
      return this.finish(ex, this.routeMiss(provider, req, route), null, [])
    }

    const op = route.operation
    ex.operationId = op.operationId
    try {
      const state = session.state(provider.name)
      const reply = (response: MockResponse, scenario: string | null = null) =>
        this.finishValidated(ex, provider, op, response, scenario)

      // Security: a bearer token must be present and well formed; what it grants is the provider's business.
      let principal = {}
      if (op.secured) {
        const header = req.headers.authorization
        const token = header ? bearerToken(header) : null
        if (token === null) {
          return reply(
            provider.error({
              status: 401,
              message: header ? 'Authorization header must be "Bearer <token>"' : 'missing Authorization header',
              details: [
                { path: '/header/authorization', message: header ? 'must be "Bearer <token>"' : 'is required' },
              ],
            }),
          )
        }
        const outcome = provider.authenticate(token, op, state, session.clock)
        const auth = outcome instanceof Promise ? await outcome : outcome
        if (!auth.ok) return reply(provider.error(auth.error))
        principal = auth.principal
      }

      const checked = checkRequest(
        compiled.plans.get(op.operationId) as RequestPlan,
        req,
        route.params,
        this.maxBodyBytes,
      )
      if (!checked.ok) return reply(provider.error(checked.error))

      let resolved: Resolved | null
      try {
        resolved = this.resolve(compiled, op, req, session)
      } catch (err) {
        if (!(err instanceof SelectionError)) throw err
        const response = provider.error({
          status: 400,
          message: err.message,
          details: [{ path: `/header/${err.header}`, message: err.message }],
        })
        return this.finish(
          ex,
          { ...response, headers: { ...response.headers, 'x-standin-error': 'selection' } },
          null,
          [],
        )
      }

      const call: OperationCall<unknown> = {
        provider: provider.name,
        operation: op,
        params: checked.value.params,
        query: checked.value.query,
        headers: req.headers,
        body: checked.value.body,
        principal,
        state,
        clock: session.clock,
        derive: session.derive,
      }
      const behaviour = provider.behaviours[op.operationId]
      const runDefault = async (): Promise<MockResponse> => {
        if (!behaviour) throw new Error(`${provider.name} has no behaviour for ${op.operationId}`)
        return behaviour(call)
      }
      let response: MockResponse
      try {
        if (resolved) response = await this.run(resolved, call, session, provider, runDefault)
        else if (!behaviour) response = await runDefault()
        else {
          // The default behaviour, awaited only when it is asynchronous (most answer at once).
          const answer = behaviour(call)
          response = answer instanceof Promise ? await answer : answer
        }
      } catch (err) {
        // A behaviour that throws is a standin bug: answer in the provider's envelope, record it; in strict mode fail.
        const message = err instanceof Error ? err.message : String(err)
        const failure = provider.error({
          status: 500,
          message: `standin internal error in ${op.operationId}: ${message}`,
        })
        const final = this.finish(ex, failure, resolved?.scenario ?? null, [
          { path: '/', keyword: 'exception', message },
        ])
        if (this.validateResponses === 'throw') throw err
        return final
      }
      return reply(response, resolved?.scenario ?? null)
    } finally {
      session.clock.tick(this.tickMs)
    }
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
  private resolve(compiled: CompiledProvider, op: OperationInfo, req: MockRequest, session: Session): Resolved | null {
    const selection = parseSelection(req.headers)
    const header =
      selection.scenarios.length > 0 && !req.headers.prefer?.includes('scenario=') ? 'x-standin-scenario' : 'prefer'
    for (const name of selection.scenarios) {
      let scenario: Scenario
      try {
        scenario = this.registry.get(name)
      } catch (err) {
        if (err instanceof UnknownScenarioError) throw new SelectionError(err.message, header)
        throw err
      }
      if (scenario.emptyWorld) {
        throw new SelectionError(
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
    if (!found.ok) throw new SelectionError(found.message, 'prefer')
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

  private finishValidated(
    ex: Exchange,
    provider: Provider,
    op: OperationInfo,
    response: MockResponse,
    scenario: string | null,
  ): FinalResponse {
    const violations =
      response.fault || this.validateResponses === 'off' ? [] : validateResponse(provider.contract, op, response)
    const final = this.finish(ex, response, scenario, violations)
    if (violations.length > 0 && this.validateResponses === 'throw') {
      throw new ContractViolationError(provider.name, op.operationId, response.status, violations)
    }
    return final
  }

  /** Serialises the response once (the bytes every adapter sends) and journals the exchange from those bytes. */
  private finish(
    ex: Exchange,
    response: MockResponse,
    scenario: string | null,
    violations: SchemaViolation[],
  ): FinalResponse {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(response.headers)) headers[k.toLowerCase()] = v
    const bodyText = response.body === undefined ? '' : JSON.stringify(response.body)
    if (response.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
    const final: FinalResponse = { ...response, headers, bodyText }
    ex.session.journal.record({
      at: ex.at,
      provider: ex.provider,
      operationId: ex.operationId,
      request: ex.req,
      response: { status: final.status, headers, bodyText, ...(final.fault ? { fault: final.fault.kind } : {}) },
      scenario,
      violations,
      ...(ex.redact ? { redact: ex.redact } : {}),
    })
    return final
  }
}

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

/** Checks a response against the operation's declared responses: status, content type, body schema. */
export function validateResponse(contract: Contract, op: OperationInfo, response: MockResponse): SchemaViolation[] {
  const status = String(response.status)
  const declared =
    op.responses.find((r) => r.status === status) ??
    op.responses.find((r) => r.status.toUpperCase() === `${status[0]}XX`) ??
    op.responses.find((r) => r.status === 'default')
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

export type { ErrorInput, SessionOptions }
