// A session stores a sealed pack without its metering and settlement (mocks/enfinitos/proof/stored-pack.ts): the two
// are rebuilt from the records on read and only weakly cached. These tests pin that a stored pack still reads as the
// pack sealed, byte for byte (also after its metering was collected and rebuilt), that copies of it are plain data,
// that it keeps neither value alive, and that the pack sealPack hands out stays a plain object.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { loadPackagedContract } from '../mocks/core/contract.js'
import { commitPack } from '../mocks/enfinitos/deliveries-model.js'
import { buildSampleChain } from '../mocks/enfinitos/proof/sample.js'
import { sealPack } from '../mocks/enfinitos/proof/seal.js'
import { DEFAULT_TARIFF, type Tariff } from '../mocks/enfinitos/proof/tariff.js'
import type { ProofPack, UnitType } from '../mocks/enfinitos/proof/types.js'
import { verifyPackChain } from '../mocks/enfinitos/proof/verify.js'
import { call, newSession, stateOf } from './helpers/enfinitos.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const KEY_ORDER = ['envelopeVersion', 'issuedAt', 'orgId', 'packId', 'label', 'records', 'metering', 'settlement']
const emptyState = () => ({ packs: [] as ProofPack[], packsById: new Map<string, ProofPack>(), unsealed: [] })
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0))

/**
 * Tracks objects until the garbage collector takes them. `collect` runs full collections, each in a fresh task (a
 * WeakRef keeps its target until the task that read it ends), at most 20 times, until every tracked object is gone.
 */
function tracker() {
  const alive = new Set<string>()
  const registry = new FinalizationRegistry<string>((name) => alive.delete(name))
  return {
    track(name: string, value: object) {
      alive.add(name)
      registry.register(value, name)
    },
    async collect(): Promise<string[]> {
      for (let round = 0; round < 20 && alive.size > 0; round++) {
        await nextTask()
        gc()
        await nextTask() // finalization callbacks run as tasks of their own
      }
      return [...alive]
    },
  }
}

/** A tariff the caller owns, and its rates, which the caller may change: three unit types, a pass-through fee. */
function ownTariff(): { tariff: Tariff; rates: Partial<Record<UnitType, number>> } {
  const rates: Partial<Record<UnitType, number>> = { ...DEFAULT_TARIFF.centsPerUnit, COMPLIANT_DELIVERY_MINUTE: 7 }
  const tariff: Tariff = {
    ...DEFAULT_TARIFF,
    plan: [...DEFAULT_TARIFF.plan, { unitType: 'COMPLIANT_DELIVERY_MINUTE', weight: '0.500000' }],
    centsPerUnit: rates,
    passThroughFeeLedgerCodes: ['CARD_FEE'],
  }
  return { tariff, rates }
}

/** Packs of every kind: a chain of three across a key rotation, settlement.v1, and an own tariff in EUR. */
function variedPacks(): { packs: ProofPack[]; rates: Partial<Record<UnitType, number>> } {
  const chain = buildSampleChain({ packs: 3, deliveriesPerPack: 20, rotateBetweenPacks: true })
  const v1 = buildSampleChain({ seed: 2, settlementVersion: 'settlement.v1' })
  const { tariff, rates } = ownTariff()
  const last = chain.packs[2] as ProofPack
  const euro = sealPack({
    orgId: last.orgId,
    records: buildSampleChain({ seed: 3, orgId: last.orgId, start: last.issuedAt }).packs[0]?.records ?? [],
    issuedAt: '2026-04-02T00:00:00.000Z',
    previousPack: last,
    tariff,
    currency: 'EUR',
    label: 'own tariff',
  })
  return { packs: [...chain.packs, ...v1.packs, euro], rates }
}

