// Ed25519 comes from the platform module: node:crypto in Node, @noble/curves in a browser build (the package's
// `browser` field). Signatures are deterministic (RFC 8032), so both give the same bytes for the same seed.
import {
  type Ed25519PrivateKey,
  type Ed25519PublicKey,
  ed25519PrivateKey,
  ed25519PublicKey,
  ed25519PublicKeyBytes,
  ed25519Sign,
  ed25519Verify,
} from '../../platform/crypto.js'
import { derivedId, fromBase64UrlStrict, ID_PREFIX, sha256Bytes, sha256Hex, toBase64Url } from './hash.js'
import { parseTimestamp, requireTimestamp } from './time.js'
import type { KeyDirectory, KeyDirectoryEntry } from './types.js'

/** The default `purpose` of a runtime key (inferred: the docs show the field, not its values). */
export const DEFAULT_KEY_PURPOSE = 'proof-signing'

/**
 * An Ed25519 signing key: its id, its public key (unpadded base64url, 32 raw bytes) and the private key (opaque: a
 * node:crypto KeyObject in Node, the seed's bytes in a browser build; sign with {@link signText}).
 */
export interface SigningKey {
  readonly keyId: string
  readonly algorithm: 'ed25519'
  readonly publicKey: string
  readonly privateKey: Ed25519PrivateKey
}

/**
 * Builds a signing key from an explicit 32-byte Ed25519 private seed and keyId (e.g. the known-answer vector:
 * 32 × 0x01 with `kat_key_1`).
 */
