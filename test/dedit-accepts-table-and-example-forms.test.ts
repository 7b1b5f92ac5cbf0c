// Dedit's docs disagree with themselves on the subscription object that completeRegistration takes back: the field
// table says `custumer` and `canceledAt: boolean`, the example says `customer` and `canceledAt: 0`, and nothing is
// marked optional (the example even sends `id` twice and `defaultPaymentMethod: null`). standin accepts what a real
// client could send (either spelling, either canceledAt form, only sessionId and id required) and always answers in
// the example's form (`customer`, an integer `canceledAt`), which the facts file takes as authoritative.
import { describe, expect, it } from 'vitest'
import type { Session } from '../mocks/core/session.js'
import type { Subscription } from '../mocks/dedit/types.js'
import { EXAMPLE_DOCUMENT_HASH } from '../mocks/dedit/world.js'
import { createEngine } from './helpers/engine.js'
import { dedit } from './helpers/specs.js'

const engine = createEngine({ providers: ['dedit'], scenarios: 'none' })
const START = '2026-04-01T12:00:00.000Z'

/** The request body of the docs' "Notarize with storage (complete registration)" page, byte for byte. */
const DOCS_EXAMPLE_TEXT = `{
"id":"sub_1KeRbLGkNaxxxxx7KjvhTH",
"sessionId":"cs_live_xxxxxRHIuf3doTcIR3AD8W1zb4BdwGwh9qjUtZbQaztFjpHohj5zC1",
"id":"sub_1KeRbLGkNaxxxxx7KjvhTH",
"userId":1098,
"planId":"price_1KeRVxxxxxEmNJUHlWqB2La",
"planNickname":"Dedit Milleallanno",
"status":"active",
"created":1647555323,
"currentPeriodStart":1647555323,
"currentPeriodEnd":1679091323,
"canceledAt":0,
"customer":"cus_LF6zkMxxxxeZBm",
"defaultPaymentMethod":null,
"latestInvoice":"in_1KexxxxxGkNaUEmNJUDfjoxzZk"
}`

async function send(session: Session, method: string, path: string, token?: string, bodyText?: string, query = '') {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (bodyText !== undefined) headers['content-type'] = 'application/json'
  return engine.handle({ method, path, query, headers, ...(bodyText === undefined ? {} : { bodyText }) }, session)
}

/** A fresh session, logged in, with a registration of `hash` requested: the subscription to send back. */
async function requested(hash: string) {
  const session = engine.createSession('forms', { seed: 7, clock: START })
  const login = await send(session, 'POST', '/api/v2/auth/login', undefined, JSON.stringify({ apiKey: 'k' }))
  const { token } = login.body as { token: string }
  const res = await send(
    session,
    'POST',
    '/api/v2/registration/',
    token,
    JSON.stringify({
      blockchainType: 'ALGORAND',
      custody: 'false',
      description: 'Forms test',
      hash,
      signed: 'false',
      status: 'not_registered',
    }),
    'subscription=true',
  )
  expect(res.status).toBe(200)
  const subscription = res.body as Subscription
  const complete = (body: unknown) =>
    send(
      session,
      'POST',
      `/api/v2/registration/${hash}/forfait`,
      token,
      typeof body === 'string' ? body : JSON.stringify(body),
    )
  return { session, token, subscription, complete }
}

const HASH = 'a3f1c9d2e4b5a6978877665544332211ffeeddccbbaa99887766554433221100'
const withoutCustomer = ({ customer: _c, ...rest }: Subscription) => rest

describe('completeRegistration accepts what a real client could send', () => {
  it('accepts the subscription as returned (the example form: customer, canceledAt 0)', async () => {
    const { subscription, complete } = await requested(HASH)
    const res = await complete(subscription)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ hash: HASH, status: 'registered', paymentId: subscription.id })
  })

  it('accepts the field table spelling custumer instead of customer', async () => {
    const { subscription, complete } = await requested(HASH)
    const res = await complete({ ...withoutCustomer(subscription), custumer: subscription.customer })
    expect(res.status).toBe(200)
  })

  it('accepts both spellings at once', async () => {
    const { subscription, complete } = await requested(HASH)
    expect((await complete({ ...subscription, custumer: subscription.customer })).status).toBe(200)
  })

  it('accepts canceledAt as a boolean (the table) as well as an integer (the example)', async () => {
    for (const canceledAt of [false, true, 0, 1774008000]) {
      const { subscription, complete } = await requested(HASH)
      expect((await complete({ ...subscription, canceledAt })).status, String(canceledAt)).toBe(200)
    }
  })

  it('accepts defaultPaymentMethod null and a body with only sessionId and id', async () => {
    const a = await requested(HASH)
    expect((await a.complete({ ...a.subscription, defaultPaymentMethod: null })).status).toBe(200)
    const b = await requested(HASH)
    expect((await b.complete({ sessionId: b.subscription.sessionId, id: b.subscription.id })).status).toBe(200)
  })

  it('accepts a body that repeats id, as the docs example does', async () => {
    const { subscription, complete } = await requested(HASH)
    const text = `{"id":${JSON.stringify(subscription.id)},${JSON.stringify(subscription).slice(1)}`
    expect(text.match(/"id":/g)).toHaveLength(2)
    expect((await complete(text)).status).toBe(200)
  })

  it('still requires sessionId and id, and still checks the type of every field sent', async () => {
    const { subscription, complete } = await requested(HASH)
    for (const [body, path] of [
      [{ id: subscription.id }, '/body/sessionId'],
      [{ sessionId: subscription.sessionId }, '/body/id'],
      [{ ...subscription, canceledAt: 'false' }, '/body/canceledAt'],
      [{ ...withoutCustomer(subscription), custumer: 'LF6zkM' }, '/body/custumer'],
      [{ ...subscription, customer: 42 }, '/body/customer'],
      [{ ...subscription, costumer: subscription.customer }, '/body/costumer'],
    ] as const) {
      const res = await complete(body)
      expect(res.status, path).toBe(400)
      const { details } = res.body as { details: { path: string }[] }
      expect(
        details.map((d) => d.path),
        path,
      ).toContain(path)
    }
  })
})

