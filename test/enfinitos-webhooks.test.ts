// The documented webhook signature, `Enfinitos-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
// keyed with the whsec_ secret: the helpers downstream teams test their receivers with (standin/enfinitos), and the
// mock signing every delivery attempt with the subscription's stored secret (kept in state, never in a response).
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import * as publicApi from '../mocks/enfinitos/index.js'
import { signWebhook, verifyWebhookSignature } from '../mocks/enfinitos/index.js'
import type { EnfinitosState } from '../mocks/enfinitos/world.js'
import { call, newSession } from './helpers/enfinitos.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const BODY = '{"id":"dlv_0123456789abcdef","event":"right.issued","createdAt":"2026-04-01T12:00:00.000Z"}'
const T = 1_775_044_800 // 2026-04-01T12:00:00Z

/** The newest attempt the session's journal of attempts holds for a delivery: the request it sent. */
const lastAttempt = (state: EnfinitosState, deliveryId: string) =>
  state.webhooks.attempts.filter((a) => a.deliveryId === deliveryId).at(-1)

describe('signWebhook / verifyWebhookSignature', () => {
  it('are exported from standin/enfinitos', () => {
    expect(publicApi.signWebhook).toBe(signWebhook)
    expect(publicApi.verifyWebhookSignature).toBe(verifyWebhookSignature)
    expect(publicApi.WEBHOOK_SIGNATURE_HEADER).toBe('Enfinitos-Signature')
  })

  it('sign t=<t>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> keyed with the whole whsec_ secret', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex')
    expect(signWebhook(SECRET, BODY, T)).toBe(`t=${T},v1=${expected}`)
    expect(signWebhook(SECRET, Buffer.from(BODY), T)).toBe(`t=${T},v1=${expected}`)
    expect(() => signWebhook(SECRET, BODY, 1.5)).toThrow(RangeError)
  })

  it('verify the body, the secret and the time, and never throw on a malformed header', () => {
    const header = signWebhook(SECRET, BODY, T)
    const now = T + 10
    expect(verifyWebhookSignature(header, SECRET, BODY, { now })).toEqual({ ok: true, t: T })
    expect(verifyWebhookSignature(header, SECRET, BODY, { now: new Date((T + 10) * 1000) }).ok).toBe(true)
    expect(verifyWebhookSignature(header, SECRET, `${BODY} `, { now })).toMatchObject({
      ok: false,
      reason: 'NO_SIGNATURE_MATCHES',
    })
    expect(verifyWebhookSignature(header, 'whsec_other', BODY, { now })).toMatchObject({
      reason: 'NO_SIGNATURE_MATCHES',
    })
    expect(verifyWebhookSignature(header, SECRET, BODY, { now: T + 301 })).toMatchObject({
      reason: 'TIMESTAMP_OUTSIDE_TOLERANCE',
    })
    expect(verifyWebhookSignature(header, SECRET, BODY, { now: T + 301, toleranceSeconds: 600 }).ok).toBe(true)
    const rotated = `${header},v1=${'0'.repeat(64)}`
    expect(verifyWebhookSignature(rotated, SECRET, BODY, { now }).ok).toBe(true)
    for (const bad of [undefined, '', 'garbage', `v1=${'a'.repeat(64)}`, `t=${T}`, `t=x,v1=${'a'.repeat(64)}`]) {
      expect(verifyWebhookSignature(bad, SECRET, BODY, { now })).toMatchObject({
        ok: false,
        reason: 'MALFORMED_HEADER',
      })
    }
  })
})

describe('the mock signs what it sends', () => {
  it('signs every attempt with the subscription secret and keeps the last request in state only', async () => {
    const session = newSession()
    const state = session.state<EnfinitosState>('enfinitos')
    const created = await call(session, 'POST', '/v1/webhooks', {
      url: 'https://hooks.example.com/enfinitos/all',
      events: ['*'],
      label: 'Firehose',
    })
    const { subscription, signingSecret } = created.body.data
    const basis = await call(session, 'POST', '/v1/rights/bases', {
      kind: 'PROPERTY',
      description: 'Freehold title to the Paddington concourse screens',
      effectiveFrom: '2026-01-01T00:00:00Z',
    })
    expect(basis.status).toBe(200)
    const processed = await call(session, 'POST', '/v1/webhooks/deliveries/process-due', {})
    expect(processed.body.data.delivered).toBeGreaterThan(0)
    const mine = [...state.webhooks.deliveries.values()].filter((d) => d.subscriptionId === subscription.subscriptionId)
    expect(mine.length).toBeGreaterThan(0)
    for (const delivery of mine) {
      const sent = lastAttempt(state, delivery.id)
      expect(sent, delivery.id).toBeDefined()
      if (!sent) continue
      const body = JSON.parse(sent.body)
      expect(body).toMatchObject({ type: delivery.event, createdAt: delivery.createdAt, orgId: state.orgId })
      expect(body.id).toBe(state.webhooks.eventOf.get(delivery.id))
      expect(Object.keys(body.data)).toEqual(['object'])
      expect(sent.at).toBe(delivery.lastAttemptAt)
      const now = Math.floor(Date.parse(sent.at) / 1000)
      expect(verifyWebhookSignature(sent.signature, signingSecret, sent.body, { now })).toEqual({ ok: true, t: now })
    }
    for (const entry of session.journal.list()) {
      if (entry.operationId === 'createWebhook') continue
      expect(JSON.stringify(entry.response.body ?? null)).not.toContain('v1=')
    }
  })

  it('signs replays of the seeded dead-lettered delivery too, as its sixth attempt', async () => {
    const session = newSession()
    const state = session.state<EnfinitosState>('enfinitos')
    const dead = [...state.webhooks.deliveries.values()].find((d) => d.status === 'DEAD_LETTERED')
    const secret = state.webhooks.secrets.get(dead?.subscriptionId ?? '') ?? ''
    expect(dead?.attempts).toBe(5)
    const replay = await call(session, 'POST', `/v1/webhooks/${dead?.subscriptionId}/deliveries/${dead?.id}/replay`)
    expect(replay.status).toBe(200)
    const sent = lastAttempt(state, dead?.id ?? '')
    expect(sent?.attempt).toBe(6)
    const now = Math.floor(Date.parse(sent?.at ?? '') / 1000)
    expect(verifyWebhookSignature(sent?.signature, secret, sent?.body ?? '', { now }).ok).toBe(true)
    expect(JSON.stringify(replay.body)).not.toContain(sent?.signature ?? '-')
  })

  it('keeps no unused tenant id in the state', () => {
    expect('tenantId' in newSession().state<EnfinitosState>('enfinitos')).toBe(false)
  })
})
