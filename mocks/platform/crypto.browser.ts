/**
 * Hashing, HMAC, Ed25519 and byte encodings for browsers, with no Node built-ins: @noble/hashes and @noble/curves
 * (audited, dependency-free, synchronous). WebCrypto was the other candidate; its digest and Ed25519 calls are
 * asynchronous (the engine, the sealer and the verifier are synchronous, as in Node) and Ed25519 is missing from
 * older browsers. Same PlatformCrypto contract and same bytes as crypto.ts (test/browser-platform.test.ts).
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, equalBytes } from '@noble/curves/utils.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { bytesToHex as nobleBytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { BytesOrText, Ed25519PrivateKey, Ed25519PublicKey } from './crypto-types.js'

export type { BytesOrText, Ed25519PrivateKey, Ed25519PublicKey, PlatformCrypto } from './crypto-types.js'

const BASE64URL = /^[A-Za-z0-9_-]*$/
const HEX = /^[0-9a-fA-F]*$/

const utf8 = (data: BytesOrText): Uint8Array => (typeof data === 'string' ? utf8ToBytes(data) : data)

export function sha256Hex(data: BytesOrText): string {
  return nobleBytesToHex(sha256(utf8(data)))
}

export function sha256Bytes(data: BytesOrText): Uint8Array {
  return sha256(utf8(data))
}

export function hmacSha256Hex(key: BytesOrText, parts: readonly BytesOrText[]): string {
  const mac = hmac.create(sha256, utf8(key))
  for (const part of parts) mac.update(utf8(part))
  return nobleBytesToHex(mac.digest())
}

export function ed25519PrivateKey(seed: Uint8Array): Ed25519PrivateKey {
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`)
  return Uint8Array.from(seed) as unknown as Ed25519PrivateKey
}

export function ed25519PublicKeyBytes(key: Ed25519PrivateKey): Uint8Array {
  return ed25519.getPublicKey(key as unknown as Uint8Array)
}

/**
 * Any 32 bytes are accepted here, as Node accepts them as a key: whether they are a usable point is found when a
 * signature is checked (false), so the verifier gives the same report in both runtimes.
 */
export function ed25519PublicKey(raw: Uint8Array): Ed25519PublicKey | null {
  return raw.length === 32 ? (Uint8Array.from(raw) as unknown as Ed25519PublicKey) : null
}

export function ed25519Sign(key: Ed25519PrivateKey, message: BytesOrText): Uint8Array {
  return ed25519.sign(utf8(message), key as unknown as Uint8Array)
}

const { Point } = ed25519
const ORDER = Point.Fn.ORDER

/**
 * RFC 8032 verification with the answers node:crypto (OpenSSL) gives, including on crafted input: `S` must be below
 * the group order, the key is decoded as OpenSSL decodes it (no check of small order or of y < p), and the check is
 * the cofactorless [S]B - [k]A == R, compared as bytes against R as sent. noble's own `verify` takes other, equally
 * RFC-valid choices (cofactored; strict mode refuses small-order keys), which would make a crafted pack verify in one
 * runtime and fail in the other. Only noble's audited point arithmetic and SHA-512 are used.
 */
export function ed25519Verify(key: Ed25519PublicKey, message: BytesOrText, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false
  const publicKey = key as unknown as Uint8Array
  const r = signature.subarray(0, 32)
  const s = bytesToNumberLE(signature.subarray(32))
  if (s >= ORDER) return false
  let check: InstanceType<typeof Point>
  try {
    const A = Point.fromBytes(publicKey, true)
    const digest = sha512.create().update(r).update(publicKey).update(utf8(message)).digest()
    const k = Point.Fn.create(bytesToNumberLE(digest))
    check = Point.BASE.multiplyUnsafe(s).subtract(A.multiplyUnsafe(k))
  } catch {
    return false // not a point at all
  }
  return equalBytes(check.toBytes(), r)
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

/** crypto.randomUUID where the page is a secure context (https, localhost); else the same from getRandomValues. */
export function randomUUID(): string {
  const webCrypto = globalThis.crypto
  if (typeof webCrypto.randomUUID === 'function') return webCrypto.randomUUID()
  const bytes = webCrypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40 // version 4
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80 // variant 10
  const hex = nobleBytesToHex(bytes)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  // String.fromCharCode takes arguments: chunks keep large inputs under the engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1 || !BASE64URL.test(text)) return null
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4)
  const binary = atob(padded)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

export function bytesToHex(bytes: Uint8Array): string {
  return nobleBytesToHex(bytes)
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !HEX.test(hex)) throw new RangeError('hexToBytes: not an even-length hex string')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4 // a surrogate pair: one code point beyond the BMP
        i++
      } else bytes += 3 // a lone high surrogate is encoded as U+FFFD
    } else bytes += 3 // the rest of the BMP, and lone surrogates as U+FFFD
  }
  return bytes
}
