import { MICRO, requireDecimal6, toSafeNumber } from './decimal.js'
import { sha256Hex } from './hash.js'
import { type MeteringOptions, meteringForPeriod } from './metering.js'
import { DEFAULT_TARIFF, type Tariff, validateTariff } from './tariff.js'
import type {
  Metering,
  PartyRole,
  ReceiptRecord,
  Settlement,
  SettlementLine,
  SettlementStatus,
  SettlementTotals,
  SettlementVersion,
  UnitType,
} from './types.js'

/**
 * A settlement line's idempotency key: v2 = sha256hex(`meterIdemKey|partyRole|ledgerAccountCode`),
 * v1 = sha256hex(`meterIdemKey|partyRole`).
 */
export function settlementIdemKey(
  version: SettlementVersion,
  meterIdemKey: string,
  partyRole: PartyRole,
  ledgerAccountCode: string,
): string {
  return version === 'settlement.v1'
    ? sha256Hex(`${meterIdemKey}|${partyRole}`)
    : sha256Hex(`${meterIdemKey}|${partyRole}|${ledgerAccountCode}`)
}

/** A meter record's gross in integer cents: floor(unitCount_micro × centsPerUnit / 10^6). */
export function meterGrossCents(unitType: UnitType, unitCountMicro: bigint, tariff: Tariff = DEFAULT_TARIFF): number {
  const rate = tariff.centsPerUnit[unitType]
  if (rate === undefined) throw new RangeError(`the tariff has no rate for ${unitType}`)
  return toSafeNumber((unitCountMicro * BigInt(rate)) / MICRO, 'meter gross')
}

/**
 * The documented floor split: each party gets floor(gross × share), then the leftover cents go to the line with the
 * largest share; on a tie, to the partyRole that sorts first (plain string order, e.g. PLATFORM before TENANT).
 * Shares are micro-units; they are expected to sum to 10^6. Returns amounts in the parties' order.
 * 10001 split 0.70/0.25/0.05 -> [7001, 2500, 500].
 */
export function splitGross(
  grossCents: number,
  parties: readonly { partyRole: PartyRole; shareMicro: bigint }[],
): number[] {
  if (!Number.isSafeInteger(grossCents) || grossCents < 0) throw new RangeError(`gross must be an integer >= 0`)
  const gross = BigInt(grossCents)
  const amounts = parties.map((party) => (gross * party.shareMicro) / MICRO)
  const leftover = gross - amounts.reduce((sum, amount) => sum + amount, 0n)
  let winner = -1
  parties.forEach((party, index) => {
    const best = parties[winner]
    if (
      best === undefined ||
      party.shareMicro > best.shareMicro ||
      (party.shareMicro === best.shareMicro && party.partyRole < best.partyRole)
    ) {
      winner = index
    }
  })
  if (winner >= 0) amounts[winner] = (amounts[winner] ?? 0n) + leftover
  return amounts.map((amount) => toSafeNumber(amount, 'amount'))
}

/**
 * Totals of a list of lines: grossCents (all lines), netToTenantCents (TENANT lines), platformFeeCents (PLATFORM
 * lines), vatCents = floor(platformFeeCents × tariff VAT percent / 100), passThroughFeeLedgerCodes from the tariff.
 */
export function settlementTotals(lines: readonly SettlementLine[], tariff: Tariff = DEFAULT_TARIFF): SettlementTotals {
  let grossCents = 0
  let netToTenantCents = 0
  let platformFeeCents = 0
  for (const line of lines) {
    grossCents += line.amountCents
    if (line.partyRole === 'TENANT') netToTenantCents += line.amountCents
    if (line.partyRole === 'PLATFORM') platformFeeCents += line.amountCents
  }
  return {
    grossCents,
    netToTenantCents,
    platformFeeCents,
    vatCents: Math.floor((platformFeeCents * tariff.vatPercentOfPlatformFee) / 100),
    passThroughFeeLedgerCodes: [...tariff.passThroughFeeLedgerCodes],
  }
}

/** Options for {@link buildSettlement}. */
export interface SettlementOptions {
  /** Rates and split. Default {@link DEFAULT_TARIFF}. */
  tariff?: Tariff
  /** Default settlement.v2. */
  version?: SettlementVersion
  /** Default the tariff's currency (GBP). */
  currency?: string
  /** Status of every settlement line. Default PROJECTED. */
  lineStatus?: SettlementStatus
}

/**
 * Settles a metering document: meterGross per meter idemKey from the tariff, then per meter record one line per
 * party of the split (in split order), amounts by {@link splitGross}, idemKeys per the schema version, and totals.
 * Period and orgId are the metering's.
 */
export function buildSettlement(metering: Metering, options: SettlementOptions = {}): Settlement {
  const tariff = options.tariff ?? DEFAULT_TARIFF
  if (tariff !== DEFAULT_TARIFF) validateTariff(tariff)
  const version = options.version ?? 'settlement.v2'
  const currency = options.currency ?? tariff.currency
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must match ^[A-Z]{3}$: ${currency}`)
  const status = options.lineStatus ?? 'PROJECTED'
  const parties = tariff.split.map((party) => ({ ...party, shareMicro: requireDecimal6(party.share, 'share') }))
  const meterGross: Record<string, number> = {}
  const lines: SettlementLine[] = []
  for (const meter of metering.records) {
    const gross = meterGrossCents(meter.unitType, requireDecimal6(meter.unitCount, 'unitCount'), tariff)
    meterGross[meter.idemKey] = gross
    const amounts = splitGross(gross, parties)
    parties.forEach((party, index) => {
      lines.push({
        idemKey: settlementIdemKey(version, meter.idemKey, party.partyRole, party.ledgerAccountCode),
        meterRecordIdemKey: meter.idemKey,
        partyRole: party.partyRole,
        share: party.share,
        ledgerAccountCode: party.ledgerAccountCode,
        amountCents: amounts[index] ?? 0,
        currency,
        status,
      })
    })
  }
  return {
    schemaVersion: version,
    orgId: metering.orgId,
    periodStart: metering.periodStart,
    periodEnd: metering.periodEnd,
    currency,
    meterGross,
    lines,
    totals: settlementTotals(lines, tariff),
  }
}

/**
 * Settlement for `GET /v1/settlement`: the receipts issued in [periodStart, periodEnd), metered with the tariff's
 * plan, then settled.
 */
export function settlementForPeriod(
  records: readonly ReceiptRecord[],
  options: MeteringOptions & SettlementOptions,
): Settlement {
  return buildSettlement(meteringForPeriod(records, options), options)
}
