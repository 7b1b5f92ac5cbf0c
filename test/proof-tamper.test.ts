import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildSampleChain,
  deriveSigningKey,
  formatTimestamp,
  KeyRing,
  type ProofPack,
  ReceiptIssuer,
  sealPack,
  TAMPERINGS,
  TamperError,
  tampering,
  verifyPack,
} from '../mocks/enfinitos/index.js'
import {
  tamperCorruptAfterHash,
  tamperPadSignature,
  tamperSignWithKey,
  tamperSwapAdjacent,
} from '../mocks/enfinitos/proof/tamper.js'

const chain = buildSampleChain({ seed: 'tamper', packs: 2, deliveriesPerPack: 6, rotateBetweenPacks: true })
const [firstPack, secondPack] = chain.packs as [ProofPack, ProofPack]

// The facts file's table, restated here so that a change to the catalogue cannot silently change what is pinned.
const TABLE: Record<string, string[]> = {
  'payload-edited': [
    'PAYLOAD_CANONICAL_MISMATCH',
    'AFTER_HASH_MISMATCH',
    'SIGNATURE_INVALID',
    'METER_UNIT_COUNT_MISMATCH',
    'METER_TOTAL_MISMATCH',
  ],
  'after-hash-corrupted': ['AFTER_HASH_MISMATCH', 'CHAIN_LINK_MISMATCH'],
  'records-swapped': ['CHAIN_LINK_MISMATCH', 'CHAIN_OUT_OF_ORDER'],
  'nonce-reused': ['CHAIN_NONCE_REUSED'],
  'signature-padded': ['SIGNATURE_MALFORMED'],
  'signed-by-revoked-key': ['KEY_REVOKED_BEFORE_ISSUANCE'],
  'signed-by-unknown-key': ['UNKNOWN_KEY_ID'],
  'genesis-before-hash-not-null': ['GENESIS_BEFORE_HASH_NOT_NULL'],
  'meter-idem-key-wrong': ['METER_IDEM_KEY_MISMATCH', 'SETTLEMENT_LINE_FOR_UNKNOWN_METER', 'SETTLEMENT_TOTAL_MISMATCH'],
  'settlement-line-plus-one-cent': ['SETTLEMENT_AMOUNT_MISMATCH', 'SETTLEMENT_TOTAL_MISMATCH'],
  'shares-sum-not-one': ['SETTLEMENT_SHARE_SUM_NOT_ONE'],
}

