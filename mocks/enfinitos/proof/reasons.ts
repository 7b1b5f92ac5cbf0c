/**
 * The reason codes the verifier reports, with what each one means. The first twenty-two are the ones an auditor using
 * the provider's verifiers reports (shared/providers/enfinitos.md); the rest are standin's own, for input those
 * rules cannot judge (marked "standin").
 */
export const REASON_CODES = {
  PAYLOAD_CANONICAL_MISMATCH: 'payloadCanonical is not byte for byte the canonical form of payload',
  AFTER_HASH_MISMATCH: 'afterHash is not the sha256 hex of the canonical form of payload',
  SIGNATURE_INVALID: 'the Ed25519 signature does not verify over the canonical payload + "|" + keyId',
  SIGNATURE_MALFORMED: 'the signature is not unpadded base64url of 64 bytes',
  UNKNOWN_KEY_ID: 'the signing keyId is not in the key directory',
  KEY_OUTSIDE_VALIDITY_WINDOW: "the record's time is before the key's notBefore or after its notAfter",
  KEY_REVOKED_BEFORE_ISSUANCE: "the key was revoked before the record's time",
  GENESIS_BEFORE_HASH_NOT_NULL: 'the first record has a beforeHash although no prior pack was given',
  CHAIN_LINK_MISMATCH: "beforeHash is not the previous record's afterHash (or the prior pack's last afterHash)",
  CHAIN_OUT_OF_ORDER: "the record's issuedAt is earlier than the previous record's",
  CHAIN_NONCE_REUSED: 'the nonce was already used by an earlier record',
  METER_IDEM_KEY_MISMATCH: 'a metering idemKey is not sha256hex(proofReceiptId|unitType)',
  METER_UNIT_COUNT_MISMATCH:
    "a metering unitCount differs from the formula applied to the receipt's dwellMs and weight",
  METER_TOTAL_MISMATCH: "a metering total differs from the sum of that unit type's recomputed unit counts",
  METER_RECORD_FOR_UNKNOWN_PROOF: "a metering record's proofReceiptId is not a receipt of the pack",
  SETTLEMENT_IDEM_KEY_MISMATCH: 'a settlement idemKey is not the hash its schema version prescribes',
  SETTLEMENT_AMOUNT_MISMATCH: "a line's amountCents differs from the floor split of its meter's gross",
  SETTLEMENT_SHARE_SUM_NOT_ONE: "the shares of one meter's lines do not sum to exactly 1",
  SETTLEMENT_TOTAL_MISMATCH: 'a settlement total differs from the sum of the lines it covers',
  SETTLEMENT_LINE_FOR_UNKNOWN_METER: "a line's meterRecordIdemKey is not a metering record of the pack",
  EXPORT_PAYLOAD_HASH_MISMATCH: "a signed export's payloadCanonicalHash is not the sha256 hex of its payloadCanonical",
  UNSUPPORTED_ENVELOPE_VERSION:
    'envelopeVersion is not one the auditor supports (envelope.v1 for packs, export.v1 for exports)',
  ORG_MISMATCH: "standin: metering.orgId differs from the pack's, or settlement.orgId from metering's",
  UNSUPPORTED_UNIT_TYPE: 'standin: a metering record has a unit type that cannot be audited (e.g. CUSTOM)',
  UNSUPPORTED_ALGORITHM: 'standin: a record or key names an algorithm other than ed25519',
  RECEIPT_ID_REUSED: 'standin: two records of the pack carry the same receiptId',
  SETTLEMENT_CURRENCY_MISMATCH: "standin: a line's currency differs from the settlement's",
  CONTENT_HASH_MISMATCH: "standin: a right's latest provenanceAfterHash is not the contentHash of the right given",
  KEY_DIRECTORY_INVALID: 'standin: a directory entry used by a record is unusable (bad public key, duplicate keyId...)',
  FIELD_MALFORMED: 'standin: a field a check needs is missing or has the wrong type or format',
} as const

/** A verification reason code. */
export type ReasonCode = keyof typeof REASON_CODES

/** Every reason code, in the order of {@link REASON_CODES}. */
export const ALL_REASON_CODES = Object.keys(REASON_CODES) as ReasonCode[]
