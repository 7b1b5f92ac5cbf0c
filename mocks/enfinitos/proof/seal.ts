import { StandinError } from '../../core/errors.js'
import { derivedId, ID_PREFIX } from './hash.js'
import { relinked } from './receipt.js'
import { type LedgerInputs, ledgerMetering, ledgerSettlement, rememberLedgerInputs } from './stored-pack.js'
import { DEFAULT_TARIFF, type Tariff } from './tariff.js'
import { parseTimestamp, requireTimestamp } from './time.js'
import type { ProofPack, ReceiptRecord, SettlementVersion } from './types.js'

/** Input of {@link sealPack}. */
export interface SealOptions {
  orgId: string
  /** The observed deliveries since the last seal: already-signed records (at least one). */
  records: readonly ReceiptRecord[]
  /** The seal time (the session clock), the pack's `issuedAt`; must not precede the last record's issuedAt. */
  issuedAt: string
  /** The org's previous pack; null or omitted for its first pack (genesis). */
  previousPack?: ProofPack | null
  /** Free text for people; default {@link defaultPackLabel}. */
  label?: string
  /** The pack's position in the org's series (1 for its first pack), used by the default label. Default 1. */
  sequence?: number
  /** Default {@link DEFAULT_TARIFF}. */
  tariff?: Tariff
  /** Default settlement.v2. */
  settlementVersion?: SettlementVersion
  /** Default the tariff's currency. */
  currency?: string
}

/** Thrown by {@link sealPack} when the input cannot make a pack that verifies. */
export class SealError extends StandinError {
  constructor(
    readonly code:
      | 'NOTHING_TO_SEAL'
      | 'ORG_MISMATCH'
      | 'NONCE_REUSED'
      | 'RECEIPT_ID_REUSED'
      | 'SEALED_BEFORE_LAST_RECEIPT'
      | 'INVALID_RECORD',
    message: string,
  ) {
    super(message)
    this.name = 'SealError'
  }
}

/**
 * The deterministic pack id: `ppk_` + 16 hex of sha256(`standin|pack|orgId|prior afterHash|first afterHash|
 * last afterHash|issuedAt`). Content-derived, so the same deliveries sealed at the same time after the same pack get
 * the same id (the label is not part of it: relabelling does not make another pack).
 */
export function packIdFor(
  orgId: string,
  priorAfterHash: string | null,
  records: readonly ReceiptRecord[],
  issuedAt: string,
): string {
  const first = records[0]?.afterHash ?? '-'
  const last = records[records.length - 1]?.afterHash ?? '-'
  return derivedId(ID_PREFIX.pack, `standin|pack|${orgId}|${priorAfterHash ?? '-'}|${first}|${last}|${issuedAt}`)
}

/**
 * The label standin gives a pack when the seal request names none (inferred: the docs say nothing of how a label is
 * chosen): `Proof pack <sequence>: <n> deliveries`, e.g. `Proof pack 2: 14 deliveries`.
 */
export function defaultPackLabel(sequence: number, deliveries: number): string {
  return `Proof pack ${sequence}: ${deliveries} ${deliveries === 1 ? 'delivery' : 'deliveries'}`
}

/**
 * Folds observed deliveries into an `envelope.v1` proof pack.
 * - records are ordered by `payload.issuedAt` (stable: equal times keep their order) and re-linked: the first
 *   record's beforeHash is the previous pack's last afterHash (null for an org's first pack), every later one the
 *   previous record's afterHash. beforeHash is not signed, so re-linking never invalidates a signature;
 * - metering.v1 per the tariff's plan, period [first record's issuedAt, issuedAt], status PROJECTED;
 * - settlement (v2 unless asked for v1) from that metering.
 * Throws {@link SealError} when there are no records, a record is not a well-formed signed receipt, the previous pack
 * is another org's, a nonce or receipt id appears twice, or issuedAt precedes the last receipt. The input records are
 * not modified. The pack is a plain object, metering and settlement built; a session stores it without them
 * (commitPack, proof/stored-pack.ts).
 */
