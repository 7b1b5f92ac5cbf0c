/**
 * Observed deliveries and sealed packs as state changes. The receipt is issued (signed, chained) and the pack sealed
 * by the proof core before these run; they only store.
 */
import { storedPack } from './proof/stored-pack.js'
import type { ProofPack, ReceiptRecord } from './proof/types.js'
import type { EnfinitosState } from './state.js'
import { msOf } from './time.js'

/**
 * At most this many deliveries go into one pack (inferred: the docs say "seal every delivery observed since the last
 * seal" and give no bound). A pack of 1,000 deliveries is ~3.5 MB of JSON; 10,000 would be 35 MB in one answer. The
 * oldest are sealed first; the rest stay unsealed for the next seal, which continues the chain (docs/inferred.md).
 */
export const MAX_DELIVERIES_PER_PACK = 1000

/**
 * Stores an observed delivery: its receipt (unsealed until the next seal) and what it carried besides, the right it
 * was observed against and its telemetry (kept as sent, not interpreted, never signed).
 */
export function recordObservation(
  state: Pick<EnfinitosState, 'receipts' | 'unsealed' | 'observations'>,
  receipt: ReceiptRecord,
  rightId: string,
  telemetry: Record<string, unknown> | null,
): void {
  state.receipts.push(receipt)
  state.unsealed.push(receipt)
  const { receiptId } = receipt.payload
  state.observations.set(receiptId, { receiptId, rightId, telemetry })
}

/**
 * The deliveries the next seal takes: every unsealed one, or the MAX_DELIVERIES_PER_PACK issued first (ties in the
 * order observed), and how many stay for the seal after it.
 */
export function nextToSeal(state: EnfinitosState): { records: ReceiptRecord[]; remaining: number } {
  const { unsealed } = state
  if (unsealed.length <= MAX_DELIVERIES_PER_PACK) return { records: unsealed, remaining: 0 }
  const ordered = unsealed
    .map((record, index) => ({ record, index, t: msOf(record.payload.issuedAt) }))
    .sort((a, b) => a.t - b.t || a.index - b.index)
  return {
    records: ordered.slice(0, MAX_DELIVERIES_PER_PACK).map((o) => o.record),
    remaining: unsealed.length - MAX_DELIVERIES_PER_PACK,
  }
}

/**
 * Stores a sealed pack (oldest first, and by id); the receipts it sealed (`sealed`, default every unsealed one) are no
 * longer pending. The pack is kept in the stored form, in place (proof/stored-pack.ts): its metering and settlement
 * are rebuilt from its records when read, which keeps a 1,000-delivery pack ~1.5 MB smaller; it reads as before.
 */
export function commitPack(
  state: Pick<EnfinitosState, 'packs' | 'packsById' | 'unsealed'>,
  pack: ProofPack,
  sealed: readonly ReceiptRecord[] = state.unsealed,
): void {
  storedPack(pack)
  state.packs.push(pack)
  state.packsById.set(pack.packId, pack)
  if (sealed.length === state.unsealed.length) state.unsealed = []
  else {
    const done = new Set(sealed)
    state.unsealed = state.unsealed.filter((record) => !done.has(record))
  }
}
