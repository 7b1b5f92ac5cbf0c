import { StandinError } from '../../core/errors.js'
import { InternTable } from '../../core/intern.js'
import { afterHashOf, canonicalPayload, receiptSigningMessage } from './canonical.js'
import { derivedId, ID_PREFIX, sha256Hex } from './hash.js'
import { type KeyRing, type SigningKey, signText } from './keys.js'
import { formatTimestamp, parseTimestamp, requireTimestamp } from './time.js'
import type { JsonValue, ReceiptPayload, ReceiptRecord } from './types.js'

/**
 * Signs a payload into a chained record: `payloadCanonical` = canonical form, `afterHash` = sha256 hex of it,
 * `signature` = Ed25519 over UTF-8 of `canonical + "|" + keyId` (unpadded base64url), `beforeHash` as given
 * (the previous record's afterHash, the prior pack's last afterHash, or null at genesis).
 */
export function signReceipt(payload: ReceiptPayload, key: SigningKey, beforeHash: string | null = null): ReceiptRecord {
  const payloadCanonical = canonicalPayload(payload)
  const signature = signText(key, receiptSigningMessage(payloadCanonical, key.keyId))
  const afterHash = afterHashOf(payloadCanonical)
  // Derived on read only when plain JSON of the payload is its canonical form (its keys in canonical order, as the
  // issuer builds it), checked here once: the getter is then native JSON.stringify, not the canonical writer.
  if (JSON.stringify(payload) === payloadCanonical) {
    return new IssuedReceipt(payload, key.keyId, signature, beforeHash, afterHash)
  }
  return { payload, keyId: key.keyId, algorithm: 'ed25519', signature, payloadCanonical, beforeHash, afterHash }
}

/**
 * `record` with `beforeHash` (a seal re-links the records it takes): the record itself when it already carries it, so
 * a pack shares its records with the session's receipts; a record of its own otherwise. Records are never changed once
 * issued (`MockResponse.stable`), so sharing them is safe.
 */
export function relinked(record: ReceiptRecord, beforeHash: string | null): ReceiptRecord {
  if (record.beforeHash === beforeHash) return record
  if (record instanceof IssuedReceipt) {
    return new IssuedReceipt(record.payload, record.keyId, record.signature, beforeHash, record.afterHash)
  }
  return { ...record, beforeHash }
}

/**
 * `payloadCanonical` of an {@link IssuedReceipt}: its payload's canonical form, written again on each read. Plain JSON
 * of the payload is that form (signReceipt checked it when it signed; the payload is never changed since).
 */
function derivedCanonical(this: IssuedReceipt): string {
  return JSON.stringify(this.payload)
}

/**
 * A receipt as standin issues and keeps it. Its `payloadCanonical` is not kept but derived from its payload when read
 * (an enumerable getter in its place, so JSON.stringify, spread, structuredClone and Object.keys see the same record,
 * keys in the same order): the canonical text is the largest part of a receipt (~350 of ~1,000 bytes a delivery keeps),
 * and a session may hold tens of thousands. The payload is never changed once signed, so the text read is the text
 * signed. A receipt from elsewhere (a test's factory, a tampered copy) is a plain object and keeps its own text.
 */
class IssuedReceipt implements ReceiptRecord {
  // Declared only: the constructor defines them, in the wire order (class fields would all come before the getter).
  declare readonly payload: ReceiptPayload
  declare readonly keyId: string
  declare readonly algorithm: 'ed25519'
  declare readonly signature: string
  declare readonly payloadCanonical: string
  declare readonly beforeHash: string | null
  declare readonly afterHash: string

  constructor(payload: ReceiptPayload, keyId: string, signature: string, beforeHash: string | null, afterHash: string) {
    this.payload = payload
    this.keyId = keyId
    this.algorithm = 'ed25519'
    this.signature = signature
    Object.defineProperty(this, 'payloadCanonical', { get: derivedCanonical, enumerable: true, configurable: true })
    this.beforeHash = beforeHash
    this.afterHash = afterHash
  }
}

/** What a delivery observation carries into a receipt. Omitted optional fields become `null`. */
export interface DeliveryObservation {
  orgId: string
  spatialAnchorId: string
  /** Integer milliseconds >= 0. */
  dwellMs: number
  spatialPlacementId?: string | null
  correlationId?: string | null
  /** Defaults to the issue time minus `dwellMs`. */
  renderedAt?: string
  witness?: JsonValue | null
  /** Explicit nonce (tests, known answers); rejected if already used by the org. Derived from the seed otherwise. */
  nonce?: string
  /** Explicit receipt id; rejected if already used by the org. Derived from the seed otherwise. */
  receiptId?: string
}

/** Thrown by {@link ReceiptIssuer.issue} when an observation would break a receipt invariant. */
export class ReceiptIssuerError extends StandinError {
  constructor(
    readonly code: 'NONCE_REUSED' | 'RECEIPT_ID_REUSED' | 'INVALID_OBSERVATION',
    message: string,
  ) {
    super(message)
    this.name = 'ReceiptIssuerError'
  }
}

interface OrgState {
  ordinal: number
  lastIssuedAtMs: number
  lastAfterHash: string | null
  nonces: Set<string>
  receiptIds: Set<string>
}

