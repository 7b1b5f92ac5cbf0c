/**
 * `defineScenario`: custom scenarios typed against the generated types (docs/scenarios.md).
 *
 *   defineScenario({
 *     name: 'team:rights.issue.busy-then-ok',
 *     provider: 'enfinitos',
 *     description: 'issueRight answers 429 once, then behaves normally.',
 *     responses: {
 *       issueRight: sequence([providerError({ status: 429, message: 'busy', headers: { 'retry-after': '1' } }), 'default']),
 *     },
 *   })
 *
 * The compiler rejects an operationId the provider does not have, a status the operation does not declare and a body
 * that is not the generated type of its status. At run time the same mistakes (from JavaScript, or past a cast) throw a
 * ScenarioDefinitionError naming the close matches, here and again when an engine registers the scenario. What comes
 * out is a plain `Scenario` of the core model: sequences count calls per session (`reset()` starts them again), so the
 * same seed gives the same bytes in every adapter.
 */
import type { Contract, OperationInfo } from './core/contract.js'
import { ScenarioDefinitionError, type ScenarioDefinitionField } from './core/errors.js'
import { ExampleIndex } from './core/examples.js'
import { checkScenario, closeMatches, type Scenario, type ScenarioAction } from './core/scenarios.js'
import type { ErrorDetail, Fault, MockResponse, OperationCall } from './core/types.js'
import { createProviders, PROVIDER_NAMES } from './providers.js'
import type {
  AnyResponseBodyOf,
  OperationName,
  ProviderName,
  RequestBodyOf,
  ResponseBodyOf,
  ResponseStatusOf,
} from './typed.js'

/** Tags the steps the helpers below build, so a plain object is never mistaken for one. */
const STEP: unique symbol = Symbol('standin.scenario-step')

/** At most this many calls are spelled out in one sequence (`times` included) before its `afterLast`. */
export const MAX_SEQUENCE_CALLS = 1000

type Headers = Record<string, string>
type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9
type ToNumber<T> = T extends `${infer N extends number}` ? N : never
/** 400 to 599: the statuses an error in the provider's envelope may have. */
type ErrorStatus = ToNumber<`${4 | 5}${Digit}${Digit}`>
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never

type BodyField<B> = [B] extends [undefined] ? { body?: undefined } : { body: B }

/** A response of operation `O` written out: one of its declared statuses and the body generated for that status. */
export type ScenarioReply<P extends ProviderName, O extends OperationName<P>> = {
  [S in ResponseStatusOf<P, O>]: { status: S; headers?: Headers } & BodyField<ResponseBodyOf<P, O, S>>
}[ResponseStatusOf<P, O>]

/** What `providerError` takes: the provider builds its own error envelope from it (the code defaults per status). */
export interface ProviderErrorInput<S extends number = number, C extends string = string> {
  status: S
  /** The provider's error code; typed from the spec where the envelope has one (EnfinitOS), absent where not (Dedit). */
  code?: C
  message: string
  details?: readonly ErrorDetail[]
  headers?: Headers
}

export interface ProviderErrorStep<S extends number = number, C extends string = string> {
  readonly [STEP]: 'error'
  readonly error: ProviderErrorInput<S, C>
}

export interface FaultStep {
  readonly [STEP]: 'fault'
  readonly fault: Fault
}

export interface ExampleStep<S extends number = number> {
  readonly [STEP]: 'example'
  readonly status: S
  readonly example?: string
}

export interface DelayStep<T> {
  readonly [STEP]: 'delay'
  readonly ms: number
  readonly step: T
}

export interface Times<T> {
  readonly [STEP]: 'times'
  readonly count: number
  readonly step: T
}

/** After a sequence's last step: the default behaviour (the default), the last step again, or from the start. */
export type SequenceEnd = 'default' | 'repeat-last' | 'cycle'

export interface Sequence<T> {
  readonly [STEP]: 'sequence'
  readonly steps: readonly (T | Times<T>)[]
  readonly afterLast: SequenceEnd
}

