// The EnfinitOS mock through the engine: the downstream stories (rights -> deliveries -> sealed, verifiable packs;
// lifecycles; offers; challenges; paging; roles; webhooks), the default world and determinism. Every response is
// validated against openapi/enfinitos.yaml by the engine (validateResponses: 'throw').
import { describe, expect, it } from 'vitest'
import type { Session } from '../mocks/core/session.js'
import type { FinalResponse } from '../mocks/core/types.js'
import { enfinitosContract } from '../mocks/enfinitos/contract.js'
import { createEnfinitosFactories } from '../mocks/enfinitos/factories.js'
import { contentHash } from '../mocks/enfinitos/proof/content-hash.js'
import type { KeyDirectory, ProofPack, ProvenanceRecord } from '../mocks/enfinitos/proof/types.js'
import { verifyPack, verifyPackChain, verifyProvenance } from '../mocks/enfinitos/proof/verify.js'
import { deliveriesOf } from '../mocks/enfinitos/webhooks-model.js'
import type { EnfinitosState } from '../mocks/enfinitos/world.js'
import { createEngine } from './helpers/engine.js'

const START = '2026-04-01T12:00:00.000Z'
const ADMIN = 'sk_test_0123456789abcdef'
const AUDITOR = 'sk_test_auditor_0123456789abcdef'
const engine = createEngine({ providers: ['enfinitos'] })
const newSession = (seed: number | string = 7) => engine.createSession('t', { seed, clock: START })

// biome-ignore lint/suspicious/noExplicitAny: response bodies are validated by the engine; tests read them freely.
type Json = any
type Res = FinalResponse & { body: Json }

interface Req {
  query?: Record<string, string | number>
  key?: string | null
  body?: unknown
  bodyText?: string
  headers?: Record<string, string>
}

