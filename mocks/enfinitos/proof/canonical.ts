import { sha256Hex } from './hash.js'
import type { ReceiptPayload } from './types.js'

/** The ten receipt payload keys, in the canonical order. */
export const PAYLOAD_KEYS = [
  'version',
  'receiptId',
  'correlationId',
  'spatialAnchorId',
  'spatialPlacementId',
  'issuedAt',
  'renderedAt',
  'dwellMs',
  'nonce',
  'witness',
] as const satisfies readonly (keyof ReceiptPayload)[]

/**
 * The canonical form of a receipt payload: `{` + the ten keys in {@link PAYLOAD_KEYS} order, each written as
 * `"key":value` with the value JSON.stringify'd (standard escaping, nulls kept, no whitespace), joined by `,` + `}`.
 * Throws a TypeError when a key is missing (undefined) or a value cannot be written as JSON.
 */
export function canonicalPayload(payload: ReceiptPayload): string {
  const result = tryCanonicalPayload(payload)
  if (typeof result !== 'string') throw new TypeError(`cannot canonicalise payload: ${result.problem}`)
  return result
}

/**
 * Non-throwing {@link canonicalPayload} for untrusted input (the verifier): the canonical string, or
 * `{problem}` naming the first key that is missing or not writable as JSON.
 */
export function tryCanonicalPayload(payload: unknown): string | { problem: string } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { problem: 'payload is not an object' }
  }
  const source = payload as Record<string, unknown>
  const parts: string[] = []
  for (const key of PAYLOAD_KEYS) {
    const value = source[key]
    if (value === undefined) return { problem: `payload.${key} is missing` }
    let json: string | undefined
    try {
      json = JSON.stringify(value)
    } catch {
      json = undefined
    }
    if (json === undefined) return { problem: `payload.${key} is not JSON` }
    parts.push(`${JSON.stringify(key)}:${json}`)
  }
  return `{${parts.join(',')}}`
}

/** A record's `afterHash`: lowercase hex SHA-256 of the canonical payload string (no prefix). */
export function afterHashOf(canonical: string): string {
  return sha256Hex(canonical)
}

/** The exact message a receipt signature covers: `canonical + "|" + keyId`. */
export function receiptSigningMessage(canonical: string, keyId: string): string {
  return `${canonical}|${keyId}`
}
