import { contentHash } from './content-hash.js'
import { derivedId, ID_PREFIX } from './hash.js'
import { type KeyRing, type SigningKey, signText } from './keys.js'
import { requireTimestamp } from './time.js'
import type { ProvenanceEventType, ProvenanceRecord } from './types.js'

/** The fields that payloadCanonical covers. */
export interface ProvenanceCanonicalFields {
  orgId: string
  provenanceEventType: string
  rightId: string | null
  basisId: string | null
  offerId: string | null
  provenanceBeforeHash: string | null
  provenanceAfterHash: string | null
  signerKeyId: string
}

/**
 * `rightProvenance.v1|orgId|eventType|rightId|basisId|offerId|beforeHash|afterHash|keyId`, with `-` for a null or
 * empty field.
 */
export function provenancePayloadCanonical(fields: ProvenanceCanonicalFields): string {
  const part = (value: string | null) => (value === null || value === '' ? '-' : value)
  return [
    'rightProvenance.v1',
    fields.orgId,
    fields.provenanceEventType,
    fields.rightId,
    fields.basisId,
    fields.offerId,
    fields.provenanceBeforeHash,
    fields.provenanceAfterHash,
    fields.signerKeyId,
  ]
    .map(part)
    .join('|')
}

/** A rights lifecycle event to record. */
export interface ProvenanceEvent {
  orgId: string
  eventType: ProvenanceEventType
  occurredAt: string
  rightId?: string | null
  basisId?: string | null
  offerId?: string | null
  /**
   * The right (or entity) as it stands after the event; `provenanceAfterHash` = {@link contentHash} of it.
   * Give `afterHash` instead to pass a precomputed hash (or null).
   */
  subject?: Readonly<Record<string, unknown>>
  afterHash?: string | null
}

/**
 * Signs one provenance record. INFERRED: the docs say provenance is "signed with Ed25519 like receipts" without
 * naming the message; since payloadCanonical already ends with the keyId, the signature covers the UTF-8 bytes of
 * payloadCanonical itself (no second `|keyId`). proofId = `prv_` + 16 hex of sha256(`standin|provenance|occurredAt|
 * payloadCanonical`).
 */
export function signProvenance(
  event: ProvenanceEvent & { beforeHash: string | null },
  key: SigningKey,
  options: SignOptions = {},
): ProvenanceRecord {
  requireTimestamp(event.occurredAt, 'occurredAt')
  const afterHash = event.afterHash !== undefined ? event.afterHash : event.subject ? contentHash(event.subject) : null
  const fields: ProvenanceCanonicalFields = {
    orgId: event.orgId,
    provenanceEventType: event.eventType,
    rightId: event.rightId ?? null,
    basisId: event.basisId ?? null,
    offerId: event.offerId ?? null,
    provenanceBeforeHash: event.beforeHash,
    provenanceAfterHash: afterHash,
    signerKeyId: key.keyId,
  }
  const payloadCanonical = provenancePayloadCanonical(fields)
  const proofId = derivedId(ID_PREFIX.provenance, `standin|provenance|${event.occurredAt}|${payloadCanonical}`)
  // Built key by key in the wire order (`signature` before `signerKeyId`), so both paths serialise identically and
  // V8 keeps the record a small fast-mode object. Deferred: `signature` is an accessor that signs on first read.
  const record = {
    proofId,
    orgId: fields.orgId,
    provenanceEventType: event.eventType,
    occurredAt: event.occurredAt,
    rightId: fields.rightId,
    basisId: fields.basisId,
    offerId: fields.offerId,
    provenanceBeforeHash: fields.provenanceBeforeHash,
    provenanceAfterHash: fields.provenanceAfterHash,
    signatureAlgorithm: 'ed25519',
  } as Omit<ProvenanceRecord, 'signature' | 'signerKeyId' | 'payloadCanonical'> as ProvenanceRecord
  if (options.deferSignature) signOnFirstRead(record, key, payloadCanonical)
  else record.signature = signText(key, payloadCanonical)
  record.signerKeyId = key.keyId
  record.payloadCanonical = payloadCanonical
  return record
}

interface SignOptions {
  /**
   * Compute the Ed25519 signature when `signature` is first read (then keep it), not now. The key and the signed
   * text are fixed here, and Ed25519 is deterministic, so every reader sees the bytes an eager signature would have
   * given; a record nobody reads (most of a busy mock's) never pays for the signature (~35 us).
   */
  deferSignature?: boolean
}

// A deferred signature's inputs and, once computed or written, its value: one non-enumerable symbol-keyed slot on the
// record, so JSON.stringify, spreads, Object.keys and deep equality see only the record's own fields.
const DEFERRED = Symbol('standin.provenance.deferredSignature')

interface Deferred {
  key: SigningKey
  message: string
  signature: string | undefined
}

interface DeferredRecord {
  [DEFERRED]: Deferred
}

// One getter and one setter shared by every deferred record (no closures per record: a busy mock keeps thousands).
const SIGNATURE_ACCESSOR: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: DeferredRecord): string {
    const deferred = this[DEFERRED]
    deferred.signature ??= signText(deferred.key, deferred.message)
    return deferred.signature
  },
  set(this: DeferredRecord, value: string) {
    this[DEFERRED].signature = value
  },
}

/**
 * Makes `record.signature` an enumerable accessor, in its place among the record's keys (so the JSON is byte for byte
 * the eager record's), that signs `message` with `key` on first read and then returns the same value. Writing it
 * first (a test tampering with a record) simply stores the value written.
 */
function signOnFirstRead(record: ProvenanceRecord, key: SigningKey, message: string): void {
  const deferred: Deferred = { key, message, signature: undefined }
  Object.defineProperty(record, DEFERRED, { value: deferred })
  Object.defineProperty(record, 'signature', SIGNATURE_ACCESSOR)
}

/**
 * Appends an event to a right's provenance: beforeHash = the afterHash of the latest record in `history` for the
 * same rightId (null for the first, and for events without a rightId); signed by the ring's signer at occurredAt.
 * Returns the new record; `history` is not modified.
 */
export function appendProvenance(
  history: readonly ProvenanceRecord[],
  event: ProvenanceEvent,
  ring: KeyRing,
  options: SignOptions = {},
): ProvenanceRecord {
  const rightId = event.rightId ?? null
  let beforeHash: string | null = null
  if (rightId !== null) {
    for (let i = history.length - 1; i >= 0; i--) {
      const record = history[i]
      if (record?.rightId === rightId) {
        beforeHash = record.provenanceAfterHash
        break
      }
    }
  }
  // The signer is chosen now (NoSigningKeyError is thrown before anything is stored), even when signing is deferred.
  return signProvenance({ ...event, beforeHash }, ring.signerAt(event.occurredAt), options)
}
