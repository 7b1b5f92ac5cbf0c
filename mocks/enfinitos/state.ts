/**
 * The EnfinitOS state of one session: the sandbox org, its signing key ring and receipt issuer (proof core), and
 * every entity. Maps keep insertion order, which is creation order: lists are stable and deterministic.
 *
 * Behaviours change it in one way: compute and sign first, commit last, so a failure (a 4xx, or no signing key at
 * the session's time) leaves no half-written record.
 */
import type { KeyRing } from './proof/keys.js'
import type { ReceiptIssuer } from './proof/receipt.js'
import type { ProofPack, ProvenanceRecord, ReceiptRecord } from './proof/types.js'
import type { Basis, Challenge, Offer, Right } from './types.js'
import type { WebhookState } from './webhook-state.js'

/** A right and its provenance chain (signed lifecycle events, oldest first). */
export interface RightEntry {
  right: Right
  provenance: ProvenanceRecord[]
}

/**
 * What an observed delivery carried besides its signed receipt: the right it was observed against and its
 * `telemetry` (kept as sent, not interpreted; it is not part of the signed payload, which has exactly ten keys).
 */
interface Observation {
  receiptId: string
  rightId: string
  telemetry: Record<string, unknown> | null
}

export type { SentWebhook, WebhookState } from './webhook-state.js'

export interface EnfinitosState {
  orgId: string
  developerId: string
  /** The org's signing keys; replaced (never mutated) on rotation. Its directory is `GET /v1/runtime-keys`. */
  ring: KeyRing
  /** Signs and chains receipts per org (nonces, receipt ids, beforeHash). */
  issuer: ReceiptIssuer
  bases: Map<string, Basis>
  rights: Map<string, RightEntry>
  offers: Map<string, Offer>
  challenges: Map<string, Challenge>
  /**
   * The earliest instant after which a right (ACTIVE or SUSPENDED, past effectiveUntil) or a PROPOSED offer (past
   * expiresAt) may expire; +Infinity when nothing can. Expiry does nothing until the clock passes it.
   */
  nextExpiryMs: number
  /**
   * How many rights each org can see, by org, then status, then substrate (`*` for any): kept by commitRight and
   * transitionRight (rights-model.ts), so listRights knows its total without scanning every right.
   */
  rightCounts: Map<string, Map<string, Map<string, number>>>
  /** Every receipt observed, in issue order (metering and settlement read these). */
  receipts: ReceiptRecord[]
  /** receiptId -> what the delivery carried besides the receipt. */
  observations: Map<string, Observation>
  /** Receipts observed since the last seal. */
  unsealed: ReceiptRecord[]
  /** Sealed packs, oldest first. */
  packs: ProofPack[]
  /** The same packs by id. */
  packsById: Map<string, ProofPack>
  webhooks: WebhookState
}
