/**
 * Typed scenario actions for EnfinitOS: a static body that does not match the types generated from
 * openapi/enfinitos.yaml (`generated/enfinitos.ts`) fails `tsc --noEmit`, and the test suite validates every one
 * against the spec at runtime.
 */
import type { operations } from '../../generated/enfinitos.js'
import type { ScenarioAction } from '../../mocks/core/scenarios.js'
import type { MockResponse, OperationCall } from '../../mocks/core/types.js'
import type { EnfinitosState } from '../../mocks/enfinitos/state.js'

type EnfinitosOperation = keyof operations
type Statuses<Op extends EnfinitosOperation> = keyof operations[Op]['responses'] & number
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

/** The JSON body of `status` for `operationId`, as generated from the spec. */
export type EnfinitosBody<Op extends EnfinitosOperation, S extends Statuses<Op>> = JsonOf<
  operations[Op]['responses'][S]
>

/** A static response for one operation: `operations: { ...respond('sealProofPack', 200, {...}) }`. */
export function respond<Op extends EnfinitosOperation, S extends Statuses<Op>>(
  operationId: Op,
  status: S,
  body: EnfinitosBody<Op, S>,
  headers: Record<string, string> = {},
): Record<Op, ScenarioAction> {
  return { [operationId]: { kind: 'respond', status, body, headers } } as unknown as Record<Op, ScenarioAction>
}

/** Custom code: gets the validated call (typed state) and `next()` (the default behaviour). */
export function custom<Op extends EnfinitosOperation>(
  operationId: Op,
  run: (call: OperationCall<EnfinitosState>, next: () => Promise<MockResponse>) => MockResponse | Promise<MockResponse>,
): Record<Op, ScenarioAction> {
  const action: ScenarioAction = {
    kind: 'custom',
    run: (call, next) => run(call as OperationCall<EnfinitosState>, next),
  }
  return { [operationId]: action } as Record<Op, ScenarioAction>
}

/**
 * Rewrites the success body of the default behaviour with typed code: `edit` gets the 200 body as generated from the
 * spec and returns the body to serve (plus optional headers); other statuses pass through untouched.
 */
export function editSuccess<Op extends EnfinitosOperation>(
  operationId: Op,
  edit: (
    body: EnfinitosBody<Op, 200 & Statuses<Op>>,
    call: OperationCall<EnfinitosState>,
  ) => { body: EnfinitosBody<Op, 200 & Statuses<Op>>; headers?: Record<string, string> },
): Record<Op, ScenarioAction> {
  return custom(operationId, async (call, next) => {
    const response = await next()
    if (response.status !== 200 || response.fault) return response
    const out = edit(structuredClone(response.body) as EnfinitosBody<Op, 200 & Statuses<Op>>, call)
    return { ...response, headers: { ...response.headers, ...out.headers }, body: out.body }
  })
}
