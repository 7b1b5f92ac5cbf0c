/**
 * Settlement: idemKeys (v1/v2), currencies, lines referencing known meters, shares summing to 1, amounts as the floor
 * split of the pack's own meterGross (the tariff is not in the pack; independent of settlement.ts), totals.
 * `vatCents` and `passThroughFeeLedgerCodes` have no documented rule: only their types are checked.
 */
import { sha256Hex } from '../hash.js'
import { PARTY_ROLES, SETTLEMENT_STATUSES } from '../types.js'
import type { Report } from './report.js'
import { decimal6, formatDecimal6, isCount, isObj, MICRO, type Obj, pointer, show } from './values.js'

const LINE_STATUS: ReadonlySet<string> = new Set(SETTLEMENT_STATUSES)
const PARTY_ROLE_SET: ReadonlySet<string> = new Set(PARTY_ROLES)

/** The floor split (independent of settlement.ts). */
function floorSplit(gross: bigint, lines: { role: string; share: bigint }[]): bigint[] {
  const amounts = lines.map((line) => (gross * line.share) / MICRO)
  let leftover = gross
  for (const amount of amounts) leftover -= amount
  let winner = 0
  lines.forEach((line, index) => {
    const best = lines[winner]
    if (best && (line.share > best.share || (line.share === best.share && line.role < best.role))) winner = index
  })
  amounts[winner] = (amounts[winner] ?? 0n) + leftover
  return amounts
}

