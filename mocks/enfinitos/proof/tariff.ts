import { MICRO, requireDecimal6 } from './decimal.js'
import { PARTY_ROLES, type PartyRole, UNIT_TYPES, type UnitType } from './types.js'

/** One metering record a receipt produces: its unit type and weight (6-dp decimal string). */
export interface MeteringPlanEntry {
  readonly unitType: UnitType
  readonly weight: string
}

/** One party of the settlement split: role, share (6-dp decimal string) and ledger account code. */
export interface SplitEntry {
  readonly partyRole: PartyRole
  readonly share: string
  readonly ledgerAccountCode: string
}

/**
 * The (inferred) commercial terms the mock seals with. A plain value object: documented, configurable, never random.
 * - `plan`: the metering records each receipt yields;
 * - `centsPerUnit`: integer cents per unit; a meter record's gross is floor(unitCount_micro × rate / 10^6);
 * - `split`: the parties of every meter record's settlement, shares summing to exactly 1.000000;
 * - `vatPercentOfPlatformFee`: `vatCents` = floor(platformFeeCents × percent / 100);
 * - `passThroughFeeLedgerCodes`: copied into settlement totals;
 * - `currency`: the default settlement currency.
 */
export interface Tariff {
  readonly currency: string
  readonly plan: readonly MeteringPlanEntry[]
  readonly centsPerUnit: Readonly<Partial<Record<UnitType, number>>>
  readonly split: readonly SplitEntry[]
  readonly vatPercentOfPlatformFee: number
  readonly passThroughFeeLedgerCodes: readonly string[]
}

/**
 * The defaults from docs/inferred.md ("metering plan", "tariff"): each receipt yields DWELL_SECONDS and
 * IMPRESSION_IN_PLACE at weight 1; 2 cents per dwell second, 1 cent per impression; split TENANT 0.70
 * (SPATIAL_REVENUE_GROSS), VENUE 0.25 (SPATIAL_VENUE_PAYOUT), PLATFORM 0.05 (SPATIAL_PLATFORM_FEE); VAT 20 % of the
 * platform fee; no pass-through fees; GBP.
 */
export const DEFAULT_TARIFF: Tariff = deepFreeze({
  currency: 'GBP',
  plan: [
    { unitType: 'DWELL_SECONDS', weight: '1.000000' },
    { unitType: 'IMPRESSION_IN_PLACE', weight: '1.000000' },
  ],
  centsPerUnit: { DWELL_SECONDS: 2, IMPRESSION_IN_PLACE: 1 },
  split: [
    { partyRole: 'TENANT', share: '0.700000', ledgerAccountCode: 'SPATIAL_REVENUE_GROSS' },
    { partyRole: 'VENUE', share: '0.250000', ledgerAccountCode: 'SPATIAL_VENUE_PAYOUT' },
    { partyRole: 'PLATFORM', share: '0.050000', ledgerAccountCode: 'SPATIAL_PLATFORM_FEE' },
  ],
  vatPercentOfPlatformFee: 20,
  passThroughFeeLedgerCodes: [],
})

/** A tariff from {@link DEFAULT_TARIFF} with some fields replaced; validated (throws RangeError when inconsistent). */
export function defineTariff(overrides: Partial<Tariff> = {}): Tariff {
  const tariff: Tariff = { ...DEFAULT_TARIFF, ...overrides }
  validateTariff(tariff)
  return deepFreeze(structuredClone(tariff) as Tariff)
}

/**
 * Throws a RangeError unless the tariff can produce auditable packs: a non-empty plan of distinct auditable unit
 * types with 6-dp weights, an integer rate >= 0 for each, a non-empty split of distinct roles with 6-dp shares
 * summing to exactly 1, a 3-letter currency and a VAT percent that is an integer 0..100.
 */
export function validateTariff(tariff: Tariff): void {
  if (!/^[A-Z]{3}$/.test(tariff.currency)) throw new RangeError(`currency must match ^[A-Z]{3}$: ${tariff.currency}`)
  if (tariff.plan.length === 0) throw new RangeError('the metering plan is empty')
  const types = new Set<string>()
  for (const entry of tariff.plan) {
    if (!(UNIT_TYPES as readonly string[]).includes(entry.unitType)) {
      throw new RangeError(`unit type ${entry.unitType} cannot be audited`)
    }
    if (types.has(entry.unitType)) throw new RangeError(`unit type ${entry.unitType} appears twice in the plan`)
    types.add(entry.unitType)
    requireDecimal6(entry.weight, `weight of ${entry.unitType}`)
    const rate = tariff.centsPerUnit[entry.unitType]
    if (rate === undefined || !Number.isSafeInteger(rate) || rate < 0) {
      throw new RangeError(`centsPerUnit.${entry.unitType} must be an integer >= 0`)
    }
  }
  if (tariff.split.length === 0) throw new RangeError('the settlement split is empty')
  const roles = new Set<string>()
  let sum = 0n
  for (const party of tariff.split) {
    if (!(PARTY_ROLES as readonly string[]).includes(party.partyRole)) {
      throw new RangeError(`unknown party role ${party.partyRole}`)
    }
    if (roles.has(party.partyRole)) throw new RangeError(`party role ${party.partyRole} appears twice in the split`)
    roles.add(party.partyRole)
    if (party.ledgerAccountCode.length === 0) throw new RangeError(`empty ledger code for ${party.partyRole}`)
    sum += requireDecimal6(party.share, `share of ${party.partyRole}`)
  }
  if (sum !== MICRO) throw new RangeError(`split shares sum to ${sum} micro-units, not exactly 1`)
  const vat = tariff.vatPercentOfPlatformFee
  if (!Number.isInteger(vat) || vat < 0 || vat > 100) throw new RangeError('vatPercentOfPlatformFee must be 0..100')
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}
