/**
 * `node --expose-gc --import tsx scripts/world-startup.ts [small|large]`: how long a session of each world size takes
 * to start (createStandin, fresh process, so cold as a user's first one), how long the first reads take, and what a
 * fully read world costs in heap (docs/world.md quotes its figures; LARGE_WORLD_BYTES in mocks/core/session.ts is the
 * last one rounded up). Run on demand, never in tests: timings depend on the machine and its load.
 */
import { createStandin } from '../mocks/standin.js'

const world = (process.argv[2] ?? 'large') as 'small' | 'large'
const gc = (globalThis as { gc?: () => void }).gc
const heap = () => {
  gc?.()
  return process.memoryUsage().heapUsed
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const headers = { authorization: 'Bearer sk_test_0123456789abcdef' }

const before = heap()
const rssBefore = process.memoryUsage().rss
let t = performance.now()
const standin = createStandin({ world, seed: 1, clock: '2026-04-01T12:00:00.000Z' })
console.log(`createStandin({ world: '${world}' }): ${(performance.now() - t).toFixed(0)} ms`)
const started = heap()
const rssStarted = process.memoryUsage().rss

async function timed(label: string, path: string) {
  t = performance.now()
  const res = await standin.fetch(path, { headers })
  const text = await res.text()
  console.log(`${label}: ${res.status}, ${(performance.now() - t).toFixed(0)} ms, ${text.length} bytes`)
  return JSON.parse(text)
}

const first = await timed('GET /v1/rights (first page)', '/v1/rights')
await timed('GET /v1/rights (same page again)', '/v1/rights')
await timed('GET /v1/rights?cursor=2500&limit=200', '/v1/rights?cursor=2500&limit=200')
await timed('GET /v1/rights?status=SUSPENDED&limit=200', '/v1/rights?status=SUSPENDED&limit=200')
await timed('GET /v1/proof-packs?limit=1 (first read of the deliveries)', '/v1/proof-packs?limit=1')
const period = 'periodStart=2026-03-01T00:00:00.000Z&periodEnd=2026-04-02T00:00:00.000Z'
await timed('GET /v1/metering (the month)', `/v1/metering?${period}`)
await timed('GET /v1/settlement (the month)', `/v1/settlement?${period}`)
// Read every right, so the heap figure is the fully read world's.
for (let cursor = 0; cursor < first.data.total; cursor += 200) {
  await standin.fetch(`/v1/rights/${first.data.rights[0].id}`, { headers })
  await standin.fetch(`/v1/rights?cursor=${cursor}&limit=200`, { headers })
}
standin.journal.clear()
const read = heap()
console.log(`heap: ${mb(started - before)} after start, ${mb(read - before)} with every right, pack and receipt read`)
const rss = process.memoryUsage().rss
console.log(`rss: ${mb(rssBefore)} before, ${mb(rssStarted)} after start, ${mb(rss)} with everything read`)
