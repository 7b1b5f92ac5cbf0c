/** Typed scenario actions for EnfinitOS, checked against `generated/enfinitos.ts` (see core/typed-actions.ts). */
import type { operations } from '../../../generated/enfinitos.js'
import { typedActions } from '../../core/typed-actions.js'
import type { EnfinitosState } from '../state.js'

export const { respond, custom, respondFrom, editSuccess } = typedActions<operations, EnfinitosState>()
