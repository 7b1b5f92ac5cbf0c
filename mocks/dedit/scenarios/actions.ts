/** Typed scenario actions for Dedit, checked against `generated/dedit.ts` (see core/typed-actions.ts). */
import type { operations } from '../../../generated/dedit.js'
import { typedActions } from '../../core/typed-actions.js'
import type { DeditState } from '../world.js'

export const { respond, custom, respondFrom, editSuccess } = typedActions<operations, DeditState>()
