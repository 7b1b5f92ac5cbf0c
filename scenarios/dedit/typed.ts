/** Typed scenario actions for Dedit, checked against `generated/dedit.ts` (see ../typed.ts). */
import type { operations } from '../../generated/dedit.js'
import type { DeditState } from '../../mocks/dedit/world.js'
import { type BodyOf, type StatusOf, typedActions } from '../typed.js'

export const { respond, custom, respondFrom, editSuccess } = typedActions<operations, DeditState>()

/** The JSON body of `status` for `operationId`, as generated from the spec. */
export type DeditBody<Op extends keyof operations, S extends StatusOf<operations, Op>> = BodyOf<operations, Op, S>
