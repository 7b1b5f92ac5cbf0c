/**
 * Hashing, HMAC, Ed25519 and byte encodings for Node, on node:crypto and Buffer (native, the fastest here). A browser
 * build swaps this file for crypto.browser.ts (package.json `browser` field): both keep the PlatformCrypto contract
 * of crypto-types.ts and give the same bytes for the same input (test/browser-platform.test.ts).
 */
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  hash,
  type KeyObject,
  randomUUID as nodeRandomUUID,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto'
import type { BytesOrText, Ed25519PrivateKey, Ed25519PublicKey } from './crypto-types.js'

export type { BytesOrText, Ed25519PrivateKey, Ed25519PublicKey, PlatformCrypto } from './crypto-types.js'

// DER headers that wrap a raw 32-byte Ed25519 seed (PKCS #8) and public key (SPKI), RFC 8410.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const BASE64URL = /^[A-Za-z0-9_-]*$/

const utf8 = (data: BytesOrText): Buffer | Uint8Array => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data)

/** A plain Uint8Array view of a Buffer's bytes (same memory), so callers never see Buffer methods they could rely on. */
const plain = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

export function sha256Hex(data: BytesOrText): string {
  // crypto.hash (Node >= 20.12) is the one-shot form: same digest as createHash, no Hash object, about half the time.
  return hash('sha256', data, 'hex')
}

export function sha256Bytes(data: BytesOrText): Uint8Array {
  return plain(hash('sha256', data, 'buffer'))
}

export function hmacSha256Hex(key: BytesOrText, parts: readonly BytesOrText[]): string {
  const hmac = createHmac('sha256', utf8(key))
  for (const part of parts) hmac.update(utf8(part))
  return hmac.digest('hex')
}

export function ed25519PrivateKey(seed: Uint8Array): Ed25519PrivateKey {
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`)
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  return key as unknown as Ed25519PrivateKey
}

export function ed25519PublicKeyBytes(key: Ed25519PrivateKey): Uint8Array {
  const spki = createPublicKey(key as unknown as KeyObject).export({ format: 'der', type: 'spki' })
  return plain(spki.subarray(-32))
}

export function ed25519PublicKey(raw: Uint8Array): Ed25519PublicKey | null {
  if (raw.length !== 32) return null
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' })
    return key as unknown as Ed25519PublicKey
  } catch {
    return null
  }
}

export function ed25519Sign(key: Ed25519PrivateKey, message: BytesOrText): Uint8Array {
  return plain(sign(null, utf8(message), key as unknown as KeyObject))
}

export function ed25519Verify(key: Ed25519PublicKey, message: BytesOrText, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false
  try {
    return verify(null, utf8(message), key as unknown as KeyObject, signature)
  } catch {
    return false
  }
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

export function randomUUID(): string {
  return nodeRandomUUID()
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1 || !BASE64URL.test(text)) return null
  return plain(Buffer.from(text, 'base64url'))
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
    throw new RangeError('hexToBytes: not an even-length hex string')
  return plain(Buffer.from(hex, 'hex'))
}

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}
