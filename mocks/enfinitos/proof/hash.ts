// Hashing and base64url come from the platform module: node:crypto in Node, @noble/hashes in a browser build (the
// package's `browser` field), same bytes in both.
import { fromBase64Url, sha256Bytes, sha256Hex, toBase64Url } from '../../platform/crypto.js'

/** Lowercase hex SHA-256 of the UTF-8 bytes of `input` (`sha256Hex`), and its raw 32 bytes (`sha256Bytes`). */
/** Unpadded base64url of bytes. */
export { sha256Bytes, sha256Hex, toBase64Url }

/**
 * A deterministic `<prefix><16 lowercase hex>` id: the first 16 hex digits of sha256(`material`).
 * Every id in the proof chain is derived this way from a seed or from content, never from a random stream.
 */
export function derivedId(prefix: string, material: string): string {
  return `${prefix}${sha256Hex(material).slice(0, 16)}`
}

/** Id prefixes used by the proof chain (inferred, see docs/inferred.md "ID prefixes not in the docs"). */
export const ID_PREFIX = {
  /** proof pack */
  pack: 'ppk_',
  /** receipt */
  receipt: 'rec_',
  /** runtime signing key */
  runtimeKey: 'rtk_',
  /** provenance record */
  provenance: 'prv_',
  /** runtime key directory snapshot */
  keySnapshot: 'rks_',
} as const

const BASE64URL_SIGNATURE = /^[A-Za-z0-9_-]{86}$/
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}$/

/**
 * Strictly decodes unpadded base64url of exactly `length` bytes; returns null for anything else
 * (padding, `+` or `/`, whitespace, wrong length, non-canonical trailing bits).
 */
export function fromBase64UrlStrict(text: unknown, length: 32 | 64): Uint8Array | null {
  if (typeof text !== 'string') return null
  const pattern = length === 64 ? BASE64URL_SIGNATURE : BASE64URL_KEY
  if (!pattern.test(text)) return null
  const bytes = fromBase64Url(text)
  if (bytes === null || bytes.length !== length || toBase64Url(bytes) !== text) return null
  return bytes
}
