/**
 * Signed exports (`export.v1`). The steps and their order follow the provider's auditor (`verify_signed_export`), so
 * that a tampered export gets the same codes from both: envelope (version, algorithm), the key at `exportedAt` (stop
 * if unusable), the payload re-canonicalised (stop on PAYLOAD_CANONICAL_MISMATCH), its hash (stop on
 * EXPORT_PAYLOAD_HASH_MISMATCH), then the signature. Only the payload is signed; `kind`, `orgId` and `exportedAt`
 * are unsigned labels, checked for type only.
 */
import { receiptSigningMessage } from '../canonical.js'
import { sortedJson } from '../content-hash.js'
import { fromBase64UrlStrict, sha256Hex } from '../hash.js'
import { verifyText } from '../keys.js'
import { parseTimestamp } from '../time.js'
import { checkKeyWindow, KeyLookup } from './keys.js'
import type { VerifiableKeyDirectory } from './pack.js'
import { Report, type VerificationReport } from './report.js'
import { isObj, show } from './values.js'

/**
 * Verifies a signed export (`data` of `GET /v1/metering?export=true` or `GET /v1/settlement?export=true`) against a
 * key directory. Never throws: malformed input is FIELD_MALFORMED. To check the numbers too, verify `payload` as the
 * pack's metering and settlement are verified (the auditor's verify_metering_projection and
 * verify_settlement_reconciliation).
 */
export function verifyExport(signedExport: unknown, keyDirectory: VerifiableKeyDirectory): VerificationReport {
  const report = new Report(null)
  if (!isObj(signedExport)) {
    report.malformed('the export is not an object', { path: '' })
    return report.finish()
  }
  const e = signedExport
  report.check(
    'UNSUPPORTED_ENVELOPE_VERSION',
    e.envelopeVersion === 'export.v1',
    'envelopeVersion is export.v1',
    { path: '/envelopeVersion' },
    () => 'export.v1',
    () => e.envelopeVersion,
  )
  report.check('UNSUPPORTED_ALGORITHM', e.algorithm === 'ed25519', 'algorithm is ed25519', { path: '/algorithm' })
  for (const field of ['kind', 'orgId', 'keyId', 'payloadCanonical', 'payloadCanonicalHash', 'signature'] as const) {
    if (typeof e[field] !== 'string') report.malformed(`${field} must be a string`, { path: `/${field}` })
  }
  const exportedAt = parseTimestamp(e.exportedAt)
  if (exportedAt === null) report.malformed('exportedAt must be a timestamp', { path: '/exportedAt' })
  if (typeof e.keyId !== 'string' || exportedAt === null) return report.finish()

  const key = new KeyLookup(keyDirectory, report).lookup(e.keyId, { path: '/keyId' })
  if (key === null || key === 'unusable') return report.finish()
  checkKeyWindow(report, key, exportedAt, String(e.exportedAt), { path: '/keyId' })
  if (!report.checks.every((c) => c.ok)) return report.finish()

  let canonical: string | null = null
  try {
    canonical = sortedJson(e.payload)
  } catch {
    report.malformed('payload has no JSON form', { path: '/payload' })
    return report.finish()
  }
  const sameCanonical = report.check(
    'PAYLOAD_CANONICAL_MISMATCH',
    canonical === e.payloadCanonical,
    'payloadCanonical is the payload with keys sorted, compact',
    { path: '/payloadCanonical' },
    () => canonical,
    () => e.payloadCanonical,
  )
  if (!sameCanonical) return report.finish()
  const hash = sha256Hex(canonical)
  const sameHash = report.check(
    'EXPORT_PAYLOAD_HASH_MISMATCH',
    hash === e.payloadCanonicalHash,
    'payloadCanonicalHash is the sha256 hex of payloadCanonical',
    { path: '/payloadCanonicalHash' },
    () => hash,
    () => e.payloadCanonicalHash,
  )
  if (!sameHash) return report.finish()
  const wellFormed = report.check(
    'SIGNATURE_MALFORMED',
    fromBase64UrlStrict(e.signature, 64) !== null,
    'signature is unpadded base64url of 64 bytes',
    { path: '/signature' },
    () => '86 characters of [A-Za-z0-9_-]',
    () => show(e.signature),
  )
  if (wellFormed && key.usable !== null) {
    const valid = verifyText(key.usable, receiptSigningMessage(canonical, e.keyId), String(e.signature))
    report.check('SIGNATURE_INVALID', valid, `signature verifies under ${e.keyId}`, {
      path: '/signature',
      keyId: e.keyId,
    })
  }
  return report.finish()
}