export function verifySettlement(pack: Obj, report: Report, meterKeys: Set<string>): void {
  const settlement = pack.settlement
  const metering = pack.metering as Obj
  if (!isObj(settlement)) {
    report.malformed('settlement must be an object', { path: '/settlement' })
    return
  }
  const version = settlement.schemaVersion
  if (version !== 'settlement.v2' && version !== 'settlement.v1') {
    report.malformed(`settlement.schemaVersion ${show(version)} is unknown`, { path: '/settlement/schemaVersion' })
  }
  report.check(
    'ORG_MISMATCH',
    settlement.orgId === metering.orgId,
    "settlement.orgId is metering's orgId",
    { path: '/settlement/orgId' },
    () => metering.orgId,
    () => settlement.orgId,
  )
  if (typeof settlement.currency !== 'string' || !/^[A-Z]{3}$/.test(settlement.currency)) {
    report.malformed('currency must match ^[A-Z]{3}$', { path: '/settlement/currency' })
  }
  const meterGross = isObj(settlement.meterGross) ? settlement.meterGross : null
  if (meterGross === null) report.malformed('meterGross must be an object', { path: '/settlement/meterGross' })
  const lines = settlement.lines
  if (!Array.isArray(lines)) {
    report.malformed('settlement.lines must be an array', { path: '/settlement/lines' })
    return
  }
  interface Member {
    index: number
    role: string
    share: bigint | null
    amount: number | null
  }
  const groups = new Map<string, Member[]>()
  let grossCents = 0
  let netToTenantCents = 0
  let platformFeeCents = 0
  lines.forEach((raw, index) => {
    const at = (field?: string) => ({ path: pointer('settlement', 'lines', index, ...(field ? [field] : [])) })
    if (!isObj(raw)) {
      report.malformed('the settlement line is not an object', at())
      return
    }
    const line = raw
    const meterKey = typeof line.meterRecordIdemKey === 'string' ? line.meterRecordIdemKey : null
    if (meterKey === null) report.malformed('meterRecordIdemKey must be a string', at('meterRecordIdemKey'))
    const role = typeof line.partyRole === 'string' && PARTY_ROLE_SET.has(line.partyRole) ? line.partyRole : null
    if (role === null) report.malformed(`partyRole ${show(line.partyRole)} is unknown`, at('partyRole'))
    if (typeof line.ledgerAccountCode !== 'string') {
      report.malformed('ledgerAccountCode must be a string', at('ledgerAccountCode'))
    }
    const share = decimal6(line.share)
    if (share === null) report.malformed('share must be a 6-dp decimal string', at('share'))
    const amount = isCount(line.amountCents) ? line.amountCents : null
    if (amount === null) report.malformed('amountCents must be an integer >= 0', at('amountCents'))
    if (!LINE_STATUS.has(String(line.status))) report.malformed(`status ${show(line.status)} is unknown`, at('status'))
    if (meterKey !== null && role !== null && (version === 'settlement.v1' || version === 'settlement.v2')) {
      const expected =
        version === 'settlement.v1'
          ? sha256Hex(`${meterKey}|${role}`)
          : sha256Hex(`${meterKey}|${role}|${String(line.ledgerAccountCode)}`)
      report.check(
        'SETTLEMENT_IDEM_KEY_MISMATCH',
        line.idemKey === expected,
        `idemKey is the ${version} hash`,
        at('idemKey'),
        () => expected,
        () => line.idemKey,
      )
    }
    report.check(
      'SETTLEMENT_CURRENCY_MISMATCH',
      line.currency === settlement.currency,
      "the line's currency is the settlement's",
      at('currency'),
      () => settlement.currency,
      () => line.currency,
    )
    const known = meterKey !== null && meterKeys.has(meterKey)
    report.check(
      'SETTLEMENT_LINE_FOR_UNKNOWN_METER',
      known,
      known ? 'meterRecordIdemKey is a metering record of the pack' : `meter ${show(meterKey)} is not in the metering`,
      at('meterRecordIdemKey'),
    )
    if (!known || meterKey === null) return
    const group = groups.get(meterKey) ?? []
    group.push({ index, role: role ?? '', share, amount })
    groups.set(meterKey, group)
    if (amount !== null) {
      grossCents += amount
      if (role === 'TENANT') netToTenantCents += amount
      if (role === 'PLATFORM') platformFeeCents += amount
    }
  })
  for (const [meterKey, group] of groups) {
    const first = group[0]
    if (first === undefined || group.some((member) => member.share === null || member.role === '')) continue
    const sum = group.reduce((total, member) => total + (member.share ?? 0n), 0n)
    const sharesOk = report.check(
      'SETTLEMENT_SHARE_SUM_NOT_ONE',
      sum === MICRO,
      `the shares of meter ${meterKey.slice(0, 12)}… sum to 1`,
      { path: pointer('settlement', 'lines', first.index, 'share') },
      () => '1.000000',
      () => formatDecimal6(sum),
    )
    // Amounts are defined only for a valid split.
    if (!sharesOk || meterGross === null) continue
    const gross = meterGross[meterKey]
    if (!isCount(gross)) {
      report.check('SETTLEMENT_AMOUNT_MISMATCH', false, `meterGross has no integer entry for meter ${meterKey}`, {
        path: pointer('settlement', 'meterGross', meterKey),
      })
      continue
    }
    const expected = floorSplit(
      BigInt(gross),
      group.map((member) => ({ role: member.role, share: member.share ?? 0n })),
    )
    group.forEach((member, position) => {
      const want = expected[position]
      report.check(
        'SETTLEMENT_AMOUNT_MISMATCH',
        member.amount !== null && BigInt(member.amount) === want,
        `amountCents is the ${member.role} floor split of ${gross}`,
        { path: pointer('settlement', 'lines', member.index, 'amountCents') },
        () => String(want),
        () => member.amount,
      )
    })
  }
  const totals = settlement.totals
  if (!isObj(totals)) {
    report.malformed('settlement.totals must be an object', { path: '/settlement/totals' })
    return
  }
  const expectedTotals = { grossCents, netToTenantCents, platformFeeCents }
  for (const [field, expected] of Object.entries(expectedTotals)) {
    report.check(
      'SETTLEMENT_TOTAL_MISMATCH',
      totals[field] === expected,
      `totals.${field} is the sum of its lines`,
      { path: pointer('settlement', 'totals', field) },
      () => expected,
      () => totals[field],
    )
  }
  if (!isCount(totals.vatCents))
    report.malformed('vatCents must be an integer >= 0', { path: '/settlement/totals/vatCents' })
  const codes = totals.passThroughFeeLedgerCodes
  if (!Array.isArray(codes) || codes.some((code) => typeof code !== 'string')) {
    report.malformed('passThroughFeeLedgerCodes must be an array of strings', {
      path: '/settlement/totals/passThroughFeeLedgerCodes',
    })
  }
}
