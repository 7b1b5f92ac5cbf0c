/**
 * Broken proof packs on purpose: the classic tamperings of the facts file's table, each a pure function
 * pack -> pack (plus the key material it needs). The input pack is never modified.
 *
 * Each function touches exactly what its tampering needs, so that an auditor reports exactly the codes listed for it
 * in {@link TAMPERINGS} and no others. A function throws {@link TamperError} when the pack is too small or lacks what
 * the tampering needs (e.g. two records with different issuedAt to swap).
 */
import { StandinError } from '../../core/errors.js'
import { formatDecimal6, parseDecimal6 } from './decimal.js'
import { sha256Hex } from './hash.js'
import { deriveSigningKey, type KeyRing, type SigningKey } from './keys.js'
import { unitCountMicro } from './metering.js'
import type { ReasonCode } from './reasons.js'
import { signReceipt } from './receipt.js'
import { formatTimestamp, requireTimestamp } from './time.js'
import type { KeyDirectory, ProofPack, ReceiptRecord, UnitType } from './types.js'
import type { VerifyOptions } from './verify.js'

/** Thrown when a tampering cannot be applied to the pack given. */
export class TamperError extends StandinError {
  constructor(message: string) {
    super(message)
    this.name = 'TamperError'
  }
}

function record(pack: ProofPack, index: number): ReceiptRecord {
  const found = pack.records[index]
  if (found === undefined) throw new TamperError(`the pack has no record ${index} (it has ${pack.records.length})`)
  return found
}

/**
 * A payload field edited after signing: `dwellMs` of record `recordIndex` (default 0) grows by `deltaMs`
 * (default 1000); payloadCanonical, afterHash, signature and the metering are left as issued.
 * -> PAYLOAD_CANONICAL_MISMATCH, AFTER_HASH_MISMATCH, SIGNATURE_INVALID; METER_UNIT_COUNT_MISMATCH, METER_TOTAL_MISMATCH.
 * Needs a dwell-based meter record for that receipt whose count the edit changes (true for DEFAULT_TARIFF).
 */
export function tamperEditPayload(
  pack: ProofPack,
  options: { recordIndex?: number; deltaMs?: number } = {},
): ProofPack {
  const index = options.recordIndex ?? 0
  const delta = options.deltaMs ?? 1000
  const out = structuredClone(pack)
  const target = record(out, index)
  const dwellMs = target.payload.dwellMs + delta
  if (!Number.isSafeInteger(dwellMs) || dwellMs < 0 || delta === 0) throw new TamperError('bad dwellMs delta')
  const changesAMeter = out.metering.records.some((meter) => {
    if (meter.proofReceiptId !== target.payload.receiptId || meter.unitType === 'IMPRESSION_IN_PLACE') return false
    const weight = parseDecimal6(meter.weight)
    if (weight === null) return false
    const unitType = meter.unitType as UnitType
    return unitCountMicro(unitType, dwellMs, weight) !== unitCountMicro(unitType, target.payload.dwellMs, weight)
  })
  if (!changesAMeter) {
    throw new TamperError(`no dwell-based meter record of ${target.payload.receiptId} changes with the edit`)
  }
  target.payload.dwellMs = dwellMs
  return out
}

/**
 * One record's afterHash corrupted (record `recordIndex`, default 0; it must have a successor).
 * -> AFTER_HASH_MISMATCH on it, CHAIN_LINK_MISMATCH on the next record.
 */
export function tamperCorruptAfterHash(pack: ProofPack, options: { recordIndex?: number } = {}): ProofPack {
  const index = options.recordIndex ?? 0
  if (index + 1 >= pack.records.length) throw new TamperError('the corrupted record needs a successor')
  const out = structuredClone(pack)
  const target = record(out, index)
  target.afterHash = sha256Hex(`standin|tamper|after-hash|${target.afterHash}`)
  return out
}

/**
 * Two adjacent records swapped (records `index` and `index + 1`, with index >= 1 so the genesis check is not
 * involved; by default the first such pair whose issuedAt differ). Needs at least three records.
 * -> CHAIN_LINK_MISMATCH at every link the swap breaks, CHAIN_OUT_OF_ORDER; signatures stay valid.
 */