describe('standin answers in the form of the docs example', () => {
  it('every subscription it returns spells customer as the example does and has an integer canceledAt', async () => {
    const { session, token, subscription, complete } = await requested(HASH)
    await complete({ ...withoutCustomer(subscription), custumer: subscription.customer, canceledAt: false })
    const answered = [
      subscription,
      (await send(session, 'GET', '/api/v2/payment/subscription/active', token)).body,
      (await send(session, 'GET', `/api/v2/subscription/${subscription.sessionId}`, token)).body,
    ] as Record<string, unknown>[]
    for (const body of answered) {
      expect(Object.keys(body)).toContain('customer')
      expect(Object.keys(body)).not.toContain('custumer')
      expect(Number.isInteger(body.canceledAt)).toBe(true)
    }
    // The subscription is stored as returned, not as the client spelled it back.
    const stored = (await send(session, 'GET', `/api/v2/subscription/${subscription.sessionId}`, token)).body
    expect(stored).toEqual(subscription)
  })
})

describe('the spec says the same', () => {
  const op = dedit.operation('completeRegistration')
  const pointer = op.requestBodyPointer as string

  it("validates the docs' own example body (duplicate id, defaultPaymentMethod null) as a request", () => {
    expect(dedit.validate(pointer, JSON.parse(DOCS_EXAMPLE_TEXT))).toEqual([])
  })

  it('rejects custumer and a boolean canceledAt in a response (standin never answers them)', () => {
    const answered = dedit.operation('getActiveSubscription').responses.find((r) => r.status === '200')
    const example = JSON.parse(DOCS_EXAMPLE_TEXT)
    const { customer, ...rest } = example
    const violations = dedit.validate(answered?.schemaPointer as string, { ...rest, custumer: customer })
    expect(violations).toContainEqual(expect.objectContaining({ path: '/custumer' }))
    expect(dedit.validate(answered?.schemaPointer as string, { ...example, canceledAt: false })).toContainEqual(
      expect.objectContaining({ path: '/canceledAt' }),
    )
  })

  it('marks every choice it made where the docs disagree or are silent as inferred', () => {
    const schemas = dedit.document.components.schemas
    expect(schemas.CompleteRegistrationRequest['x-standin-inferred']).toMatch(/requires sessionId and id/)
    expect(schemas.CompleteRegistrationRequest.required).toEqual(['sessionId', 'id'])
    for (const field of ['customer', 'canceledAt', 'id', 'planId', 'defaultPaymentMethod', 'latestInvoice'])
      expect(schemas.Subscription.properties[field]['x-standin-inferred'], field).toBeTruthy()
    for (const field of ['txId', 'assetId', 'paymentId'])
      expect(schemas.Registration.properties[field]['x-standin-inferred'], field).toBeTruthy()
    expect(schemas.CheckoutSessionId['x-standin-inferred']).toBeTruthy()
  })
})

describe("the spec's own examples work against the seeded world", () => {
  it("accepts uploadFileMetadata's documented example as written (the example user, a requested hash)", async () => {
    const session = engine.createSession('examples', { seed: 1, clock: START })
    const login = await send(session, 'POST', '/api/v2/auth/login', undefined, JSON.stringify({ apiKey: 'k' }))
    const { token } = login.body as { token: string }
    const upload = op('uploadFileMetadata')
    const res = await send(
      session,
      'PUT',
      `/api/v2/file/${EXAMPLE_DOCUMENT_HASH}`,
      token,
      JSON.stringify(upload.requestBody.content['application/json'].examples.pdf.value),
    )
    expect(res.status).toBe(200)
    expect(res.body).toEqual({})
  })

  it('logs in as the user of the examples in every seed', async () => {
    for (const seed of [1, 7, 99]) {
      const session = engine.createSession('user', { seed, clock: START })
      const login = await send(session, 'POST', '/api/v2/auth/login', undefined, JSON.stringify({ apiKey: 'k' }))
      const { token } = login.body as { token: string }
      const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString())
      expect(claims).toMatchObject({ userId: 4127, firstName: 'Giulia', lastName: 'Ferrari' })
    }
  })

  function op(operationId: string) {
    const info = dedit.operation(operationId)
    return dedit.document.paths[info.path][info.method]
  }
})
