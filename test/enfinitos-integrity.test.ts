// State integrity of the EnfinitOS mock: the contract bounds dwellMs so a receipt can always carry its renderedAt;
// behaviours compute and sign before they store, so a failure leaves no half-written record; the session clock may be
// set far back and still sign (and, before the key ring's first key, refuses cleanly); expiry and pack lookups are
// cheap. Every response is validated against openapi/enfinitos.yaml (validateResponses: 'throw').
import { describe, expect, it } from 'vitest'
import { ClockRangeError } from '../mocks/core/clock.js'
import type { Session } from '../mocks/core/session.js'
import type { OperationCall } from '../mocks/core/types.js'
import { enfinitosBehaviours } from '../mocks/enfinitos/behaviours/index.js'
import { enfinitosContract } from '../mocks/enfinitos/contract.js'
import { KeyRing, NoSigningKeyError } from '../mocks/enfinitos/proof/keys.js'
import { ReceiptIssuer, ReceiptIssuerError } from '../mocks/enfinitos/proof/receipt.js'
import { SealError, sealPack } from '../mocks/enfinitos/proof/seal.js'
import type { KeyDirectory } from '../mocks/enfinitos/proof/types.js'
import { verifyPack, verifyProvenance } from '../mocks/enfinitos/proof/verify.js'
import { issueRight, transitionRight } from '../mocks/enfinitos/rights-model.js'
import { createEmptyWorld, type EnfinitosState, KEY_RING_NOT_BEFORE } from '../mocks/enfinitos/world.js'
import { call, engine, newSession, type Res, START, stateOf } from './helpers/enfinitos.js'

const keys = async (session: Session): Promise<KeyDirectory> =>
  ((await engine.handle({ method: 'GET', path: '/v1/runtime-keys', query: '', headers: {} }, session)) as Res).body.data
const activeRightId = (session: Session) =>
  [...stateOf(session).rights.values()].find(
    (e) => e.right.status === 'ACTIVE' && e.right.orgId === stateOf(session).orgId,
  )?.right.id as string

/** Everything a failed operation must leave as it was. */
function snapshot(state: EnfinitosState): string {
  return JSON.stringify({
    rights: [...state.rights.values()],
    offers: [...state.offers.values()],
    receipts: state.receipts,
    unsealed: state.unsealed,
    packs: state.packs.map((p) => p.packId),
    observations: [...state.observations.values()],
  })
}

