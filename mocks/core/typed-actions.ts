/**
 * Typed scenario actions, for any provider: parameterised by the `operations` type openapi-typescript generates from
 * the provider's spec and by the provider's state. A static body that does not match the generated types fails
 * `tsc --noEmit`, and the test suite validates every one against the spec at runtime. Each provider's
 * `scenarios/actions.ts` is one instantiation: `typedActions<operations, State>()`.
 */
import type { ScenarioAction } from './scenarios.js'
import type { MockResponse, OperationCall } from './types.js'

/** The shape every generated `operations` entry has: responses keyed by status. */
type Operations<Ops> = { [Op in keyof Ops]: { responses: object } }

/** The statuses `Op` declares. */
export type StatusOf<Ops extends Operations<Ops>, Op extends keyof Ops> = keyof Ops[Op]['responses'] & number

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

/** The JSON body of `status` for `Op`, as generated from the spec. */
export type BodyOf<Ops extends Operations<Ops>, Op extends keyof Ops, S extends StatusOf<Ops, Op>> = JsonOf<
  Ops[Op]['responses'][S]
>

/** A typed reply of custom code: a status of the operation and a body of that status's generated type. */
export interface TypedReply<Ops extends Operations<Ops>, Op extends keyof Ops, S extends StatusOf<Ops, Op>> {
  status: S
  body: BodyOf<Ops, Op, S>
  headers?: Record<string, string>
}

/** Custom code's other answer: a response it got from `next()` (the default behaviour), passed on untouched. */
export interface Passthrough {
  passthrough: MockResponse
}

type Next = () => Promise<MockResponse>

export interface TypedActions<Ops extends Operations<Ops>, State> {
  /** A static response for one operation: `operations: { ...respond('sealProofPack', 200, {...}) }`. */
  respond<Op extends keyof Ops & string, S extends StatusOf<Ops, Op>>(
    operationId: Op,
    status: S,
    body: BodyOf<Ops, Op, S>,
    headers?: Record<string, string>,
  ): Record<Op, ScenarioAction>
  /** Custom code: gets the validated call (typed state) and `next()` (the default behaviour). */
  custom<Op extends keyof Ops & string>(
    operationId: Op,
    run: (call: OperationCall<State>, next: Next) => MockResponse | Promise<MockResponse>,
  ): Record<Op, ScenarioAction>
  /**
   * Custom code whose answer is typed: it returns either a typed reply or `{ passthrough: response }` (e.g. the
   * response of `next()` when it is not the one to rewrite).
   */
  respondFrom<Op extends keyof Ops & string, S extends StatusOf<Ops, Op>>(
    operationId: Op,
    run: (
      call: OperationCall<State>,
      next: Next,
    ) => TypedReply<Ops, Op, S> | Passthrough | Promise<TypedReply<Ops, Op, S> | Passthrough>,
  ): Record<Op, ScenarioAction>
  /**
   * Rewrites the 200 body of the default behaviour with typed code: `edit` gets the body as generated from the spec
   * and returns the body to serve (plus optional headers); other statuses and faults pass through untouched.
   */
  editSuccess<Op extends keyof Ops & string>(
    operationId: Op,
    edit: (
      body: BodyOf<Ops, Op, 200 & StatusOf<Ops, Op>>,
      call: OperationCall<State>,
    ) => { body: BodyOf<Ops, Op, 200 & StatusOf<Ops, Op>>; headers?: Record<string, string> },
  ): Record<Op, ScenarioAction>
}

/** The typed actions of one provider (see the module comment). */
export function typedActions<Ops extends Operations<Ops>, State>(): TypedActions<Ops, State> {
  const one = <Op extends string>(operationId: Op, action: ScenarioAction) =>
    ({ [operationId]: action }) as Record<Op, ScenarioAction>
  const custom: TypedActions<Ops, State>['custom'] = (operationId, run) =>
    one(operationId, { kind: 'custom', run: (call, next) => run(call as OperationCall<State>, next) })
  return {
    respond: (operationId, status, body, headers = {}) => one(operationId, { kind: 'respond', status, body, headers }),
    custom,
    respondFrom: (operationId, run) =>
      custom(operationId, async (call, next) => {
        const out = await run(call, next)
        if ('passthrough' in out) return out.passthrough
        return { status: out.status, headers: { ...out.headers }, body: out.body }
      }),
    editSuccess: (operationId, edit) =>
      custom(operationId, async (call, next) => {
        const response = await next()
        if (response.status !== 200 || response.fault) return response
        const out = edit(structuredClone(response.body) as Parameters<typeof edit>[0], call)
        return { ...response, headers: { ...response.headers, ...out.headers }, body: out.body }
      }),
  }
}
