// The large seeded world (`world: 'large'`): 5,000 rights across 200 UK venues and a month of deliveries, derived
// lazily from the seed. Paging, filters, provenance, sealing, metering and settlement behave over it exactly as over
// the small world, every pack and record verifies, and the same seed gives the same bytes whatever is read first.
import { describe, expect, it } from 'vitest'
import { Meter, SESSION_BASE_BYTES } from '../mocks/core/budget.js'
import type { Session } from '../mocks/core/session.js'
import type { DeditState } from '../mocks/dedit/world.js'
import { LARGE_DEDIT_DOCUMENTS } from '../mocks/dedit/world.js'
import { verifyPack, verifyPackChain, verifyProvenance } from '../mocks/enfinitos/proof/verify.js'
import type { EnfinitosState } from '../mocks/enfinitos/world.js'
import { LARGE_WORLD, LARGE_WORLD_HEAP } from '../mocks/enfinitos/world-large.js'
import { startServer } from '../mocks/server.js'
import { createStandin } from '../mocks/standin.js'
import { ADMIN, type Res, START } from './helpers/enfinitos.js'
import { createEngine } from './helpers/engine.js'

const engine = createEngine()
const large = (seed: string | number = 7, id = 'large') =>
  engine.createSession(id, { seed, clock: START, world: 'large' })

async function get(session: Session, path: string, query = ''): Promise<Res> {
  const headers = { authorization: `Bearer ${ADMIN}` }
  return (await engine.handle({ method: 'GET', path, query, headers }, session)) as Res
}

async function post(session: Session, path: string, body?: unknown): Promise<Res> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const bodyText = body === undefined ? undefined : JSON.stringify(body)
  return (await engine.handle(
    { method: 'POST', path, query: '', headers, ...(bodyText ? { bodyText } : {}) },
    session,
  )) as Res
}

/** Every right the caller sees, page by page (limit 200), with the pages' totals. */
async function allRights(session: Session, filter = '') {
  const rights: { id: string; status: string; substrate: string; scope: string }[] = []
  const totals = new Set<number>()
  let cursor: number | null = 0
  for (let pages = 0; cursor !== null && pages < 100; pages++) {
    const res = await get(session, '/v1/rights', `limit=200&cursor=${cursor}${filter}`)
    expect(res.status).toBe(200)
    rights.push(...res.body.data.rights)
    totals.add(res.body.data.total)
    cursor = res.body.data.nextCursor
  }
  expect(cursor).toBeNull()
  return { rights, totals: [...totals] }
}

/** Every proof pack, oldest first (a page stops at 1,000 delivery records, so it takes several). */
async function allPacks(session: Session) {
  // biome-ignore lint/suspicious/noExplicitAny: packs as served, checked by the verifier.
  const newestFirst: any[] = []
  let cursor: number | null = 0
  for (let pages = 0; cursor !== null && pages < 100; pages++) {
    const page: { proofPacks: unknown[]; total: number; nextCursor: number | null } = (
      await get(session, '/v1/proof-packs', `limit=200&cursor=${cursor}`)
    ).body.data
    newestFirst.push(...page.proofPacks)
    expect(page.total).toBe(LARGE_WORLD.days - 1)
    cursor = page.nextCursor
  }
  return newestFirst.reverse()
}

const directoryOf = async (session: Session) => (await get(session, '/v1/runtime-keys')).body.data

