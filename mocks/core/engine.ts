/**
 * The engine: one function per request, shared by every adapter.
 *   route -> security -> request validation -> scenario or default behaviour -> response validation -> journal
 * Everything is compiled at construction (routers, request plans, validators), nothing per request. The engine never
 * sleeps and never touches a socket: delays and faults are returned as data for the adapter to carry out.
 */

import { DEFAULT_TICK_MS } from './clock.js'
import {
  type Contract,
  type OpenApiDocument,
  type OperationInfo,
  resolveRef,
  type SchemaViolation,
} from './contract.js'
import { redactHeaders } from './journal.js'
import { checkRequest, DEFAULT_MAX_BODY_BYTES, parseQuery, planRequest, type RequestPlan } from './request.js'
import { Router } from './router.js'
import { type Scenario, type ScenarioAction, ScenarioRegistry, UnknownScenarioError } from './scenarios.js'
import { hasSelection, parseSelection } from './selection.js'
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
  /** How far the session clock moves after each request. */
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

interface CompiledProvider {
  // biome-ignore lint/suspicious/noExplicitAny: see EngineOptions.providers
  provider: Provider<any>
  router: Router
  plans: Map<string, RequestPlan>
}

interface Resolved {
  action: ScenarioAction
  scenario: string | null
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
    return this.compiled.find((c) => path.startsWith(c.provider.pathPrefix))?.provider
  }

  async handle(req: MockRequest, session: Session, providerName?: string): Promise<FinalResponse> {
    const compiled = providerName
      ? this.compiled.find((c) => c.provider.name === providerName)
      : this.compiled.find((c) => req.path.startsWith(c.provider.pathPrefix))
    const at = session.clock.iso()
    try {
      if (!compiled) return this.finish(session, at, req, null, null, this.noProvider(req), null, [])
      return await this.handleFor(compiled, req, session, at)
    } finally {
      session.clock.advance(this.tickMs)
    }
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

  private async handleFor(
    compiled: CompiledProvider,
    req: MockRequest,
    session: Session,
    at: string,
  ): Promise<FinalResponse> {
    const { provider } = compiled
    const route = compiled.router.route(req.method, req.path)
    if (route.kind !== 'match') {
      const response =
        route.kind === 'method-not-allowed'
          ? provider.error({
              status: 405,
              message: `${req.method.toUpperCase()} is not allowed on ${req.path}; allowed: ${route.allowed.join(', ')}`,
              headers: { allow: route.allowed.join(', ') },
            })
          : route.kind === 'bad-path'
            ? provider.error({
                status: 400,
                message: route.message,
                details: [{ path: '/path', message: route.message }],
              })
            : provider.error({
                status: 404,
                message: `no ${provider.name} operation at ${req.method.toUpperCase()} ${req.path}`,
                details: [{ path: '/path', message: 'matches no path in the contract' }],
              })
      return this.finish(session, at, req, provider.name, null, response, null, [])
    }

    const op = route.operation
    const state = session.state(provider.name)
    const reply = (response: MockResponse, scenario: string | null = null) =>
      this.finishValidated(session, at, req, provider, op, response, scenario)

    // Security: a bearer token must be present and well formed; what it grants is the provider's business.
    let principal = {}
    if (op.secured) {
      const header = req.headers.authorization
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
      if (!match) {
        return reply(
          provider.error({
            status: 401,
            message: header ? 'Authorization header must be "Bearer <token>"' : 'missing Authorization header',
            details: [{ path: '/header/authorization', message: header ? 'must be "Bearer <token>"' : 'is required' }],
          }),
        )
      }
      const auth = await provider.authenticate(match[1] as string, op, state, session.clock)
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

    let resolved: Resolved | null
    try {
      resolved = this.resolve(provider.name, op, req, session)
    } catch (err) {
      if (!(err instanceof UnknownScenarioError)) throw err
      // The client asked for a scenario that does not exist: say so in the provider's envelope, naming the header.
      const response = provider.error({
        status: 400,
        message: err.message,
        details: [
          {
            path: req.headers['x-standin-scenario'] ? '/header/x-standin-scenario' : '/header/prefer',
            message: err.message,
          },
        ],
      })
      return this.finish(session, at, req, provider.name, op.operationId, response, null, [])
    }

    const behaviour = provider.behaviours[op.operationId]
    const runDefault = async (): Promise<MockResponse> => {
      if (!behaviour) throw new Error(`${provider.name} has no behaviour for ${op.operationId}`)
      return behaviour(call)
    }
    let response: MockResponse
    try {
      response = resolved
        ? await this.run(resolved.action, resolved.scenario, call, session, provider, runDefault)
        : await runDefault()
    } catch (err) {
      // A behaviour that throws is a standin bug: answer in the provider's envelope, record it, and in strict mode fail.
      const message = err instanceof Error ? err.message : String(err)
      const failure = provider.error({
        status: 500,
        message: `standin internal error in ${op.operationId}: ${message}`,
      })
      const violation = { path: '/', keyword: 'exception', message }
      this.finish(session, at, req, provider.name, op.operationId, failure, resolved?.scenario ?? null, [violation])
      if (this.validateResponses === 'throw') throw err
      return this.serialise(failure)
    }
    return reply(response, resolved?.scenario ?? null)
  }

  /** Which action answers: per-request scenarios first, then the session's active ones, then Prism-style examples. */
  private resolve(providerName: string, op: OperationInfo, req: MockRequest, session: Session): Resolved | null {
    const selection = parseSelection(req.headers)
    const names = hasSelection(selection)
      ? [...selection.scenarios, ...session.activeScenarios()]
      : session.activeScenarios()
    for (const name of names) {
      const scenario = this.registry.get(name)
      if (scenario.provider !== providerName) continue
      const action = scenario.operations[op.operationId] ?? scenario.operations['*']
      if (action) return { action, scenario: name }
    }
    if (selection.code !== undefined || selection.example !== undefined) {
      const status = selection.code ?? this.statusOfExample(op, selection.example as string)
      return {
        action: { kind: 'example', status, ...(selection.example ? { example: selection.example } : {}) },
        scenario: `prefer:${selection.code ? `code=${selection.code}` : ''}${selection.code && selection.example ? ',' : ''}${selection.example ? `example=${selection.example}` : ''}`,
      }
    }
    return null
  }

  private statusOfExample(op: OperationInfo, example: string): string {
    const contract = this.contractOf(op)
    for (const r of op.responses) {
      const media = this.mediaOf(contract, op, r.status)
      if (media?.examples?.[example]) return r.status
    }
    return op.responses[0]?.status ?? '200'
  }

  private contractOf(op: OperationInfo): Contract {
    const c = this.compiled.find((x) => x.provider.contract.operations.includes(op))
    if (!c) throw new Error(`no contract holds ${op.operationId}`)
    return c.provider.contract
  }

  private mediaOf(contract: Contract, op: OperationInfo, status: string): OpenApiDocument | undefined {
    const raw = contract.document.paths[op.path][op.method].responses?.[status]
    if (!raw) return undefined
    const [response] = resolveRef(contract.document, raw)
    return { ...response.content?.['application/json'], headers: response.headers }
  }

  private async run(
    action: ScenarioAction,
    scenario: string | null,
    call: OperationCall<unknown>,
    session: Session,
    provider: Provider,
    runDefault: () => Promise<MockResponse>,
  ): Promise<MockResponse> {
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
      case 'example':
        return withDelay(this.exampleResponse(call.operation, action.status, action.example, provider))
      case 'sequence': {
        const key = `${scenario}|${call.operation.operationId}`
        const n = session.sequenceCounters.get(key) ?? 0
        session.sequenceCounters.set(key, n + 1)
        const steps = action.steps
        let step: ScenarioAction | undefined = steps[n]
        if (!step) {
          const then = action.afterLast ?? 'default'
          step =
            then === 'repeat-last'
              ? steps[steps.length - 1]
              : then === 'cycle'
                ? steps[n % steps.length]
                : { kind: 'default' }
        }
        return withDelay(await this.run(step as ScenarioAction, scenario, call, session, provider, runDefault))
      }
    }
  }

  /** Prism's `Prefer: code=..., example=...`: the spec's own example for that status, headers included. */
  private exampleResponse(
    op: OperationInfo,
    status: string,
    example: string | undefined,
    provider: Provider,
  ): MockResponse {
    const contract = this.contractOf(op)
    const media = this.mediaOf(contract, op, status)
    const declared = op.responses.map((r) => r.status)
    if (!media) {
      const message = `${op.operationId} declares no ${status} response; declared: ${declared.join(', ')}`
      return provider.error({ status: 400, message, details: [{ path: '/header/prefer', message }] })
    }
    const entries = Object.entries<OpenApiDocument>(media.examples ?? {})
    const chosen = example ? entries.find(([name]) => name === example) : entries[0]
    if (!chosen) {
      const message = `${op.operationId} ${status} has no example named "${example}"; available: ${entries.map(([n]) => n).join(', ')}`
      return provider.error({ status: 400, message, details: [{ path: '/header/prefer', message }] })
    }
    const headers: Record<string, string> = {}
    for (const [name, raw] of Object.entries<OpenApiDocument>(media.headers ?? {})) {
      const [header] = resolveRef(contract.document, raw)
      const value =
        header.example ?? Object.values<OpenApiDocument>(header.examples ?? {})[0]?.value ?? header.schema?.example
      if (value !== undefined) headers[name.toLowerCase()] = String(value)
    }
    return { status: Number(status), headers, body: resolveRef(contract.document, chosen[1])[0].value }
  }

  private finishValidated(
    session: Session,
    at: string,
    req: MockRequest,
    provider: Provider,
    op: OperationInfo,
    response: MockResponse,
    scenario: string | null,
  ): FinalResponse {
    const violations =
      response.fault || this.validateResponses === 'off' ? [] : validateResponse(provider.contract, op, response)
    const final = this.finish(session, at, req, provider.name, op.operationId, response, scenario, violations)
    if (violations.length > 0 && this.validateResponses === 'throw') {
      throw new ContractViolationError(provider.name, op.operationId, response.status, violations)
    }
    return final
  }

  private serialise(response: MockResponse): FinalResponse {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(response.headers)) headers[k.toLowerCase()] = v
    const bodyText = response.body === undefined ? '' : JSON.stringify(response.body)
    if (response.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
    return { ...response, headers, bodyText }
  }

  private finish(
    session: Session,
    at: string,
    req: MockRequest,
    provider: string | null,
    operationId: string | null,
    response: MockResponse,
    scenario: string | null,
    violations: SchemaViolation[],
  ): FinalResponse {
    const final = this.serialise(response)
    let requestBody: unknown = req.bodyText || undefined
    try {
      if (req.bodyText) requestBody = JSON.parse(req.bodyText)
    } catch {
      // keep the raw text: the journal shows what was really sent
    }
    session.journal.record({
      at,
      provider,
      operationId,
      request: {
        method: req.method.toUpperCase(),
        path: req.path,
        query: parseQuery(req.query),
        headers: redactHeaders(req.headers),
        body: requestBody,
      },
      response: {
        status: final.status,
        headers: final.headers,
        body: response.body,
        ...(final.fault ? { fault: final.fault.kind } : {}),
      },
      scenario,
      violations,
    })
    return final
  }
}

/** Checks a response against the operation's declared responses: status, content type, body schema. */
export function validateResponse(contract: Contract, op: OperationInfo, response: MockResponse): SchemaViolation[] {
  const status = String(response.status)
  const declared =
    op.responses.find((r) => r.status === status) ??
    op.responses.find((r) => r.status.toUpperCase() === `${status[0]}XX`) ??
    op.responses.find((r) => r.status === 'default')
  if (!declared) {
    return [
      {
        path: '/',
        keyword: 'status',
        message: `status ${status} is not declared for ${op.operationId} (declared: ${op.responses.map((r) => r.status).join(', ')})`,
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
