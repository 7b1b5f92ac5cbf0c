import { describe, expect, it } from 'vitest'
import { loadPackagedContract } from '../mocks/core/contract.js'
import {
  buildSampleChain,
  DEFAULT_TARIFF,
  defineTariff,
  KeyRing,
  lastAfterHash,
  meteringForPeriod,
  ReceiptIssuer,
  type ReceiptRecord,
  SealError,
  sealPack,
  settlementForPeriod,
  verifyPack,
  verifyPackChain,
} from '../mocks/enfinitos/index.js'

const contract = loadPackagedContract('enfinitos')
const ORG = 'org_00000000000000aa'
const ring = KeyRing.create({ seed: 'seal', notBefore: '2026-01-01T00:00:00.000Z' })
const at = (second: number) => new Date(Date.UTC(2026, 3, 1, 12, 0, second)).toISOString()

function issue(dwells: number[], seed = 1, start = 0): ReceiptRecord[] {
  const issuer = new ReceiptIssuer({ seed })
  return dwells.map((dwellMs, i) =>
    issuer.issue({ orgId: ORG, spatialAnchorId: `anchor_${i % 2}`, dwellMs }, { at: at(start + i), ring }),
  )
}

describe('sealing a proof pack', () => {
  it('folds deliveries into an envelope.v1 pack with a genesis chain, metering and settlement v2', () => {
    const records = issue([3500, 0, 10001])
    const pack = sealPack({ orgId: ORG, records, issuedAt: at(10) })
    expect(pack).toMatchObject({
      envelopeVersion: 'envelope.v1',
      issuedAt: at(10),
      orgId: ORG,
      packId: expect.stringMatching(/^ppk_[0-9a-f]{16}$/),
      label: 'Proof pack 1: 3 deliveries',
    })
    expect(pack.records.map((r) => r.beforeHash)).toEqual([null, records[0]?.afterHash, records[1]?.afterHash])
    expect(pack.metering).toMatchObject({
      schemaVersion: 'metering.v1',
      orgId: ORG,
      periodStart: at(0),
      periodEnd: at(10),
    })
    expect(pack.metering.records.map((m) => [m.unitType, m.unitCount, m.status])).toEqual([
      ['DWELL_SECONDS', '3.500000', 'PROJECTED'],
      ['IMPRESSION_IN_PLACE', '1.000000', 'PROJECTED'],
      ['DWELL_SECONDS', '0.000000', 'PROJECTED'],
      ['IMPRESSION_IN_PLACE', '1.000000', 'PROJECTED'],
      ['DWELL_SECONDS', '10.001000', 'PROJECTED'],
      ['IMPRESSION_IN_PLACE', '1.000000', 'PROJECTED'],
    ])
    expect(pack.metering.totals).toEqual({ DWELL_SECONDS: '13.501000', IMPRESSION_IN_PLACE: '3.000000' })
    expect(pack.metering.records[0]?.observedAt).toBe(records[0]?.payload.issuedAt)
    expect(pack.settlement).toMatchObject({ schemaVersion: 'settlement.v2', orgId: ORG, currency: 'GBP' })
    // gross: dwell 7, 0, 20 cents; impressions 1 cent each
    expect(Object.values(pack.settlement.meterGross)).toEqual([7, 1, 0, 1, 20, 1])
    expect(pack.settlement.lines).toHaveLength(18)
    const sum = (role?: string) =>
      pack.settlement.lines.filter((l) => !role || l.partyRole === role).reduce((s, l) => s + l.amountCents, 0)
    expect(pack.settlement.totals).toEqual({
      grossCents: 30,
      netToTenantCents: sum('TENANT'),
      platformFeeCents: sum('PLATFORM'),
      vatCents: Math.floor((sum('PLATFORM') * 20) / 100),
      passThroughFeeLedgerCodes: [],
    })
    expect(sum()).toBe(30)
    expect(verifyPack(pack, ring.directory(at(10))).failures).toEqual([])
    expect(contract.validate('/components/schemas/ProofPack', pack)).toEqual([])
  })

  it('is deterministic and does not modify its input', () => {
    const records = issue([1, 2, 3])
    const copy = structuredClone(records)
    const a = sealPack({ orgId: ORG, records, issuedAt: at(10) })
    const b = sealPack({ orgId: ORG, records: copy, issuedAt: at(10) })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(records).toEqual(copy)
  })

  it('continues the chain from the previous pack by hashes alone', () => {
    const records = issue([1, 2, 3, 4, 5])
    const first = sealPack({ orgId: ORG, records: records.slice(0, 2), issuedAt: at(2) })
    const second = sealPack({ orgId: ORG, records: records.slice(2), issuedAt: at(10), previousPack: first })
    expect(Object.keys(second)).toEqual([
      'envelopeVersion',
      'issuedAt',
      'orgId',
      'packId',
      'label',
      'records',
      'metering',
      'settlement',
    ])
    expect(second.records[0]?.beforeHash).toBe(lastAfterHash(first))
    expect(verifyPack(second, ring.directory(at(10)), { priorAfterHash: lastAfterHash(first) }).failures).toEqual([])
    expect(verifyPack(second, ring.directory(at(10))).failures).toEqual(['GENESIS_BEFORE_HASH_NOT_NULL'])
    expect(verifyPackChain([first, second], ring.directory(at(10))).map((r) => r.ok)).toEqual([true, true])
  })

  it('labels a pack with the label given, or with its place in the series and its size', () => {
    const records = issue([1, 2, 3])
    const first = sealPack({ orgId: ORG, records: records.slice(0, 1), issuedAt: at(2) })
    expect(first.label).toBe('Proof pack 1: 1 delivery')
    const next = { orgId: ORG, records: records.slice(1), issuedAt: at(10), previousPack: first, sequence: 2 }
    expect(sealPack(next).label).toBe('Proof pack 2: 2 deliveries')
    const labelled = sealPack({ ...next, label: 'April, week 1' })
    expect(labelled.label).toBe('April, week 1')
    // The label is for people: it is not part of the pack id, and the auditors ignore it.
    expect(labelled.packId).toBe(sealPack(next).packId)
    expect(verifyPack(labelled, ring.directory(at(10)), { priorAfterHash: lastAfterHash(first) }).ok).toBe(true)
  })

  it('orders records by issuedAt (stable) and re-links beforeHash whatever the input carried', () => {
    const records = issue([1, 2, 3])
    const shuffled = [records[2], records[0], records[1]].map((r) => ({
      ...r,
      beforeHash: 'f'.repeat(64),
    })) as ReceiptRecord[]
    const pack = sealPack({ orgId: ORG, records: shuffled, issuedAt: at(10) })
    expect(pack.records.map((r) => r.payload.receiptId)).toEqual(records.map((r) => r.payload.receiptId))
    expect(verifyPack(pack, ring.directory(at(10))).ok).toBe(true)
  })

  it('settles in v1 on request, with v1 idemKeys, and in another currency', () => {
    const pack = sealPack({
      orgId: ORG,
      records: issue([5000]),
      issuedAt: at(10),
      settlementVersion: 'settlement.v1',
      currency: 'EUR',
    })
    expect(pack.settlement.schemaVersion).toBe('settlement.v1')
    expect(pack.settlement.lines.every((l) => l.currency === 'EUR')).toBe(true)
    expect(verifyPack(pack, ring.directory(at(10))).failures).toEqual([])
    expect(contract.validate('/components/schemas/ProofPack', pack)).toEqual([])
  })

  it('refuses what cannot make a valid pack', () => {
    const records = issue([1, 2])
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (error) {
        return error instanceof SealError ? error.code : String(error)
      }
      return 'no error'
    }
    expect(code(() => sealPack({ orgId: ORG, records: [], issuedAt: at(10) }))).toBe('NOTHING_TO_SEAL')
    expect(code(() => sealPack({ orgId: ORG, records, issuedAt: at(0) }))).toBe('SEALED_BEFORE_LAST_RECEIPT')
    const twin = {
      ...records[1],
      payload: { ...records[1]?.payload, nonce: records[0]?.payload.nonce },
    } as ReceiptRecord
    expect(code(() => sealPack({ orgId: ORG, records: [records[0] as ReceiptRecord, twin], issuedAt: at(10) }))).toBe(
      'NONCE_REUSED',
    )
    const other = sealPack({ orgId: 'org_00000000000000bb', records, issuedAt: at(10) })
    expect(code(() => sealPack({ orgId: ORG, records, issuedAt: at(10), previousPack: other }))).toBe('ORG_MISMATCH')
  })
})