export function sealPack(options: SealOptions): ProofPack {
  const { orgId, issuedAt } = options
  const previousPack = options.previousPack ?? null
  const issuedAtMs = requireTimestamp(issuedAt, 'issuedAt')
  if (options.records.length === 0) throw new SealError('NOTHING_TO_SEAL', 'no deliveries to seal')
  if (previousPack !== null && previousPack.orgId !== orgId) {
    throw new SealError('ORG_MISMATCH', `previous pack ${previousPack.packId} belongs to ${previousPack.orgId}`)
  }
  const ordered = options.records
    .map((record, index) => {
      if (record.algorithm !== 'ed25519' || typeof record.afterHash !== 'string') {
        throw new SealError('INVALID_RECORD', `record ${index} is not a signed ed25519 receipt`)
      }
      const { dwellMs, renderedAt } = record.payload
      if (!Number.isSafeInteger(dwellMs) || dwellMs < 0 || parseTimestamp(renderedAt) === null) {
        throw new SealError(
          'INVALID_RECORD',
          `record ${index} has no valid dwellMs (integer >= 0) and renderedAt (timestamp): ${dwellMs}, ${JSON.stringify(renderedAt)}`,
        )
      }
      return { record, index, t: requireTimestamp(record.payload.issuedAt, `records[${index}].payload.issuedAt`) }
    })
    .sort((a, b) => a.t - b.t || a.index - b.index)
  const last = ordered[ordered.length - 1]
  if (last !== undefined && last.t > issuedAtMs) {
    throw new SealError(
      'SEALED_BEFORE_LAST_RECEIPT',
      `issuedAt ${issuedAt} precedes a receipt issued at ${last.record.payload.issuedAt}`,
    )
  }
  const nonces = new Set<string>()
  const receiptIds = new Set<string>()
  const priorAfterHash = previousPack === null ? null : lastAfterHash(previousPack)
  let beforeHash = priorAfterHash
  const records: ReceiptRecord[] = []
  for (const { record } of ordered) {
    if (nonces.has(record.payload.nonce)) {
      throw new SealError('NONCE_REUSED', `nonce ${JSON.stringify(record.payload.nonce)} appears twice`)
    }
    if (receiptIds.has(record.payload.receiptId)) {
      throw new SealError('RECEIPT_ID_REUSED', `receiptId ${record.payload.receiptId} appears twice`)
    }
    nonces.add(record.payload.nonce)
    receiptIds.add(record.payload.receiptId)
    records.push(relinked(record, beforeHash))
    beforeHash = record.afterHash
  }
  const first = records[0]
  if (first === undefined) throw new SealError('NOTHING_TO_SEAL', 'no deliveries to seal')
  const inputs: LedgerInputs = {
    orgId,
    records,
    periodStart: first.payload.issuedAt,
    periodEnd: issuedAt,
    tariff: options.tariff ?? DEFAULT_TARIFF,
    settlementVersion: options.settlementVersion ?? 'settlement.v2',
    currency: options.currency,
  }
  const metering = ledgerMetering(inputs)
  const pack: ProofPack = {
    envelopeVersion: 'envelope.v1',
    issuedAt,
    orgId,
    packId: packIdFor(orgId, priorAfterHash, records, issuedAt),
    label: options.label ?? defaultPackLabel(options.sequence ?? 1, records.length),
    records,
    metering,
    settlement: ledgerSettlement(metering, inputs),
  }
  // A session stores the pack without its metering and settlement, rebuilt from these on read (stored-pack.ts).
  rememberLedgerInputs(pack, inputs)
  return pack
}

/** The last afterHash of a pack: what the next pack's first record must carry as beforeHash. */
export function lastAfterHash(pack: ProofPack): string | null {
  return pack.records[pack.records.length - 1]?.afterHash ?? null
}