export function tamperSwapAdjacent(pack: ProofPack, options: { index?: number } = {}): ProofPack {
  const times = pack.records.map((r, i) => requireTimestamp(r.payload.issuedAt, `records[${i}].payload.issuedAt`))
  let index = options.index
  if (index === undefined) {
    index = times.findIndex((t, i) => i >= 1 && i + 1 < times.length && t < (times[i + 1] ?? t))
    if (index < 0) throw new TamperError('no adjacent records (after the first) with different issuedAt to swap')
  }
  if (index < 1 || index + 1 >= pack.records.length)
    throw new TamperError(`cannot swap records ${index} and ${index + 1}`)
  if (times[index] === times[index + 1]) throw new TamperError('the swapped records must have different issuedAt')
  const out = structuredClone(pack)
  const a = record(out, index)
  const b = record(out, index + 1)
  out.records[index] = b
  out.records[index + 1] = a
  return out
}

/**
 * A nonce reused inside a pack: record `recordIndex` (default 1) takes the nonce of record `recordIndex - 1`, is
 * re-canonicalised, re-hashed and re-signed with its own key from `ring`, and the next record's beforeHash is
 * re-linked to the new afterHash (beforeHash is not signed). Metering does not depend on the nonce.
 * -> CHAIN_NONCE_REUSED only.
 */
export function tamperReuseNonce(pack: ProofPack, ring: KeyRing, options: { recordIndex?: number } = {}): ProofPack {
  const index = options.recordIndex ?? 1
  if (index < 1) throw new TamperError('the record reusing a nonce needs a predecessor')
  const out = structuredClone(pack)
  const source = record(out, index - 1)
  const target = record(out, index)
  const key = ring.signingKey(target.keyId)
  if (key === undefined) throw new TamperError(`the ring has no key ${target.keyId} to re-sign record ${index}`)
  const resigned = signReceipt({ ...target.payload, nonce: source.payload.nonce }, key, target.beforeHash)
  out.records[index] = resigned
  const next = out.records[index + 1]
  if (next !== undefined) next.beforeHash = resigned.afterHash
  return out
}

/** The signature of record `recordIndex` (default 0) padded with `=`. -> SIGNATURE_MALFORMED. */
export function tamperPadSignature(pack: ProofPack, options: { recordIndex?: number } = {}): ProofPack {
  const out = structuredClone(pack)
  const target = record(out, options.recordIndex ?? 0)
  target.signature = `${target.signature}=`
  return out
}

/**
 * Record `recordIndex` (default 0) re-signed by `key` (its keyId replaces the record's; payload, hashes and chain are
 * unchanged since the keyId is not part of the canonical form). With a key revoked before the record's issuedAt
 * -> KEY_REVOKED_BEFORE_ISSUANCE; with a key absent from the directory -> UNKNOWN_KEY_ID.
 */
export function tamperSignWithKey(pack: ProofPack, key: SigningKey, options: { recordIndex?: number } = {}): ProofPack {
  const index = options.recordIndex ?? 0
  const out = structuredClone(pack)
  const target = record(out, index)
  out.records[index] = signReceipt(target.payload, key, target.beforeHash)
  return out
}

/**
 * The first record's beforeHash set to a non-null hash; verify with no prior pack.
 * -> GENESIS_BEFORE_HASH_NOT_NULL.
 */
export function tamperGenesisBeforeHash(pack: ProofPack): ProofPack {
  const out = structuredClone(pack)
  const first = record(out, 0)
  first.beforeHash = sha256Hex(`standin|tamper|genesis|${first.afterHash}`)
  return out
}

/**
 * A meter record's idemKey wrong: by default the first meter record with a non-zero gross (so that dropping its
 * lines changes the settlement totals). Its settlement lines now point at no meter record.
 * -> METER_IDEM_KEY_MISMATCH, SETTLEMENT_LINE_FOR_UNKNOWN_METER, SETTLEMENT_TOTAL_MISMATCH.
 */
export function tamperMeterIdemKey(pack: ProofPack, options: { meterIndex?: number } = {}): ProofPack {
  const out = structuredClone(pack)
  const index =
    options.meterIndex ??
    out.metering.records.findIndex(
      (meter) =>
        (out.settlement.meterGross[meter.idemKey] ?? 0) > 0 &&
        out.settlement.lines.some((line) => line.meterRecordIdemKey === meter.idemKey && line.amountCents > 0),
    )
  const meter = out.metering.records[index]
  if (meter === undefined) throw new TamperError('no meter record with a non-zero gross')
  meter.idemKey = sha256Hex(`standin|tamper|meter|${meter.idemKey}`)
  return out
}

