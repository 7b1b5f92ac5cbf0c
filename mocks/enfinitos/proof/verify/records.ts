/**
 * Rules 1-3 and 5 for each record: the canonical payload (recomputed from the payload, written from rule 1
 * independently of canonical.ts), afterHash, signature, and the signing key; rule 4 is chain.ts.
 */
import { PAYLOAD_KEYS } from '../canonical.js'
import { sha256Hex } from '../hash.js'
import { parseTimestamp } from '../time.js'
import { ChainCheck, type ReceiptInfo } from './chain.js'
import { checkSignature, type KeyLookup } from './keys.js'
import type { Report } from './report.js'
import { isCount, isObj, type Obj, pointer } from './values.js'

const PAYLOAD_KEY_LIST: readonly string[] = PAYLOAD_KEYS

/** The canonical payload, written from rule 1 (independently of canonical.ts). */
function canonicalOf(payload: Obj): string | null {
  const parts: string[] = []
  for (const key of PAYLOAD_KEY_LIST) {
    if (payload[key] === undefined) return null
    let json: string | undefined
    try {
      json = JSON.stringify(payload[key])
    } catch {
      return null
    }
    if (json === undefined) return null
    parts.push(`${JSON.stringify(key)}:${json}`)
  }
  return `{${parts.join(',')}}`
}

function payloadProblems(payload: Obj): string[] {
  const problems: string[] = []
  const str = (key: string, nullable: boolean) => {
    const value = payload[key]
    if (!(typeof value === 'string' && value.length > 0) && !(nullable && value === null)) {
      problems.push(`${key} must be a non-empty string${nullable ? ' or null' : ''}`)
    }
  }
  if (payload.version !== '1') problems.push('version must be "1"')
  str('receiptId', false)
  str('correlationId', true)
  str('spatialAnchorId', false)
  str('spatialPlacementId', true)
  if (parseTimestamp(payload.issuedAt) === null) problems.push('issuedAt must be an ISO timestamp with milliseconds')
  if (parseTimestamp(payload.renderedAt) === null)
    problems.push('renderedAt must be an ISO timestamp with milliseconds')
  if (!isCount(payload.dwellMs)) problems.push('dwellMs must be an integer >= 0')
  str('nonce', false)
  if (payload.witness === undefined) problems.push('witness must be present (null allowed)')
  for (const key of Object.keys(payload)) {
    if (!PAYLOAD_KEY_LIST.includes(key)) problems.push(`unexpected key ${key}`)
  }
  return problems
}

/** Checks every record of a pack, in order; fills `receipts` for the metering checks. */
export function verifyRecords(
  records: unknown[],
  report: Report,
  keys: KeyLookup,
  receipts: Map<string, ReceiptInfo>,
  options: { priorAfterHash?: string | null; priorNonces?: Iterable<string> },
): void {
  const chain = new ChainCheck(report, receipts, options.priorAfterHash, options.priorNonces)
  records.forEach((raw, index) => {
    const at = (...parts: (string | number)[]) => ({ recordIndex: index, path: pointer('records', index, ...parts) })
    if (!isObj(raw)) {
      report.malformed('the record is not an object', at())
      chain.broken()
      return
    }
    const record = raw
    const payload = isObj(record.payload) ? record.payload : null
    if (payload === null) report.malformed('payload must be an object', at('payload'))
    else for (const problem of payloadProblems(payload)) report.malformed(`payload: ${problem}`, at('payload'))
    const keyId = typeof record.keyId === 'string' && record.keyId !== '' ? record.keyId : null
    if (keyId === null) report.malformed('keyId must be a non-empty string', at('keyId'))
    for (const field of ['payloadCanonical', 'afterHash'] as const) {
      if (typeof record[field] !== 'string') report.malformed(`${field} must be a string`, at(field))
    }
    if (record.beforeHash !== null && typeof record.beforeHash !== 'string') {
      report.malformed('beforeHash must be a string or null', at('beforeHash'))
    }
    report.check(
      'UNSUPPORTED_ALGORITHM',
      record.algorithm === 'ed25519',
      'algorithm is ed25519',
      at('algorithm'),
      () => 'ed25519',
      () => record.algorithm,
    )

    // Rules 1-3: canonical form, afterHash, signature, all from the payload.
    const canonical = payload === null ? null : canonicalOf(payload)
    if (payload !== null && canonical === null) report.malformed('payload lacks one of the ten keys', at('payload'))
    if (canonical !== null) {
      report.check(
        'PAYLOAD_CANONICAL_MISMATCH',
        record.payloadCanonical === canonical,
        'payloadCanonical is the canonical form of payload',
        at('payloadCanonical'),
        () => canonical,
        () => record.payloadCanonical,
      )
      const afterHash = sha256Hex(canonical)
      report.check(
        'AFTER_HASH_MISMATCH',
        record.afterHash === afterHash,
        'afterHash is sha256 of the canonical payload',
        at('afterHash'),
        () => afterHash,
        () => record.afterHash,
      )
    }
    // Rule 5: the signature, by a key that is known and valid at issuedAt.
    const issuedAt = payload === null ? null : parseTimestamp(payload.issuedAt)
    checkSignature(report, keys, {
      signature: record.signature,
      keyId,
      instant: issuedAt,
      instantText: String(payload?.issuedAt),
      message: canonical === null ? null : `${canonical}|${keyId}`,
      signatureWhere: at('signature'),
      keyWhere: at('keyId'),
    })

    // Rule 4: chain.
    chain.next(index, record, payload, issuedAt, at)
  })
}
