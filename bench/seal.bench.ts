/**
 * Seal benchmark: `node --import tsx bench/seal.bench.ts` (or `npm run bench:seal`).
 * Issues N signed receipts once, then seals them into one pack several times and prints the median; also times
 * issuance (Ed25519 signing) and verification of the sealed pack. Numbers only, no assertions.
 */
import { performance } from 'node:perf_hooks'
import {
  formatTimestamp,
  KeyRing,
  type ProofPack,
  ReceiptIssuer,
  type ReceiptRecord,
  sealPack,
  verifyPack,
} from '../mocks/enfinitos/index.js'

const ORG = 'org_00000000000000be'
const START = Date.UTC(2026, 3, 1, 12)
const ring = KeyRing.create({ seed: 'bench', notBefore: formatTimestamp(START - 1000) })

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

function time<T>(fn: () => T): [T, number] {
  const begin = performance.now()
  const value = fn()
  return [value, performance.now() - begin]
}

function issue(count: number): ReceiptRecord[] {
  const issuer = new ReceiptIssuer({ seed: `bench-${count}` })
  const records: ReceiptRecord[] = []
  for (let i = 0; i < count; i++) {
    records.push(
      issuer.issue(
        {
          orgId: ORG,
          spatialAnchorId: `anchor_${i % 7}`,
          spatialPlacementId: `place_${i % 3}`,
          dwellMs: (i * 7919) % 3_600_000,
        },
        { at: formatTimestamp(START + i * 250), ring },
      ),
    )
  }
  return records
}

const fmt = (ms: number) => ms.toFixed(1).padStart(8)
console.log(`node ${process.version}, ${process.arch}`)
console.log('deliveries | issue+sign ms | seal ms (median) | seal runs | verify ms (median)')
for (const [count, runs] of [
  [1_000, 15],
  [10_000, 7],
] as const) {
  const [records, issueMs] = time(() => issue(count))
  const sealedAt = formatTimestamp(START + count * 250 + 1)
  const directory = ring.directory(sealedAt)
  sealPack({ orgId: ORG, records, issuedAt: sealedAt }) // warm-up
  const sealTimes: number[] = []
  let pack: ProofPack | null = null
  for (let i = 0; i < runs; i++) {
    const [sealed, ms] = time(() => sealPack({ orgId: ORG, records, issuedAt: sealedAt }))
    sealTimes.push(ms)
    pack = sealed
  }
  const verifyTimes: number[] = []
  for (let i = 0; i < 3; i++) {
    const [report, ms] = time(() => verifyPack(pack as ProofPack, directory))
    if (!report.ok) throw new Error(`sealed pack does not verify: ${report.failures.join(', ')}`)
    verifyTimes.push(ms)
  }
  console.log(
    `${String(count).padStart(10)} | ${fmt(issueMs)}      | ${fmt(median(sealTimes))}         | ${String(runs).padStart(9)} | ${fmt(median(verifyTimes))}`,
  )
}