/** One settlement line (`lineIndex`, default 0) + 1 cent. -> SETTLEMENT_AMOUNT_MISMATCH, SETTLEMENT_TOTAL_MISMATCH. */
export function tamperSettlementAmount(pack: ProofPack, options: { lineIndex?: number } = {}): ProofPack {
  const out = structuredClone(pack)
  const line = out.settlement.lines[options.lineIndex ?? 0]
  if (line === undefined) throw new TamperError('the settlement has no such line')
  line.amountCents += 1
  return out
}

/**
 * The shares of one meter's lines made to sum to 0.999999 (the largest share of that meter loses 0.000001;
 * by default the first meter with lines). Amounts are not checked for an invalid split.
 * -> SETTLEMENT_SHARE_SUM_NOT_ONE.
 */
export function tamperShareSum(pack: ProofPack, options: { meterIdemKey?: string } = {}): ProofPack {
  const out = structuredClone(pack)
  const meterKey = options.meterIdemKey ?? out.settlement.lines[0]?.meterRecordIdemKey
  const lines = out.settlement.lines.filter((line) => line.meterRecordIdemKey === meterKey)
  let largest = lines[0]
  for (const line of lines) {
    if ((parseDecimal6(line.share) ?? 0n) > (parseDecimal6(largest?.share) ?? 0n)) largest = line
  }
  const share = parseDecimal6(largest?.share)
  if (largest === undefined || share === null || share === 0n) throw new TamperError('no meter with a positive share')
  largest.share = formatDecimal6(share - 1n)
  return out
}

/** What a catalogued tampering returns: the broken pack and what to verify it with. */
export interface TamperOutcome {
  pack: ProofPack
  /** The ring the auditor's directory comes from (extended when the tampering needs an extra published key). */
  ring: KeyRing
  /** `ring.directory(pack.issuedAt)`: pass it to verifyPack. */
  keyDirectory: KeyDirectory
  /** Pass to verifyPack: the untampered pack's prior afterHash (none for the genesis tampering). */
  verifyOptions: VerifyOptions
}

/** A catalogued tampering. */
export interface Tampering {
  readonly name: TamperingName
  readonly description: string
  /** The reason codes an auditor reports for it: exactly these, no others (as a set). Sorted. */
  readonly expected: readonly ReasonCode[]
  /** The fewest records the pack needs. */
  readonly minRecords: number
  /** Applies it to a pack sealed with keys of `ring` (default tariff or any tariff with a dwell-based unit). */
  apply(pack: ProofPack, ring: KeyRing): TamperOutcome
}

/** Names of the catalogued tamperings. */
export type TamperingName =
  | 'payload-edited'
  | 'after-hash-corrupted'
  | 'records-swapped'
  | 'nonce-reused'
  | 'signature-padded'
  | 'signed-by-revoked-key'
  | 'signed-by-unknown-key'
  | 'genesis-before-hash-not-null'
  | 'meter-idem-key-wrong'
  | 'settlement-line-plus-one-cent'
  | 'shares-sum-not-one'

function outcome(original: ProofPack, pack: ProofPack, ring: KeyRing, genesis = false): TamperOutcome {
  const prior = original.records[0]?.beforeHash ?? null
  return {
    pack,
    ring,
    keyDirectory: ring.directory(pack.issuedAt),
    verifyOptions: genesis || prior === null ? {} : { priorAfterHash: prior },
  }
}

function entry(
  name: TamperingName,
  description: string,
  expected: ReasonCode[],
  minRecords: number,
  apply: (pack: ProofPack, ring: KeyRing) => TamperOutcome,
): Tampering {
  return Object.freeze({ name, description, expected: Object.freeze([...expected].sort()), minRecords, apply })
}

/**
 * The catalogue of classic tamperings with the reason codes an auditor reports for each (the facts file's table),
 * for scenarios and downstream tests to enumerate:
 * `for (const t of TAMPERINGS) { const o = t.apply(pack, ring); verifyPack(o.pack, o.keyDirectory, o.verifyOptions) }`.
 */