async function call(session: Session, method: string, path: string, req: Req = {}): Promise<Res> {
  const headers: Record<string, string> = { ...req.headers }
  const key = req.key === undefined ? ADMIN : req.key
  if (key !== null) headers.authorization = `Bearer ${key}`
  const bodyText = req.bodyText ?? (req.body === undefined ? undefined : JSON.stringify(req.body))
  if (bodyText !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
  const query = new URLSearchParams(Object.entries(req.query ?? {}).map(([k, v]) => [k, String(v)])).toString()
  return engine.handle(
    { method, path, query, headers, ...(bodyText === undefined ? {} : { bodyText }) },
    session,
  ) as Promise<Res>
}

const stateOf = (session: Session) => session.state<EnfinitosState>('enfinitos')
const keys = async (session: Session): Promise<KeyDirectory> =>
  (await call(session, 'GET', '/v1/runtime-keys', { key: null })).body.data
const rightsIn = (session: Session, status: string) =>
  [...stateOf(session).rights.values()].filter((e) => e.right.status === status).map((e) => e.right)

async function newRight(session: Session, scope = 'Greater London') {
  const basis = await call(session, 'POST', '/v1/rights/bases', {
    body: {
      kind: 'PROPERTY',
      description: 'Freehold title to the Paddington concourse screens',
      effectiveFrom: '2026-01-01T00:00:00Z',
    },
  })
  expect(basis.status).toBe(200)
  const right = await call(session, 'POST', '/v1/rights/issue', {
    body: { basisId: basis.body.data.basis.id, substrate: 'DOOH', scope, effectiveFrom: '2026-04-01T00:00:00.000Z' },
  })
  expect(right.status).toBe(200)
  return right.body.data.right
}

const observe = (session: Session, rightId: string, dwellMs = 3500, extra: Record<string, unknown> = {}) =>
  call(session, 'POST', '/v1/delivery', { body: { rightId, spatialAnchorId: 'anchor_pad_01', dwellMs, ...extra } })

describe('the default world', () => {
  it('has realistic bases, rights in every state, offers, challenges, deliveries, a pack and webhooks', () => {
    const state = stateOf(newSession())
    expect(new Set([...state.bases.values()].map((b) => b.kind)).size).toBe(3)
    const statuses = [...state.rights.values()].map((e) => e.right.status)
    expect(statuses).toHaveLength(8)
    for (const s of ['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED']) expect(statuses).toContain(s)
    const derived = [...state.rights.values()].find((e) => e.right.parentRightId !== null)
    expect(derived?.provenance.map((p) => p.provenanceEventType)).toEqual(['OFFER_ACCEPTED'])
    expect([...state.offers.values()].map((o) => o.status).sort()).toEqual(['ACCEPTED', 'PROPOSED'])
    expect([...state.challenges.values()].map((c) => c.status)).toContain('OPEN')
    expect(state.packs).toHaveLength(1)
    expect(state.unsealed).toHaveLength(3)
    expect([...deliveriesOf(state).values()].map((d) => d.status)).toContain('DEAD_LETTERED')
    const start = Date.parse(START)
    const times = [
      ...[...state.bases.values()].map((b) => b.createdAt),
      ...[...state.rights.values()].flatMap((e) => [e.right.createdAt, ...e.provenance.map((p) => p.occurredAt)]),
      ...state.receipts.map((r) => r.payload.issuedAt),
      ...state.packs.map((p) => p.issuedAt),
    ]
    for (const t of times) expect(Date.parse(t)).toBeLessThan(start)
    for (const b of state.bases.values()) expect(b.contentHash).toBe(contentHash(b))
  })

  it("signs every right's provenance and its pack and receipts so that they verify", async () => {
    const session = newSession()
    const directory = await keys(session)
    const state = stateOf(session)
    for (const { right, provenance } of state.rights.values()) {
      const report = verifyProvenance(provenance, directory, { subjects: [right] })
      expect(report.failures, `${right.id} (${right.status})`).toEqual([])
    }
    const [pack] = state.packs as [ProofPack]
    expect(verifyPack(pack, directory).ok).toBe(true)
    expect(state.unsealed[0]?.beforeHash).toBe(pack.records[pack.records.length - 1]?.afterHash)
  })

  it('the empty world keeps the org and keys but has nothing else', async () => {
    const session = newSession()
    session.use('enfinitos:empty-world')
    expect((await call(session, 'GET', '/v1/rights/bases')).body.data).toEqual({ bases: [], total: 0 })
    expect((await call(session, 'GET', '/v1/rights')).body.data).toEqual({ rights: [], nextCursor: null, total: 0 })
    expect((await call(session, 'POST', '/v1/proof-packs/seal')).body.data).toEqual({ pack: null, sealed: false })
    expect((await keys(session)).keys).toHaveLength(1)
  })
})

describe('rights -> deliveries -> sealed packs', () => {
  it('issues a right, observes three deliveries, seals a pack that verifies, and has nothing left to seal', async () => {
    const session = newSession()
    const first = await call(session, 'POST', '/v1/proof-packs/seal') // the world's three pending deliveries
    expect(first.body.data.sealed).toBe(true)
    const right = await newRight(session)
    const dwell = [3500, 12_000, 800]
    const receipts = []
    for (const ms of dwell) {
      const res = await observe(session, right.id, ms)
      expect(res.status).toBe(200)
      receipts.push(res.body.data.receipt)
    }
    expect(receipts[0].beforeHash).toBe(first.body.data.pack.records.at(-1).afterHash)
    expect(receipts[1].beforeHash).toBe(receipts[0].afterHash)
    const sealed = await call(session, 'POST', '/v1/proof-packs/seal')
    const pack: ProofPack = sealed.body.data.pack
    expect(sealed.body.data.sealed).toBe(true)
    expect(pack.records[0]?.beforeHash).toBe(first.body.data.pack.records.at(-1).afterHash)
    expect(pack.records.map((r) => r.payload.receiptId)).toEqual(receipts.map((r) => r.payload.receiptId))
    const directory = await keys(session)
    const report = verifyPack(pack, directory, {
      priorAfterHash: first.body.data.pack.records.at(-1).afterHash,
    })
    expect(report.failures).toEqual([])
    expect(pack.metering.totals).toEqual({ DWELL_SECONDS: '16.300000', IMPRESSION_IN_PLACE: '3.000000' })
    // 2 cents per dwell second (floored per meter: 7 + 24 + 1) and 1 cent per impression.
    expect(pack.settlement.totals.grossCents).toBe(35)
    const all = (await call(session, 'GET', '/v1/proof-packs')).body.data.proofPacks as ProofPack[]
    expect(all.map((p) => p.packId)).toEqual([
      pack.packId,
      first.body.data.pack.packId,
      stateOf(session).packs[0]?.packId,
    ])
    expect(verifyPackChain([...all].reverse(), directory).map((r) => r.failures)).toEqual([[], [], []])
    expect((await call(session, 'GET', `/v1/proof-packs/${pack.packId}`)).body.data.proofPack).toEqual(pack)
    const again = await call(session, 'POST', '/v1/proof-packs/seal')
    expect(again.body.data).toEqual({ pack: null, sealed: false })
    expect(pack.issuedAt <= START.replace('12:00:00', '12:01:00')).toBe(true)

    const period = { periodStart: receipts[0].payload.issuedAt, periodEnd: pack.issuedAt }
    const metering = (await call(session, 'GET', '/v1/metering', { query: period })).body.data.metering
    expect(metering.totals).toEqual(pack.metering.totals)
    expect(metering.records).toEqual(pack.metering.records)
    const settlement = (await call(session, 'GET', '/v1/settlement', { query: period })).body.data.settlement
    expect(settlement.currency).toBe('GBP')
    expect(settlement.totals).toEqual(pack.settlement.totals)
    const eur = await call(session, 'GET', '/v1/settlement', { query: { ...period, currency: 'EUR' } })
    expect(eur.body.data.settlement.lines.every((l: Json) => l.currency === 'EUR')).toBe(true)
    const empty = await call(session, 'GET', '/v1/metering', {
      query: { periodStart: '2020-01-01T00:00:00Z', periodEnd: '2020-01-02T00:00:00Z' },
    })
    expect(empty.body.data.metering.records).toEqual([])
    const backwards = await call(session, 'GET', '/v1/metering', {
      query: { periodStart: period.periodEnd, periodEnd: period.periodStart },
    })
    expect(backwards.status).toBe(400)
    expect(backwards.body.error.details[0].path).toBe('/query/periodEnd')
    // [t, t) is an empty period, not an error: nothing is metered, nothing is owed.
    const instant = { periodStart: period.periodStart, periodEnd: period.periodStart }
    const none = await call(session, 'GET', '/v1/settlement', { query: instant })
    expect(none.status).toBe(200)
    expect(none.body.data.settlement).toMatchObject({ lines: [], meterGross: {}, totals: { grossCents: 0 } })
  })

  it('answers 404 for an unknown pack and for a delivery against an unknown right', async () => {
    const session = newSession()
    const pack = await call(session, 'GET', '/v1/proof-packs/ppk_0000000000000000')
    expect(pack.status).toBe(404)
    expect(pack.body.error).toMatchObject({ code: 'NOT_FOUND', details: [{ path: '/path/packId' }] })
    const delivery = await observe(session, 'rgh_0000000000000000')
    expect(delivery.status).toBe(404)
    expect(delivery.body.error.details[0].path).toBe('/body/rightId')
  })

  it('refuses deliveries outside the right’s effective window with 412', async () => {
    const session = newSession()
    const basisId = [...stateOf(session).bases.keys()][0]
    const later = await call(session, 'POST', '/v1/rights/issue', {
      body: { basisId, substrate: 'DOOH', scope: 'Greater London', effectiveFrom: '2026-05-01T00:00:00Z' },
    })
    const res = await observe(session, later.body.data.right.id)
    expect(res.status).toBe(412)
    expect(res.body.error.code).toBe('PRECONDITION_FAILED')
  })
})

describe('the right lifecycle', () => {
  it('suspend -> 412 -> resume -> delivery -> revoke -> resume 409, with signed provenance', async () => {
    const session = newSession()
    const right = await newRight(session)
    const suspended = await call(session, 'POST', `/v1/rights/${right.id}/suspend`, {
      body: { reason: 'Venue dispute' },
    })
    expect(suspended.body.data.right.status).toBe('SUSPENDED')
    const refused = await observe(session, right.id)
    expect(refused.status).toBe(412)
    expect(refused.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', details: [{ path: '/body/rightId' }] })
    expect((await call(session, 'POST', `/v1/rights/${right.id}/suspend`, { body: { reason: 'again' } })).status).toBe(
      409,
    )
    expect((await call(session, 'POST', `/v1/rights/${right.id}/resume`)).body.data.right.status).toBe('ACTIVE')
    expect((await observe(session, right.id)).status).toBe(200)
    expect(
      (await call(session, 'POST', `/v1/rights/${right.id}/revoke`, { body: { reason: 'Licence ended' } })).body.data
        .right.status,
    ).toBe('REVOKED')
    const resume = await call(session, 'POST', `/v1/rights/${right.id}/resume`)
    expect(resume.status).toBe(409)
    expect(resume.body.error).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: '/path/rightId', message: 'is REVOKED' }],
    })
    expect((await call(session, 'POST', `/v1/rights/${right.id}/revoke`, { body: { reason: 'x' } })).status).toBe(409)
    const got = (await call(session, 'GET', `/v1/rights/${right.id}`)).body.data
    expect(got.provenance.map((p: ProvenanceRecord) => p.provenanceEventType)).toEqual([
      'RIGHT_ISSUED',
      'RIGHT_SUSPENDED',
      'RIGHT_REACTIVATED',
      'RIGHT_REVOKED',
    ])
    expect(got.right.contentHash).toBe(contentHash(got.right))
    expect(verifyProvenance(got.provenance, await keys(session), { subjects: [got.right] }).failures).toEqual([])
  })

  it('checks the basis and the window when issuing', async () => {
    const session = newSession()
    const missing = await call(session, 'POST', '/v1/rights/issue', {
      body: { basisId: 'bas_0000000000000000', substrate: 'DOOH', scope: 'x', effectiveFrom: '2026-04-01T00:00:00Z' },
    })
    expect(missing.status).toBe(404)
    expect(missing.body.error.details[0].path).toBe('/body/basisId')
    const basisId = [...stateOf(session).bases.keys()][0]
    const backwards = await call(session, 'POST', '/v1/rights/issue', {
      body: {
        basisId,
        substrate: 'DOOH',
        scope: 'x',
        effectiveFrom: '2026-04-02T00:00:00Z',
        effectiveUntil: '2026-04-01T00:00:00Z',
      },
    })
    expect(backwards.status).toBe(400)
    expect(backwards.body.error.details[0].path).toBe('/body/effectiveUntil')
  })

  it('expires a right when the clock passes its effectiveUntil', async () => {
    const session = newSession()
    const basisId = [...stateOf(session).bases.keys()][1]
    const issued = await call(session, 'POST', '/v1/rights/issue', {
      body: {
        basisId,
        substrate: 'AUDIO',
        scope: 'x',
        effectiveFrom: '2026-04-01T00:00:00Z',
        effectiveUntil: '2026-04-01T13:00:00.000Z',
      },
    })
    session.clock.advance(2 * 3_600_000)
    const got = (await call(session, 'GET', `/v1/rights/${issued.body.data.right.id}`)).body.data
    expect(got.right.status).toBe('EXPIRED')
    expect(got.provenance.at(-1)).toMatchObject({
      provenanceEventType: 'RIGHT_EXPIRED',
      occurredAt: '2026-04-01T13:00:00.000Z',
    })
    expect((await observe(session, got.right.id)).status).toBe(412)
  })
})

