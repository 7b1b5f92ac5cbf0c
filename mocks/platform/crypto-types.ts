/**
 * The contract both platform crypto modules keep: mocks/platform/crypto.ts (Node, node:crypto) and
 * mocks/platform/crypto.browser.ts (browsers, @noble/hashes and @noble/curves). The package's `browser` field swaps
 * one for the other, so the code above them is written once and gives the same bytes in both runtimes.
 * test/browser-platform.test.ts holds both to this interface and compares their answers.
 */

declare const privateKeyBrand: unique symbol
declare const publicKeyBrand: unique symbol

/**
 * An Ed25519 private key ready to sign. Opaque on purpose: a node:crypto KeyObject in Node (signing without
 * re-parsing the key), the 32-byte seed in the browser. Build one with `ed25519PrivateKey(seed)`.
 */
export type Ed25519PrivateKey = { readonly [privateKeyBrand]: 'Ed25519PrivateKey' }

/** An Ed25519 public key ready to verify (a KeyObject in Node, the 32 raw bytes in the browser). */
export type Ed25519PublicKey = { readonly [publicKeyBrand]: 'Ed25519PublicKey' }

/** Text is hashed and signed as its UTF-8 bytes. */
export type BytesOrText = string | Uint8Array

export interface PlatformCrypto {
  /** SHA-256 as lowercase hex. */
  sha256Hex(data: BytesOrText): string
  /** SHA-256 as its 32 bytes. */
  sha256Bytes(data: BytesOrText): Uint8Array
  /** HMAC-SHA256 of the parts concatenated, as lowercase hex. */
  hmacSha256Hex(key: BytesOrText, parts: readonly BytesOrText[]): string
  /** The signing key of a 32-byte Ed25519 seed (RFC 8032 private key). */
  ed25519PrivateKey(seed: Uint8Array): Ed25519PrivateKey
  /** The 32 raw bytes of the public key of a private key. */
  ed25519PublicKeyBytes(key: Ed25519PrivateKey): Uint8Array
  /** A public key from its 32 raw bytes, or null when they are not a point Ed25519 accepts. */
  ed25519PublicKey(raw: Uint8Array): Ed25519PublicKey | null
  /** The 64-byte Ed25519 signature of `message`. */
  ed25519Sign(key: Ed25519PrivateKey, message: BytesOrText): Uint8Array
  /** RFC 8032 verification; false (never a throw) for a bad or malformed signature. */
  ed25519Verify(key: Ed25519PublicKey, message: BytesOrText, signature: Uint8Array): boolean
  /** Byte equality in time that depends only on the length (false for different lengths). */
  constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean
  /** A random RFC 9562 version 4 UUID. */
  randomUUID(): string
  /** Unpadded base64url. */
  toBase64Url(bytes: Uint8Array): string
  /**
   * Bytes of unpadded base64url text, or null when it has padding, a character outside the base64url alphabet or an
   * impossible length (4n + 1). Non-zero trailing bits are dropped, as decoders do: a caller that needs the canonical
   * form compares the re-encoding (mocks/enfinitos/proof/hash.ts fromBase64UrlStrict).
   */
  fromBase64Url(text: string): Uint8Array | null
  /** Lowercase hex of bytes. */
  bytesToHex(bytes: Uint8Array): string
  /** Bytes of an even-length hex string (throws on anything else). */
  hexToBytes(hex: string): Uint8Array
  /** The length of the UTF-8 encoding of `text` (a lone surrogate counts as U+FFFD, 3 bytes), without encoding it. */
  utf8ByteLength(text: string): number
}