export const TAMPERINGS: readonly Tampering[] = Object.freeze([
  entry(
    'payload-edited',
    'dwellMs of the first record edited after signing; metering left as issued',
    [
      'PAYLOAD_CANONICAL_MISMATCH',
      'AFTER_HASH_MISMATCH',
      'SIGNATURE_INVALID',
      'METER_UNIT_COUNT_MISMATCH',
      'METER_TOTAL_MISMATCH',
    ],
    1,
    (pack, ring) => outcome(pack, tamperEditPayload(pack), ring),
  ),
  entry(
    'after-hash-corrupted',
    "the first record's afterHash corrupted",
    ['AFTER_HASH_MISMATCH', 'CHAIN_LINK_MISMATCH'],
    2,
    (pack, ring) => outcome(pack, tamperCorruptAfterHash(pack), ring),
  ),
  entry(
    'records-swapped',
    'two adjacent records (after the first) with different issuedAt swapped',
    ['CHAIN_LINK_MISMATCH', 'CHAIN_OUT_OF_ORDER'],
    3,
    (pack, ring) => outcome(pack, tamperSwapAdjacent(pack), ring),
  ),
  entry(
    'nonce-reused',
    "the second record re-signed with the first record's nonce, the chain re-linked",
    ['CHAIN_NONCE_REUSED'],
    2,
    (pack, ring) => outcome(pack, tamperReuseNonce(pack, ring), ring),
  ),
  entry('signature-padded', "the first record's signature padded with '='", ['SIGNATURE_MALFORMED'], 1, (pack, ring) =>
    outcome(pack, tamperPadSignature(pack), ring),
  ),
  entry(
    'signed-by-revoked-key',
    'the first record re-signed by a published key revoked 1 ms before its issuedAt',
    ['KEY_REVOKED_BEFORE_ISSUANCE'],
    1,
    (pack, ring) => {
      const t = requireTimestamp(record(pack, 0).payload.issuedAt, 'issuedAt')
      const extended = ring.withKey({
        label: `tamper-revoked|${t}`,
        notBefore: formatTimestamp(t - 86_400_000),
        revokedAt: formatTimestamp(t - 1),
      })
      const key = extended.entries[extended.entries.length - 1]?.key
      if (key === undefined) throw new TamperError('could not add the revoked key')
      return outcome(pack, tamperSignWithKey(pack, key), extended)
    },
  ),
  entry(
    'signed-by-unknown-key',
    'the first record re-signed by a key absent from the directory',
    ['UNKNOWN_KEY_ID'],
    1,
    (pack, ring) => outcome(pack, tamperSignWithKey(pack, deriveSigningKey(ring.seed, 'tamper|unknown')), ring),
  ),
  entry(
    'genesis-before-hash-not-null',
    "the first record's beforeHash not null, verified with no prior pack",
    ['GENESIS_BEFORE_HASH_NOT_NULL'],
    1,
    (pack, ring) => outcome(pack, tamperGenesisBeforeHash(pack), ring, true),
  ),
  entry(
    'meter-idem-key-wrong',
    'the idemKey of a meter record with a non-zero gross replaced',
    ['METER_IDEM_KEY_MISMATCH', 'SETTLEMENT_LINE_FOR_UNKNOWN_METER', 'SETTLEMENT_TOTAL_MISMATCH'],
    1,
    (pack, ring) => outcome(pack, tamperMeterIdemKey(pack), ring),
  ),
  entry(
    'settlement-line-plus-one-cent',
    'the first settlement line + 1 cent',
    ['SETTLEMENT_AMOUNT_MISMATCH', 'SETTLEMENT_TOTAL_MISMATCH'],
    1,
    (pack, ring) => outcome(pack, tamperSettlementAmount(pack), ring),
  ),
  entry(
    'shares-sum-not-one',
    "the shares of the first meter's lines summing to 0.999999",
    ['SETTLEMENT_SHARE_SUM_NOT_ONE'],
    1,
    (pack, ring) => outcome(pack, tamperShareSum(pack), ring),
  ),
])

/** The catalogued tampering called `name`; throws a RangeError listing the names otherwise. */
export function tampering(name: TamperingName): Tampering {
  const found = TAMPERINGS.find((t) => t.name === name)
  if (found === undefined) {
    throw new RangeError(`unknown tampering ${name}; known: ${TAMPERINGS.map((t) => t.name).join(', ')}`)
  }
  return found
}