describe('offers', () => {
  it('propose -> accept creates the derived right with parentRightId and OFFER_ACCEPTED provenance', async () => {
    const session = newSession()
    const right = await newRight(session)
    const toOrgId = 'org_a17b3c9e2d4f6081'
    const proposed = await call(session, 'POST', '/v1/offers/propose', {
      body: { rightId: right.id, toOrgId, scope: 'Greater London: King’s Cross concourse, weekday mornings' },
    })
    const offer = proposed.body.data.offer
    expect(offer).toMatchObject({
      status: 'PROPOSED',
      fromOrgId: right.orgId,
      toOrgId,
      termsRef: null,
      derivedRightId: null,
    })
    expect(Date.parse(offer.expiresAt) - Date.parse(offer.createdAt)).toBe(7 * 86_400_000)
    const accepted = (await call(session, 'POST', `/v1/offers/${offer.id}/accept`)).body.data
    expect(accepted.offer).toMatchObject({ status: 'ACCEPTED', derivedRightId: accepted.derivedRight.id })
    expect(accepted.derivedRight).toMatchObject({
      parentRightId: right.id,
      orgId: toOrgId,
      scope: offer.scope,
      status: 'ACTIVE',
    })
    const derived = (await call(session, 'GET', `/v1/rights/${accepted.derivedRight.id}`)).body.data
    expect(derived.provenance).toHaveLength(1)
    expect(derived.provenance[0]).toMatchObject({ provenanceEventType: 'OFFER_ACCEPTED', offerId: offer.id })
    expect(verifyProvenance(derived.provenance, await keys(session), { subjects: [derived.right] }).ok).toBe(true)
    expect((await call(session, 'POST', `/v1/offers/${offer.id}/accept`)).status).toBe(409)
  })

  it('reject and counter, and the rules on scope, expiry and state', async () => {
    const session = newSession()
    const right = await newRight(session)
    const propose = (body: Record<string, unknown>) =>
      call(session, 'POST', '/v1/offers/propose', {
        body: { rightId: right.id, toOrgId: 'org_a17b3c9e2d4f6081', scope: 'Greater London', ...body },
      })
    const a = (await propose({})).body.data.offer
    const rejected = await call(session, 'POST', `/v1/offers/${a.id}/reject`, {
      body: { reason: 'Terms not acceptable' },
    })
    expect(rejected.body.data.offer.status).toBe('REJECTED')
    expect(
      (await call(session, 'POST', `/v1/offers/${a.id}/counter`, { body: { scope: 'Greater London' } })).status,
    ).toBe(409)
    const b = (await propose({ termsRef: 'terms/v1' })).body.data.offer
    const countered = (
      await call(session, 'POST', `/v1/offers/${b.id}/counter`, { body: { scope: 'Greater London: Zone 1' } })
    ).body.data
    expect(countered.original).toMatchObject({ id: b.id, status: 'COUNTERED' })
    expect(countered.counter).toMatchObject({
      status: 'PROPOSED',
      fromOrgId: b.toOrgId,
      toOrgId: b.fromOrgId,
      rightId: right.id,
      termsRef: 'terms/v1',
    })
    const counterAccepted = (await call(session, 'POST', `/v1/offers/${countered.counter.id}/accept`)).body.data
    expect(counterAccepted.derivedRight.orgId).toBe(b.toOrgId)

    const outside = await propose({ scope: 'Greater Manchester' })
    expect(outside.status).toBe(400)
    expect(outside.body.error.details[0].path).toBe('/body/scope')
    const past = await propose({ expiresAt: '2026-03-01T00:00:00Z' })
    expect(past.status).toBe(400)
    expect(past.body.error.details[0].path).toBe('/body/expiresAt')
    expect((await propose({ toOrgId: right.orgId })).status).toBe(400)
    await call(session, 'POST', `/v1/rights/${right.id}/suspend`, { body: { reason: 'x' } })
    expect((await propose({})).status).toBe(409)
    expect(
      (await call(session, 'POST', '/v1/offers/ofr_0000000000000000/reject', { body: { reason: 'x' } })).status,
    ).toBe(404)
  })

  it('expires a proposed offer once expiresAt passes', async () => {
    const session = newSession()
    const right = await newRight(session)
    const offer = (
      await call(session, 'POST', '/v1/offers/propose', {
        body: {
          rightId: right.id,
          toOrgId: 'org_a17b3c9e2d4f6081',
          scope: 'Greater London',
          expiresAt: '2026-04-01T13:00:00Z',
        },
      })
    ).body.data.offer
    session.clock.advance(2 * 3_600_000)
    const late = await call(session, 'POST', `/v1/offers/${offer.id}/accept`)
    expect(late.status).toBe(409)
    expect(late.body.error.details[0].message).toBe('is EXPIRED')
  })
})

