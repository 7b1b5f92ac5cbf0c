import { StandinError } from '../../core/errors.js'
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
  return {
    payload,
    keyId: key.keyId,
    algorithm: 'ed25519',
    signature: signText(key, receiptSigningMessage(payloadCanonical, key.keyId)),
    payloadCanonical,
    beforeHash,
    afterHash: afterHashOf(payloadCanonical),
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
    const issuedAt = formatTimestamp(issuedAtMs)
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
      spatialAnchorId: observation.spatialAnchorId,
      spatialPlacementId: observation.spatialPlacementId ?? null,
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
