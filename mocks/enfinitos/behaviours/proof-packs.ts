/**
 * sealProofPack, listProofPacks, getProofPack. Sealing folds every receipt observed since the last seal into a pack
 * (proof core's sealPack: chained from the previous pack's last afterHash, metering and settlement per the tariff);
 * with nothing new it answers `{pack: null, sealed: false}`. Packs are listed newest first.
 */
import { fail, ok } from '../envelope.js'
import { sealPack } from '../proof/seal.js'
import { latest } from '../time.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, page } from './shared.js'

export const proofPacksBehaviours = {
  sealProofPack(call: Call) {
    const { state } = call
    const last = state.unsealed[state.unsealed.length - 1]
    if (!last) return ok({ pack: null, sealed: false })
    // The issuer never lets issuedAt go back; if the clock was set back, seal at the last receipt's time.
    const sealedAt = latest(call.clock.iso(), last.payload.issuedAt)
    const pack = sealPack({
      orgId: state.orgId,
      records: state.unsealed,
      sealedAt,
      previousPack: state.packs[state.packs.length - 1] ?? null,
    })
    state.packs.push(pack)
    state.unsealed = []
    emitEvent(state, call.derive, 'proof_pack.sealed', sealedAt)
    return ok({ pack, sealed: true })
  },

  listProofPacks(call: Call) {
    const { items, nextCursor, total } = page([...call.state.packs].reverse(), call.query)
    return ok({ proofPacks: items, nextCursor, total })
  },

  getProofPack(call: Call) {
    const proofPack = call.state.packs.find((p) => p.id === call.params.packId)
    if (!proofPack)
      return fail(404, `no proof pack ${call.params.packId}`, '/path/packId', 'names no proof pack of this org')
    return ok({ proofPack })
  },
}