declare const answered: unique symbol

/** What `next()` gives custom code: the default behaviour's answer, to return as it is or to read. */
export interface DefaultAnswer<P extends ProviderName, O extends OperationName<P>> {
  readonly [answered]: true
  readonly status: number
  readonly headers: Headers
  readonly body?: AnyResponseBodyOf<P, O>
}

/** The validated call custom code gets: the request body typed from the spec. */
export type ScenarioCall<P extends ProviderName, O extends OperationName<P>> = Omit<
  OperationCall<unknown>,
  'body' | 'state'
> & { body: RequestBodyOf<P, O> }

type CustomResult<P extends ProviderName, O extends OperationName<P>> = ScenarioReply<P, O> | DefaultAnswer<P, O>

/** Custom code: answers with a typed reply, or with what `next()` (the default behaviour) answered. */
export type CustomStep<P extends ProviderName, O extends OperationName<P>> = (
  call: ScenarioCall<P, O>,
  next: () => Promise<DefaultAnswer<P, O>>,
) => CustomResult<P, O> | Promise<CustomResult<P, O>>

type CodeOf<B> = B extends { error: { code: infer C extends string } } ? C : never

type ErrorStepOf<P extends ProviderName, O extends OperationName<P>> = {
  [S in ResponseStatusOf<P, O> & ErrorStatus]: ProviderErrorStep<S, CodeOf<ResponseBodyOf<P, O, S>>>
}[ResponseStatusOf<P, O> & ErrorStatus]

type PlainStep<P extends ProviderName, O extends OperationName<P>> =
  | 'default'
  | ScenarioReply<P, O>
  | ErrorStepOf<P, O>
  | FaultStep
  | ExampleStep<ResponseStatusOf<P, O>>
  | CustomStep<P, O>

/** One answer of operation `O`. */
export type ScenarioStep<P extends ProviderName, O extends OperationName<P>> =
  | PlainStep<P, O>
  | DelayStep<PlainStep<P, O>>

/** How operation `O` answers while the scenario is active: one step for every call, or a sequence. */
export type OperationAnswer<P extends ProviderName, O extends OperationName<P>> =
  | ScenarioStep<P, O>
  | Sequence<ScenarioStep<P, O>>

/** The error statuses every operation of `P` declares: what `*` may answer with. */
type CommonErrorStatus<P extends ProviderName> =
  UnionToIntersection<{ [O in OperationName<P>]: { s: ResponseStatusOf<P, O> } }[OperationName<P>]> extends {
    s: infer S
  }
    ? S & ErrorStatus
    : never

type WildStep<P extends ProviderName> = 'default' | ProviderErrorStep<CommonErrorStatus<P>> | FaultStep
/** What `*` (every operation of the provider) may answer: the default, an error every operation declares, a fault. */
export type WildcardAnswer<P extends ProviderName> =
  | WildStep<P>
  | DelayStep<WildStep<P>>
  | Sequence<WildStep<P> | DelayStep<WildStep<P>>>

export interface ScenarioDefinition<P extends ProviderName> {
  /** Selectable like the built-in ones (`X-Standin-Scenario`, `Prefer: scenario=`, `use()`): no spaces, commas, `;`. */
  name: string
  provider: P
  /** One line, shown in `standin scenarios` and the catalogue. */
  description: string
  /** Start the provider's world empty while this scenario is active. */
  emptyWorld?: boolean
  /** How each operation answers, by operationId; `*` covers every operation the others do not name. */
  responses: { [O in OperationName<P>]?: OperationAnswer<P, O> } & { '*'?: WildcardAnswer<P> }
}

/** A definition for any provider: `provider` picks which operations and bodies `responses` is checked against. */
export type AnyScenarioDefinition = { [P in ProviderName]: ScenarioDefinition<P> }[ProviderName]

// ---- the helpers -------------------------------------------------------------------------------------------------