describe('a stored proof pack', () => {
  it('serialises to the bytes of the pack as sealed, also once its metering was collected and rebuilt', async () => {
    const { packs, rates } = variedPacks()
    const sealed = packs.map((pack) => JSON.stringify(pack))
    const seen = tracker()
    packs.forEach((pack, i) => {
      seen.track(`metering ${i}`, pack.metering)
      seen.track(`settlement ${i}`, pack.settlement)
    })
    const state = emptyState()
    for (const pack of packs) commitPack(state, pack, [])
    expect(packs.map((pack) => JSON.stringify(pack))).toEqual(sealed)

    // The caller's tariff changes after the seal: the rebuilt settlement is still the one sealed.
    rates.DWELL_SECONDS = 99
    expect(await seen.collect()).toEqual([])
    const rebuilt = packs.map((pack) => JSON.stringify(pack))
    rebuilt.forEach((json, i) => {
      expect(json === sealed[i], `pack ${i} rebuilt`).toBe(true)
    })
    expect(packs.map((pack) => Object.keys(pack))).toEqual(packs.map(() => KEY_ORDER))
    expect(state.packsById.get(packs[1]?.packId ?? '')).toBe(packs[1])
  })

  it('reads as plain data to the verifier and the ProofPack schema, and its copies are plain data', () => {
    const { packs } = buildSampleChain({ packs: 2, deliveriesPerPack: 8 })
    const sealed = packs.map((pack) => JSON.stringify(pack))
    const state = emptyState()
    for (const pack of packs) commitPack(state, pack, [])
    const stored = packs[1] as ProofPack
    expect(Object.getOwnPropertyDescriptor(stored, 'metering')?.get).toBeTypeOf('function')

    expect(verifyPackChain(packs, buildSampleChain({ packs: 2, deliveriesPerPack: 8 }).keyDirectory)).toMatchObject([
      { ok: true },
      { ok: true },
    ])
    const contract = loadPackagedContract('enfinitos')
    expect(contract.validate('/components/schemas/ProofPack', stored)).toEqual([])

    for (const copy of [{ ...stored }, structuredClone(stored)]) {
      expect(Object.keys(copy)).toEqual(KEY_ORDER)
      for (const key of KEY_ORDER) expect(Object.getOwnPropertyDescriptor(copy, key)).toHaveProperty('value')
      expect(JSON.stringify(copy)).toBe(sealed[1])
      copy.metering = { ...copy.metering, totals: {} } // a copy's edits stay in the copy
    }
    expect(JSON.stringify(stored)).toBe(sealed[1])
  })

  it('keeps neither its metering nor its settlement alive once no one holds them', async () => {
    const pack = buildSampleChain({ packs: 1, deliveriesPerPack: 50 }).packs[0] as ProofPack
    const seen = tracker()
    seen.track('sealed metering', pack.metering)
    seen.track('sealed settlement', pack.settlement)
    commitPack(emptyState(), pack, [])
    expect(await seen.collect()).toEqual([])

    // A value rebuilt on read is not kept either.
    seen.track('rebuilt metering', pack.metering)
    seen.track('rebuilt settlement', pack.settlement)
    expect(await seen.collect()).toEqual([])
  })

  it('becomes a plain data property again when assigned', () => {
    const [pack, other] = buildSampleChain({ seed: 4, packs: 2 }).packs as [ProofPack, ProofPack]
    commitPack(emptyState(), pack, [])
    pack.settlement = other.settlement
    expect(Object.getOwnPropertyDescriptor(pack, 'settlement')).toMatchObject({ value: other.settlement })
    expect(Object.keys(pack)).toEqual(KEY_ORDER)
  })

  it('is answered with the same bytes by the API after its metering was collected', async () => {
    const session = newSession()
    const right = [...stateOf(session).rights.values()].find((e) => e.right.status === 'ACTIVE')?.right
    await call(session, 'POST', '/v1/proof-packs/seal')
    for (let i = 0; i < 5; i++) {
      await call(session, 'POST', '/v1/delivery', { rightId: right?.id, spatialAnchorId: 'anchor_pad_01', dwellMs: i })
    }
    const seal = await call(session, 'POST', '/v1/proof-packs/seal')
    expect(seal.violations).toEqual([])
    const packId: string = seal.body.data.pack.packId
    const stored = stateOf(session).packsById.get(packId) as ProofPack
    expect(Object.getOwnPropertyDescriptor(stored, 'metering')?.get).toBeTypeOf('function')
    const seen = tracker()
    seen.track('metering', stored.metering)
    expect(await seen.collect()).toEqual([])

    const read = await call(session, 'GET', `/v1/proof-packs/${packId}`)
    expect(read.violations).toEqual([])
    expect(JSON.stringify(JSON.parse(read.bodyText).data.proofPack)).toBe(
      JSON.stringify(JSON.parse(seal.bodyText).data.pack),
    )
  })
})

describe('a pack sealPack hands out', () => {
  it('is a plain object whose metering edits stay', () => {
    const pack = buildSampleChain({ packs: 1 }).packs[0] as ProofPack
    for (const key of KEY_ORDER) expect(Object.getOwnPropertyDescriptor(pack, key)).toHaveProperty('value')
    const metering = pack.metering
    metering.totals = {}
    expect(pack.metering).toBe(metering)
    expect(pack.metering.totals).toEqual({})
  })
})
