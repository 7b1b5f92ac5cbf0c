/**
 * Data shapes of the EnfinitOS proof chain: receipts, proof packs (envelope.v1), metering.v1, settlement.v1/v2,
 * the runtime key directory and rightProvenance.v1 records. Field names and nullability follow
 * shared/providers/enfinitos.md and the provider's "Seal a proof pack" reference page; only the default `label` is an
 * inferred choice (docs/inferred.md).
 */

/** A JSON value, as `JSON.parse` returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** The unit types a metering record may carry. `CUSTOM` exists upstream but cannot be audited, so it is never emitted. */
export const UNIT_TYPES = [
  'DWELL_SECONDS',
  'IMPRESSION_IN_PLACE',
  'ATTENTION_SECONDS',
  'OCCUPANCY_WEIGHTED_EXPOSURE',
  'COMPLIANT_DELIVERY_MINUTE',
] as const
/** An auditable unit type. */
export type UnitType = (typeof UNIT_TYPES)[number]

/** Metering record statuses. */
export const METER_STATUSES = ['PROJECTED', 'ACCEPTED', 'SETTLED', 'VOID'] as const
/** A metering record status. */
export type MeterStatus = (typeof METER_STATUSES)[number]

/** Settlement party roles. */
export const PARTY_ROLES = [
  'TENANT',
  'VENUE',
  'CUSTOMER',
  'PLATFORM',
  'AGENCY',
  'AFFILIATE',
  'RESELLER',
  'TAX_AUTHORITY',
] as const
/** A settlement party role. */
export type PartyRole = (typeof PARTY_ROLES)[number]

/** Settlement line statuses. */
export const SETTLEMENT_STATUSES = ['PROJECTED', 'ACCEPTED', 'POSTED', 'VOID'] as const
/** A settlement line status. */
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number]

/** Settlement schema versions: v2 is current (idemKey includes the ledger code), v1 is the older one. */
export type SettlementVersion = 'settlement.v2' | 'settlement.v1'

/** The ten-key receipt payload, in canonical order. Nullable keys are sent as `null`, never left out. */
export interface ReceiptPayload {
  version: '1'
  receiptId: string
  correlationId: string | null
  spatialAnchorId: string
  spatialPlacementId: string | null
  issuedAt: string
  renderedAt: string
  /** Integer milliseconds, >= 0. */
  dwellMs: number
  /** Unique per org. */
  nonce: string
  witness: JsonValue | null
}

/** A signed, chained receipt record: what `POST /v1/delivery` returns and what a pack's `records[]` hold. */
export interface ReceiptRecord {
  payload: ReceiptPayload
  keyId: string
  algorithm: 'ed25519'
  /** Ed25519 over UTF-8 of `payloadCanonical + "|" + keyId`, unpadded base64url (86 chars). */
  signature: string
  payloadCanonical: string
  /** The previous record's afterHash, the previous pack's last afterHash, or null at genesis. */
  beforeHash: string | null
  /** Lowercase hex SHA-256 of the canonical payload. */
  afterHash: string
}

/** One metering record (metering.v1). `unitCount` and `weight` are 6-dp decimal strings. */
export interface MeteringRecord {
  idemKey: string
  proofReceiptId: string
  unitType: UnitType
  unitCount: string
  weight: string
  spatialAnchorId: string
  spatialPlacementId: string | null
  observedAt: string
  status: MeterStatus
}

/** Embedded metering (metering.v1). `totals` maps unit type -> 6-dp decimal sum. */
export interface Metering {
  schemaVersion: 'metering.v1'
  orgId: string
  periodStart: string
  periodEnd: string
  records: MeteringRecord[]
  totals: Partial<Record<UnitType, string>>
}

/** One settlement line: one party's share of one meter record. */
export interface SettlementLine {
  idemKey: string
  meterRecordIdemKey: string
  partyRole: PartyRole
  /** 6-dp decimal string; the shares of one meter's lines sum to exactly 1. */
  share: string
  ledgerAccountCode: string
  amountCents: number
  currency: string
  status: SettlementStatus
}

/** Settlement totals. `vatCents` and `passThroughFeeLedgerCodes` follow the inferred rules in docs/inferred.md. */
export interface SettlementTotals {
  grossCents: number
  netToTenantCents: number
  platformFeeCents: number
  vatCents: number
  passThroughFeeLedgerCodes: string[]
}

/** Embedded settlement (settlement.v2 by default, settlement.v1 on request). */
export interface Settlement {
  schemaVersion: SettlementVersion
  orgId: string
  periodStart: string
  periodEnd: string
  currency: string
  /** meter idemKey -> gross integer cents. */
  meterGross: Record<string, number>
  lines: SettlementLine[]
  totals: SettlementTotals
}

/**
 * A sealed proof pack (`envelope.v1`), with exactly the fields of the provider's reference page, in its order. Packs
 * sealed in series are linked by hashes alone: the first record's beforeHash is the previous pack's last afterHash.
 */
export interface ProofPack {
  envelopeVersion: 'envelope.v1'
  /** The seal time. */
  issuedAt: string
  orgId: string
  packId: string
  /** Free text the auditors ignore: the seal request's `label`, or standin's default (inferred). */
  label: string
  records: ReceiptRecord[]
  metering: Metering
  settlement: Settlement
}

/** One published runtime key. `notAfter` and `revokedAt` are always present (null allowed). */
export interface KeyDirectoryEntry {
  keyId: string
  algorithm: 'ed25519'
  /** Unpadded base64url of the 32 raw Ed25519 public key bytes. */
  publicKey: string
  notBefore: string
  notAfter: string | null
  revokedAt: string | null
  purpose?: string
}

/** The public key directory (`data` of `GET /v1/runtime-keys`). */
export interface KeyDirectory {
  keys: KeyDirectoryEntry[]
  issuedAt: string
  snapshotId?: string
}

/**
 * Rights lifecycle events that produce a provenance record: the five the docs list, plus RIGHT_EXPIRED and
 * RIGHT_WITHDRAWN for the two other right statuses (inferred, as in openapi/enfinitos.yaml).
 */
export const PROVENANCE_EVENT_TYPES = [
  'RIGHT_ISSUED',
  'RIGHT_SUSPENDED',
  'RIGHT_REACTIVATED',
  'RIGHT_REVOKED',
  'OFFER_ACCEPTED',
  'RIGHT_EXPIRED',
  'RIGHT_WITHDRAWN',
] as const
/** A provenance event type. */
export type ProvenanceEventType = (typeof PROVENANCE_EVENT_TYPES)[number]

/** A signed rightProvenance.v1 record. */
export interface ProvenanceRecord {
  proofId: string
  orgId: string
  provenanceEventType: ProvenanceEventType
  occurredAt: string
  rightId: string | null
  basisId: string | null
  offerId: string | null
  /** The previous provenance record's afterHash for the same right; null for the first. */
  provenanceBeforeHash: string | null
  /** `sha256:<hex>`: the right's contentHash after the event. */
  provenanceAfterHash: string | null
  signatureAlgorithm: 'ed25519'
  signature: string
  signerKeyId: string
  payloadCanonical: string
}
