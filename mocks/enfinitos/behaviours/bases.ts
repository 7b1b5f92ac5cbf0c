/** registerBasis, listBases. */
import { ok } from '../envelope.js'
import { registerBasis } from '../rights-model.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, effectiveWindow, isResponse } from './shared.js'

export const basesBehaviours = {
  registerBasis(call: Call) {
    const { state, derive } = call
    const at = call.clock.iso()
    const window = effectiveWindow(call.body)
    if (isResponse(window)) return window
    const { effectiveFrom, effectiveUntil } = window
    const basis = registerBasis(
      state,
      derive,
      { kind: call.body.kind, description: call.body.description, effectiveFrom, effectiveUntil },
      at,
    )
    emitEvent(state, derive, 'basis.registered', at, basis)
    return ok({ basis })
  },

  listBases(call: Call) {
    const bases = [...call.state.bases.values()]
    return ok({ bases, total: bases.length })
  },
}
