// The webhook story the delivery tests tell in every runtime (real HTTP, MSW in-process): a receiver that verifies,
// one that fails three times then recovers, one that is down until a replay. The runtime is an `Env`; the receivers'
// behaviour and records are shared, so both runtimes can be compared byte for byte.
import { expect } from 'vitest'
import { verifyWebhookSignature } from '../../mocks/enfinitos/index.js'

export const START = '2026-04-01T12:00:00.000Z'
export const API_KEY = 'sk_test_0123456789abcdef'
export type ReceiverName = 'ok' | 'flaky' | 'down'

export interface Received {
  receiver: ReceiverName
  body: string
  signature: string
  contentType: string
  status: number
}

/** What the three receivers answer, and every request they got (in arrival order). */
export function createReceivers() {
  const received: Received[] = []
  let flakyFailures = 0
  let downRecovered = false
  return {
    received,
    of: (name: ReceiverName) => received.filter((r) => r.receiver === name),
    recover: () => {
      downRecovered = true
    },
    answer(receiver: ReceiverName, body: string, headers: { get(name: string): string | null }): number {
      let status = 200
      if (receiver === 'flaky') status = flakyFailures++ < 3 ? 500 : 200
      if (receiver === 'down') status = downRecovered ? 200 : 503
      received.push({
        receiver,
        body,
        signature: headers.get('enfinitos-signature') ?? '',
        contentType: headers.get('content-type') ?? '',
        status,
      })
      return status
    },
  }
}

export type Receivers = ReturnType<typeof createReceivers>

// biome-ignore lint/suspicious/noExplicitAny: response bodies are validated by standin; tests read them freely.
export type Json = any

export interface Env {
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>
  setClock(instant: string): Promise<void>
  /** Waits until `count` attempts are journaled in the session and none is under way (bounded). */
  attemptsSettled(count: number): Promise<Json[]>
  url(receiver: ReceiverName): string
  receivers: Receivers
}

const unixSeconds = (header: string) => Number(/^t=(\d+),/.exec(header)?.[1])

async function register(env: Env, receiver: ReceiverName, events: string[]) {
  const created = await env.api('POST', '/v1/webhooks', {
    url: env.url(receiver),
    events,
    label: `${receiver} receiver`,
  })
  expect(created.status, JSON.stringify(created.body)).toBe(200)
  return created.body.data as { subscription: { subscriptionId: string }; signingSecret: string }
}

/** The whole story; returns every request the receivers got, for comparisons across runtimes. */
export async function runWebhookStory(env: Env): Promise<Received[]> {
  const ok = await register(env, 'ok', ['right.issued', 'right.suspended'])
  const basis = await env.api('POST', '/v1/rights/bases', {
    kind: 'PROPERTY',
    description: 'Freehold title to the Paddington concourse screens',
    effectiveFrom: '2026-01-01T00:00:00Z',
  })
  const issued = await env.api('POST', '/v1/rights/issue', {
    basisId: basis.body.data.basis.id,
    substrate: 'DOOH',
    scope: 'Paddington concourse',
    effectiveFrom: '2026-02-01T00:00:00Z',
  })
  expect(issued.status, JSON.stringify(issued.body)).toBe(200)
  const rightId = issued.body.data.right.id
  expect((await env.api('POST', `/v1/rights/${rightId}/suspend`, { reason: 'Venue dispute' })).status).toBe(200)
  await env.attemptsSettled(2)

  // The receiver got two signed POSTs whose signatures verify with the secret createWebhook returned.
  const got = env.receivers.of('ok')
  expect(got.map((r) => JSON.parse(r.body).type)).toEqual(['right.issued', 'right.suspended'])
  for (const r of got) {
    expect(r.contentType).toBe('application/json')
    const check = verifyWebhookSignature(r.signature, ok.signingSecret, r.body, { now: unixSeconds(r.signature) })
    expect(check.ok, r.signature).toBe(true)
    expect(JSON.parse(r.body).data.object.id).toBe(rightId)
  }
  expect(JSON.parse(got[1]?.body ?? '{}').data.object.status).toBe('SUSPENDED')

  await flakyReceiver(env, rightId)
  await downReceiver(env, basis.body.data.basis.id)
  return env.receivers.received
}

