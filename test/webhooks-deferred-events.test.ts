// Events only the seeded world's (simulated) subscription listens to are kept compact and built on first read: the
// same delivery and event ids, bodies and order as an eager emission, without the work on every issueRight.
import { describe, expect, it } from 'vitest'
import { idAt } from '../mocks/enfinitos/ids.js'
import { deliveriesOf } from '../mocks/enfinitos/webhooks-model.js'
import type { EnfinitosState } from '../mocks/enfinitos/world.js'
import { call, newSession } from './helpers/enfinitos.js'

const RIGHT = { substrate: 'DOOH', scope: 'Greater London', effectiveFrom: '2026-01-01T00:00:00Z' }

async function issue(session: ReturnType<typeof newSession>, basisId: string) {
  const issued = await call(session, 'POST', '/v1/rights/issue', { ...RIGHT, basisId })
  expect(issued.status).toBe(200)
  return issued.body.data.right
}

describe('deferred webhook events', () => {
  it('cost no delivery until read, then appear with the ids reserved when they happened', async () => {
    const session = newSession()
    const state = session.state<EnfinitosState>('enfinitos')
    const basisId = (await call(session, 'GET', '/v1/rights/bases')).body.data.bases[0].id
    const before = deliveriesOf(state).size
    const at = session.clock.iso()
    const right = await issue(session, basisId)
    expect(state.webhooks.deliveries.size).toBe(before)
    expect(state.webhooks.deferred).toHaveLength(1)

    const built = [...deliveriesOf(state).values()].slice(before)
    expect(state.webhooks.deferred).toHaveLength(0)
    expect(built).toEqual([
      expect.objectContaining({ event: 'right.issued', status: 'PENDING', attempts: 0, createdAt: at }),
    ])
    const event = state.webhooks.events.get(state.webhooks.eventOf.get(built[0]?.id ?? '') ?? '')
    expect(event).toMatchObject({ type: 'right.issued', createdAt: at, object: right })
  })

  it('keep their order and ids when an eager event (a registered subscription) comes between', async () => {
    const session = newSession()
    const state = session.state<EnfinitosState>('enfinitos')
    const basisId = (await call(session, 'GET', '/v1/rights/bases')).body.data.bases[0].id
    const before = [...deliveriesOf(state).keys()]
    await issue(session, basisId) // deferred: only the seeded subscription listens
    const created = await call(session, 'POST', '/v1/webhooks', {
      url: 'https://receiver.test/hooks',
      events: ['right.issued'],
      label: 'Mine',
    })
    expect(created.status).toBe(200)
    await issue(session, basisId) // eager: a registered subscription listens too
    const added = [...deliveriesOf(state).values()].filter((d) => !before.includes(d.id))
    expect(added.map((d) => d.subscriptionId)).toEqual([
      added[0]?.subscriptionId,
      added[0]?.subscriptionId,
      created.body.data.subscription.subscriptionId,
    ])
    // Delivery ids are the consecutive derivations of one counter, whichever path built them.
    const ordinals = added.map((d) =>
      Array.from({ length: 50 }, (_, i) => i + 1).find((n) => idAt(session.derive, 'webhookDelivery', n) === d.id),
    )
    expect(ordinals.every((n) => n !== undefined)).toBe(true)
    expect(ordinals).toEqual([...(ordinals as number[])].sort((a, b) => a - b))
    expect(new Set(added.map((d) => state.webhooks.eventOf.get(d.id))).size).toBe(2)
  })

  it('keep one list of listeners for a run of events, and give each listener its delivery in order', async () => {
    const session = newSession()
    const state = session.state<EnfinitosState>('enfinitos')
    const basisId = (await call(session, 'GET', '/v1/rights/bases')).body.data.bases[0].id
    // A second simulated subscription beside the seeded one (simulated: not registered, so events stay deferred).
    const [seeded] = [...state.webhooks.subscriptions.values()]
    if (!seeded) throw new Error('the seeded world has no webhook subscription')
    const twin = { ...seeded, subscriptionId: `${seeded.subscriptionId}_twin` }
    state.webhooks.subscriptions.set(twin.subscriptionId, twin)
    const before = [...deliveriesOf(state).keys()]
    await issue(session, basisId)
    await issue(session, basisId)
    const [first, second] = state.webhooks.deferred
    expect(first?.subscriptionIds).toEqual([seeded.subscriptionId, twin.subscriptionId])
    expect(second?.subscriptionIds).toBe(first?.subscriptionIds) // one array for the run, not one per event

    const added = [...deliveriesOf(state).values()].filter((d) => !before.includes(d.id))
    expect(added.map((d) => d.subscriptionId)).toEqual([
      seeded.subscriptionId,
      twin.subscriptionId,
      seeded.subscriptionId,
      twin.subscriptionId,
    ])
    const ordinals = added.map((d) =>
      Array.from({ length: 50 }, (_, i) => i + 1).find((n) => idAt(session.derive, 'webhookDelivery', n) === d.id),
    )
    const firstOrdinal = ordinals[0] as number
    expect(ordinals).toEqual([firstOrdinal, firstOrdinal + 1, firstOrdinal + 2, firstOrdinal + 3])
    const events = added.map((d) => state.webhooks.eventOf.get(d.id))
    expect(events[0]).toBe(events[1])
    expect(events[2]).toBe(events[3])
    expect(events[0]).not.toBe(events[2])
  })

  it('are delivered by processDueWebhookDeliveries like any other', async () => {
    const session = newSession()
    const state = session.state<EnfinitosState>('enfinitos')
    const basisId = (await call(session, 'GET', '/v1/rights/bases')).body.data.bases[0].id
    await issue(session, basisId)
    expect(state.webhooks.deferred).toHaveLength(1)
    const processed = await call(session, 'POST', '/v1/webhooks/deliveries/process-due', { limit: 50 })
    expect(processed.status).toBe(200)
    expect(state.webhooks.deferred).toHaveLength(0)
    const issuedDeliveries = [...deliveriesOf(state).values()].filter((d) => d.event === 'right.issued')
    expect(issuedDeliveries.at(-1)).toMatchObject({ status: 'DELIVERED', attempts: 1 })
  })
})