/**
 * One step per call, in order; `times(n, step)` spells out n calls. After the last: `afterLast` (default `'default'`, the
 * normal behaviour; `'repeat-last'`; `'cycle'`). Counted per session and operation; `reset()` starts it again.
 */
export function sequence<T>(
  steps: readonly NoInfer<T | Times<T>>[],
  options: { afterLast?: SequenceEnd } = {},
): Sequence<T> {
  return Object.freeze({ [STEP]: 'sequence' as const, steps: [...steps], afterLast: options.afterLast ?? 'default' })
}

/** `count` calls answered by `step`, inside a `sequence`. */
export function times<T>(count: number, step: NoInfer<T>): Times<T> {
  return Object.freeze({ [STEP]: 'times' as const, count, step })
}

/** An error in the provider's own envelope (EnfinitOS `{ok: false, error}`, Dedit `{statusCode, error, message}`). */
export function providerError<const S extends number, const C extends string = never>(
  input: ProviderErrorInput<S, C>,
): ProviderErrorStep<S, NoInfer<C>> {
  return Object.freeze({ [STEP]: 'error' as const, error: input })
}

/** A failure on the wire, carried out for real by each adapter: `'network-error'`, `'reset'`, `'truncated-body'`, or a timeout. */
export function fault(fault: Exclude<Fault['kind'], 'timeout'> | Fault): FaultStep {
  return Object.freeze({ [STEP]: 'fault' as const, fault: typeof fault === 'string' ? { kind: fault } : fault })
}

/** The spec's example for a declared status (the first, or the one named), as Prism serves it. */
export function specExample<const S extends number>(status: S, example?: string): ExampleStep<S> {
  return Object.freeze({ [STEP]: 'example' as const, status, ...(example === undefined ? {} : { example }) })
}

/** `step` (default: the normal behaviour) after `ms` milliseconds. */
export function delay(ms: number): DelayStep<'default'>
export function delay<T>(ms: number, step: NoInfer<T>): DelayStep<T>
export function delay(ms: number, step: unknown = 'default'): DelayStep<unknown> {
  return Object.freeze({ [STEP]: 'delay' as const, ms, step })
}

// ---- defineScenario ----------------------------------------------------------------------------------------------

/**
 * A custom scenario, checked: pass it to `createStandin({ extraScenarios })` (or any engine) and select it by name.
 * Throws a ScenarioDefinitionError for an unknown provider or operationId (with close matches), an undeclared status,
 * a spec example that does not exist, or a malformed step.
 */
export function defineScenario(definition: AnyScenarioDefinition): Scenario {
  const { name, provider, description, responses } = definition
  const known = knownProviders()
  // Name, description and provider first: the operations are checked against the provider once it is known.
  checkScenario({ name, description, provider, operations: {} }, known.operationIds)
  const contract = known.contracts.get(provider) as Contract
  const fail = failure(name)
  if (typeof responses !== 'object' || responses === null) fail('operation', '', 'responses must be an object')
  const operations: Record<string, ScenarioAction> = {}
  for (const [operationId, answer] of Object.entries(responses as Record<string, unknown>)) {
    const ids = known.operationIds.get(provider) ?? []
    if (operationId !== '*' && !ids.includes(operationId)) {
      fail('operation', operationId, `${provider} has no operation "${operationId}"`, closeMatches(operationId, ids))
    }
    const op = operationId === '*' ? null : contract.operation(operationId)
    const ctx: Context = { fail, provider, contract, op, where: operationId }
    operations[operationId] = answerAction(answer, ctx)
  }
  const scenario: Scenario = { name, description, provider, operations }
  if (definition.emptyWorld) scenario.emptyWorld = true
  return scenario
}

type Fail = (field: ScenarioDefinitionField, value: string, problem: string, suggestions?: string[]) => never

