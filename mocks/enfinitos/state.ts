/**
 * The EnfinitOS state of one session: the sandbox org, its signing key ring and receipt issuer (proof core), and
 * every entity. Maps keep insertion order, which is creation order: lists are stable and deterministic.
 */
import type { KeyRing } from './proof/keys.js'
import type { ReceiptIssuer } from './proof/receipt.js'
import type { ProofPack, ProvenanceRecord, ReceiptRecord } from './proof/types.js'
import type { Basis, Challenge, Offer, Right, WebhookDelivery, WebhookSubscription } from './types.js'

/** A right and its provenance chain (signed lifecycle events, oldest first). */
export interface RightEntry {
  right: Right
  provenance: ProvenanceRecord[]
}

export interface WebhookState {
  subscriptions: Map<string, WebhookSubscription>
  /** subscriptionId -> signing secret. Kept to sign deliveries; returned once, by createWebhook, never again. */
  secrets: Map<string, string>
  deliveries: Map<string, WebhookDelivery>
}

export interface EnfinitosState {
  orgId: string
  tenantId: string
  developerId: string
  /** The org's signing keys; replaced (never mutated) on rotation. Its directory is `GET /v1/runtime-keys`. */
  ring: KeyRing
  /** Signs and chains receipts per org (nonces, receipt ids, beforeHash). */
  issuer: ReceiptIssuer
  bases: Map<string, Basis>
  rights: Map<string, RightEntry>
  offers: Map<string, Offer>
  challenges: Map<string, Challenge>
  /** Every receipt observed, in issue order (metering and settlement read these). */
  receipts: ReceiptRecord[]
  /** Receipts observed since the last seal. */
  unsealed: ReceiptRecord[]
  /** Sealed packs, oldest first. */
  packs: ProofPack[]
  webhooks: WebhookState
}