/** 500 three times, then 200: exactly 4 attempts, at the documented offsets of the fixed clock. */
async function flakyReceiver(env: Env, rightId: string) {
  const flaky = await register(env, 'flaky', ['right.resumed'])
  expect((await env.api('POST', `/v1/rights/${rightId}/resume`)).status).toBe(200)
  let attempts = await env.attemptsSettled(3)
  for (let retry = 0; retry < 3; retry++) {
    const last = attempts.at(-1)
    expect(last.outcome).toBe('FAILED')
    await env.setClock(last.nextAttemptAt)
    attempts = await env.attemptsSettled(4 + retry)
  }
  const seen = env.receivers.of('flaky')
  expect(seen.map((r) => r.status)).toEqual([500, 500, 500, 200])
  const times = seen.map((r) => unixSeconds(r.signature))
  expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([30, 120, 600])
  for (const r of seen) {
    expect(verifyWebhookSignature(r.signature, flaky.signingSecret, r.body, { now: unixSeconds(r.signature) }).ok).toBe(
      true,
    )
    expect(r.body).toBe(seen[0]?.body) // every attempt sends the same bytes; only the signature's t changes
  }
  expect(attempts.at(-1).outcome).toBe('DELIVERED')
}

/** Always failing: DEAD_LETTERED after 5 attempts, then delivered by the documented replay. */
async function downReceiver(env: Env, basisId: string) {
  const down = await register(env, 'down', ['right.issued'])
  const before = (await env.attemptsSettled(6)).length
  const issued = await env.api('POST', '/v1/rights/issue', {
    basisId,
    substrate: 'DOOH',
    scope: 'Paddington concourse, platform 1',
    effectiveFrom: '2026-02-01T00:00:00Z',
  })
  expect(issued.status).toBe(200)
  // The ok receiver also listens to right.issued: two attempts now.
  let attempts = await env.attemptsSettled(before + 2)
  for (let retry = 0; retry < 4; retry++) {
    const last = attempts.filter((a: Json) => a.subscriptionId === down.subscription.subscriptionId).at(-1)
    await env.setClock(last.nextAttemptAt)
    attempts = await env.attemptsSettled(before + 3 + retry)
  }
  const mine = attempts.filter((a: Json) => a.subscriptionId === down.subscription.subscriptionId)
  expect(mine.map((a: Json) => a.outcome)).toEqual(['FAILED', 'FAILED', 'FAILED', 'FAILED', 'DEAD_LETTERED'])
  expect(mine.at(-1).nextAttemptAt).toBeNull()
  env.receivers.recover()
  const deliveryId = mine.at(-1).deliveryId
  const replay = await env.api(
    'POST',
    `/v1/webhooks/${down.subscription.subscriptionId}/deliveries/${deliveryId}/replay`,
  )
  expect(replay.status).toBe(200)
  expect(replay.body.data.replay).toEqual({ ok: true, errorMessage: null })
  expect(replay.body.data.delivery).toMatchObject({ status: 'DELIVERED', attempts: 6, lastResponseStatus: 200 })
  const seen = env.receivers.of('down')
  expect(seen.map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 200])
  const last = seen.at(-1)
  expect(
    verifyWebhookSignature(last?.signature, down.signingSecret, last?.body ?? '', {
      now: unixSeconds(last?.signature ?? ''),
    }).ok,
  ).toBe(true)
}

/** Polls `read` until it returns a value `done` accepts (bounded: 400 rounds of 10 ms), else fails with the last. */
export async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string): Promise<T> {
  let value = await read()
  for (let round = 0; round < 400 && !done(value); round++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    value = await read()
  }
  if (!done(value)) throw new Error(`gave up waiting for ${what}; last seen: ${JSON.stringify(value).slice(0, 500)}`)
  return value
}
