// Which rights a key's org sees and may act on (inferred: each key belongs to one org): it sees the rights it holds
// and those it granted through an accepted offer; only the holder suspends, resumes, revokes, observes deliveries on,
// offers, or records a challenge against a right (403 for a right it granted, 404 for one it cannot see). Also: a
// delivery's telemetry is kept with it, unsigned. Every response is validated against openapi/enfinitos.yaml.
import { describe, expect, it } from 'vitest'
import { enfinitosContract } from '../mocks/enfinitos/contract.js'
import { PAYLOAD_KEYS } from '../mocks/enfinitos/proof/canonical.js'
import { issueRight } from '../mocks/enfinitos/rights-model.js'
import type { EnfinitosState } from '../mocks/enfinitos/world.js'
import { call, newSession, START, stateOf } from './helpers/enfinitos.js'

const PARTNER = 'org_a17b3c9e2d4f6081'

/** Every operation that acts on one right, aimed at `rightId`. */
const actions = (rightId: string) =>
  [
    ['POST', `/v1/rights/${rightId}/suspend`, { reason: 'x' }, '/path/rightId'],
    ['POST', `/v1/rights/${rightId}/resume`, undefined, '/path/rightId'],
    ['POST', `/v1/rights/${rightId}/revoke`, { reason: 'x' }, '/path/rightId'],
    ['POST', '/v1/delivery', { rightId, spatialAnchorId: 'anchor_x', dwellMs: 5 }, '/body/rightId'],
    [
      'POST',
      '/v1/offers/propose',
      { rightId, toOrgId: 'org_0000000000000001', scope: 'Greater London' },
      '/body/rightId',
    ],
    ['POST', '/v1/challenges/open', { rightId, challengerOrgId: 'org_0000000000000002', reason: 'x' }, '/body/rightId'],
  ] as const

function snapshot(state: EnfinitosState): string {
  return JSON.stringify([
    [...state.rights.values()],
    [...state.offers.values()],
    [...state.challenges.values()],
    state.receipts,
  ])
}

describe('rights of other orgs', () => {
  it('lists and shows the rights the org holds and the ones it granted', async () => {
    const session = newSession()
    const state = stateOf(session)
    const listed = (await call(session, 'GET', '/v1/rights')).body.data.rights as { id: string; orgId: string }[]
    const granted = listed.filter((r) => r.orgId !== state.orgId)
    expect(granted).toHaveLength(1) // the world's accepted offer: the derived right went to the partner
    const derived = state.rights.get(granted[0]?.id ?? '')?.right
    expect(state.rights.get(derived?.parentRightId ?? '')?.right.orgId).toBe(state.orgId)
    expect((await call(session, 'GET', `/v1/rights/${derived?.id}`)).status).toBe(200)
  })

  it('answers 403 when the org acts on a right it granted to another org, and changes nothing', async () => {
    const session = newSession()
    const state = stateOf(session)
    const derived = [...state.rights.values()].find((e) => e.right.orgId !== state.orgId)?.right
    expect(derived?.status).toBe('ACTIVE')
    const before = snapshot(state)
    for (const [method, path, body, pointer] of actions(derived?.id ?? '')) {
      const res = await call(session, method, path, body)
      expect(res.status, path).toBe(403)
      expect(res.body.error).toMatchObject({
        code: 'FORBIDDEN',
        details: [{ path: pointer, message: 'is held by another org' }],
      })
      expect(res.body.error.message).toContain(derived?.orgId)
    }
    expect(snapshot(state)).toBe(before)
  })

  it('answers 404 for a right the org neither holds nor granted, and hides it from listings', async () => {
    const session = newSession()
    const state = stateOf(session)
    const basisId = [...state.bases.keys()][0] as string
    const foreign = issueRight(
      state,
      session.derive,
      { basisId, substrate: 'DOOH', scope: 'Manchester', effectiveFrom: START, effectiveUntil: null, orgId: PARTNER },
      START,
    ).right
    const listed = (await call(session, 'GET', '/v1/rights')).body.data
    expect(listed.rights.map((r: { id: string }) => r.id)).not.toContain(foreign.id)
    expect(listed.total).toBe(state.rights.size - 1)
    const got = await call(session, 'GET', `/v1/rights/${foreign.id}`)
    expect(got.status).toBe(404)
    const before = snapshot(state)
    for (const [method, path, body, pointer] of actions(foreign.id)) {
      const res = await call(session, method, path, body)
      expect(res.status, path).toBe(404)
      expect(res.body.error.details).toEqual([{ path: pointer, message: 'names no right of this org' }])
    }
    expect(snapshot(state)).toBe(before)
  })

  it('keeps the stories: the org offers its own right, and sees the derived right it granted', async () => {
    const session = newSession()
    const state = stateOf(session)
    const own = [...state.rights.values()].find((e) => e.right.status === 'ACTIVE' && e.right.orgId === state.orgId)
    const offer = (
      await call(session, 'POST', '/v1/offers/propose', {
        rightId: own?.right.id,
        toOrgId: PARTNER,
        scope: own?.right.scope,
      })
    ).body.data.offer
    const accepted = (await call(session, 'POST', `/v1/offers/${offer.id}/accept`)).body.data
    expect(accepted.derivedRight.orgId).toBe(PARTNER)
    const got = await call(session, 'GET', `/v1/rights/${accepted.derivedRight.id}`)
    expect(got.body.data.provenance[0].provenanceEventType).toBe('OFFER_ACCEPTED')
    expect((await call(session, 'POST', `/v1/rights/${accepted.derivedRight.id}/revoke`, { reason: 'x' })).status).toBe(
      403,
    )
    expect((await call(session, 'POST', `/v1/rights/${own?.right.id}/suspend`, { reason: 'x' })).status).toBe(200)
  })

  it('documents the rule in the spec: listRights and the Forbidden response carry x-standin-inferred', () => {
    // biome-ignore lint/suspicious/noExplicitAny: reading the parsed spec.
    const doc = enfinitosContract.document as any
    expect(doc.paths['/v1/rights'].get['x-standin-inferred']).toContain('granted')
    expect(doc.components.responses.Forbidden['x-standin-inferred']).toContain('holder')
    expect(doc.components.responses.Forbidden.content['application/json'].examples.notHolder).toBeDefined()
  })
})

