import { createHash, hash } from 'node:crypto'

/** Lowercase hex SHA-256 of the UTF-8 bytes of `input`. */
export function sha256Hex(input: string | Uint8Array): string {
  // crypto.hash (Node >= 20.12) is the one-shot form: same digest, no Hash object, about half the time.
  return hash('sha256', input, 'hex')
}

/** The raw 32-byte SHA-256 digest of the UTF-8 bytes of `input`. */
export function sha256Bytes(input: string | Uint8Array): Buffer {
  return createHash('sha256').update(input).digest()
}

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

/** Unpadded base64url of `bytes`. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url')
}

/**
 * Strictly decodes unpadded base64url of exactly `length` bytes; returns null for anything else
 * (padding, `+` or `/`, whitespace, wrong length, non-canonical trailing bits).
 */
export function fromBase64UrlStrict(text: unknown, length: 32 | 64): Buffer | null {
  if (typeof text !== 'string') return null
  const pattern = length === 64 ? BASE64URL_SIGNATURE : BASE64URL_KEY
  if (!pattern.test(text)) return null
  const bytes = Buffer.from(text, 'base64url')
  if (bytes.length !== length || bytes.toString('base64url') !== text) return null
  return bytes
}