describe('tampering catalogue', () => {
  it('lists every tampering of the facts file, with its reason codes', () => {
    expect(Object.fromEntries(TAMPERINGS.map((t) => [t.name, [...t.expected]]))).toEqual(
      Object.fromEntries(Object.entries(TABLE).map(([name, codes]) => [name, [...codes].sort()])),
    )
  })

  for (const [name, codes] of Object.entries(TABLE)) {
    for (const [label, pack] of [
      ['an org first pack', firstPack],
      ['a later pack of the series', secondPack],
    ] as const) {
      it(`${name} on ${label} yields exactly ${codes.join(', ')}`, () => {
        expect(verifyPack(pack, chain.keyDirectory, { priorAfterHash: pack.records[0]?.beforeHash ?? null }).ok).toBe(
          true,
        )
        const outcome = tampering(name as never).apply(pack, chain.ring)
        const report = verifyPack(outcome.pack, outcome.keyDirectory, outcome.verifyOptions)
        expect(report.failures).toEqual([...codes].sort())
        expect(report.ok).toBe(false)
        // the input pack is untouched
        expect(verifyPack(pack, chain.keyDirectory, { priorAfterHash: pack.records[0]?.beforeHash ?? null }).ok).toBe(
          true,
        )
      })
    }
  }

  it('each tampering works on a pack of its minRecords size', () => {
    for (const t of TAMPERINGS) {
      const small = buildSampleChain({ seed: `min-${t.name}`, packs: 1, deliveriesPerPack: t.minRecords })
      const pack = small.packs[0] as ProofPack
      const outcome = t.apply(pack, small.ring)
      expect(verifyPack(outcome.pack, outcome.keyDirectory, outcome.verifyOptions).failures, t.name).toEqual(t.expected)
    }
  })

  it('the failing checks point at the tampered record', () => {
    const outcome = tampering('after-hash-corrupted').apply(firstPack, chain.ring)
    const failed = verifyPack(outcome.pack, outcome.keyDirectory).checks.filter((c) => !c.ok)
    expect(failed.map((c) => [c.code, c.recordIndex, c.path])).toEqual([
      ['AFTER_HASH_MISMATCH', 0, '/records/0/afterHash'],
      ['CHAIN_LINK_MISMATCH', 1, '/records/1/beforeHash'],
    ])
  })

  it('the swap reports a broken link at every link the swap breaks', () => {
    const swapped = tamperSwapAdjacent(firstPack, { index: 2 })
    const failed = verifyPack(swapped, chain.keyDirectory).checks.filter((c) => !c.ok)
    expect(failed.map((c) => [c.code, c.recordIndex])).toEqual([
      ['CHAIN_LINK_MISMATCH', 2],
      ['CHAIN_LINK_MISMATCH', 3],
      ['CHAIN_OUT_OF_ORDER', 3],
      ['CHAIN_LINK_MISMATCH', 4],
    ])
  })

  it('a signature that is not base64url at all is SIGNATURE_MALFORMED, not SIGNATURE_INVALID', () => {
    const pack = structuredClone(firstPack)
    const record = pack.records[0]
    if (record) record.signature = `${record.signature.slice(0, 85)}+`
    expect(verifyPack(pack, chain.keyDirectory).failures).toEqual(['SIGNATURE_MALFORMED'])
    expect(verifyPack(tamperPadSignature(firstPack, { recordIndex: 3 }), chain.keyDirectory).failures).toEqual([
      'SIGNATURE_MALFORMED',
    ])
  })

  it('a keyId swapped without re-signing is SIGNATURE_INVALID when the key is known', () => {
    const pack = structuredClone(secondPack)
    const record = pack.records[0]
    const other = firstPack.records[0]?.keyId
    if (record && other) record.keyId = other
    const report = verifyPack(pack, chain.keyDirectory, { priorAfterHash: secondPack.records[0]?.beforeHash ?? null })
    expect(report.failures).toContain('SIGNATURE_INVALID')
    expect(
      verifyPack(tamperSignWithKey(firstPack, deriveSigningKey('elsewhere', 0)), chain.keyDirectory).failures,
    ).toEqual(['UNKNOWN_KEY_ID'])
  })

  it('refuses packs that are too small for a tampering', () => {
    const one = buildSampleChain({ seed: 'one', packs: 1, deliveriesPerPack: 1 }).packs[0] as ProofPack
    expect(() => tamperCorruptAfterHash(one)).toThrow(TamperError)
    expect(() => tamperSwapAdjacent(one)).toThrow(TamperError)
    expect(() => tampering('nonce-reused').apply(one, chain.ring)).toThrow(TamperError)
    expect(() => tampering('no-such' as never)).toThrow(/known: payload-edited/)
  })
})

describe('tampering property', () => {
  it('on random packs every catalogued tampering yields exactly its reason codes', () => {
    const ORG = 'org_00000000000000cd'
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dwellMs: fc.integer({ min: 0, max: 3_600_000 }),
            gapMs: fc.integer({ min: 1, max: 90_000 }),
            anchor: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
          }),
          { minLength: 3, maxLength: 40 },
        ),
        fc.nat(),
        fc.constantFrom('settlement.v2' as const, 'settlement.v1' as const),
        (deliveries, seed, settlementVersion) => {
          const ring = KeyRing.create({ seed, notBefore: '2026-01-01T00:00:00.000Z' })
          const issuer = new ReceiptIssuer({ seed })
          let t = Date.UTC(2026, 3, 1)
          const records = deliveries.map((d) => {
            t += d.gapMs
            return issuer.issue(
              { orgId: ORG, spatialAnchorId: d.anchor, dwellMs: d.dwellMs },
              { at: formatTimestamp(t), ring },
            )
          })
          const pack = sealPack({ orgId: ORG, records, issuedAt: formatTimestamp(t + 1), settlementVersion })
          for (const entry of TAMPERINGS) {
            const outcome = entry.apply(pack, ring)
            const report = verifyPack(outcome.pack, outcome.keyDirectory, outcome.verifyOptions)
            expect(report.failures, entry.name).toEqual(entry.expected)
          }
        },
      ),
      { numRuns: 15 },
    )
  })
})
