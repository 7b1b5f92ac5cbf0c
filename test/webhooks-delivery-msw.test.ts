// The webhook story in-process: createStandin's deliveries go through the global fetch, so an MSW `setupServer`
// receives them; the same bodies and signatures, byte for byte, as `standin serve` for the same seed and clock. Also
// `onDelivery` handlers, clock moves, the journal of attempts, the vitest matcher, triggers and the two scenarios.
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from '../mocks/enfinitos/index.js'
import { createStandin, type Standin } from '../mocks/standin.js'
import '../mocks/vitest.js'
import { closers, httpEnv } from './helpers/webhook-http-env.js'
import {
  createReceivers,
  type Env,
  type Json,
  type ReceiverName,
  runWebhookStory,
  START,
} from './helpers/webhook-story.js'

const RECEIVER = 'https://receiver.test'
const receiver = setupServer()
// Loopback traffic (the standin serve of the comparison, its receiver) goes through; anything else is an error.
beforeAll(() =>
  receiver.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error()
    },
  }),
)
afterEach(async () => {
  receiver.resetHandlers()
  for (const close of closers.splice(0).reverse()) await close()
})
afterAll(() => receiver.close())

function inProcessEnv(standin: Standin): Env {
  const receivers = createReceivers()
  receiver.use(
    http.post(`${RECEIVER}/:name`, async ({ request, params }) => {
      const status = receivers.answer(params.name as ReceiverName, await request.text(), request.headers)
      return new HttpResponse(null, { status })
    }),
  )
  return {
    receivers,
    url: (name) => `${RECEIVER}/${name}`,
    async api(method, path, body) {
      const res = await standin.fetch(path, {
        method,
        headers: {
          authorization: 'Bearer sk_test_0123456789abcdef',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: res.status, body: await res.json() }
    },
    async setClock(now) {
      standin.clock.set(now)
    },
    async attemptsSettled(count) {
      await standin.webhooks.settled()
      const made = standin.webhooks.attempts().filter((a) => !a.simulated)
      expect(made.length).toBeGreaterThanOrEqual(count)
      return made as Json[]
    },
  }
}

const json = { authorization: 'Bearer sk_test_0123456789abcdef', 'content-type': 'application/json' }
const post = (standin: Standin, path: string, body: unknown) =>
  standin.fetch(path, { method: 'POST', headers: json, body: JSON.stringify(body) })

describe('in-process webhook deliveries through MSW', () => {
  it('tell the same story as standin serve, with the same bodies and signatures byte for byte', async () => {
    const inProcess = await runWebhookStory(inProcessEnv(createStandin({ seed: 1, clock: START })))
    const overHttp = await runWebhookStory(await httpEnv())
    expect(inProcess.length).toBe(13)
    expect(inProcess.map(({ receiver, body, signature }) => ({ receiver, body, signature }))).toEqual(
      overHttp.map(({ receiver, body, signature }) => ({ receiver, body, signature })),
    )
  })

  it('go to a handler registered with onDelivery, and the matcher sees them', async () => {
    const standin = createStandin({ seed: 3, clock: START })
    const seen: Request[] = []
    standin.webhooks.onDelivery((request) => {
      seen.push(request)
      return 204
    })
    const created = await post(standin, '/v1/webhooks', {
      url: 'http://localhost:8787/hooks',
      events: ['basis.registered'],
      label: 'local',
    })
    const { signingSecret } = (await created.json()).data
    await post(standin, '/v1/rights/bases', {
      kind: 'PROPERTY',
      description: 'Freehold title to the Euston screens',
      effectiveFrom: '2026-01-01T00:00:00Z',
    })
    await standin.webhooks.settled()
    expect(seen).toHaveLength(1)
    const request = seen[0] as Request
    expect(request.method).toBe('POST')
    const body = await request.text()
    const check = verifyWebhookSignature(request.headers.get('enfinitos-signature'), signingSecret, body, {
      now: new Date(standin.clock.now()),
    })
    expect(check.ok).toBe(true)
    expect(standin).toHaveDeliveredWebhook('basis.registered', { description: 'Freehold title to the Euston screens' })
    expect(standin).not.toHaveDeliveredWebhook('basis.registered', { description: 'another basis' })
    expect(standin).not.toHaveDeliveredWebhook('right.issued')
    expect(standin.webhooks.attempts({ event: 'basis.registered' })[0]).toMatchObject({ status: 204, ok: true })
  })

  it('retry when the clock is advanced past their due time, and deliverDue() sends what is due', async () => {
    const standin = createStandin({ seed: 4, clock: START })
    let calls = 0
    standin.webhooks.onDelivery(() => (++calls === 1 ? 502 : 200))
    await post(standin, '/v1/webhooks', { url: `${RECEIVER}/x`, events: ['basis.registered'], label: 'retry' })
    await post(standin, '/v1/rights/bases', {
      kind: 'PROPERTY',
      description: 'B',
      effectiveFrom: '2026-01-01T00:00:00Z',
    })
    await standin.webhooks.settled()
    const mine = () => standin.webhooks.attempts().filter((a) => !a.simulated)
    expect(mine().map((a) => a.outcome)).toEqual(['FAILED'])
    expect(await standin.webhooks.deliverDue()).toBe(0) // not due yet: the retry is 30 s later
    standin.clock.advance(30_000)
    await standin.webhooks.settled()
    expect(mine().map((a) => a.outcome)).toEqual(['FAILED', 'DELIVERED'])
    expect(Date.parse(mine()[1]?.at ?? '') - Date.parse(mine()[0]?.at ?? '')).toBeGreaterThanOrEqual(30_000)
  })

  it('trigger fires an event no operation causes, carrying the latest object of its kind', async () => {
    const standin = createStandin({ seed: 5, clock: START })
    const bodies: string[] = []
    standin.webhooks.onDelivery(async (request) => {
      bodies.push(await request.text())
    })
    await post(standin, '/v1/webhooks', { url: `${RECEIVER}/t`, events: ['*'], label: 'all' })
    const fired = standin.webhooks.trigger('key.revoked')
    expect(fired.deliveries).toHaveLength(1)
    await standin.webhooks.settled()
    const body = JSON.parse(bodies[0] ?? '{}')
    expect(body).toMatchObject({ id: fired.eventId, type: 'key.revoked', data: { object: { algorithm: 'ed25519' } } })
  })
})

describe('at-least-once scenarios', () => {
  async function twoEvents(scenario: string) {
    const standin = createStandin({ seed: 6, clock: START, scenarios: [scenario] })
    const bodies: Json[] = []
    standin.webhooks.onDelivery(async (request) => {
      bodies.push(JSON.parse(await request.text()))
    })
    await post(standin, '/v1/webhooks', { url: `${RECEIVER}/s`, events: ['basis.registered'], label: 'scenario' })
    for (const description of ['first', 'second']) {
      await post(standin, '/v1/rights/bases', { kind: 'PROPERTY', description, effectiveFrom: '2026-01-01T00:00:00Z' })
      await standin.webhooks.settled()
    }
    return bodies
  }

  it('enfinitos:webhooks.duplicate-delivery delivers every event twice, with the same event id and body', async () => {
    const bodies = await twoEvents('enfinitos:webhooks.duplicate-delivery')
    expect(bodies.map((b) => b.data.object.description)).toEqual(['first', 'first', 'second', 'second'])
    expect(bodies[0]).toEqual(bodies[1])
    expect(bodies[0].id).not.toBe(bodies[2].id)
  })

  it('enfinitos:webhooks.out-of-order delivers the later event first', async () => {
    const bodies = await twoEvents('enfinitos:webhooks.out-of-order')
    expect(bodies.map((b) => b.data.object.description)).toEqual(['second', 'first'])
    expect(Date.parse(bodies[0].createdAt)).toBeGreaterThan(Date.parse(bodies[1].createdAt))
  })
})
