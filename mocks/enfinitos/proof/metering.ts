import { formatDecimal6, MICRO, requireDecimal6 } from './decimal.js'
import { sha256Hex } from './hash.js'
import { DEFAULT_TARIFF, type Tariff, validateTariff } from './tariff.js'
import { requireTimestamp } from './time.js'
import type { Metering, MeteringRecord, MeterStatus, ReceiptRecord, UnitType } from './types.js'

/** A metering record's idempotency key: sha256hex(`proofReceiptId|unitType`). */
export function meterIdemKey(proofReceiptId: string, unitType: UnitType): string {
  return sha256Hex(`${proofReceiptId}|${unitType}`)
}

/**
 * Unit count in micro-units (× 10^6), by the documented integer formulas with floor division:
 * - DWELL_SECONDS, ATTENTION_SECONDS, OCCUPANCY_WEIGHTED_EXPOSURE: floor(floor(dwellMs × 10^6 / 1000) × w / 10^6);
 * - COMPLIANT_DELIVERY_MINUTE: floor(floor(dwellMs × 10^6 / 60000) × w / 10^6);
 * - IMPRESSION_IN_PLACE: w.
 * `weightMicro` is the weight × 10^6. 3500 ms at weight 1 -> 3_500_000n ("3.500000").
 */
export function unitCountMicro(unitType: UnitType, dwellMs: number, weightMicro: bigint): bigint {
  if (!Number.isSafeInteger(dwellMs) || dwellMs < 0) throw new RangeError(`dwellMs must be an integer >= 0: ${dwellMs}`)
  const dwell = BigInt(dwellMs)
  switch (unitType) {
    case 'DWELL_SECONDS':
    case 'ATTENTION_SECONDS':
    case 'OCCUPANCY_WEIGHTED_EXPOSURE':
      return (((dwell * MICRO) / 1000n) * weightMicro) / MICRO
    case 'COMPLIANT_DELIVERY_MINUTE':
      return (((dwell * MICRO) / 60000n) * weightMicro) / MICRO
    case 'IMPRESSION_IN_PLACE':
      return weightMicro
  }
}

/** Options for {@link buildMetering} and {@link meteringForPeriod}. */
export interface MeteringOptions {
  orgId: string
  periodStart: string
  periodEnd: string
  /** Supplies the metering plan (unit types and weights). Default {@link DEFAULT_TARIFF}. */
  tariff?: Tariff
  /** Status of every metering record. Default PROJECTED. */
  meterStatus?: MeterStatus
}

/**
 * Folds receipts into metering.v1, in receipt order: for each receipt one record per plan entry
 * (idemKey = sha256hex(`receiptId|unitType`), observedAt = the receipt's issuedAt), and totals per plan unit type
 * (every plan type appears, "0.000000" when nothing was metered). No period filtering: see {@link meteringForPeriod}.
 */
export function buildMetering(records: readonly ReceiptRecord[], options: MeteringOptions): Metering {
  const tariff = options.tariff ?? DEFAULT_TARIFF
  if (tariff !== DEFAULT_TARIFF) validateTariff(tariff)
  const status = options.meterStatus ?? 'PROJECTED'
  requireTimestamp(options.periodStart, 'periodStart')
  requireTimestamp(options.periodEnd, 'periodEnd')
  const plan = tariff.plan.map((entry) => ({ ...entry, weightMicro: requireDecimal6(entry.weight, 'weight') }))
  const sums = new Map<UnitType, bigint>(plan.map((entry) => [entry.unitType, 0n]))
  const out: MeteringRecord[] = []
  for (const record of records) {
    const { payload } = record
    for (const entry of plan) {
      const micro = unitCountMicro(entry.unitType, payload.dwellMs, entry.weightMicro)
      sums.set(entry.unitType, (sums.get(entry.unitType) ?? 0n) + micro)
      out.push({
        idemKey: meterIdemKey(payload.receiptId, entry.unitType),
        proofReceiptId: payload.receiptId,
        unitType: entry.unitType,
        unitCount: formatDecimal6(micro),
        weight: entry.weight,
        spatialAnchorId: payload.spatialAnchorId,
        spatialPlacementId: payload.spatialPlacementId,
        observedAt: payload.issuedAt,
        status,
      })
    }
  }
  const totals: Metering['totals'] = {}
  for (const [unitType, micro] of sums) totals[unitType] = formatDecimal6(micro)
  return {
    schemaVersion: 'metering.v1',
    orgId: options.orgId,
    periodStart: options.periodStart,
    periodEnd: options.periodEnd,
    records: out,
    totals,
  }
}

/**
 * Metering for `GET /v1/metering`: the receipts whose `issuedAt` lies in [periodStart, periodEnd) folded by
 * {@link buildMetering}. Throws a RangeError when the period is not two timestamps with start <= end.
 */
export function meteringForPeriod(records: readonly ReceiptRecord[], options: MeteringOptions): Metering {
  return buildMetering(recordsInPeriod(records, options.periodStart, options.periodEnd), options)
}

/** The receipts whose `payload.issuedAt` lies in [periodStart, periodEnd), in their original order. */
export function recordsInPeriod(records: readonly ReceiptRecord[], periodStart: string, periodEnd: string) {
  const start = requireTimestamp(periodStart, 'periodStart')
  const end = requireTimestamp(periodEnd, 'periodEnd')
  if (end < start) throw new RangeError(`periodEnd ${periodEnd} precedes periodStart ${periodStart}`)
  return records.filter((record) => {
    const t = requireTimestamp(record.payload.issuedAt, 'issuedAt')
    return start <= t && t < end
  })
}