describe('telemetry', () => {
  it('is kept with the delivery, not signed, not interpreted', async () => {
    const session = newSession()
    const state = stateOf(session)
    const rightId = [...state.rights.values()].find((e) => e.right.status === 'ACTIVE' && e.right.orgId === state.orgId)
      ?.right.id
    const telemetry = { speedMph: 2.5, remoteIdActive: false, nested: { a: [1, 2] } }
    const res = await call(session, 'POST', '/v1/delivery', {
      rightId,
      spatialAnchorId: 'anchor_x',
      dwellMs: 800,
      telemetry,
    })
    expect(res.status).toBe(200)
    const { receipt } = res.body.data
    expect(Object.keys(receipt.payload)).toEqual([...PAYLOAD_KEYS])
    expect(receipt.payloadCanonical).not.toContain('speedMph')
    expect(state.observations.get(receipt.payload.receiptId)).toEqual({
      receiptId: receipt.payload.receiptId,
      rightId,
      telemetry,
    })
    const bare = await call(session, 'POST', '/v1/delivery', { rightId, spatialAnchorId: 'anchor_x', dwellMs: 800 })
    expect(state.observations.get(bare.body.data.receipt.payload.receiptId)?.telemetry).toBeNull()
  })

  it('is described the same way in the spec: accepted and kept, never checked against constraints', () => {
    // biome-ignore lint/suspicious/noExplicitAny: reading the parsed spec.
    const doc = enfinitosContract.document as any
    const telemetry = doc.components.schemas.ObserveDeliveryRequest.properties.telemetry
    expect(telemetry.description).toContain('kept with the delivery, not interpreted')
    expect(telemetry.description).not.toContain('constraint')
    expect(JSON.stringify(doc.components.responses)).not.toContain('/body/telemetry')
  })

  it('the world records which right each of its deliveries was observed against', () => {
    const state = stateOf(newSession())
    expect(state.observations.size).toBe(state.receipts.length)
    for (const { rightId } of state.observations.values())
      expect(state.rights.get(rightId)?.right.orgId).toBe(state.orgId)
  })
})