export function signingKeyFromSeed(seed: Uint8Array, keyId: string): SigningKey {
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`)
  if (keyId.length === 0) throw new RangeError('keyId must not be empty')
  const privateKey = ed25519PrivateKey(seed)
  return Object.freeze({
    keyId,
    algorithm: 'ed25519',
    publicKey: toBase64Url(ed25519PublicKeyBytes(privateKey)),
    privateKey,
  })
}

/**
 * Derives the signing key number `ordinal` of the ring seeded with `seed`: the Ed25519 seed is
 * sha256(`standin|key|<seed>|<ordinal>`), the keyId `rtk_` + the first 16 hex of sha256(`standin|keyid|<seed>|<ordinal>`).
 * Same seed and ordinal, same key.
 */
export function deriveSigningKey(seed: string | number, ordinal: number | string): SigningKey {
  return signingKeyFromSeed(
    sha256Bytes(`standin|key|${seed}|${ordinal}`),
    derivedId(ID_PREFIX.runtimeKey, `standin|keyid|${seed}|${ordinal}`),
  )
}

/** Signs the UTF-8 bytes of `message` with `key`; returns the 64-byte signature as unpadded base64url. */
export function signText(key: SigningKey, message: string): string {
  return toBase64Url(ed25519Sign(key.privateKey, message))
}

/** A public key from an unpadded base64url raw Ed25519 key, or null when the text is not 32 bytes. */
export function publicKeyFromBase64Url(publicKey: unknown): Ed25519PublicKey | null {
  const raw = fromBase64UrlStrict(publicKey, 32)
  return raw === null ? null : ed25519PublicKey(raw)
}

/**
 * Verifies an unpadded base64url Ed25519 signature over the UTF-8 bytes of `message`. False for a bad signature and
 * for malformed input alike; the verifier tells the two apart itself.
 */
export function verifyText(publicKey: Ed25519PublicKey | string, message: string, signature: string): boolean {
  const key = typeof publicKey === 'string' ? publicKeyFromBase64Url(publicKey) : publicKey
  const sig = fromBase64UrlStrict(signature, 64)
  return key !== null && sig !== null && ed25519Verify(key, message, sig)
}

/** Thrown by {@link KeyRing.signerAt} when no key of the ring may sign at the time asked. */
export class NoSigningKeyError extends RangeError {
  constructor(
    readonly at: string,
    /** The earliest notBefore of the ring's keys (null for an empty ring). */
    readonly earliestNotBefore: string | null,
  ) {
    super(
      `no key of the ring is valid for signing at ${at}${earliestNotBefore !== null && at < earliestNotBefore ? ` (its first key is valid from ${earliestNotBefore})` : ''}`,
    )
    this.name = 'NoSigningKeyError'
  }
}

/** One key of a {@link KeyRing} with its publication window. */
export interface KeyRingEntry {
  readonly key: SigningKey
  readonly notBefore: string
  readonly notAfter: string | null
  readonly revokedAt: string | null
  readonly purpose: string
}

/** Options for {@link KeyRing.withKey}. */
export interface ExtraKeyOptions {
  /** Distinguishes the derived key from the ring's numbered keys and from other extras (same label -> same key). */
  label: string
  notBefore: string
  notAfter?: string | null
  revokedAt?: string | null
  purpose?: string
}

/**
 * A deterministic, immutable ring of Ed25519 signing keys derived from a seed. Every change (rotate, revoke, add)
 * returns a new ring; the old one is untouched. The ring's {@link KeyRing.directory} is the `GET /v1/runtime-keys`
 * payload: rotated keys stay published with `notAfter` set, revoked keys with `revokedAt` set, so packs signed by
 * them can still be checked (and fail) as an auditor would.
 */
export class KeyRing {
  private constructor(
    /** The seed every key of this ring derives from. */
    readonly seed: string,
    /** All keys ever published, oldest first. */
    readonly entries: readonly KeyRingEntry[],
  ) {}

  /** A ring holding one key (ordinal 0), valid from `notBefore` with no end. */
  static create(options: { seed: string | number; notBefore: string; purpose?: string }): KeyRing {
    requireTimestamp(options.notBefore, 'notBefore')
    const seed = String(options.seed)
    const entry: KeyRingEntry = {
      key: deriveSigningKey(seed, 0),
      notBefore: options.notBefore,
      notAfter: null,
      revokedAt: null,
      purpose: options.purpose ?? DEFAULT_KEY_PURPOSE,
    }
    return new KeyRing(seed, Object.freeze([Object.freeze(entry)]))
  }

  /** A ring made of explicit entries (e.g. the known-answer key). `seed` is only used to derive later keys. */
  static fromEntries(seed: string | number, entries: readonly KeyRingEntry[]): KeyRing {
    const ids = new Set<string>()
    for (const entry of entries) {
      if (ids.has(entry.key.keyId)) throw new RangeError(`duplicate keyId ${entry.key.keyId}`)
      ids.add(entry.key.keyId)
      checkWindow(entry)
    }
    return new KeyRing(String(seed), Object.freeze(entries.map((entry) => Object.freeze({ ...entry }))))
  }

  /** The newest key that is neither closed (`notAfter`) nor revoked, if any. */
  get active(): KeyRingEntry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]
      if (entry !== undefined && entry.notAfter === null && entry.revokedAt === null) return entry
    }
    return undefined
  }

  /**
   * Rotates at `at`: the active key gets `notAfter = at` (it stays published) and a new key, the next ordinal,
   * is valid from `at`. Both keys are valid at the instant `at`; from then on the new one signs.
   */
  rotate(at: string): KeyRing {
    const atMs = requireTimestamp(at, 'rotation time')
    const current = this.active
    if (current !== undefined && atMs < requireTimestamp(current.notBefore, 'notBefore')) {
      throw new RangeError(`cannot rotate at ${at}: the active key ${current.key.keyId} starts at ${current.notBefore}`)
    }
    const ordinal = this.entries.length
    const next: KeyRingEntry = {
      key: deriveSigningKey(this.seed, ordinal),
      notBefore: at,
      notAfter: null,
      revokedAt: null,
      purpose: current?.purpose ?? DEFAULT_KEY_PURPOSE,
    }
    const entries = this.entries.map((entry) => (entry === current ? { ...entry, notAfter: at } : entry))
    return KeyRing.fromEntries(this.seed, [...entries, next])
  }

  /**
   * Revokes `keyId` at `at` (sets `revokedAt`; `notAfter` is left alone). Records issued after `at` and signed by
   * it fail with KEY_REVOKED_BEFORE_ISSUANCE. Revoking the active key leaves the ring without a signer until
   * {@link KeyRing.rotate} is called.
   */
  revoke(keyId: string, at: string): KeyRing {
    requireTimestamp(at, 'revocation time')
    const target = this.entries.find((entry) => entry.key.keyId === keyId)
    if (target === undefined) throw new RangeError(`unknown keyId ${keyId}`)
    if (target.revokedAt !== null) throw new RangeError(`key ${keyId} is already revoked at ${target.revokedAt}`)
    return KeyRing.fromEntries(
      this.seed,
      this.entries.map((entry) => (entry === target ? { ...entry, revokedAt: at } : entry)),
    )
  }

  /**
   * Adds a derived key with an explicit window (sha256(`standin|key|<seed>|<label>`)), appended last, e.g. a key
   * that is already revoked for a tampering scenario. It signs only if it is the newest key valid at a given time.
   */
  withKey(options: ExtraKeyOptions): KeyRing {
    const entry: KeyRingEntry = {
      key: deriveSigningKey(this.seed, `extra|${options.label}`),
      notBefore: options.notBefore,
      notAfter: options.notAfter ?? null,
      revokedAt: options.revokedAt ?? null,
      purpose: options.purpose ?? DEFAULT_KEY_PURPOSE,
    }
    return KeyRing.fromEntries(this.seed, [...this.entries, entry])
  }

  /** The entry for `keyId`, if the ring has it. */
  entry(keyId: string): KeyRingEntry | undefined {
    return this.entries.find((entry) => entry.key.keyId === keyId)
  }

  /** The signing key for `keyId`, if the ring has it. */
  signingKey(keyId: string): SigningKey | undefined {
    return this.entry(keyId)?.key
  }

  /**
   * The key that signs at `at`: the newest key whose window contains `at` (notBefore <= at <= notAfter) and that is
   * not revoked at or before `at`. Throws {@link NoSigningKeyError} when there is none (e.g. `at` precedes every
   * key's notBefore, or the active key was revoked and not rotated).
   */
  signerAt(at: string): SigningKey {
    const t = requireTimestamp(at, 'signing time')
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]
      if (entry === undefined) continue
      const notBefore = parseTimestamp(entry.notBefore) ?? Number.POSITIVE_INFINITY
      const notAfter = entry.notAfter === null ? Number.POSITIVE_INFINITY : (parseTimestamp(entry.notAfter) ?? 0)
      const revokedAt = entry.revokedAt === null ? Number.POSITIVE_INFINITY : (parseTimestamp(entry.revokedAt) ?? 0)
      if (notBefore <= t && t <= notAfter && t < revokedAt) return entry.key
    }
    const earliest = this.entries.reduce<string | null>(
      (min, entry) => (min === null || entry.notBefore < min ? entry.notBefore : min),
      null,
    )
    throw new NoSigningKeyError(at, earliest)
  }

  /**
   * The public key directory as of `issuedAt`, in the documented shape: every key of the ring (oldest first) with
   * `notAfter` and `revokedAt` present (null allowed). `snapshotId` is `rks_` + 16 hex derived from the content.
   */
  directory(issuedAt: string): KeyDirectory {
    requireTimestamp(issuedAt, 'directory issuedAt')
    const keys: KeyDirectoryEntry[] = this.entries.map((entry) => ({
      keyId: entry.key.keyId,
      algorithm: 'ed25519',
      publicKey: entry.key.publicKey,
      notBefore: entry.notBefore,
      notAfter: entry.notAfter,
      revokedAt: entry.revokedAt,
      purpose: entry.purpose,
    }))
    const snapshotId = `${ID_PREFIX.keySnapshot}${sha256Hex(`standin|keys|${issuedAt}|${JSON.stringify(keys)}`).slice(0, 16)}`
    return { keys, issuedAt, snapshotId }
  }
}

function checkWindow(entry: KeyRingEntry): void {
  const notBefore = requireTimestamp(entry.notBefore, `notBefore of ${entry.key.keyId}`)
  if (entry.notAfter !== null && requireTimestamp(entry.notAfter, `notAfter of ${entry.key.keyId}`) < notBefore) {
    throw new RangeError(`key ${entry.key.keyId}: notAfter precedes notBefore`)
  }
  if (entry.revokedAt !== null) requireTimestamp(entry.revokedAt, `revokedAt of ${entry.key.keyId}`)
}
