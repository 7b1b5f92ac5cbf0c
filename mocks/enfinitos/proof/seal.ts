import { derivedId, ID_PREFIX } from './hash.js'
import { buildMetering } from './metering.js'
import { buildSettlement } from './settlement.js'
import { DEFAULT_TARIFF, type Tariff } from './tariff.js'
import { parseTimestamp, requireTimestamp } from './time.js'
import type { ProofPack, ReceiptRecord, SettlementVersion } from './types.js'

/** Input of {@link sealPack}. */
export interface SealOptions {
  orgId: string
  /** The observed deliveries since the last seal: already-signed records (at least one). */
  records: readonly ReceiptRecord[]
  /** The seal time (the session clock); must not precede the last record's issuedAt. */
  sealedAt: string
  /** The org's previous pack; null or omitted for its first pack (genesis). */
  previousPack?: ProofPack | null
  /** Default {@link DEFAULT_TARIFF}. */
  tariff?: Tariff
  /** Default settlement.v2. */
  settlementVersion?: SettlementVersion
  /** Default the tariff's currency. */
  currency?: string
}

/** Thrown by {@link sealPack} when the input cannot make a pack that verifies. */
export class SealError extends Error {
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
 * The deterministic pack id: `ppk_` + 16 hex of sha256(`standin|pack|orgId|previousPackId|first afterHash|
 * last afterHash|sealedAt`). Content-derived, so the same deliveries sealed at the same time get the same id.
 */
export function packIdFor(
  orgId: string,
  previousPackId: string | null,
  records: readonly ReceiptRecord[],
  sealedAt: string,
): string {
  const first = records[0]?.afterHash ?? '-'
  const last = records[records.length - 1]?.afterHash ?? '-'
  return derivedId(ID_PREFIX.pack, `standin|pack|${orgId}|${previousPackId ?? '-'}|${first}|${last}|${sealedAt}`)
}

/**
 * Folds observed deliveries into an `envelope.v1` proof pack.
 * - records are ordered by `payload.issuedAt` (stable: equal times keep their order) and re-linked: the first
 *   record's beforeHash is the previous pack's last afterHash (null for an org's first pack), every later one the
 *   previous record's afterHash. beforeHash is not signed, so re-linking never invalidates a signature;
 * - metering.v1 per the tariff's plan, period [first record's issuedAt, sealedAt], status PROJECTED;
 * - settlement (v2 unless asked for v1) from that metering.
 * Throws {@link SealError} when there are no records, a record is not a well-formed signed receipt, the previous pack
 * is another org's, a nonce or receipt id appears twice, or sealedAt precedes the last receipt. The input records are
 * not modified.
 */
export function sealPack(options: SealOptions): ProofPack {
  const { orgId, sealedAt } = options
  const previousPack = options.previousPack ?? null
  const sealedAtMs = requireTimestamp(sealedAt, 'sealedAt')
  if (options.records.length === 0) throw new SealError('NOTHING_TO_SEAL', 'no deliveries to seal')
  if (previousPack !== null && previousPack.orgId !== orgId) {
    throw new SealError('ORG_MISMATCH', `previous pack ${previousPack.id} belongs to ${previousPack.orgId}`)
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
  if (last !== undefined && last.t > sealedAtMs) {
    throw new SealError(
      'SEALED_BEFORE_LAST_RECEIPT',
      `sealedAt ${sealedAt} precedes a receipt issued at ${last.record.payload.issuedAt}`,
    )
  }
  const nonces = new Set<string>()
  const receiptIds = new Set<string>()
  let beforeHash =
    previousPack === null ? null : (previousPack.records[previousPack.records.length - 1]?.afterHash ?? null)
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
    records.push({ ...record, beforeHash })
    beforeHash = record.afterHash
  }
  const first = records[0]
  if (first === undefined) throw new SealError('NOTHING_TO_SEAL', 'no deliveries to seal')
  const tariff = options.tariff ?? DEFAULT_TARIFF
  const metering = buildMetering(records, {
    orgId,
    periodStart: first.payload.issuedAt,
    periodEnd: sealedAt,
    tariff,
  })
  const settlementOptions = {
    tariff,
    version: options.settlementVersion ?? 'settlement.v2',
    ...(options.currency === undefined ? {} : { currency: options.currency }),
  }
  const previousPackId = previousPack?.id ?? null
  return {
    id: packIdFor(orgId, previousPackId, records, sealedAt),
    envelopeVersion: 'envelope.v1',
    orgId,
    sealedAt,
    previousPackId,
    records,
    metering,
    settlement: buildSettlement(metering, settlementOptions),
  }
}

/** The last afterHash of a pack: what the next pack's first record must carry as beforeHash. */
export function lastAfterHash(pack: ProofPack): string | null {
  return pack.records[pack.records.length - 1]?.afterHash ?? null
}