describe('challenges', () => {
  it('open, list by status, resolve once; none on a revoked right', async () => {
    const session = newSession()
    const right = await newRight(session)
    const opened = (
      await call(session, 'POST', '/v1/challenges/open', {
        body: { rightId: right.id, challengerOrgId: 'org_e3d91b7c0a5f2648', reason: 'Competing licence KX-DL-0113' },
      })
    ).body.data.challenge
    expect(opened).toMatchObject({ status: 'OPEN', resolvedAt: null, resolution: null })
    const open = (await call(session, 'GET', '/v1/challenges', { query: { status: 'OPEN' } })).body.data
    expect(open.challenges.map((c: Json) => c.id)).toContain(opened.id)
    expect(open.challenges.every((c: Json) => c.status === 'OPEN')).toBe(true)
    const resolved = await call(session, 'POST', `/v1/challenges/${opened.id}/resolve`, {
      body: { upheld: false, resolution: 'Licence expired in 2025.' },
    })
    expect(resolved.body.data.challenge).toMatchObject({
      status: 'RESOLVED_OVERTURNED',
      resolution: 'Licence expired in 2025.',
    })
    expect(resolved.body.data.challenge.resolvedAt).not.toBeNull()
    expect(
      (await call(session, 'POST', `/v1/challenges/${opened.id}/resolve`, { body: { upheld: true, resolution: 'x' } }))
        .status,
    ).toBe(409)
    const revoked = rightsIn(session, 'REVOKED')[0]
    const refused = await call(session, 'POST', '/v1/challenges/open', {
      body: { rightId: revoked?.id, challengerOrgId: 'org_e3d91b7c0a5f2648', reason: 'x' },
    })
    expect(refused.status).toBe(409)
    expect(
      (
        await call(session, 'POST', '/v1/challenges/chl_0000000000000000/resolve', {
          body: { upheld: true, resolution: 'x' },
        })
      ).status,
    ).toBe(404)
  })
})

