/**
 * Tampered signed exports on purpose, with the codes an auditor reports for each: what the `enfinitos:exports.tampered.*`
 * scenarios serve and what downstream tests can enumerate. Each is a pure function of a valid export; the provider's
 * auditor (`verify_signed_export`) stops at the first broken layer (canonical form, then hash, then signature), so each
 * tampering yields exactly one code.
 */
import { receiptSigningMessage } from './canonical.js'
import { sortedJson } from './content-hash.js'
import { formatDecimal6, parseDecimal6 } from './decimal.js'
import type { SignedExport } from './export.js'
import { sha256Hex } from './hash.js'
import { deriveSigningKey, type KeyRing, signText } from './keys.js'
import type { ReasonCode } from './reasons.js'
import type { Metering, Settlement } from './types.js'

/** Names of the catalogued export tamperings. */
export type ExportTamperingName = 'payload-edited' | 'payload-edited-canonical-stale' | 'rehashed' | 'unknown-key'

/** A catalogued export tampering. */
export interface ExportTampering {
  readonly name: ExportTamperingName
  readonly description: string
  /** The reason codes an auditor reports for it, sorted. */
  readonly expected: readonly ReasonCode[]
  apply(signed: SignedExport, ring: KeyRing): SignedExport
}

/**
 * The payload with one number inflated, as a forger would: a metering export's DWELL_SECONDS total +1 second, a
 * settlement export's grossCents +100. The result still matches the schema.
 */
function inflated(payload: Metering | Settlement): Metering | Settlement {
  if (payload.schemaVersion === 'metering.v1') {
    const dwell = parseDecimal6(payload.totals.DWELL_SECONDS) ?? 0n
    return { ...payload, totals: { ...payload.totals, DWELL_SECONDS: formatDecimal6(dwell + 1_000_000n) } }
  }
  return { ...payload, totals: { ...payload.totals, grossCents: payload.totals.grossCents + 100 } }
}

/** The payload edited and payloadCanonical re-derived; hash and signature left. */
function editPayload(signed: SignedExport): SignedExport {
  const payload = inflated(signed.payload)
  return { ...signed, payload, payloadCanonical: sortedJson(payload) }
}

function entry(
  name: ExportTamperingName,
  description: string,
  expected: ReasonCode[],
  apply: ExportTampering['apply'],
): ExportTampering {
  return Object.freeze({ name, description, expected: Object.freeze([...expected].sort()), apply })
}

/** The catalogue. `t.apply(export, ring)`, then verify against `ring.directory(export.exportedAt)`. */
export const EXPORT_TAMPERINGS: readonly ExportTampering[] = Object.freeze([
  entry(
    'payload-edited',
    'a total in the payload inflated and payloadCanonical re-derived; payloadCanonicalHash and signature left',
    ['EXPORT_PAYLOAD_HASH_MISMATCH'],
    (signed) => editPayload(signed),
  ),
  entry(
    'payload-edited-canonical-stale',
    'a total in the payload inflated; payloadCanonical, hash and signature left',
    ['PAYLOAD_CANONICAL_MISMATCH'],
    (signed) => ({ ...signed, payload: inflated(signed.payload) }),
  ),
  entry(
    'rehashed',
    'a total in the payload inflated, payloadCanonical and payloadCanonicalHash re-derived; signature left',
    ['SIGNATURE_INVALID'],
    (signed) => {
      const edited = editPayload(signed)
      return { ...edited, payloadCanonicalHash: sha256Hex(edited.payloadCanonical) }
    },
  ),
  entry(
    'unknown-key',
    'the export re-signed by a key absent from the directory',
    ['UNKNOWN_KEY_ID'],
    (signed, ring) => {
      const key = deriveSigningKey(ring.seed, 'tamper|unknown')
      const signature = signText(key, receiptSigningMessage(signed.payloadCanonical, key.keyId))
      return { ...signed, keyId: key.keyId, signature }
    },
  ),
])