describe('the large world', () => {
  it('pages through every right once: 5,000 rights plus the offers’ derived ones, the total on every page', async () => {
    const session = large()
    const { rights, totals } = await allRights(session)
    expect(totals).toEqual([rights.length])
    expect(rights.length).toBeGreaterThanOrEqual(LARGE_WORLD.rights)
    expect(new Set(rights.map((r) => r.id)).size).toBe(rights.length)
    for (const r of rights) expect(r.id).toMatch(/^rgh_[0-9a-f]{16}$/)
    // Every status the lifecycle knows is there, most rights ACTIVE.
    const count = (status: string) => rights.filter((r) => r.status === status).length
    expect([...new Set(rights.map((r) => r.status))].sort()).toEqual(['ACTIVE', 'EXPIRED', 'REVOKED', 'SUSPENDED'])
    expect(count('ACTIVE')).toBeGreaterThan(rights.length / 2)
  })

  it('filters by status and substrate agree with a scan of the whole list, totals included', async () => {
    const session = large()
    const { rights } = await allRights(session)
    for (const filter of [
      { status: 'SUSPENDED' },
      { status: 'EXPIRED' },
      { substrate: 'MOBILE' },
      { status: 'ACTIVE', substrate: 'CTV' },
    ]) {
      const query = Object.entries(filter)
        .map(([k, v]) => `&${k}=${v}`)
        .join('')
      const filtered = await allRights(session, query)
      const expected = rights.filter((r) => Object.entries(filter).every(([k, v]) => r[k as 'status'] === v))
      expect(filtered.rights.map((r) => r.id)).toEqual(expected.map((r) => r.id))
      expect(filtered.totals).toEqual([expected.length])
    }
  })

  it('gives realistic UK scopes, bases and anchors, within the provider’s formats', async () => {
    const session = large()
    const page = (await get(session, '/v1/rights', 'limit=20')).body.data.rights
    for (const right of page)
      expect(right.scope).toMatch(/^[A-Z][^:]+(station|Centre|Park|Airport|services|, [A-Z][a-z]+.*): /)
    const bases = (await get(session, '/v1/rights/bases')).body.data
    expect(bases.total).toBe(LARGE_WORLD.venues)
    for (const basis of bases.bases) {
      expect(basis.id).toMatch(/^bas_[0-9a-f]{16}$/)
      expect(basis.description.length).toBeLessThanOrEqual(500)
      expect(basis.description).toMatch(/\b[A-Z]{1,2}\d{1,2} \d[A-Z]{2}\b/) // a UK postcode
    }
    const receipt = (await get(session, '/v1/proof-packs', 'limit=1')).body.data.proofPacks[0].records[0].payload
    expect(receipt.spatialAnchorId).toMatch(/^anchor_[a-z]+_v\d{3}_\d{2}$/)
  })

  it('builds each right’s provenance on read: it verifies, and its last record attests the right’s status', async () => {
    const session = large()
    const directory = await directoryOf(session)
    for (const status of ['SUSPENDED', 'REVOKED', 'EXPIRED', 'ACTIVE']) {
      const listed = (await get(session, '/v1/rights', `status=${status}&limit=3`)).body.data.rights
      expect(listed.length).toBe(3)
      for (const right of listed) {
        const { data } = (await get(session, `/v1/rights/${right.id}`)).body
        expect(data.right).toEqual(right)
        expect(verifyProvenance(data.provenance, directory, { subjects: [data.right] }).failures).toEqual([])
        expect(data.provenance.at(-1).provenanceAfterHash).toBe(right.contentHash)
        expect(data.provenance.length).toBeGreaterThan(status === 'ACTIVE' ? 0 : 1)
      }
    }
  })

  it('holds a month of packs that chain and verify, and a seal of today’s deliveries continues the chain', async () => {
    const session = large()
    const directory = await directoryOf(session)
    const oldestFirst = await allPacks(session)
    expect(oldestFirst.length).toBe(LARGE_WORLD.days - 1)
    expect(verifyPackChain(oldestFirst, directory).map((r) => r.failures)).toEqual(oldestFirst.map(() => []))
    const sealed = await post(session, '/v1/proof-packs/seal')
    expect(sealed.status).toBe(200)
    const pack = sealed.body.data.pack
    expect(pack.records.length).toBeGreaterThanOrEqual(LARGE_WORLD.deliveriesPerDay[0])
    const prior = oldestFirst.at(-1).records.at(-1).afterHash
    const report = verifyPack(pack, directory, {
      priorAfterHash: prior,
      priorNonces: oldestFirst.flatMap((p) => p.records.map((r: { payload: { nonce: string } }) => r.payload.nonce)),
    })
    expect(report.failures).toEqual([])
    expect((await post(session, '/v1/proof-packs/seal')).body.data).toEqual({ pack: null, sealed: false })
  })

  it('meters and settles the month: totals add up to their records and lines', async () => {
    const session = large()
    const period = `periodStart=2026-03-01T00:00:00.000Z&periodEnd=2026-04-02T00:00:00.000Z`
    const metering = (await get(session, '/v1/metering', period)).body.data.metering
    const deliveries = metering.records.filter((r: { unitType: string }) => r.unitType === 'IMPRESSION_IN_PLACE')
    expect(deliveries.length).toBeGreaterThan(LARGE_WORLD.days * LARGE_WORLD.deliveriesPerDay[0] - 1)
    const micro = (decimal: string) => BigInt(decimal.replace('.', ''))
    for (const [unitType, total] of Object.entries(metering.totals as Record<string, string>)) {
      const sum = metering.records
        .filter((r: { unitType: string }) => r.unitType === unitType)
        .reduce((acc: bigint, r: { unitCount: string }) => acc + micro(r.unitCount), 0n)
      expect(micro(total)).toBe(sum)
    }
    const settlement = (await get(session, '/v1/settlement', period)).body.data.settlement
    const lines = settlement.lines as { partyRole: string; amountCents: number; meterRecordIdemKey: string }[]
    const sum = (role?: string) =>
      lines.filter((l) => !role || l.partyRole === role).reduce((a, l) => a + l.amountCents, 0)
    expect(settlement.totals.grossCents).toBe(sum())
    expect(settlement.totals.netToTenantCents).toBe(sum('TENANT'))
    expect(settlement.totals.platformFeeCents).toBe(sum('PLATFORM'))
    for (const [meter, gross] of Object.entries(settlement.meterGross as Record<string, number>)) {
      expect(lines.filter((l) => l.meterRecordIdemKey === meter).reduce((a, l) => a + l.amountCents, 0)).toBe(gross)
    }
  })

  it('observes a delivery against a large-world right, chained after the month’s last receipt', async () => {
    const session = large()
    const right = (await get(session, '/v1/rights', 'status=ACTIVE&limit=1')).body.data.rights[0]
    const before = session.state<EnfinitosState>('enfinitos').receipts.at(-1)?.afterHash
    const res = await post(session, '/v1/delivery', {
      rightId: right.id,
      spatialAnchorId: 'anchor_test_01',
      dwellMs: 4200,
    })
    expect(res.status).toBe(200)
    expect(res.body.data.receipt.beforeHash).toBe(before)
    const issued = await post(session, '/v1/rights/issue', {
      basisId: right.basisId,
      substrate: 'CTV',
      scope: 'Greater Manchester',
      effectiveFrom: START,
    })
    expect(issued.status).toBe(200)
    const total = (await get(session, '/v1/rights', 'limit=1')).body.data.total
    expect((await get(session, '/v1/rights', `limit=1&cursor=${total - 1}`)).body.data.rights[0].id).toBe(
      issued.body.data.right.id,
    )
  })

  it('gives the same bytes for the same seed in two engines, whatever is read first; another seed differs', async () => {
    const reads = [
      ['/v1/rights', 'cursor=4000&limit=50'],
      ['/v1/rights', 'status=REVOKED&limit=20'],
      ['/v1/rights', ''],
      ['/v1/challenges', 'limit=30'],
      ['/v1/proof-packs', 'cursor=10&limit=2'],
      ['/v1/metering', 'periodStart=2026-03-20T00:00:00.000Z&periodEnd=2026-03-22T00:00:00.000Z'],
    ] as const
    const run = async (order: readonly number[], seed: number, eng = engine) => {
      const session = eng.createSession('d', { seed, clock: START, world: 'large' })
      const out = new Map<number, string>()
      for (const i of order) {
        const [path, query] = reads[i] as readonly [string, string]
        const res = await eng.handle(
          { method: 'GET', path, query, headers: { authorization: `Bearer ${ADMIN}` } },
          session,
        )
        out.set(i, `${res.status} ${res.bodyText}`)
      }
      const right = JSON.parse(out.get(0)?.slice(4) ?? '{}').data.rights[7].id
      const single = await eng.handle(
        { method: 'GET', path: `/v1/rights/${right}`, query: '', headers: { authorization: `Bearer ${ADMIN}` } },
        session,
      )
      return [...[...out].sort(([a], [b]) => a - b).map(([, text]) => text), single.bodyText]
    }
    const forward = await run([0, 1, 2, 3, 4, 5], 11)
    const backward = await run([5, 4, 3, 2, 1, 0], 11, createEngine())
    expect(backward).toEqual(forward)
    const other = await run([0, 1, 2, 3, 4, 5], 12)
    expect(other[0]).not.toEqual(forward[0])
  })

  it('starts again from the same world on reset', async () => {
    const session = large()
    const first = (await get(session, '/v1/rights', 'cursor=2500&limit=5')).bodyText
    await post(session, '/v1/proof-packs/seal')
    session.reset()
    expect((await get(session, '/v1/rights', 'cursor=2500&limit=5')).bodyText).toBe(first)
    expect((await get(session, '/v1/proof-packs', 'limit=1')).body.data.total).toBe(LARGE_WORLD.days - 1)
  })

  it('gives Dedit a history of documents with realistic British users, the sandbox user unchanged', () => {
    const state = large().state<DeditState>('dedit')
    expect(state.registrations.size).toBe(LARGE_DEDIT_DOCUMENTS + 1)
    expect(state.users.get(4127)?.lastName).toBe('Ferrari')
    for (const file of state.files.values()) {
      const registration = state.registrations.get(file.hash)
      expect(registration?.userId).toBe(file.userId)
      expect(file.hash).toMatch(/^[0-9a-f]{64}$/)
    }
    expect([...state.users.values()].every((u) => /^[A-Z][A-Za-z' -]+$/.test(u.lastName))).toBe(true)
  })

  it('counts the world on the server meter as it is built, never as the session’s own writes', async () => {
    const meter = new Meter()
    const session = engine.createSession('m', { seed: 7, clock: START, world: 'large', meter })
    const fresh = session.worldGrowth
    expect(fresh).toBeGreaterThanOrEqual(LARGE_WORLD_HEAP.start)
    expect(meter.bytes).toBe(SESSION_BASE_BYTES + fresh)
    await get(session, '/v1/rights', 'limit=10')
    const rights = session.worldGrowth - fresh // the page's rights not built at start-up (the offers read a few)
    expect(rights).toBeGreaterThan(0)
    expect(rights).toBeLessThanOrEqual(10 * LARGE_WORLD_HEAP.right)
    await get(session, '/v1/proof-packs', 'limit=1')
    expect(session.worldGrowth).toBe(fresh + rights + LARGE_WORLD_HEAP.month)
    expect(meter.bytes).toBeGreaterThan(SESSION_BASE_BYTES + session.worldGrowth) // and the journal's bytes
    expect(session.usage.records).toBe(0)
    expect(session.usage.storedBytes).toBe(0)
    session.reset()
    expect(session.worldGrowth).toBe(fresh)
    expect(meter.bytes).toBe(SESSION_BASE_BYTES + fresh)
    session.release()
    expect(meter.bytes).toBe(0)
  })

  it('refuses an unknown world size, naming the sizes it knows', () => {
    // biome-ignore lint/suspicious/noExplicitAny: a caller without types (JavaScript, a CLI flag) can send anything.
    expect(() => engine.createSession('x', { world: 'huge' as any })).toThrow(/unknown world size "huge".*small, large/)
  })

  it('is what createStandin({ world: "large" }) serves', async () => {
    const standin = createStandin({ world: 'large', seed: 7, clock: START })
    const res = await standin.fetch('/v1/rights?limit=1', { headers: { authorization: `Bearer ${ADMIN}` } })
    const body = await res.json()
    expect(body.data.total).toBe((await get(large(), '/v1/rights', 'limit=1')).body.data.total)
  })

  it('is what every session of a server started with world "large" gets, each its own, same bytes over HTTP', async () => {
    const server = await startServer(createEngine(), { port: 0, session: { seed: 7, clock: START, world: 'large' } })
    try {
      const page = async (session: string) => {
        const res = await fetch(`${server.url}/v1/rights?cursor=4990&limit=20`, {
          headers: { authorization: `Bearer ${ADMIN}`, 'x-standin-session': session },
        })
        return res.text()
      }
      const [a, b] = [await page('ci-job-a'), await page('ci-job-b')]
      expect(a).toBe(b)
      expect(a).toBe((await get(large(), '/v1/rights', 'cursor=4990&limit=20')).bodyText)
      expect(server.session('ci-job-a')).not.toBe(server.session('ci-job-b'))
      expect(server.session('ci-job-a').usage.records).toBe(0)
    } finally {
      await server.close()
    }
  })
})
