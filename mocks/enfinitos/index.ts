/**
 * `standin/enfinitos`: the EnfinitOS proof chain as a library. Deterministic key rings and the runtime key
 * directory, receipt canonical form, hashing and signing, sealing of proof packs with metering and settlement,
 * signed exports, rights provenance, an independent verifier, catalogues of tamperings, and webhook signatures.
 * The surface is deliberate (pinned by test/public-surface.test.ts): what a team needs to verify what EnfinitOS
 * sends, to build fixtures that verify, and to break them on purpose; the helpers behind them stay internal.
 *
 * Pure code: no HTTP, no global state, no clock and no randomness. Every time comes from the caller, every
 * random-looking value derives from a seed or from content.
 */

/** Receipt canonical form, afterHash and the signed message. */
export {
  afterHashOf,
  canonicalPayload,
  PAYLOAD_KEYS,
  receiptSigningMessage,
} from './proof/canonical.js'
/** Rights entity content hashes (`sha256:<hex>` of sorted-key JSON). */
export { contentHash, sortedJson } from './proof/content-hash.js'
/** 6-dp fixed-point decimals held as bigint micro-units. */
export { formatDecimal6 } from './proof/decimal.js'
/** Signed exports (export.v1) of metering and settlement. */
export { EXPORT_KINDS, type ExportKind, type ExportOptions, type SignedExport, signExport } from './proof/export.js'
/** Tampered signed exports on purpose, and their catalogue. */
export { EXPORT_TAMPERINGS, type ExportTampering, type ExportTamperingName } from './proof/export-tamper.js'
/** SHA-256, derived ids and strict base64url. */
export { sha256Hex } from './proof/hash.js'
/** Key ring, signing keys and the key directory. */
export {
  deriveSigningKey,
  type ExtraKeyOptions,
  KeyRing,
  type KeyRingEntry,
  NoSigningKeyError,
  type SigningKey,
  signingKeyFromSeed,
  signText,
  verifyText,
} from './proof/keys.js'
/** Metering (metering.v1). */
export {
  type MeteringOptions,
  meterIdemKey,
  meteringForPeriod,
  unitCountMicro,
} from './proof/metering.js'
/** Rights provenance (rightProvenance.v1). */
export {
  appendProvenance,
  type ProvenanceCanonicalFields,
  type ProvenanceEvent,
  provenancePayloadCanonical,
} from './proof/provenance.js'
/** Verification reason codes. */
export { ALL_REASON_CODES, REASON_CODES, type ReasonCode } from './proof/reasons.js'
/** Receipt signing and the per-org receipt issuer. */
export { type DeliveryObservation, ReceiptIssuer, ReceiptIssuerError, signReceipt } from './proof/receipt.js'
/** Deterministic sample chains (fixtures for scenarios and tests). */
export { buildSampleChain, type SampleChain, type SampleChainOptions } from './proof/sample.js'
/** Sealing proof packs. */
export { defaultPackLabel, lastAfterHash, SealError, type SealOptions, sealPack } from './proof/seal.js'
/** Settlement (settlement.v2 / v1). */
export {
  type SettlementOptions,
  settlementForPeriod,
  settlementIdemKey,
  splitGross,
} from './proof/settlement.js'
/** Tamperings: broken packs on purpose, and their catalogue. */
export {
  TAMPERINGS,
  TamperError,
  type Tampering,
  type TamperingName,
  type TamperOutcome,
  tampering,
} from './proof/tamper.js'
/** The tariff (metering plan, rates, split, VAT rule). */
export {
  DEFAULT_TARIFF,
  defineTariff,
  type MeteringPlanEntry,
  type SplitEntry,
  type Tariff,
} from './proof/tariff.js'
/** Timestamps in `toISOString()` form. */
export { formatTimestamp } from './proof/time.js'
/** Data shapes. */
export type {
  JsonValue,
  KeyDirectory,
  KeyDirectoryEntry,
  Metering,
  MeteringRecord,
  MeterStatus,
  PartyRole,
  ProofPack,
  ProvenanceEventType,
  ProvenanceRecord,
  ReceiptPayload,
  ReceiptRecord,
  Settlement,
  SettlementLine,
  SettlementStatus,
  SettlementTotals,
  SettlementVersion,
  UnitType,
} from './proof/types.js'
/** The independent verifier. */
export {
  failedChecks,
  type ProvenanceVerifyOptions,
  type VerifiableKeyDirectory,
  type VerifiablePack,
  type VerificationCheck,
  type VerificationReport,
  type VerifyOptions,
  verifyExport,
  verifyPack,
  verifyPackChain,
  verifyProvenance,
} from './proof/verify.js'
/** Webhook signatures (`Enfinitos-Signature`), to test webhook receivers. */
export {
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookSignatureCheck,
  type WebhookSignatureFailure,
  type WebhookVerifyOptions,
} from './proof/webhook-signature.js'