describe('paging', () => {
  it('walks rights with cursor/nextCursor/total and clamps the limit to 1..200', async () => {
    const session = newSession()
    for (let i = 0; i < 3; i++) await newRight(session, `Greater London ${i}`)
    const total = stateOf(session).rights.size
    const seen: string[] = []
    let cursor: number | null = 0
    while (cursor !== null) {
      const page: Json = (await call(session, 'GET', '/v1/rights', { query: { cursor, limit: 4 } })).body.data
      expect(page.total).toBe(total)
      expect(page.rights.length).toBeLessThanOrEqual(4)
      seen.push(...page.rights.map((r: Json) => r.id))
      cursor = page.nextCursor
    }
    expect(seen).toEqual([...stateOf(session).rights.keys()])
    expect((await call(session, 'GET', '/v1/rights', { query: { limit: 0 } })).body.data).toMatchObject({
      nextCursor: 1,
      total,
    })
    expect((await call(session, 'GET', '/v1/rights', { query: { limit: -3 } })).body.data.rights).toHaveLength(1)
    expect((await call(session, 'GET', '/v1/rights', { query: { limit: 10_000 } })).body.data).toMatchObject({
      nextCursor: null,
      total,
    })
    expect((await call(session, 'GET', '/v1/rights', { query: { cursor: 999 } })).body.data).toEqual({
      rights: [],
      nextCursor: null,
      total,
    })
    const filtered = (await call(session, 'GET', '/v1/rights', { query: { status: 'ACTIVE', substrate: 'DOOH' } })).body
      .data
    expect(filtered.rights.every((r: Json) => r.status === 'ACTIVE' && r.substrate === 'DOOH')).toBe(true)
    expect(filtered.total).toBe(filtered.rights.length)
  })

  it('clamps 201+ to 200 and pages challenges and proof packs newest first', async () => {
    const session = newSession()
    const state = stateOf(session)
    const rightId = [...state.rights.values()].find((e) => e.right.status === 'ACTIVE')?.right.id
    for (let i = 0; i < 205; i++) {
      await call(session, 'POST', '/v1/challenges/open', {
        body: { rightId, challengerOrgId: 'org_e3d91b7c0a5f2648', reason: `Claim ${i}` },
      })
    }
    const big = (await call(session, 'GET', '/v1/challenges', { query: { limit: 500 } })).body.data
    expect(big.challenges).toHaveLength(200)
    expect(big).toMatchObject({ nextCursor: 200, total: 207 })
    await observe(session, rightId as string)
    await call(session, 'POST', '/v1/proof-packs/seal')
    const packs = (await call(session, 'GET', '/v1/proof-packs', { query: { limit: 1 } })).body.data
    expect(packs).toMatchObject({ nextCursor: 1, total: 2 })
    expect(packs.proofPacks[0].packId).toBe(state.packs[1]?.packId)
  })
})

