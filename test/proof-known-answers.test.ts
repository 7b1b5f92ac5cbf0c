import { createHash, createPublicKey, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  afterHashOf,
  canonicalPayload,
  defineTariff,
  formatDecimal6,
  KeyRing,
  meterIdemKey,
  type ReceiptPayload,
  sealPack,
  settlementIdemKey,
  signingKeyFromSeed,
  signReceipt,
  splitGross,
  unitCountMicro,
  verifyPack,
} from '../mocks/enfinitos/index.js'

const KAT_PAYLOAD: ReceiptPayload = {
  version: '1',
  receiptId: 'rec_001',
  correlationId: null,
  spatialAnchorId: 'anchor_A',
  spatialPlacementId: 'place_A',
  issuedAt: '2026-04-01T12:00:00.000Z',
  renderedAt: '2026-04-01T11:59:59.000Z',
  dwellMs: 3500,
  nonce: 'n0001',
  witness: null,
}
const KAT_CANONICAL =
  '{"version":"1","receiptId":"rec_001","correlationId":null,"spatialAnchorId":"anchor_A","spatialPlacementId":"place_A",' +
  '"issuedAt":"2026-04-01T12:00:00.000Z","renderedAt":"2026-04-01T11:59:59.000Z","dwellMs":3500,"nonce":"n0001","witness":null}'
const KAT_AFTER_HASH = '5b1216bb1722788eab661da92889dadc2bc52d9fb3a0ae49db7bde2effd66e4f'
const KAT_PUBLIC_KEY = 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w'
const KAT_SIGNATURE = 'G3OZPjidDoGhpBrJMDKoFtF0Y5a-KRxDVyydOMetiNj2UnWe7rhH7HXRHaQ5cFOy_etqFV2EPGUec0VUdRtHDA'
const KAT_METER_IDEM = '94512407ccf82b23c83a659bc1327aee28d032e70c7c26143f1e672169c71fa9'
const KAT_SETTLEMENT_V1 = 'f3407e7bb2aea986fa74de1a94155443c7dd462cbf8edf679ba1ba8d23ee4d92'
const KAT_SETTLEMENT_V2 = '093092fc35675b060f706bab0fc7cdd5d7c58aad6464138fee5d80bc34b9bc08'
const katKey = () => signingKeyFromSeed(new Uint8Array(32).fill(0x01), 'kat_key_1')

