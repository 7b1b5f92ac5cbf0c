// Answers whose objects never change once answered (a receipt, a sealed pack, pages of packs) are journaled by
// reference: the journal keeps the objects the session holds anyway and serialises them again when read, which must
// give the bytes that were answered, even after later writes (a seal re-links copies of the receipts, never the
// receipts). Short answers and scenario answers keep their text. Large webhook event bodies (a sealed pack's) are not
// held as text either: each attempt serialises the unchanged event again, the same bytes every time.
import { describe, expect, it } from 'vitest'
import type { Session } from '../mocks/core/session.js'
import { verifyWebhookSignature } from '../mocks/enfinitos/index.js'
import { EVENT_BODY_KEPT_CHARS } from '../mocks/enfinitos/webhook-events.js'
import { createStandin } from '../mocks/standin.js'
import { ADMIN, engine, newSession, observeDeliveries, type Res, stateOf } from './helpers/enfinitos.js'

async function send(
  session: Session,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<Res> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}`, ...extra }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const req = { method, path, query: '', headers, ...(body === undefined ? {} : { bodyText: JSON.stringify(body) }) }
  return (await engine.handle(req, session)) as Res
}

/** What the journal holds for its newest entry's answer: its text, or 'reference' (private fields, read on purpose). */
function heldText(session: Session): string | 'reference' | undefined {
  const slots = (session.journal as unknown as { slots: { responseText?: string; responseObject?: unknown }[] }).slots
  const slot = slots[slots.length - 1]
  if (slot === undefined) return undefined
  return slot.responseText ?? (slot.responseObject === undefined ? undefined : 'reference')
}

/** `n` deliveries observed in `session`: their answers' texts. */
async function observed(session: Session, n: number): Promise<string[]> {
  return (await observeDeliveries(session, n)).map((res) => res.bodyText)
}

describe('the journal keeps unchanging answers by reference', () => {
  it('holds a receipt answer as a reference and reads back the bytes answered, after a seal re-linked copies', async () => {
    const session = newSession()
    await send(session, 'POST', '/v1/proof-packs/seal') // the seeded backlog, so the next pack is ours alone
    const [text] = await observed(session, 1)
    expect(heldText(session)).toBe('reference')
    const seal = await send(session, 'POST', '/v1/proof-packs/seal')
    expect(seal.body.data.pack.records).toHaveLength(1)
    const entry = session.journal.list({ operationId: 'observeDelivery' }).at(-1)
    expect(JSON.stringify(entry?.response.body)).toBe(text)
  })

  it('holds a sealed pack, a fetched pack and a page of packs as references that read back their bytes', async () => {
    const session = newSession()
    await observed(session, 3)
    const seal = await send(session, 'POST', '/v1/proof-packs/seal')
    expect(heldText(session)).toBe('reference')
    const packId = seal.body.data.pack.packId
    const got = await send(session, 'GET', `/v1/proof-packs/${packId}`)
    expect(heldText(session)).toBe('reference')
    const page = await send(session, 'GET', '/v1/proof-packs')
    expect(heldText(session)).toBe('reference')
    const texts = session.journal.list().slice(-3)
    expect(texts.map((e) => JSON.stringify(e.response.body))).toEqual([seal.bodyText, got.bodyText, page.bodyText])
  })

  it('counts a reference at its full length against the byte cap, as a kept text would be', async () => {
    const session = newSession()
    await observed(session, 2)
    const before = session.journal.size
    const seal = await send(session, 'POST', '/v1/proof-packs/seal')
    expect(session.journal.size - before).toBe(seal.bodyText.length)
  })

  it('keeps the text of short answers, of answers not marked unchanging and of scenario answers', async () => {
    const session = newSession()
    await send(session, 'POST', '/v1/proof-packs/seal')
    await send(session, 'POST', '/v1/proof-packs/seal') // nothing left: {pack: null, sealed: false}
    expect(heldText(session)).toMatch(/^\{/) // the text itself, not 'reference'
    await send(session, 'GET', '/v1/rights')
    expect(heldText(session)).toMatch(/^\{/) // the text itself, not 'reference'
    await send(session, 'GET', '/v1/proof-packs', undefined, { prefer: 'example=default' })
    expect(heldText(session)).toMatch(/^\{/) // the text itself, not 'reference'
  })
})

describe('large webhook event bodies', () => {
  it('are not kept as text, and every attempt sends the same bytes under a valid signature', async () => {
    const session = newSession()
    const sub = await send(session, 'POST', '/v1/webhooks', {
      url: 'https://hooks.standin.invalid/packs',
      events: ['proof_pack.sealed'],
      label: 'Pack auditor',
    })
    expect(sub.status, JSON.stringify(sub.body)).toBe(200)
    await observed(session, 40) // a pack of 40 deliveries: an event body well over EVENT_BODY_KEPT_CHARS
    await send(session, 'POST', '/v1/proof-packs/seal')
    for (let i = 0; i < 3; i++) {
      session.clock.advance(3_600_000) // past the retry's backoff
      // The seeded world's subscriptions hear the deliveries too: drain what is due, a bounded number of batches.
      for (let batch = 0; batch < 5; batch++) {
        const due = await send(session, 'POST', '/v1/webhooks/deliveries/process-due', { limit: 50 })
        expect(due.status).toBe(200)
        if (due.body.data.processed === 0) break
      }
    }
    const hooks = stateOf(session).webhooks
    const attempts = hooks.attempts.filter((a) => a.subscriptionId === sub.body.data.subscription.subscriptionId)
    expect(attempts.length).toBeGreaterThanOrEqual(2)
    const [first, ...rest] = attempts.map((a) => a.body)
    expect(first?.length).toBeGreaterThan(EVENT_BODY_KEPT_CHARS)
    for (const body of rest) expect(body).toBe(first)
    const secret = sub.body.data.signingSecret
    for (const a of attempts) {
      const now = Math.floor(Date.parse(a.at) / 1000)
      expect(verifyWebhookSignature(a.signature, secret, a.body, { now }).ok, `attempt ${a.attempt}`).toBe(true)
    }
    expect(JSON.parse(first as string).type).toBe('proof_pack.sealed')
    const event = hooks.events.get(attempts[0]?.eventId ?? '')
    expect(event?.body).toBeUndefined()
    expect(event?.checked).toBe(true)
  })

  it('sent for real, are the bytes and signature the receiver got, in every attempt the journal of attempts shows', async () => {
    const standin = createStandin({ seed: 1, clock: '2026-04-01T12:00:00.000Z' })
    const received: { body: string; signature: string }[] = []
    standin.webhooks.onDelivery(async (req) => {
      const body = await req.text()
      received.push({ body, signature: req.headers.get('enfinitos-signature') ?? '' })
      // The large event's first attempt fails: its retry sends the body again.
      return body.length > EVENT_BODY_KEPT_CHARS && received.filter((r) => r.body === body).length === 1 ? 500 : 200
    })
    const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }
    const post = async (path: string, body: unknown) =>
      (await standin.fetch(path, { method: 'POST', headers, body: JSON.stringify(body) })).json()
    const sub = await post('/v1/webhooks', {
      url: 'https://receiver.test/packs',
      events: ['proof_pack.sealed'],
      label: 'x',
    })
    const rights = await (await standin.fetch('/v1/rights?limit=50', { headers })).json()
    const right = rights.data.rights.find((r: { status: string }) => r.status === 'ACTIVE')
    await post('/v1/proof-packs/seal', {})
    for (let i = 0; i < 40; i++)
      await post('/v1/delivery', { rightId: right.id, spatialAnchorId: 'anchor_pad_01', dwellMs: 1000 + i })
    await post('/v1/proof-packs/seal', {})
    await standin.webhooks.settled()
    standin.clock.advance(3_600_000)
    await standin.webhooks.deliverDue()
    await standin.webhooks.settled()
    const attempts = standin.webhooks.attempts({ subscriptionId: sub.data.subscription.subscriptionId })
    // The first seal (the seeded backlog: a small event), then the large one twice.
    expect(attempts.map((a) => [a.simulated, a.ok])).toEqual([
      [false, true],
      [false, false],
      [false, true],
    ])
    const [, large, retry] = received
    expect(large?.body.length).toBeGreaterThan(EVENT_BODY_KEPT_CHARS)
    expect(retry?.body).toBe(large?.body)
    expect(attempts.map((a) => ({ body: a.body, signature: a.signature }))).toEqual(received)
    const copy = attempts[1] as { body: string }
    copy.body = 'edited' // as on a plain object
    expect(copy.body).toBe('edited')
  })
})

describe('entries share strings, never objects a reader could change', () => {
  it('gives each entry headers of its own, even when the journal keeps one copy for identical requests', async () => {
    const session = newSession()
    await send(session, 'GET', '/v1/rights')
    await send(session, 'GET', '/v1/rights')
    const [a, b] = session.journal.list().slice(-2)
    expect(a?.response.headers).toEqual(b?.response.headers)
    expect(a?.response.headers).not.toBe(b?.response.headers)
    expect(a?.request.headers).not.toBe(b?.request.headers)
    ;(a?.response.headers as Record<string, string>)['x-edited'] = 'yes'
    ;(a?.request.headers as Record<string, string>)['x-edited'] = 'yes'
    expect(b?.response.headers).not.toHaveProperty('x-edited')
    expect(b?.request.headers).not.toHaveProperty('x-edited')
  })

  it('keeps headers as sent, a value that is not a string and a header named __proto__ included', async () => {
    const session = newSession()
    const headers = JSON.parse('{"__proto__":"p","x-odd":"1"}') as Record<string, string>
    ;(headers as Record<string, unknown>)['x-missing'] = undefined
    headers.authorization = `Bearer ${ADMIN}`
    await engine.handle({ method: 'GET', path: '/v1/rights', query: '', headers }, session)
    const entry = session.journal.last()
    expect(Object.keys(entry?.request.headers ?? {}).sort()).toEqual([
      '__proto__',
      'authorization',
      'x-missing',
      'x-odd',
    ])
    expect(Object.getOwnPropertyDescriptor(entry?.request.headers, '__proto__')?.value).toBe('p')
  })

  it('reads a body kept by reference as the same value while a reader holds it', async () => {
    const session = newSession()
    await observed(session, 1)
    const entry = session.journal.last()
    const body = entry?.response.body
    expect(entry?.response.body).toBe(body)
  })
})
