/** rightProvenance.v1 records: canonical form, signature, signer key, per-right chains, content hashes. */
import { contentHash } from '../content-hash.js'
import { parseTimestamp } from '../time.js'
import { type KeyDirectory, PROVENANCE_EVENT_TYPES, type ProvenanceRecord } from '../types.js'
import { checkSignature, KeyLookup } from './keys.js'
import { Report, type VerificationReport } from './report.js'
import { isObj, pointer, show } from './values.js'

const PROVENANCE_EVENTS: ReadonlySet<string> = new Set(PROVENANCE_EVENT_TYPES)
const SHA256_PREFIXED = /^sha256:[0-9a-f]{64}$/

/** Context for {@link verifyProvenance}. */
export interface ProvenanceVerifyOptions {
  /**
   * The current state of rights, e.g. `[right]` from `GET /v1/rights/{id}`: for each one (matched on `id`), the
   * latest provenanceAfterHash of its chain must be its contentHash (CONTENT_HASH_MISMATCH).
   */
  subjects?: readonly Readonly<Record<string, unknown>>[]
}

/**
 * Verifies rightProvenance.v1 records (in chain order) against a key directory: payloadCanonical recomputed from the
 * fields, the Ed25519 signature over the recomputed payloadCanonical (inferred: it already ends with the keyId),
 * the signer key at occurredAt, and per right the chain: the first record's beforeHash is null, every later one the
 * previous record's afterHash, occurredAt never decreasing. Uses the pack reason codes.
 */
export function verifyProvenance(
  records: readonly ProvenanceRecord[],
  keyDirectory: KeyDirectory,
  options: ProvenanceVerifyOptions = {},
): VerificationReport {
  const report = new Report(null)
  const keys = new KeyLookup(keyDirectory, report)
  const last = new Map<string, { afterHash: unknown; occurredAt: number | null }>()
  const input: unknown = records
  if (!Array.isArray(input)) {
    report.malformed('provenance must be an array', { path: '' })
    return report.finish()
  }
  input.forEach((raw: unknown, index) => {
    const at = (field?: string) => ({ recordIndex: index, path: pointer(index, ...(field ? [field] : [])) })
    if (!isObj(raw)) {
      report.malformed('the provenance record is not an object', at())
      return
    }
    const record = raw
    const nullableString = (field: string) => record[field] === null || typeof record[field] === 'string'
    for (const field of ['proofId', 'orgId', 'signerKeyId', 'payloadCanonical', 'signature'] as const) {
      if (typeof record[field] !== 'string') report.malformed(`${field} must be a string`, at(field))
    }
    for (const field of ['rightId', 'basisId', 'offerId'] as const) {
      if (!nullableString(field)) report.malformed(`${field} must be a string or null`, at(field))
    }
    for (const field of ['provenanceBeforeHash', 'provenanceAfterHash'] as const) {
      if (record[field] !== null && !(typeof record[field] === 'string' && SHA256_PREFIXED.test(record[field]))) {
        report.malformed(`${field} must be "sha256:<64 hex>" or null`, at(field))
      }
    }
    if (!PROVENANCE_EVENTS.has(String(record.provenanceEventType))) {
      report.malformed(`provenanceEventType ${show(record.provenanceEventType)} is unknown`, at('provenanceEventType'))
    }
    const occurredAt = parseTimestamp(record.occurredAt)
    if (occurredAt === null) report.malformed('occurredAt must be a timestamp', at('occurredAt'))
    report.check(
      'UNSUPPORTED_ALGORITHM',
      record.signatureAlgorithm === 'ed25519',
      'signatureAlgorithm is ed25519',
      at('signatureAlgorithm'),
    )
    const part = (value: unknown) => (value === null || value === '' || value === undefined ? '-' : String(value))
    const canonical = [
      'rightProvenance.v1',
      record.orgId,
      record.provenanceEventType,
      record.rightId,
      record.basisId,
      record.offerId,
      record.provenanceBeforeHash,
      record.provenanceAfterHash,
      record.signerKeyId,
    ]
      .map(part)
      .join('|')
    report.check(
      'PAYLOAD_CANONICAL_MISMATCH',
      record.payloadCanonical === canonical,
      'payloadCanonical is rightProvenance.v1|orgId|eventType|rightId|basisId|offerId|before|after|keyId',
      at('payloadCanonical'),
      () => canonical,
      () => record.payloadCanonical,
    )
    // Signed over payloadCanonical itself (it already ends with the keyId), by a key valid at occurredAt.
    checkSignature(report, keys, {
      signature: record.signature,
      keyId: typeof record.signerKeyId === 'string' ? record.signerKeyId : null,
      instant: occurredAt,
      instantText: String(record.occurredAt),
      message: canonical,
      signatureWhere: at('signature'),
      keyWhere: at('signerKeyId'),
    })
    const rightId = typeof record.rightId === 'string' && record.rightId !== '' ? record.rightId : null
    const previous = rightId === null ? undefined : last.get(rightId)
    if (previous === undefined) {
      report.check(
        'GENESIS_BEFORE_HASH_NOT_NULL',
        record.provenanceBeforeHash === null,
        "the first record of a right's chain has a null provenanceBeforeHash",
        at('provenanceBeforeHash'),
        () => null,
        () => record.provenanceBeforeHash,
      )
    } else {
      report.check(
        'CHAIN_LINK_MISMATCH',
        record.provenanceBeforeHash === previous.afterHash,
        "provenanceBeforeHash is the right's previous provenanceAfterHash",
        at('provenanceBeforeHash'),
        () => previous.afterHash,
        () => record.provenanceBeforeHash,
      )
      if (occurredAt !== null && previous.occurredAt !== null) {
        report.check(
          'CHAIN_OUT_OF_ORDER',
          occurredAt >= previous.occurredAt,
          "occurredAt is not earlier than the right's previous event",
          at('occurredAt'),
        )
      }
    }
    if (rightId !== null) last.set(rightId, { afterHash: record.provenanceAfterHash, occurredAt })
  })
  for (const subject of options.subjects ?? []) {
    const id = typeof subject.id === 'string' ? subject.id : null
    const chain = id === null ? undefined : last.get(id)
    if (id === null || chain === undefined) continue
    const expected = contentHash(subject)
    report.check(
      'CONTENT_HASH_MISMATCH',
      chain.afterHash === expected,
      `the latest provenanceAfterHash of ${id} is its contentHash`,
      { path: '' },
      () => expected,
      () => chain.afterHash,
    )
  }
  return report.finish()
}