describe('known-answer vectors from the facts file', () => {
  it('canonical form of the KAT payload is the ten keys in order, no whitespace, nulls kept', () => {
    expect(canonicalPayload(KAT_PAYLOAD)).toBe(KAT_CANONICAL)
  })

  it('afterHash of the KAT payload is 5b1216bb...', () => {
    expect(afterHashOf(canonicalPayload(KAT_PAYLOAD))).toBe(KAT_AFTER_HASH)
  })

  it('the Ed25519 key from a seed of 32 x 0x01 has public key iojj3XQJ...', () => {
    expect(katKey().publicKey).toBe(KAT_PUBLIC_KEY)
    expect(katKey().keyId).toBe('kat_key_1')
  })

  it('the KAT record signed with kat_key_1 has signature G3OZPjid... over canonical + "|kat_key_1"', () => {
    const record = signReceipt(KAT_PAYLOAD, katKey())
    expect(record).toEqual({
      payload: KAT_PAYLOAD,
      keyId: 'kat_key_1',
      algorithm: 'ed25519',
      signature: KAT_SIGNATURE,
      payloadCanonical: KAT_CANONICAL,
      beforeHash: null,
      afterHash: KAT_AFTER_HASH,
    })
    // independent check with node:crypto and the raw public key
    const spki = Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      Buffer.from(KAT_PUBLIC_KEY, 'base64url'),
    ])
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' })
    const message = Buffer.from(`${KAT_CANONICAL}|kat_key_1`, 'utf8')
    expect(verify(null, message, publicKey, Buffer.from(KAT_SIGNATURE, 'base64url'))).toBe(true)
  })

  it('meter idemKey of (rec_001, DWELL_SECONDS) is 94512407...', () => {
    expect(meterIdemKey('rec_001', 'DWELL_SECONDS')).toBe(KAT_METER_IDEM)
  })

  it('settlement idemKeys of that meter for TENANT: v1 f3407e7b..., v2 (SPATIAL_REVENUE_GROSS) 093092fc...', () => {
    expect(settlementIdemKey('settlement.v1', KAT_METER_IDEM, 'TENANT', 'SPATIAL_REVENUE_GROSS')).toBe(
      KAT_SETTLEMENT_V1,
    )
    expect(settlementIdemKey('settlement.v2', KAT_METER_IDEM, 'TENANT', 'SPATIAL_REVENUE_GROSS')).toBe(
      KAT_SETTLEMENT_V2,
    )
  })

  it('gross 10001 split 0.70/0.25/0.05 is TENANT 7001, VENUE 2500, PLATFORM 500', () => {
    const parties = [
      { partyRole: 'TENANT', shareMicro: 700_000n },
      { partyRole: 'VENUE', shareMicro: 250_000n },
      { partyRole: 'PLATFORM', shareMicro: 50_000n },
    ] as const
    expect(splitGross(10001, parties)).toEqual([7001, 2500, 500])
  })

  it('a pack sealed from the KAT record carries the KAT hashes and idemKeys and verifies', () => {
    const key = katKey()
    const ring = KeyRing.fromEntries('kat', [
      { key, notBefore: '2026-01-01T00:00:00.000Z', notAfter: null, revokedAt: null, purpose: 'proof-signing' },
    ])
    const record = signReceipt(KAT_PAYLOAD, key)
    for (const version of ['settlement.v2', 'settlement.v1'] as const) {
      const pack = sealPack({
        orgId: 'org_0000000000000001',
        records: [record],
        issuedAt: '2026-04-01T12:00:01.000Z',
        settlementVersion: version,
      })
      expect(pack.records[0]?.afterHash).toBe(KAT_AFTER_HASH)
      const dwell = pack.metering.records.find((m) => m.unitType === 'DWELL_SECONDS')
      expect(dwell).toMatchObject({ idemKey: KAT_METER_IDEM, unitCount: '3.500000', weight: '1.000000' })
      const tenant = pack.settlement.lines.find(
        (l) => l.meterRecordIdemKey === KAT_METER_IDEM && l.partyRole === 'TENANT',
      )
      expect(tenant?.idemKey).toBe(version === 'settlement.v1' ? KAT_SETTLEMENT_V1 : KAT_SETTLEMENT_V2)
      const report = verifyPack(pack, ring.directory('2026-04-01T12:00:01.000Z'))
      expect(report.failures).toEqual([])
      expect(report.ok).toBe(true)
    }
  })
})

describe('canonical form escaping (JSON.stringify rules)', () => {
  it('escapes quotes, backslashes and control characters, keeps non-ASCII and astral characters raw, escapes lone surrogates', () => {
    const payload: ReceiptPayload = {
      ...KAT_PAYLOAD,
      correlationId: 'say "hi" \\ back',
      spatialAnchorId: 'Gare du Nord — π 😀',
      spatialPlacementId: 'tab\tnl\nnul\u0000bell\u0007del\u007f',
      nonce: 'lone\ud800surrogate',
      witness: { b: 1, a: ['x', null] },
    }
    const canonical = canonicalPayload(payload)
    expect(canonical).toBe(
      '{"version":"1","receiptId":"rec_001","correlationId":"say \\"hi\\" \\\\ back",' +
        '"spatialAnchorId":"Gare du Nord — π 😀","spatialPlacementId":"tab\\tnl\\nnul\\u0000bell\\u0007del\u007f",' +
        '"issuedAt":"2026-04-01T12:00:00.000Z","renderedAt":"2026-04-01T11:59:59.000Z","dwellMs":3500,' +
        '"nonce":"lone\\ud800surrogate","witness":{"b":1,"a":["x",null]}}',
    )
    expect(afterHashOf(canonical)).toBe(createHash('sha256').update(Buffer.from(canonical, 'utf8')).digest('hex'))
  })

  it('refuses a payload with a key left out', () => {
    const { witness: _omitted, ...rest } = KAT_PAYLOAD
    expect(() => canonicalPayload(rest as ReceiptPayload)).toThrow(/witness is missing/)
  })
})