describe('tariff', () => {
  it('DEFAULT_TARIFF holds the documented inferred defaults and is frozen', () => {
    expect(DEFAULT_TARIFF).toEqual({
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
    expect(Object.isFrozen(DEFAULT_TARIFF.split[0])).toBe(true)
  })

  it('defineTariff rejects inconsistent terms', () => {
    const split = (share: string) => [
      { partyRole: 'TENANT' as const, share, ledgerAccountCode: 'SPATIAL_REVENUE_GROSS' },
      { partyRole: 'PLATFORM' as const, share: '0.050000', ledgerAccountCode: 'SPATIAL_PLATFORM_FEE' },
    ]
    expect(() => defineTariff({ split: split('0.949999') })).toThrow(/not exactly 1/)
    expect(() => defineTariff({ split: split('0.95') })).toThrow(/6 places/)
    expect(() => defineTariff({ plan: [{ unitType: 'CUSTOM' as never, weight: '1.000000' }] })).toThrow(
      /cannot be audited/,
    )
    expect(() => defineTariff({ plan: [{ unitType: 'ATTENTION_SECONDS', weight: '1.000000' }] })).toThrow(
      /centsPerUnit/,
    )
  })

  it('a tariff metering every auditable unit type seals packs that verify', () => {
    const tariff = defineTariff({
      plan: [
        { unitType: 'DWELL_SECONDS', weight: '1.000000' },
        { unitType: 'IMPRESSION_IN_PLACE', weight: '2.000000' },
        { unitType: 'ATTENTION_SECONDS', weight: '0.333333' },
        { unitType: 'OCCUPANCY_WEIGHTED_EXPOSURE', weight: '1.250000' },
        { unitType: 'COMPLIANT_DELIVERY_MINUTE', weight: '1.000000' },
      ],
      centsPerUnit: {
        DWELL_SECONDS: 2,
        IMPRESSION_IN_PLACE: 1,
        ATTENTION_SECONDS: 3,
        OCCUPANCY_WEIGHTED_EXPOSURE: 5,
        COMPLIANT_DELIVERY_MINUTE: 50,
      },
      split: [
        { partyRole: 'TENANT', share: '0.333334', ledgerAccountCode: 'SPATIAL_REVENUE_GROSS' },
        { partyRole: 'VENUE', share: '0.333333', ledgerAccountCode: 'SPATIAL_VENUE_PAYOUT' },
        { partyRole: 'AGENCY', share: '0.333333', ledgerAccountCode: 'AGENCY_COMMISSION' },
      ],
    })
    const pack = sealPack({ orgId: ORG, records: issue([0, 1, 59_999, 3_600_000]), issuedAt: at(10), tariff })
    expect(pack.metering.records).toHaveLength(20)
    expect(verifyPack(pack, ring.directory(at(10))).failures).toEqual([])
    expect(contract.validate('/components/schemas/ProofPack', pack)).toEqual([])
  })
})

describe('metering and settlement over a period', () => {
  const records = issue([1000, 2000, 3000, 4000], 1, 0)

  it('meteringForPeriod takes the receipts issued in [periodStart, periodEnd)', () => {
    const metering = meteringForPeriod(records, { orgId: ORG, periodStart: at(1), periodEnd: at(3) })
    expect(metering.records.map((m) => m.unitCount)).toEqual(['2.000000', '1.000000', '3.000000', '1.000000'])
    expect(metering.totals).toEqual({ DWELL_SECONDS: '5.000000', IMPRESSION_IN_PLACE: '2.000000' })
    expect(metering).toMatchObject({ periodStart: at(1), periodEnd: at(3) })
    expect(contract.validate('/components/schemas/Metering', metering)).toEqual([])
    const empty = meteringForPeriod(records, { orgId: ORG, periodStart: at(30), periodEnd: at(40) })
    expect(empty.totals).toEqual({ DWELL_SECONDS: '0.000000', IMPRESSION_IN_PLACE: '0.000000' })
    expect(() => meteringForPeriod(records, { orgId: ORG, periodStart: at(3), periodEnd: at(1) })).toThrow(RangeError)
  })

  it('settlementForPeriod settles that metering in the currency asked', () => {
    const settlement = settlementForPeriod(records, {
      orgId: ORG,
      periodStart: at(0),
      periodEnd: at(60),
      currency: 'USD',
    })
    expect(settlement.currency).toBe('USD')
    expect(settlement.totals.grossCents).toBe(2 + 4 + 6 + 8 + 4)
    expect(contract.validate('/components/schemas/Settlement', settlement)).toEqual([])
  })

  it('the sample chain helper builds a verifiable series, deterministic per seed', () => {
    const a = buildSampleChain({ seed: 5, packs: 3, rotateBetweenPacks: true })
    const b = buildSampleChain({ seed: 5, packs: 3, rotateBetweenPacks: true })
    expect(JSON.stringify(a.packs)).toBe(JSON.stringify(b.packs))
    expect(new Set(a.packs.flatMap((p) => p.records.map((r) => r.keyId))).size).toBe(3)
    expect(verifyPackChain(a.packs, a.keyDirectory).flatMap((r) => r.failures)).toEqual([])
  })
})
