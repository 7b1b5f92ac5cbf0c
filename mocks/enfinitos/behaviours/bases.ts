/** registerBasis, listBases. */
import { fail, ok } from '../envelope.js'
import { registerBasis } from '../rights-model.js'
import { msOf } from '../time.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, isResponse, timestampAt } from './shared.js'

export const basesBehaviours = {
  registerBasis(call: Call) {
    const { state, derive } = call
    const at = call.clock.iso()
    const effectiveFrom = timestampAt(call.body.effectiveFrom, '/body/effectiveFrom')
    if (isResponse(effectiveFrom)) return effectiveFrom
    const rawUntil: string | null = call.body.effectiveUntil ?? null
    const effectiveUntil = rawUntil === null ? null : timestampAt(rawUntil, '/body/effectiveUntil')
    if (isResponse(effectiveUntil)) return effectiveUntil
    if (effectiveUntil !== null && msOf(effectiveUntil) < msOf(effectiveFrom)) {
      return fail(
        400,
        `effectiveUntil ${effectiveUntil} predates effectiveFrom ${effectiveFrom}`,
        '/body/effectiveUntil',
        'must not predate effectiveFrom',
      )
    }
    const basis = registerBasis(
      state,
      derive,
      { kind: call.body.kind, description: call.body.description, effectiveFrom, effectiveUntil },
      at,
    )
    emitEvent(state, derive, 'basis.registered', at)
    return ok({ basis })
  },

  listBases(call: Call) {
    const bases = [...call.state.bases.values()]
    return ok({ bases, total: bases.length })
  },
}
