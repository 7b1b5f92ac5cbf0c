/** Typed scenario actions for EnfinitOS, checked against `generated/enfinitos.ts` (see ../typed.ts). */
import type { operations } from '../../generated/enfinitos.js'
import type { EnfinitosState } from '../../mocks/enfinitos/state.js'
import { type BodyOf, type StatusOf, typedActions } from '../typed.js'

export const { respond, custom, respondFrom, editSuccess } = typedActions<operations, EnfinitosState>()

/** The JSON body of `status` for `operationId`, as generated from the spec. */
export type EnfinitosBody<Op extends keyof operations, S extends StatusOf<operations, Op>> = BodyOf<operations, Op, S>