const failure =
  (scenario: string): Fail =>
  (field, value, problem, suggestions = []) => {
    throw new ScenarioDefinitionError(String(scenario), field, value, suggestions, problem)
  }

interface Context {
  fail: Fail
  provider: string
  contract: Contract
  /** null for `*`: every operation of the provider. */
  op: OperationInfo | null
  /** Where in the definition, for messages: `issueRight`, `issueRight[2]`. */
  where: string
}

/** Every provider's contract and operationIds, built once (the contracts are loaded once per process anyway). */
let known: { contracts: Map<string, Contract>; operationIds: Map<string, string[]> } | undefined
function knownProviders(): NonNullable<typeof known> {
  if (!known) {
    const providers = createProviders(PROVIDER_NAMES)
    known = {
      contracts: new Map(providers.map((p) => [p.name, p.contract])),
      operationIds: new Map(providers.map((p) => [p.name, p.contract.operations.map((op) => op.operationId)])),
    }
  }
  return known
}

const examples = new Map<Contract, ExampleIndex>()
function examplesOf(contract: Contract): ExampleIndex {
  const index = examples.get(contract) ?? new ExampleIndex(contract)
  examples.set(contract, index)
  return index
}

const tagOf = (step: unknown): string | undefined =>
  typeof step === 'object' && step !== null ? (step as { [STEP]?: string })[STEP] : undefined

/** An operation's answer: a sequence, or one step for every call. */
function answerAction(answer: unknown, ctx: Context): ScenarioAction {
  if (tagOf(answer) !== 'sequence') return stepAction(answer, ctx)
  const { steps, afterLast } = answer as Sequence<unknown>
  if (!Array.isArray(steps) || steps.length === 0) ctx.fail('step', ctx.where, `${ctx.where}: a sequence needs steps`)
  if (!['default', 'repeat-last', 'cycle'].includes(afterLast)) {
    ctx.fail('step', String(afterLast), `${ctx.where}: afterLast is 'default', 'repeat-last' or 'cycle'`)
  }
  const actions: ScenarioAction[] = []
  steps.forEach((entry, i) => {
    const inner = { ...ctx, where: `${ctx.where}[${i}]` }
    const isTimes = tagOf(entry) === 'times'
    const count = isTimes ? (entry as Times<unknown>).count : 1
    if (!Number.isInteger(count) || count < 1) {
      ctx.fail('step', String(count), `${inner.where}: times() takes a whole number of calls, at least 1`)
    }
    if (actions.length + count > MAX_SEQUENCE_CALLS) {
      ctx.fail('step', ctx.where, `${ctx.where}: a sequence spells out at most ${MAX_SEQUENCE_CALLS} calls`)
    }
    const action = stepAction(isTimes ? (entry as Times<unknown>).step : entry, inner)
    for (let n = 0; n < count; n++) actions.push(action)
  })
  return { kind: 'sequence', steps: actions, afterLast }
}

/** One step (not a sequence) as the core's action. */
function stepAction(step: unknown, ctx: Context): ScenarioAction {
  if (step === 'default') return { kind: 'default' }
  if (typeof step === 'function') return customAction(step as CustomStep<never, never>, ctx)
  const tag = tagOf(step)
  if (tag === 'error') return errorAction((step as ProviderErrorStep).error, ctx)
  if (tag === 'fault') return { kind: 'fault', fault: { ...(step as FaultStep).fault } }
  if (tag === 'example') return exampleAction(step as ExampleStep, ctx)
  if (tag === 'delay') return delayAction(step as DelayStep<unknown>, ctx)
  if (tag === 'sequence' || tag === 'times') {
    ctx.fail(
      'step',
      ctx.where,
      `${ctx.where}: ${tag === 'times' ? 'times() belongs in' : 'a sequence cannot hold'} a sequence`,
    )
  }
  if (typeof step === 'object' && step !== null && typeof (step as { status?: unknown }).status === 'number') {
    return replyAction(step as { status: number; body?: unknown; headers?: Headers }, ctx)
  }
  return ctx.fail(
    'step',
    describe(step),
    `${ctx.where}: not a step; use 'default', {status, body}, providerError(), fault(), specExample(), delay(), sequence() or a function`,
  )
}

