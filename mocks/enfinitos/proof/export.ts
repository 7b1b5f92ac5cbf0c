/**
 * Signed exports (`export.v1`): the metering or settlement summary of `GET /v1/metering?export=true` and
 * `GET /v1/settlement?export=true`, signed so that a third party can keep a copy that verifies offline
 * (shared/providers/enfinitos.md, "Signed exports"). Only the payload is signed: `payloadCanonical` is the payload as
 * compact JSON with keys sorted recursively, `payloadCanonicalHash` its SHA-256 hex, and the signature is Ed25519 over
 * `payloadCanonical + "|" + keyId`, as for receipts. The metadata around the payload (kind, orgId, exportedAt) is not
 * covered by the signature.
 */
import { receiptSigningMessage } from './canonical.js'
import { sortedJson } from './content-hash.js'
import { sha256Hex } from './hash.js'
import { type SigningKey, signText } from './keys.js'
import type { Metering, Settlement } from './types.js'

/** The export kinds, by the summary they carry. */
export const EXPORT_KINDS = { metering: 'metering.export.v1', settlement: 'settlement.export.v1' } as const
/** An export kind. */
export type ExportKind = (typeof EXPORT_KINDS)[keyof typeof EXPORT_KINDS]

/** An `export.v1` envelope, fields in the order of the facts file. */
export interface SignedExport<T = Metering | Settlement> {
  kind: ExportKind
  envelopeVersion: 'export.v1'
  orgId: string
  /** When the export was made: the instant the signing key's validity is checked against. */
  exportedAt: string
  keyId: string
  algorithm: 'ed25519'
  payload: T
  payloadCanonical: string
  /** Lowercase hex SHA-256 of payloadCanonical, no prefix. */
  payloadCanonicalHash: string
  /** Unpadded base64url Ed25519 over UTF-8 of `payloadCanonical + "|" + keyId`. */
  signature: string
}

/** Input of {@link signExport}. */
export interface ExportOptions {
  orgId: string
  exportedAt: string
  /** The directory's current key (the session clock's signer). */
  key: SigningKey
}

/** Signs a metering or settlement summary into an `export.v1` envelope. The payload is kept as given. */
export function signExport<T extends Metering | Settlement>(
  kind: ExportKind,
  payload: T,
  options: ExportOptions,
): SignedExport<T> {
  const payloadCanonical = sortedJson(payload)
  return {
    kind,
    envelopeVersion: 'export.v1',
    orgId: options.orgId,
    exportedAt: options.exportedAt,
    keyId: options.key.keyId,
    algorithm: 'ed25519',
    payload,
    payloadCanonical,
    payloadCanonicalHash: sha256Hex(payloadCanonical),
    signature: signText(options.key, receiptSigningMessage(payloadCanonical, options.key.keyId)),
  }
}
