/**
 * Observed deliveries and sealed packs as state changes. The receipt is issued (signed, chained) and the pack sealed
 * by the proof core before these run; they only store.
 */
import type { ProofPack, ReceiptRecord } from './proof/types.js'
import type { EnfinitosState } from './state.js'

/**
 * Stores an observed delivery: its receipt (unsealed until the next seal) and what it carried besides, the right it
 * was observed against and its telemetry (kept as sent, not interpreted, never signed).
 */
export function recordObservation(
  state: EnfinitosState,
  receipt: ReceiptRecord,
  rightId: string,
  telemetry: Record<string, unknown> | null,
): void {
  state.receipts.push(receipt)
  state.unsealed.push(receipt)
  const { receiptId } = receipt.payload
  state.observations.set(receiptId, { receiptId, rightId, telemetry })
}

/** Stores a sealed pack (oldest first, and by id); the receipts it sealed are no longer pending. */
export function commitPack(state: EnfinitosState, pack: ProofPack): void {
  state.packs.push(pack)
  state.packsById.set(pack.packId, pack)
  state.unsealed = []
}
