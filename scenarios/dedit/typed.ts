/**
 * Typed scenario actions for Dedit: a response body that does not match the types generated from openapi/dedit.yaml
 * (`generated/dedit.ts`) fails `tsc --noEmit`, and the test suite validates every one against the spec at runtime.
 */
import type { operations } from '../../generated/dedit.js'
import type { ScenarioAction } from '../../mocks/core/scenarios.js'
import type { MockResponse, OperationCall } from '../../mocks/core/types.js'
import type { DeditState } from '../../mocks/dedit/world.js'

type DeditOperation = keyof operations
type Statuses<Op extends DeditOperation> = keyof operations[Op]['responses'] & number
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

/** The JSON body of `status` for `operationId`, as generated from the spec. */
export type DeditBody<Op extends DeditOperation, S extends Statuses<Op>> = JsonOf<operations[Op]['responses'][S]>

/** A static response for one operation: `operations: { ...respond('getSubscription', 200, {...}) }`. */
export function respond<Op extends DeditOperation, S extends Statuses<Op>>(
  operationId: Op,
  status: S,
  body: DeditBody<Op, S>,
  headers: Record<string, string> = {},
): Record<Op, ScenarioAction> {
  return { [operationId]: { kind: 'respond', status, body, headers } } as unknown as Record<Op, ScenarioAction>
}

/** A typed reply of custom code: a status of the operation and a body of that status's generated type. */
export interface TypedReply<Op extends DeditOperation, S extends Statuses<Op>> {
  status: S
  body: DeditBody<Op, S>
  headers?: Record<string, string>
}

/** Custom code's other answer: a response it got from `next()` (the default behaviour), passed on untouched. */
export interface Passthrough {
  passthrough: MockResponse
}

/**
 * Custom code whose answer is typed: it gets the validated call and `next()` (the default behaviour) and returns
 * either a typed reply or `{ passthrough: response }`.
 */
export function respondFrom<Op extends DeditOperation, S extends Statuses<Op>>(
  operationId: Op,
  run: (
    call: OperationCall<DeditState>,
    next: () => Promise<MockResponse>,
  ) => TypedReply<Op, S> | Passthrough | Promise<TypedReply<Op, S> | Passthrough>,
): Record<Op, ScenarioAction> {
  const action: ScenarioAction = {
    kind: 'custom',
    run: async (call, next) => {
      const out = await run(call as OperationCall<DeditState>, next)
      if ('passthrough' in out) return out.passthrough
      return { status: out.status, headers: { ...out.headers }, body: out.body }
    },
  }
  return { [operationId]: action } as Record<Op, ScenarioAction>
}
