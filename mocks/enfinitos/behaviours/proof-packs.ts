/**
 * sealProofPack, listProofPacks, getProofPack. Sealing folds every receipt observed since the last seal into a pack
 * (proof core's sealPack: chained from the previous pack's last afterHash, metering and settlement per the tariff),
 * labelled with the request's optional `label` or standin's default; with nothing new it answers
 * `{pack: null, sealed: false}`. Packs are listed newest first and fetched by `packId`.
 */
import { commitPack } from '../deliveries-model.js'
import { fail, ok } from '../envelope.js'
import { sealPack } from '../proof/seal.js'
import { latest } from '../time.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, pageBy } from './shared.js'

export const proofPacksBehaviours = {
  sealProofPack(call: Call) {
    const { state } = call
    const last = state.unsealed[state.unsealed.length - 1]
    if (!last) return ok({ pack: null, sealed: false })
    // The issuer never lets issuedAt go back; if the clock was set back, seal at the last receipt's time.
    const issuedAt = latest(call.clock.iso(), last.payload.issuedAt)
    const label: unknown = call.body?.label
    const pack = sealPack({
      orgId: state.orgId,
      records: state.unsealed,
      issuedAt,
      previousPack: state.packs[state.packs.length - 1] ?? null,
      sequence: state.packs.length + 1,
      ...(typeof label === 'string' ? { label } : {}),
    })
    commitPack(state, pack)
    emitEvent(state, call.derive, 'proof_pack.sealed', issuedAt)
    return ok({ pack, sealed: true })
  },

  listProofPacks(call: Call) {
    const { packs } = call.state
    const newestFirst = (index: number) => packs[packs.length - 1 - index] as (typeof packs)[number]
    const { items, nextCursor, total } = pageBy(packs.length, newestFirst, call.query)
    return ok({ proofPacks: items, nextCursor, total })
  },

  getProofPack(call: Call) {
    const proofPack = call.state.packsById.get(call.params.packId ?? '')
    if (!proofPack)
      return fail(404, `no proof pack ${call.params.packId}`, '/path/packId', 'names no proof pack of this org')
    return ok({ proofPack })
  },
}