describe('dwellMs is bounded by the contract (at most 24 hours)', () => {
  it('declares the maximum as an inferred choice on ObserveDeliveryRequest', () => {
    // biome-ignore lint/suspicious/noExplicitAny: reading the parsed spec.
    const doc = enfinitosContract.document as any
    const dwell = doc.components.schemas.ObserveDeliveryRequest.properties.dwellMs
    expect(dwell).toMatchObject({ type: 'integer', minimum: 0, maximum: 86_400_000 })
    expect(dwell['x-standin-inferred']).toEqual(expect.any(String))
  })

  it('answers 400 naming /body/dwellMs before the behaviour runs, and later seals still verify', async () => {
    const session = newSession()
    const rightId = activeRightId(session)
    const before = snapshot(stateOf(session))
    for (const dwellMs of [86_400_001, 1e15, 9e15, 1e300]) {
      const res = await call(session, 'POST', '/v1/delivery', { rightId, spatialAnchorId: 'a', dwellMs })
      expect(res.status, String(dwellMs)).toBe(400)
      expect(res.body.error.details[0].path).toBe('/body/dwellMs')
    }
    expect(snapshot(stateOf(session))).toBe(before)
    const max = await call(session, 'POST', '/v1/delivery', { rightId, spatialAnchorId: 'a', dwellMs: 86_400_000 })
    expect(max.status).toBe(200)
    const sealed = await call(session, 'POST', '/v1/proof-packs/seal')
    expect(sealed.status).toBe(200)
    const pack = sealed.body.data.pack
    expect(
      verifyPack(pack, await keys(session), { priorAfterHash: stateOf(session).packs[0]?.records.at(-1)?.afterHash })
        .failures,
    ).toEqual([])
  })

  it('the behaviour itself refuses a dwell no receipt can carry (400), storing nothing', async () => {
    const session = newSession()
    const state = stateOf(session)
    const before = snapshot(state)
    const res = await enfinitosBehaviours.observeDelivery({
      provider: 'enfinitos',
      operation: enfinitosContract.operation('observeDelivery'),
      params: {},
      query: {},
      headers: {},
      body: { rightId: activeRightId(session), spatialAnchorId: 'a', dwellMs: 1e15 },
      principal: { role: 'tenant_admin', orgId: state.orgId },
      state,
      clock: session.clock,
      derive: session.derive,
    } as unknown as OperationCall<EnfinitosState>)
    expect(res.status).toBe(400)
    expect(snapshot(state)).toBe(before)
  })

  it('the receipt issuer validates before it moves: a refused observation changes nothing', () => {
    const ring = KeyRing.create({ seed: 'r', notBefore: '2026-01-01T00:00:00.000Z' })
    const a = new ReceiptIssuer({ seed: 'i' })
    const b = new ReceiptIssuer({ seed: 'i' })
    const obs = { orgId: 'org_1', spatialAnchorId: 'x', dwellMs: 1000 }
    expect(() => a.issue({ ...obs, dwellMs: 1e15 }, { at: START, ring })).toThrow(ReceiptIssuerError)
    expect(() => a.issue(obs, { at: '2025-01-01T00:00:00.000Z', ring })).toThrow(NoSigningKeyError)
    expect(a.lastAfterHash('org_1')).toBeNull()
    expect(a.issue(obs, { at: START, ring })).toEqual(b.issue(obs, { at: START, ring }))
  })

  it('sealing refuses a record whose renderedAt is not a timestamp', () => {
    const ring = KeyRing.create({ seed: 'r', notBefore: '2026-01-01T00:00:00.000Z' })
    const record = new ReceiptIssuer({ seed: 'i' }).issue(
      { orgId: 'org_1', spatialAnchorId: 'x', dwellMs: 1000 },
      { at: START, ring },
    )
    const poisoned = { ...record, payload: { ...record.payload, renderedAt: '-029680-01-01T00:00:00.000Z' } }
    expect(() => sealPack({ orgId: 'org_1', records: [poisoned], issuedAt: START })).toThrow(SealError)
  })
})

describe('compute and sign first, store last', () => {
  it('issueRight and transitionRight leave the state untouched when signing fails', () => {
    const session = newSession()
    const state = createEmptyWorld({ clock: session.clock, derive: session.derive })
    state.ring = KeyRing.create({ seed: 'late', notBefore: '2030-01-01T00:00:00.000Z' })
    const input = {
      basisId: 'bas_0',
      substrate: 'DOOH' as const,
      scope: 'x',
      effectiveFrom: START,
      effectiveUntil: null,
    }
    expect(() => issueRight(state, session.derive, input, START)).toThrow(NoSigningKeyError)
    expect(state.rights.size).toBe(0)

    state.ring = KeyRing.create({ seed: 'early', notBefore: '2020-01-01T00:00:00.000Z' })
    const entry = issueRight(state, session.derive, input, START)
    const before = JSON.stringify(entry)
    state.ring = KeyRing.create({ seed: 'late', notBefore: '2030-01-01T00:00:00.000Z' })
    expect(() => transitionRight(state, entry, 'SUSPENDED', 'RIGHT_SUSPENDED', START)).toThrow(NoSigningKeyError)
    expect(JSON.stringify(entry)).toBe(before)
  })
})