describe('keys and roles', () => {
  it('documents the role convention: sk_test_<role>_<16+ chars>', async () => {
    const session = newSession()
    const basisId = [...stateOf(session).bases.keys()][0]
    const issue = (key: string) =>
      call(session, 'POST', '/v1/rights/issue', {
        key,
        body: { basisId, substrate: 'DOOH', scope: 'x', effectiveFrom: '2026-04-01T00:00:00Z' },
      })
    const denied = await issue(AUDITOR)
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('FORBIDDEN')
    expect(denied.body.error.message).toContain('tenant_auditor')
    expect(denied.body.error.message).toContain('rights:write')
    expect((await call(session, 'GET', '/v1/rights', { key: AUDITOR })).status).toBe(200)
    const period = { periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-04-01T00:00:00Z' }
    expect((await call(session, 'GET', '/v1/settlement', { key: AUDITOR, query: period })).status).toBe(200)
    expect(
      (await call(session, 'GET', '/v1/settlement', { key: 'sk_test_reviewer_0123456789abcdef', query: period }))
        .status,
    ).toBe(403)
    expect((await issue('sk_test_operator_0123456789abcdef')).status).toBe(200)
    expect((await issue('sk_live_0123456789abcdef')).status).toBe(200)
    expect((await issue('sk_sandbox_auditor_0123456789abcdef')).status).toBe(200) // the convention is sk_test_ only
    const webhook = { url: 'https://hooks.example.com/x', events: ['*'], label: 'x' }
    expect(
      (await call(session, 'POST', '/v1/webhooks', { key: 'sk_test_operator_0123456789abcdef', body: webhook })).status,
    ).toBe(403)
    expect(
      (await call(session, 'POST', '/v1/webhooks', { key: 'sk_test_admin_0123456789abcdef', body: webhook })).status,
    ).toBe(200)
  })

  it('answers 401 for malformed or missing keys and serves the key directory without one', async () => {
    const session = newSession()
    for (const key of ['pk_live_0123456789abcdef', 'sk_test_short', 'sk_test_0123456789abcde!']) {
      const res = await call(session, 'GET', '/v1/rights', { key })
      expect(res.status).toBe(401)
      expect(res.body.error.message).toContain('sk_live_, sk_sandbox_, sk_test_')
      expect(res.body.error.details[0].path).toBe('/header/authorization')
    }
    expect((await call(session, 'GET', '/v1/rights', { key: null })).status).toBe(401)
    const directory = await keys(session)
    expect(directory.keys[0]).toMatchObject({ algorithm: 'ed25519', notAfter: null, revokedAt: null })
  })
})

describe('webhooks', () => {
  it('shows the signing secret once, replays dead letters and processes due deliveries', async () => {
    const session = newSession()
    const created = await call(session, 'POST', '/v1/webhooks', {
      body: { url: 'https://hooks.example.com/enfinitos/all', events: ['*'], label: 'Firehose' },
    })
    const { subscription, signingSecret } = created.body.data
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/)
    expect(subscription).toMatchObject({ active: true, lastDeliveredAt: null, secretLastRotatedAt: null })
    expect(JSON.stringify(subscription)).not.toContain(signingSecret)
    const other = await call(session, 'POST', '/v1/webhooks', {
      body: { url: 'https://down.example.invalid/hook', events: ['right.issued'], label: 'Down' },
    })
    expect(other.body.data.signingSecret).not.toBe(signingSecret)

    const state = stateOf(session)
    const dead = [...deliveriesOf(state).values()].find((d) => d.status === 'DEAD_LETTERED')
    const replay = await call(session, 'POST', `/v1/webhooks/${dead?.subscriptionId}/deliveries/${dead?.id}/replay`)
    expect(replay.body.data.replay).toEqual({ ok: true, errorMessage: null })
    expect(replay.body.data.delivery).toMatchObject({ status: 'DELIVERED', attempts: 6, lastResponseStatus: 200 })
    expect(
      (await call(session, 'POST', `/v1/webhooks/${dead?.subscriptionId}/deliveries/${dead?.id}/replay`)).status,
    ).toBe(409)
    expect(
      (await call(session, 'POST', `/v1/webhooks/${dead?.subscriptionId}/deliveries/dlv_0000000000000000/replay`))
        .status,
    ).toBe(404)
    expect(
      (await call(session, 'POST', `/v1/webhooks/whs_0000000000000000/deliveries/${dead?.id}/replay`)).status,
    ).toBe(404)

    await newRight(session) // right.issued for both subscriptions, basis.registered for the firehose
    const processed = (await call(session, 'POST', '/v1/webhooks/deliveries/process-due', { body: {} })).body.data
    expect(processed).toMatchObject({ batchLimit: 10, failed: 1, deadLettered: 0 })
    expect(processed.delivered).toBe(processed.processed - 1)
    // The failing endpoint is retried after 30 s, 2 min, 10 min, 1 h, then dead-lettered.
    let deadLettered = 0
    for (const wait of [30_000, 120_000, 600_000, 3_600_000]) {
      session.clock.advance(wait)
      deadLettered += (await call(session, 'POST', '/v1/webhooks/deliveries/process-due', { body: { limit: 50 } })).body
        .data.deadLettered
    }
    expect(deadLettered).toBe(1)
    const failing = [...deliveriesOf(state).values()].find(
      (d) => d.subscriptionId === other.body.data.subscription.subscriptionId,
    )
    expect(failing).toMatchObject({ status: 'DEAD_LETTERED', attempts: 5, nextAttemptAt: null })
    const again = await call(
      session,
      'POST',
      `/v1/webhooks/${failing?.subscriptionId}/deliveries/${failing?.id}/replay`,
    )
    expect(again.body.data.replay.ok).toBe(false)
    expect(again.body.data.delivery.status).toBe('DEAD_LETTERED')

    const later = session.journal.list().filter((e) => e.operationId !== 'createWebhook')
    for (const entry of later) expect(JSON.stringify(entry.response.body ?? null)).not.toContain(signingSecret)
  })
})

