/** Metering: idemKeys, unit counts recomputed from the receipts' dwell (independent of metering.ts), totals. */
import { sha256Hex } from '../hash.js'
import { parseTimestamp } from '../time.js'
import { METER_STATUSES, UNIT_TYPES } from '../types.js'
import type { ReceiptInfo } from './chain.js'
import type { Report } from './report.js'
import { decimal6, formatDecimal6, isObj, MICRO, type Obj, pointer, show } from './values.js'

// The documented value lists (facts, shared with the data model); the checks are written from the rules.
const AUDITABLE_UNIT_TYPES: ReadonlySet<string> = new Set(UNIT_TYPES)
const METER_STATUS: ReadonlySet<string> = new Set(METER_STATUSES)

/** Unit count in micro-units by the documented formulas (independent of metering.ts). */
function expectedUnitCount(unitType: string, dwellMs: number, weight: bigint): bigint {
  const dwell = BigInt(dwellMs)
  if (unitType === 'IMPRESSION_IN_PLACE') return weight
  const divisor = unitType === 'COMPLIANT_DELIVERY_MINUTE' ? 60000n : 1000n
  return (((dwell * MICRO) / divisor) * weight) / MICRO
}

/** Returns the set of stated meter idemKeys, or null when there is no usable metering (settlement is skipped). */
export function verifyMetering(pack: Obj, report: Report, receipts: Map<string, ReceiptInfo>): Set<string> | null {
  const metering = pack.metering
  if (!isObj(metering)) {
    report.malformed('metering must be an object', { path: '/metering' })
    return null
  }
  if (metering.schemaVersion !== 'metering.v1') {
    report.malformed(`metering.schemaVersion must be "metering.v1"`, { path: '/metering/schemaVersion' })
  }
  report.check(
    'ORG_MISMATCH',
    metering.orgId === pack.orgId,
    "metering.orgId is the pack's orgId",
    { path: '/metering/orgId' },
    () => pack.orgId,
    () => metering.orgId,
  )
  for (const field of ['periodStart', 'periodEnd'] as const) {
    if (parseTimestamp(metering[field]) === null) {
      report.malformed(`${field} must be a timestamp`, { path: pointer('metering', field) })
    }
  }
  const records = metering.records
  if (!Array.isArray(records)) {
    report.malformed('metering.records must be an array', { path: '/metering/records' })
    return null
  }
  const meterKeys = new Set<string>()
  const sums = new Map<string, bigint>()
  records.forEach((raw, index) => {
    const at = (field: string) => ({ path: pointer('metering', 'records', index, field) })
    if (!isObj(raw)) {
      report.malformed('the metering record is not an object', { path: pointer('metering', 'records', index) })
      return
    }
    const meter = raw
    const unitType = typeof meter.unitType === 'string' ? meter.unitType : String(meter.unitType)
    const receiptId = typeof meter.proofReceiptId === 'string' ? meter.proofReceiptId : null
    if (receiptId === null) report.malformed('proofReceiptId must be a string', at('proofReceiptId'))
    if (typeof meter.idemKey === 'string') meterKeys.add(meter.idemKey)
    else report.malformed('idemKey must be a string', at('idemKey'))
    if (!METER_STATUS.has(String(meter.status)))
      report.malformed(`status ${show(meter.status)} is unknown`, at('status'))
    for (const field of ['spatialAnchorId', 'observedAt'] as const) {
      if (typeof meter[field] !== 'string') report.malformed(`${field} must be a string`, at(field))
    }
    const auditable = AUDITABLE_UNIT_TYPES.has(unitType)
    report.check(
      'UNSUPPORTED_UNIT_TYPE',
      auditable,
      auditable ? `unit type ${unitType} can be audited` : `unit type ${unitType} cannot be audited`,
      at('unitType'),
    )
    const receipt = receiptId === null ? undefined : receipts.get(receiptId)
    report.check(
      'METER_RECORD_FOR_UNKNOWN_PROOF',
      receipt !== undefined,
      receipt !== undefined
        ? `proofReceiptId is record ${receipt.index}'s receipt`
        : `proofReceiptId ${show(meter.proofReceiptId)} is not a receipt of this pack`,
      at('proofReceiptId'),
    )
    if (receiptId !== null) {
      const expected = sha256Hex(`${receiptId}|${unitType}`)
      report.check(
        'METER_IDEM_KEY_MISMATCH',
        meter.idemKey === expected,
        'idemKey is sha256hex(proofReceiptId|unitType)',
        at('idemKey'),
        () => expected,
        () => meter.idemKey,
      )
    }
    const weight = decimal6(meter.weight)
    if (weight === null) report.malformed('weight must be a 6-dp decimal string', at('weight'))
    let counted = decimal6(meter.unitCount)
    if (auditable && receipt !== undefined && receipt.dwellMs !== null && weight !== null) {
      const expected = expectedUnitCount(unitType, receipt.dwellMs, weight)
      const text = formatDecimal6(expected)
      report.check(
        'METER_UNIT_COUNT_MISMATCH',
        meter.unitCount === text,
        `unitCount is ${unitType} of ${receipt.dwellMs} ms at weight ${String(meter.weight)}`,
        at('unitCount'),
        () => text,
        () => meter.unitCount,
      )
      counted = expected
    } else if (counted === null) {
      report.malformed('unitCount must be a 6-dp decimal string', at('unitCount'))
    }
    if (counted !== null) sums.set(unitType, (sums.get(unitType) ?? 0n) + counted)
  })
  const totals = metering.totals
  if (!isObj(totals)) {
    report.malformed('metering.totals must be an object', { path: '/metering/totals' })
  } else {
    const types = [...new Set([...sums.keys(), ...Object.keys(totals)])]
    for (const unitType of types) {
      const expected = formatDecimal6(sums.get(unitType) ?? 0n)
      report.check(
        'METER_TOTAL_MISMATCH',
        totals[unitType] === expected,
        `the ${unitType} total is the sum of its recomputed unit counts`,
        { path: pointer('metering', 'totals', unitType) },
        () => expected,
        () => totals[unitType],
      )
    }
  }
  return meterKeys
}