/**
 * Issues signed, chained receipts for any number of orgs. It holds per-org state (receipt ordinal, nonces and
 * receipt ids used, last issuedAt, last afterHash); one issuer per session, no global state.
 *
 * Invariants it guarantees per org:
 * - nonces are unique: derived ones are sha256(`standin|nonce|<seed>|<orgId>|<ordinal>`) (32 hex); an explicit
 *   nonce that was already used is rejected with `NONCE_REUSED`;
 * - `issuedAt` never decreases: an issue time earlier than the org's last `issuedAt` is CLAMPED up to it (the mock's
 *   clock can be set back by a test; the receipt stays valid and the chain stays in order);
 * - `beforeHash` is the org's previous receipt's afterHash (null for its first); sealing re-links anyway.
 */
export class ReceiptIssuer {
  private readonly orgs = new Map<string, OrgState>()
  /**
   * Anchor and placement ids, kept once (at most 1,024 of at most 256 characters): a venue has a handful, observed
   * thousands of times, each a fresh string from its request.
   */
  private readonly names = new InternTable(1024, 256)
  /** The seed all derived receipt ids and nonces come from. */
  readonly seed: string

  constructor(options: { seed: string | number }) {
    this.seed = String(options.seed)
  }

  /**
   * Issues the receipt for one observed delivery at `at` (the session clock), signed by the ring's signer at the
   * (possibly clamped) issue time. Throws {@link ReceiptIssuerError} on a reused nonce or receipt id or an invalid
   * observation, and RangeError when no key of the ring can sign at that time.
   */
  issue(observation: DeliveryObservation, context: { at: string; ring: KeyRing }): ReceiptRecord {
    const atMs = requireTimestamp(context.at, 'issue time')
    const { dwellMs } = observation
    if (!Number.isSafeInteger(dwellMs) || dwellMs < 0) {
      throw new ReceiptIssuerError('INVALID_OBSERVATION', `dwellMs must be an integer >= 0, got ${dwellMs}`)
    }
    if (observation.renderedAt !== undefined) requireTimestamp(observation.renderedAt, 'renderedAt')
    const state = this.state(observation.orgId)
    const ordinal = state.ordinal
    const material = `${this.seed}|${observation.orgId}|${ordinal}`
    const nonce = observation.nonce ?? flatCopy(sha256Hex(`standin|nonce|${material}`).slice(0, 32))
    if (state.nonces.has(nonce)) {
      throw new ReceiptIssuerError('NONCE_REUSED', `nonce ${JSON.stringify(nonce)} was already used by this org`)
    }
    const receiptId = observation.receiptId ?? derivedId(ID_PREFIX.receipt, `standin|receipt|${material}`)
    if (state.receiptIds.has(receiptId)) {
      throw new ReceiptIssuerError('RECEIPT_ID_REUSED', `receiptId ${receiptId} was already used by this org`)
    }
    const issuedAtMs = Math.max(atMs, state.lastIssuedAtMs)
    // The session clock's own string when it is the same text: one copy of a timestamp kept per delivery, not two.
    const formatted = formatTimestamp(issuedAtMs)
    const issuedAt = formatted === context.at ? context.at : formatted
    const renderedAt = observation.renderedAt ?? representable(atMs - dwellMs)
    if (renderedAt === null) {
      throw new ReceiptIssuerError(
        'INVALID_OBSERVATION',
        `dwellMs ${dwellMs} puts renderedAt (issue time minus dwellMs) outside the years 0000..9999`,
      )
    }
    const payload: ReceiptPayload = {
      version: '1',
      receiptId,
      correlationId: observation.correlationId ?? null,
      spatialAnchorId: this.names.intern(observation.spatialAnchorId),
      spatialPlacementId:
        observation.spatialPlacementId == null ? null : this.names.intern(observation.spatialPlacementId),
      issuedAt,
      renderedAt,
      dwellMs,
      nonce,
      witness: observation.witness ?? null,
    }
    // Everything is checked and signed before the org's state moves: a failure leaves the issuer as it was.
    const record = signReceipt(payload, context.ring.signerAt(issuedAt), state.lastAfterHash)
    this.orgs.set(observation.orgId, state)
    state.ordinal = ordinal + 1
    state.lastIssuedAtMs = issuedAtMs
    state.lastAfterHash = record.afterHash
    state.nonces.add(nonce)
    state.receiptIds.add(receiptId)
    return record
  }

  /** The afterHash of the org's last issued receipt, or null if it has none. */
  lastAfterHash(orgId: string): string | null {
    return this.orgs.get(orgId)?.lastAfterHash ?? null
  }

  /** The org's state; a new org's is registered only once its first receipt is issued. */
  private state(orgId: string): OrgState {
    return (
      this.orgs.get(orgId) ?? {
        ordinal: 0,
        lastIssuedAtMs: Number.NEGATIVE_INFINITY,
        lastAfterHash: null,
        nonces: new Set(),
        receiptIds: new Set(),
      }
    )
  }
}

/** `toISOString()` of `ms` when it prints with a four-digit year (what a receipt timestamp must be), else null. */
function representable(ms: number): string | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null
  return parseTimestamp(formatTimestamp(ms)) === null ? null : formatTimestamp(ms)
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
/**
 * A string of its own with the text of `slice`: V8 keeps a slice of 13 characters or more as a view of the whole
 * string it was cut from, so a nonce cut from a 64-hex digest would keep the digest alive with every receipt.
 */
function flatCopy(slice: string): string {
  return decoder.decode(encoder.encode(slice))
}