describe('the session clock set before the world began', () => {
  it('publishes a first key valid from the Unix epoch', async () => {
    const directory = await keys(newSession())
    expect(KEY_RING_NOT_BEFORE).toBe('1970-01-01T00:00:00.000Z')
    expect(directory.keys[0]?.notBefore).toBe(KEY_RING_NOT_BEFORE)
  })

  it('set back to 2025, issues rights whose provenance verifies against the directory', async () => {
    const session = newSession()
    const basisId = [...stateOf(session).bases.keys()][0]
    session.clock.set('2025-01-01T00:00:00.000Z')
    const res = await call(session, 'POST', '/v1/rights/issue', {
      basisId,
      substrate: 'DOOH',
      scope: 'x',
      effectiveFrom: '2025-01-01T00:00:00Z',
    })
    expect(res.status).toBe(200)
    const got = (await call(session, 'GET', `/v1/rights/${res.body.data.right.id}`)).body.data
    expect(got.provenance).toHaveLength(1)
    expect(verifyProvenance(got.provenance, await keys(session), { subjects: [got.right] }).failures).toEqual([])
  })

  it('cannot be set before the first key: the clock refuses instants its formats cannot carry', () => {
    // Signing before the key directory's first key used to be a 500; the clock now stops at 2003 (docs/clock.md),
    // long after the first key, so that state cannot be reached.
    const session = newSession()
    expect(() => session.clock.set('1969-06-01T00:00:00.000Z')).toThrow(ClockRangeError)
    expect(session.clock.iso()).toBe(START)
  })
})

describe('cheap bookkeeping', () => {
  /** A Map that counts how often it is walked. */
  class CountingMap<K, V> extends Map<K, V> {
    walks = 0
    override values() {
      this.walks += 1
      return super.values()
    }
  }

  it('does not scan rights and offers for expiry until something can expire', async () => {
    const session = newSession()
    const state = stateOf(session)
    const rights = new CountingMap(state.rights)
    const offers = new CountingMap(state.offers)
    state.rights = rights
    state.offers = offers
    await call(session, 'GET', '/v1/runtime-keys')
    await call(session, 'GET', '/v1/rights/bases')
    await call(session, 'GET', '/v1/proof-packs')
    expect(rights.walks + offers.walks).toBe(0)
    // The world's PROPOSED offer expires at day 5, 12:00; its rights end later.
    const offer = [...state.offers.entries()].find(([, o]) => o.status === 'PROPOSED')?.[1]
    expect(state.nextExpiryMs).toBe(Date.parse(offer?.expiresAt ?? ''))
    session.clock.set(Date.parse(offer?.expiresAt ?? '') + 1)
    await call(session, 'GET', '/v1/rights/bases')
    expect(state.offers.get(offer?.id ?? '')?.status).toBe('EXPIRED')
    const walks = rights.walks + offers.walks
    expect(walks).toBeGreaterThan(0)
    await call(session, 'GET', '/v1/rights/bases')
    expect(rights.walks + offers.walks).toBe(walks)
    expect(state.nextExpiryMs).toBeGreaterThan(session.clock.nowMs())
  })

  it('still expires a right issued later with an earlier end', async () => {
    const session = newSession()
    const basisId = [...stateOf(session).bases.keys()][0]
    const issued = await call(session, 'POST', '/v1/rights/issue', {
      basisId,
      substrate: 'AUDIO',
      scope: 'x',
      effectiveFrom: '2026-04-01T00:00:00Z',
      effectiveUntil: '2026-04-01T13:00:00Z',
    })
    session.clock.advance(2 * 3_600_000)
    const got = await call(session, 'GET', `/v1/rights/${issued.body.data.right.id}`)
    expect(got.body.data.right.status).toBe('EXPIRED')
  })

  it('finds a proof pack by id without walking the list', async () => {
    const session = newSession()
    const state = stateOf(session)
    const id = state.packs[0]?.packId
    Object.defineProperty(state.packs, 'find', {
      value: () => {
        throw new Error('walked the pack list')
      },
    })
    const res = await call(session, 'GET', `/v1/proof-packs/${id}`)
    expect(res.status).toBe(200)
    expect(res.body.data.proofPack.packId).toBe(id)
    expect(state.packsById.get(id ?? '')).toBe(state.packs[0])
  })
})
