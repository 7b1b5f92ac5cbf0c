// Large packs are bounded as a real API would bound them (inferred, docs/inferred.md): a seal takes at most
// MAX_DELIVERIES_PER_PACK deliveries, the oldest first, says how many wait in X-Standin-Unsealed-Remaining, and the next
// seal continues the chain; a listProofPacks page stops before MAX_RECORDS_PER_PAGE delivery records, its nextCursor
// pointing at the first pack left out, so walking the pages still yields every pack once.
import { describe, expect, it } from 'vitest'
import type { Session } from '../mocks/core/session.js'
import { MAX_RECORDS_PER_PAGE } from '../mocks/enfinitos/behaviours/proof-packs.js'
import { MAX_DELIVERIES_PER_PACK } from '../mocks/enfinitos/deliveries-model.js'
import type { KeyDirectory, ProofPack } from '../mocks/enfinitos/proof/types.js'
import { verifyPackChain } from '../mocks/enfinitos/proof/verify.js'
import { ADMIN, engine, newSession, observeDeliveries, type Res, stateOf } from './helpers/enfinitos.js'

async function send(session: Session, method: string, path: string, body?: unknown): Promise<Res> {
  const [pathname, query = ''] = path.split('?') as [string, string?]
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const req = {
    method,
    path: pathname,
    query,
    headers,
    ...(body === undefined ? {} : { bodyText: JSON.stringify(body) }),
  }
  return (await engine.handle(req, session)) as Res
}

/** A session with `n` unsealed deliveries against one of the seeded world's ACTIVE rights. */
async function withDeliveries(n: number): Promise<Session> {
  const session = newSession()
  expect(await send(session, 'POST', '/v1/proof-packs/seal')).toMatchObject({ status: 200 })
  await observeDeliveries(session, n)
  return session
}

describe('sealing a large backlog', () => {
  it(`seals at most ${MAX_DELIVERIES_PER_PACK} deliveries per pack, oldest first, and says how many wait`, async () => {
    const backlog = 2 * MAX_DELIVERIES_PER_PACK + 500
    const session = await withDeliveries(backlog)
    const before = stateOf(session).packs.length
    const sizes: number[] = []
    const remaining: (string | undefined)[] = []
    for (let i = 0; i < 4; i++) {
      const res = await send(session, 'POST', '/v1/proof-packs/seal')
      expect(res.status).toBe(200)
      sizes.push(res.body.data.sealed ? res.body.data.pack.records.length : 0)
      remaining.push(res.headers['x-standin-unsealed-remaining'])
    }
    expect(sizes).toEqual([MAX_DELIVERIES_PER_PACK, MAX_DELIVERIES_PER_PACK, 500, 0])
    expect(remaining).toEqual([String(MAX_DELIVERIES_PER_PACK + 500), '500', undefined, undefined])

    // Every delivery sealed exactly once, in the order observed, and the packs verify as a chain.
    const packs = stateOf(session).packs.slice(before) as ProofPack[]
    const dwells = packs.flatMap((p) => p.records.map((r) => r.payload.dwellMs))
    expect(dwells).toEqual(Array.from({ length: backlog }, (_, i) => 1000 + i))
    expect(packs.map((p) => p.label)).toEqual([
      `Proof pack ${before + 1}: ${MAX_DELIVERIES_PER_PACK} deliveries`,
      `Proof pack ${before + 2}: ${MAX_DELIVERIES_PER_PACK} deliveries`,
      `Proof pack ${before + 3}: 500 deliveries`,
    ])
    const keys = (await send(session, 'GET', '/v1/runtime-keys')).body.data as KeyDirectory
    const chain = verifyPackChain(stateOf(session).packs, keys)
    expect(chain.map((report) => report.failures)).toEqual(stateOf(session).packs.map(() => []))
  }, 120_000)
})

describe('listing large packs', () => {
  it(`stops a page before ${MAX_RECORDS_PER_PAGE} records and pages on to every pack`, async () => {
    const session = await withDeliveries(2 * MAX_DELIVERIES_PER_PACK + 500)
    for (let i = 0; i < 3; i++) await send(session, 'POST', '/v1/proof-packs/seal')
    const all = stateOf(session).packs
    const pages: { ids: string[]; records: number; nextCursor: number | null; total: number }[] = []
    let cursor: number | null = 0
    for (let guard = 0; cursor !== null && guard < 20; guard++) {
      const res = await send(session, 'GET', `/v1/proof-packs?cursor=${cursor}`)
      expect(res.status).toBe(200)
      const { proofPacks, nextCursor, total } = res.body.data
      const records = proofPacks.reduce((n: number, p: ProofPack) => n + p.records.length, 0)
      pages.push({ ids: proofPacks.map((p: ProofPack) => p.packId), records, nextCursor, total })
      cursor = nextCursor
    }
    // Newest first, each pack once, across pages of at most one full pack's records.
    expect(pages.flatMap((p) => p.ids)).toEqual([...all].reverse().map((p) => p.packId))
    for (const page of pages) {
      expect(page.total).toBe(all.length)
      expect(page.ids.length).toBeGreaterThan(0)
      if (page.ids.length > 1) expect(page.records).toBeLessThanOrEqual(MAX_RECORDS_PER_PAGE)
    }
    expect(pages.length).toBeGreaterThan(1)
  }, 120_000)

  it('keeps the asked limit when the packs are small', async () => {
    const session = newSession()
    const res = await send(session, 'GET', '/v1/proof-packs?limit=1')
    expect(res.body.data.proofPacks).toHaveLength(1)
    const packs = stateOf(session).packs.length
    expect(res.body.data.nextCursor).toBe(packs > 1 ? 1 : null)
  })
})