function delayAction(step: DelayStep<unknown>, ctx: Context): ScenarioAction {
  if (!Number.isInteger(step.ms) || step.ms < 0) {
    ctx.fail('step', String(step.ms), `${ctx.where}: delay() takes whole milliseconds, at least 0`)
  }
  if (tagOf(step.step) === 'delay') ctx.fail('step', ctx.where, `${ctx.where}: a delay cannot hold a delay`)
  return { ...stepAction(step.step, ctx), delayMs: step.ms }
}

function errorAction(input: ProviderErrorInput, ctx: Context): ScenarioAction {
  if (!Number.isInteger(input.status) || input.status < 400 || input.status > 599) {
    ctx.fail('status', String(input.status), `${ctx.where}: providerError() takes a status from 400 to 599`)
  }
  declared(input.status, ctx)
  const { details, headers, ...rest } = input
  return {
    kind: 'error',
    error: {
      ...rest,
      ...(details ? { details: details.map((d) => ({ path: d.path, message: d.message })) } : {}),
      ...(headers ? { headers: { ...headers } } : {}),
    },
  }
}

function replyAction(reply: { status: number; body?: unknown; headers?: Headers }, ctx: Context): ScenarioAction {
  if (!ctx.op) ctx.fail('step', ctx.where, `'*' cannot serve a written-out body; use providerError() or fault()`)
  declared(reply.status, ctx)
  // A copy: editing the object afterwards does not change what the scenario answers.
  const body = reply.body === undefined ? undefined : structuredClone(reply.body)
  return { kind: 'respond', status: reply.status, headers: { ...reply.headers }, body }
}

function exampleAction(step: ExampleStep, ctx: Context): ScenarioAction {
  const { op } = ctx
  if (!op) return ctx.fail('step', ctx.where, `'*' cannot serve a spec example; name the operation`)
  declared(step.status, ctx)
  const found = examplesOf(ctx.contract).find(op, String(step.status), step.example)
  if (!found.ok) ctx.fail('step', step.example ?? String(step.status), `${ctx.where}: ${found.message}`)
  return { kind: 'example', status: String(step.status), ...(step.example ? { example: step.example } : {}) }
}

function customAction(run: CustomStep<never, never>, ctx: Context): ScenarioAction {
  if (!ctx.op) ctx.fail('step', ctx.where, `'*' cannot run custom code; name the operation`)
  const where = `${ctx.provider}.${ctx.where}`
  return {
    kind: 'custom',
    run: async (call, next) => {
      const out = (await run(call as never, next as never)) as unknown as MockResponse | undefined
      if (typeof out !== 'object' || out === null || typeof out.status !== 'number') {
        throw new TypeError(
          `custom step of ${where} answered ${describe(out)}; return {status, body} or next()'s answer`,
        )
      }
      return { ...out, headers: { ...out.headers } }
    },
  }
}

/** The status must be one the operation declares (for `*`: one every operation declares). */
function declared(status: number, ctx: Context): void {
  const ops = ctx.op ? [ctx.op] : ctx.contract.operations
  const missing = ops.filter((op) => !op.responses.some((r) => r.status === String(status)))
  if (missing.length === 0) return
  if (ctx.op) {
    const list = ctx.op.responses.map((r) => r.status).join(', ')
    ctx.fail('status', String(status), `${ctx.where}: ${ctx.op.operationId} declares no ${status} (declared: ${list})`)
  }
  const names = missing.map((op) => op.operationId)
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ')
  ctx.fail('status', String(status), `'*': not every ${ctx.provider} operation declares ${status} (${shown} do not)`)
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? `"${value}"` : String(value)
  return Array.isArray(value) ? 'an array' : 'an object without a status'
}
