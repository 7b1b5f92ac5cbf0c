import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadPackagedContract } from '../mocks/core/contract.js'
import {
  formatTimestamp,
  KeyRing,
  type ProofPack,
  ReceiptIssuer,
  type ReceiptRecord,
  sealPack,
  verifyPack,
} from '../mocks/enfinitos/index.js'

const contract = loadPackagedContract('enfinitos')
const PROOF_PACK = '/components/schemas/ProofPack'

const id = fc.string({ unit: 'binary', minLength: 1, maxLength: 24 })
const delivery = fc.record({
  anchor: fc.nat({ max: 7 }),
  placement: fc.option(id, { nil: null }),
  correlation: fc.option(id, { nil: null }),
  dwellMs: fc.integer({ min: 0, max: 3_600_000 }),
  gapMs: fc.integer({ min: 0, max: 120_000 }),
})
const scenario = fc.record({
  seed: fc.nat(),
  orgHex: fc.stringMatching(/^[0-9a-f]{16}$/),
  anchors: fc.uniqueArray(id, { minLength: 1, maxLength: 8 }),
  deliveries: fc.array(delivery, { minLength: 1, maxLength: 500, size: 'max' }),
  cuts: fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
  rotate: fc.boolean(),
  settlementVersion: fc.constantFrom('settlement.v2' as const, 'settlement.v1' as const),
})

describe('sealed packs verify (property)', () => {
  it('every pack sealed in series from random deliveries verifies with zero failed checks and matches the ProofPack schema', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const orgId = `org_${s.orgHex}`
        const start = Date.UTC(2026, 3, 1, 12)
        let ring = KeyRing.create({ seed: s.seed, notBefore: formatTimestamp(start - 1000) })
        const issuer = new ReceiptIssuer({ seed: s.seed })
        // pack boundaries: each cut point splits the delivery list; empty chunks are dropped
        const bounds = [...new Set(s.cuts.map((c) => Math.floor(c * s.deliveries.length)))].sort((a, b) => a - b)
        const chunks: (typeof s.deliveries)[] = []
        let from = 0
        for (const bound of [...bounds, s.deliveries.length]) {
          if (bound > from) chunks.push(s.deliveries.slice(from, bound))
          from = Math.max(from, bound)
        }
        let t = start
        let previous: ProofPack | null = null
        const nonces: string[] = []
        for (const [index, chunk] of chunks.entries()) {
          if (index > 0 && s.rotate) ring = ring.rotate(formatTimestamp(t))
          const records: ReceiptRecord[] = chunk.map((d) => {
            t += d.gapMs
            return issuer.issue(
              {
                orgId,
                spatialAnchorId: s.anchors[d.anchor % s.anchors.length] ?? 'anchor',
                spatialPlacementId: d.placement,
                correlationId: d.correlation,
                dwellMs: d.dwellMs,
              },
              { at: formatTimestamp(t), ring },
            )
          })
          t += 1
          const pack: ProofPack = sealPack({
            orgId,
            records,
            issuedAt: formatTimestamp(t),
            previousPack: previous,
            settlementVersion: s.settlementVersion,
          })
          const prior: ReceiptRecord | undefined = previous?.records[previous.records.length - 1]
          const report = verifyPack(pack, ring.directory(pack.issuedAt), {
            priorAfterHash: prior?.afterHash ?? null,
            priorNonces: nonces,
          })
          expect(report.checks.filter((c) => !c.ok)).toEqual([])
          expect(report.ok).toBe(true)
          expect(report.checks.length).toBeGreaterThan(pack.records.length * 8)
          expect(contract.validate(PROOF_PACK, pack)).toEqual([])
          nonces.push(...pack.records.map((r) => r.payload.nonce))
          previous = pack
        }
      }),
      { numRuns: 40 },
    )
  })
})