describe('fixtures', () => {
  it('builds contract-valid entities with prefixes and content hashes', () => {
    const session = newSession()
    const build = createEnfinitosFactories(() => ({ clock: session.clock, derive: session.derive }))
    const entities = {
      Basis: build.basis(),
      Right: build.right({ scope: 'Greater London' }),
      Offer: build.offer(),
      Challenge: build.challenge({ status: 'RESOLVED_UPHELD', resolvedAt: START, resolution: 'Upheld.' }),
      ReceiptRecord: build.receipt({ dwellMs: 1200 }),
    }
    for (const [schema, value] of Object.entries(entities)) {
      expect(enfinitosContract.validate(`/components/schemas/${schema}`, value)).toEqual([])
    }
    expect(entities.Basis.id).toMatch(/^bas_[0-9a-f]{16}$/)
    expect(entities.Right.contentHash).toBe(contentHash(entities.Right))
    expect(entities.Offer.id).toMatch(/^ofr_/)
    expect(entities.Right.orgId).toBe(stateOf(session).orgId)
    expect(build.right({ contentHash: `sha256:${'0'.repeat(64)}` }).contentHash).toBe(`sha256:${'0'.repeat(64)}`)
  })
})

describe('determinism', () => {
  const script = async (session: Session) => {
    const out: string[] = []
    const push = (r: Res) => out.push(`${r.status} ${r.bodyText}`)
    const right = await call(session, 'POST', '/v1/rights/bases', {
      body: { kind: 'TRADEMARK', description: 'UK00003456789', effectiveFrom: '2026-02-01T00:00:00+01:00' },
    })
    push(right)
    const issued = await call(session, 'POST', '/v1/rights/issue', {
      body: {
        basisId: right.body.data.basis.id,
        substrate: 'CTV',
        scope: 'Greater London',
        effectiveFrom: '2026-04-01T00:00:00Z',
      },
    })
    push(issued)
    push(await observe(session, issued.body.data.right.id, 4200))
    push(
      await call(session, 'POST', '/v1/offers/propose', {
        body: { rightId: issued.body.data.right.id, toOrgId: 'org_a17b3c9e2d4f6081', scope: 'Greater London' },
      }),
    )
    push(await call(session, 'POST', '/v1/proof-packs/seal'))
    push(await call(session, 'GET', '/v1/rights', { query: { limit: 20 } }))
    push(
      await call(session, 'POST', '/v1/webhooks', {
        body: { url: 'https://hooks.example.com/x', events: ['*'], label: 'x' },
      }),
    )
    push(await call(session, 'GET', '/v1/runtime-keys', { key: null }))
    push(
      await call(session, 'GET', '/v1/settlement', {
        query: { periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-04-02T00:00:00Z' },
      }),
    )
    return out
  }

  it('gives byte-identical bodies for the same seed and clock, different ids for another seed', async () => {
    const a = await script(newSession(7))
    const b = await script(newSession(7))
    expect(b).toEqual(a)
    const c = await script(newSession(8))
    expect(c[0]).not.toEqual(a[0])
    expect(JSON.parse(c[1]?.slice(4) ?? '{}').data.right.id).not.toBe(JSON.parse(a[1]?.slice(4) ?? '{}').data.right.id)
  })

  it('resets to the same world', async () => {
    const session = newSession()
    const before = (await call(session, 'GET', '/v1/rights', { query: { limit: 200 } })).bodyText
    await newRight(session)
    session.reset()
    expect((await call(session, 'GET', '/v1/rights', { query: { limit: 200 } })).bodyText).toBe(before)
  })
})
