/**
 * sealProofPack, listProofPacks, getProofPack. Sealing folds the receipts observed since the last seal into a pack
 * (proof core's sealPack: chained from the previous pack's last afterHash, metering and settlement per the tariff),
 * at most MAX_DELIVERIES_PER_PACK of them, the oldest first (inferred; the rest wait for the next seal and the answer
 * says how many in `X-Standin-Unsealed-Remaining`), labelled with the request's optional `label` or standin's default;
 * with nothing new it answers `{pack: null, sealed: false}`. Packs are listed newest first, a page holding at most
 * MAX_RECORDS_PER_PAGE delivery records (inferred), and fetched by `packId`.
 */
import { commitPack, MAX_DELIVERIES_PER_PACK, nextToSeal } from '../deliveries-model.js'
import { fail, ok, okStable } from '../envelope.js'
import { sealPack } from '../proof/seal.js'
import type { ProofPack } from '../proof/types.js'
import { latest } from '../time.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, pageBy } from './shared.js'

/**
 * A page of listProofPacks stops before the pack that would take it past this many delivery records (always holding
 * at least one pack): 50 full packs would be ~175 MB in one answer. `nextCursor` then points at the first pack left
 * out, as for any short page (inferred, docs/inferred.md).
 */
export const MAX_RECORDS_PER_PAGE = MAX_DELIVERIES_PER_PACK

export const proofPacksBehaviours = {
  sealProofPack(call: Call) {
    const { state } = call
    const { records, remaining } = nextToSeal(state)
    const last = records[records.length - 1]
    if (!last) return ok({ pack: null, sealed: false })
    // The issuer never lets issuedAt go back; if the clock was set back, seal at the last receipt's time.
    const issuedAt = latest(call.clock.iso(), last.payload.issuedAt)
    const label: unknown = call.body?.label
    const pack = sealPack({
      orgId: state.orgId,
      records,
      issuedAt,
      previousPack: state.packs[state.packs.length - 1] ?? null,
      sequence: state.packs.length + 1,
      ...(typeof label === 'string' ? { label } : {}),
    })
    commitPack(state, pack, records)
    emitEvent(state, call.derive, 'proof_pack.sealed', issuedAt, pack)
    const answer = okStable({ pack, sealed: true })
    // The limit is reported when it is hit, never silent: how many deliveries the next seal will take up.
    if (remaining > 0) answer.headers = { ...answer.headers, 'x-standin-unsealed-remaining': String(remaining) }
    return answer
  },

  listProofPacks(call: Call) {
    const { packs } = call.state
    const newestFirst = (index: number) => packs[packs.length - 1 - index] as ProofPack
    const page = pageBy(packs.length, newestFirst, call.query)
    let records = 0
    const kept = page.items.findIndex((pack, i) => {
      records += pack.records.length
      return i > 0 && records > MAX_RECORDS_PER_PAGE
    })
    if (kept < 0) return okStable({ proofPacks: page.items, nextCursor: page.nextCursor, total: page.total })
    const cursor = typeof call.query.cursor === 'number' ? call.query.cursor : 0
    return okStable({ proofPacks: page.items.slice(0, kept), nextCursor: cursor + kept, total: page.total })
  },

  getProofPack(call: Call) {
    const proofPack = call.state.packsById.get(call.params.packId ?? '')
    if (!proofPack)
      return fail(404, `no proof pack ${call.params.packId}`, '/path/packId', 'names no proof pack of this org')
    return okStable({ proofPack })
  },
}