describe('unit count formulas (integers scaled by 10^6, floor division)', () => {
  it('3500 ms at weight 1 is "3.500000" dwell seconds', () => {
    expect(formatDecimal6(unitCountMicro('DWELL_SECONDS', 3500, 1_000_000n))).toBe('3.500000')
  })

  it('ATTENTION_SECONDS and OCCUPANCY_WEIGHTED_EXPOSURE use the seconds formula with the weight', () => {
    expect(formatDecimal6(unitCountMicro('ATTENTION_SECONDS', 3500, 1_500_000n))).toBe('5.250000')
    expect(formatDecimal6(unitCountMicro('OCCUPANCY_WEIGHTED_EXPOSURE', 1, 333_333n))).toBe('0.000333')
  })

  it('COMPLIANT_DELIVERY_MINUTE is floor(floor(dwellMs*10^6/60000) * w / 10^6)', () => {
    expect(formatDecimal6(unitCountMicro('COMPLIANT_DELIVERY_MINUTE', 90_000, 1_000_000n))).toBe('1.500000')
    expect(formatDecimal6(unitCountMicro('COMPLIANT_DELIVERY_MINUTE', 1, 1_000_000n))).toBe('0.000016')
    expect(formatDecimal6(unitCountMicro('COMPLIANT_DELIVERY_MINUTE', 59_999, 1_000_000n))).toBe('0.999983')
    // floor first to minutes (16_666 micro for 1000 ms), then weight 0.5: floor(16_666 * 0.5) = 8_333
    expect(formatDecimal6(unitCountMicro('COMPLIANT_DELIVERY_MINUTE', 1000, 500_000n))).toBe('0.008333')
  })

  it('IMPRESSION_IN_PLACE counts the weight', () => {
    expect(formatDecimal6(unitCountMicro('IMPRESSION_IN_PLACE', 123_456, 2_500_000n))).toBe('2.500000')
  })

  it('one hour of dwell does not overflow: 3,600,000 ms -> "3600.000000"', () => {
    expect(formatDecimal6(unitCountMicro('DWELL_SECONDS', 3_600_000, 1_000_000n))).toBe('3600.000000')
  })
})

describe('floor split tie-break', () => {
  it('leftover cents go to the largest share', () => {
    const parties = [
      { partyRole: 'VENUE', shareMicro: 300_000n },
      { partyRole: 'TENANT', shareMicro: 700_000n },
    ] as const
    expect(splitGross(7, parties)).toEqual([2, 5])
  })

  it('on equal largest shares the leftover goes to the partyRole that sorts first (PLATFORM before TENANT)', () => {
    const parties = [
      { partyRole: 'TENANT', shareMicro: 500_000n },
      { partyRole: 'PLATFORM', shareMicro: 500_000n },
    ] as const
    expect(splitGross(3, parties)).toEqual([1, 2])
  })

  it('the verifier applies the same tie-break to a tied tariff, and rejects the other assignment', () => {
    const tariff = defineTariff({
      split: [
        { partyRole: 'TENANT', share: '0.500000', ledgerAccountCode: 'SPATIAL_REVENUE_GROSS' },
        { partyRole: 'PLATFORM', share: '0.500000', ledgerAccountCode: 'SPATIAL_PLATFORM_FEE' },
      ],
    })
    const key = katKey()
    const ring = KeyRing.fromEntries('kat', [
      { key, notBefore: '2026-01-01T00:00:00.000Z', notAfter: null, revokedAt: null, purpose: 'proof-signing' },
    ])
    const pack = sealPack({
      orgId: 'org_0000000000000001',
      records: [signReceipt(KAT_PAYLOAD, key)],
      issuedAt: '2026-04-01T12:00:01.000Z',
      tariff,
    })
    // dwell 3.5 s x 2 cents = 7 cents: 3 + 3, leftover 1 -> PLATFORM
    const dwellKey = meterIdemKey('rec_001', 'DWELL_SECONDS')
    const lines = pack.settlement.lines.filter((l) => l.meterRecordIdemKey === dwellKey)
    expect(lines.map((l) => [l.partyRole, l.amountCents])).toEqual([
      ['TENANT', 3],
      ['PLATFORM', 4],
    ])
    const directory = ring.directory('2026-04-01T12:00:01.000Z')
    expect(verifyPack(pack, directory).ok).toBe(true)
    const swapped = structuredClone(pack)
    for (const line of swapped.settlement.lines) {
      if (line.meterRecordIdemKey === dwellKey) line.amountCents = line.partyRole === 'TENANT' ? 4 : 3
    }
    const amountChecks = verifyPack(swapped, directory).checks.filter((c) => c.code === 'SETTLEMENT_AMOUNT_MISMATCH')
    expect(amountChecks.filter((c) => !c.ok).map((c) => [c.expected, c.actual])).toEqual([
      ['3', '4'],
      ['4', '3'],
    ])
  })
})
