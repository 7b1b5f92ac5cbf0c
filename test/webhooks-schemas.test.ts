// Every webhook event body standin sends validates against the spec's OpenAPI 3.1 `webhooks` entry for its type; the
// behaviours emit every documented event they cause, and `trigger` covers the ones no operation causes.
import { describe, expect, it } from 'vitest'
import type { SampleRequest } from '../mocks/core/conformance.js'
import { pointerSegment } from '../mocks/core/contract.js'
import { enfinitosScript } from '../mocks/enfinitos/conformance.js'
import { enfinitosContract } from '../mocks/enfinitos/contract.js'
import type { WebhookEventType } from '../mocks/enfinitos/types.js'
import { WEBHOOK_EVENT_TYPES } from '../mocks/enfinitos/webhook-events.js'
import { createStandin, type Standin } from '../mocks/standin.js'

const START = '2026-04-01T12:00:00.000Z'
const spec = enfinitosContract.document
const schemaOf = (type: string) =>
  `/webhooks/${pointerSegment(type)}/post/requestBody/content/${pointerSegment('application/json')}/schema`

/** A standin whose every event goes to one `*` subscription, collected as raw bodies. */
async function collecting(): Promise<{ standin: Standin; bodies: string[] }> {
  const standin = createStandin({ seed: 11, clock: START })
  const bodies: string[] = []
  standin.webhooks.onDelivery(async (request) => {
    bodies.push(await request.text())
  })
  const res = await standin.fetch('/v1/webhooks', {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_0123456789abcdef', 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'https://receiver.test/all', events: ['*'], label: 'all' }),
  })
  expect(res.status).toBe(200)
  return { standin, bodies }
}

async function send(standin: Standin, req: SampleRequest) {
  const res = await standin.fetch(req.path, {
    method: req.method,
    ...(req.headers ? { headers: req.headers } : {}),
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

const typesOf = (bodies: string[]) => new Set(bodies.map((b) => JSON.parse(b).type as WebhookEventType))

describe('the spec describes every webhook event', () => {
  it('has one `webhooks` entry per documented event type, each with its body schema', () => {
    const documented = spec.components.schemas.WebhookEventType.enum as string[]
    expect(Object.keys(spec.webhooks).sort()).toEqual([...documented].sort())
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual([...documented].sort())
  })

  it('gives every webhook an example body that validates against its schema', () => {
    for (const type of Object.keys(spec.webhooks)) {
      const examples = spec.webhooks[type].post.requestBody.content['application/json'].examples
      const values = Object.values(examples ?? {}).map((e) => (e as { value: unknown }).value)
      expect(values.length, type).toBeGreaterThan(0)
      for (const value of values) {
        expect(value).toMatchObject({ type })
        expect(enfinitosContract.validate(schemaOf(type), value), type).toEqual([])
      }
    }
  })

  it('rejects a body whose object is not the one its type carries', () => {
    const body = { id: 'evt_0123456789abcdef', type: 'right.issued', createdAt: START, orgId: 'org_0123456789abcdef' }
    expect(
      enfinitosContract.validate(schemaOf('right.issued'), { ...body, data: { object: { id: 'bas_x' } } }),
    ).not.toEqual([])
    expect(enfinitosContract.validate(schemaOf('right.suspended'), { ...body, data: { object: {} } })).not.toEqual([])
  })
})

describe('webhook bodies', () => {
  it('from every behaviour that emits one validate against the webhooks schema of their type', async () => {
    const { standin, bodies } = await collecting()
    await enfinitosScript((req) => send(standin, req))
    standin.use('enfinitos:proof-packs.rotated-key')
    await send(standin, {
      provider: 'enfinitos',
      operationId: 'getRuntimeKeys',
      method: 'GET',
      path: '/v1/runtime-keys',
    })
    // A year on, the seeded rights with an end date expire as the next request comes in.
    standin.clock.advance(400 * 86_400_000)
    const listed = await send(standin, {
      provider: 'enfinitos',
      operationId: 'listBases',
      method: 'GET',
      path: '/v1/rights/bases',
      headers: { authorization: 'Bearer sk_test_0123456789abcdef' },
    })
    expect(listed.status).toBe(200)
    await standin.webhooks.settled()
    const emitted = typesOf(bodies)
    const notCaused = ['offer.withdrawn', 'challenge.withdrawn', 'key.revoked']
    expect([...emitted].sort()).toEqual(WEBHOOK_EVENT_TYPES.filter((t) => !notCaused.includes(t)).sort())
    for (const body of bodies) {
      const type = JSON.parse(body).type
      expect(enfinitosContract.validate(schemaOf(type), JSON.parse(body)), `${type}: ${body.slice(0, 200)}`).toEqual([])
    }
  })

  it('of every event type, fired by trigger, validate against the webhooks schema of their type', async () => {
    const { standin, bodies } = await collecting()
    await enfinitosScript((req) => send(standin, req))
    bodies.length = 0
    for (const type of WEBHOOK_EVENT_TYPES) standin.webhooks.trigger(type)
    await standin.webhooks.settled()
    expect([...typesOf(bodies)].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort())
    for (const body of bodies) {
      const type = JSON.parse(body).type
      expect(enfinitosContract.validate(schemaOf(type), JSON.parse(body)), type).toEqual([])
      expect(JSON.parse(body)).toMatchObject({
        id: expect.stringMatching(/^evt_[0-9a-f]{16}$/),
        type,
        createdAt: expect.any(String),
      })
    }
  })
})
