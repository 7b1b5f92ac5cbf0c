// The Dedit mock through the engine: the documented flow, JWTs, stateful rules, validation and determinism.
// Every response is validated against openapi/dedit.yaml by the engine (validateResponses: 'throw').
import { createHash } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import type { Session } from '../mocks/core/session.js'
import type { FinalResponse } from '../mocks/core/types.js'
import { TOKEN_LIFETIME_SECONDS } from '../mocks/dedit/jwt.js'
import type { Registration, Subscription } from '../mocks/dedit/types.js'
import { createEngine } from './helpers/engine.js'

const START = '2026-04-01T12:00:00.000Z'
const engine = createEngine({ providers: ['dedit'] })
const newSession = (seed: number | string = 7) => engine.createSession('t', { seed, clock: START })

interface Req {
  query?: string
  token?: string
  body?: unknown
  bodyText?: string
  headers?: Record<string, string>
}

async function call(session: Session, method: string, path: string, req: Req = {}): Promise<FinalResponse> {
  const headers: Record<string, string> = { ...req.headers }
  if (req.token) headers.authorization = `Bearer ${req.token}`
  const bodyText = req.bodyText ?? (req.body === undefined ? undefined : JSON.stringify(req.body))
  if (bodyText !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
  return engine.handle(
    { method, path, query: req.query ?? '', headers, ...(bodyText === undefined ? {} : { bodyText }) },
    session,
  )
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const HASH = sha256('Contratto di licenza v1')

async function login(session: Session): Promise<string> {
  const res = await call(session, 'POST', '/api/v2/auth/login', {
    body: { apiKey: 'dk_live_7f3c9a1e52b84d0c9e6a2f71b8d4c3e0' },
  })
  expect(res.status).toBe(200)
  return (res.body as { token: string }).token
}

const registrationRequest = (hash = HASH, overrides: Record<string, unknown> = {}) => ({
  blockchainType: 'ALGORAND',
  custody: 'false',
  description: 'Contratto di licenza v1',
  hash,
  signed: 'true',
  status: 'not_registered',
  ...overrides,
})

const request = (session: Session, token: string, body: unknown = registrationRequest()) =>
  call(session, 'POST', '/api/v2/registration/', { query: 'subscription=true', token, body })

const complete = (session: Session, token: string, hash: string, body: unknown) =>
  call(session, 'POST', `/api/v2/registration/${hash}/forfait`, { token, body })

function fileMetadata(hash: string, userId: number, overrides: Record<string, unknown> = {}) {
  return {
    hash,
    name: 'contratto-di-licenza-v1.pdf',
    type: 'application/pdf',
    size: 248913,
    lastModified: 1774958400000,
    userId,
    walletName: 'Wallet',
    ...overrides,
  }
}

/** The Dedit error shape, and a detail or the message naming `field`. */
function expectDeditError(res: FinalResponse, status: number, field?: string) {
  expect(res.status).toBe(status)
  const body = res.body as {
    statusCode: number
    error: string
    message: string
    details?: { path: string; message: string }[]
  }
  expect(body.statusCode).toBe(status)
  expect(typeof body.error).toBe('string')
  expect(body.message.length).toBeGreaterThan(0)
  expect(Object.keys(body).every((k) => ['statusCode', 'error', 'message', 'details'].includes(k))).toBe(true)
  if (field) {
    const named = (body.details ?? []).some((d) => d.path === field) || body.message.includes(field)
    expect(named, `${JSON.stringify(body)} names ${field}`).toBe(true)
  }
  return body
}

describe('dedit: the documented flow', () => {
  it('login -> request -> complete -> file metadata -> subscriptions, then the token expires after 10 h', async () => {
    const session = newSession()
    const token = await login(session)
    const { userId } = decodeJwt(token) as { userId: number }

    const requested = await request(session, token)
    expect(requested.status).toBe(200)
    const subscription = requested.body as Subscription
    expect(subscription.sessionId).toMatch(/^cs_test_[A-Za-z0-9]{58}$/)
    expect(subscription.id).toMatch(/^sub_[A-Za-z0-9]{24}$/)
    expect(subscription.planId).toMatch(/^price_[A-Za-z0-9]{24}$/)
    expect(subscription.customer).toMatch(/^cus_[A-Za-z0-9]{14}$/)
    expect(subscription.defaultPaymentMethod).toMatch(/^pm_[A-Za-z0-9]{24}$/)
    expect(subscription.latestInvoice).toMatch(/^in_[A-Za-z0-9]{24}$/)
    expect(subscription).toMatchObject({ userId, planNickname: 'Dedit Pro', status: 'active', canceledAt: 0 })
    expect(subscription.created).toBe(Date.parse(START) / 1000 + 1) // one tick per request
    expect(subscription.currentPeriodEnd).toBe(Date.parse('2026-05-01T12:00:01.000Z') / 1000)

    const at = session.clock.nowMs()
    const completed = await complete(session, token, HASH, subscription)
    expect(completed.status).toBe(200)
    const registration = completed.body as Registration
    expect(registration).toEqual({
      hash: HASH,
      description: 'Contratto di licenza v1',
      custody: false,
      signed: true,
      signer: null,
      signature: null,
      txHash: null,
      status: 'registered',
      blockchainType: 'ALGORAND',
      holder: null,
      txId: null,
      assetId: null,
      tags: [],
      paymentId: subscription.id,
      creationDate: at,
      payload: null,
      userId,
    })

    const upload = await call(session, 'PUT', `/api/v2/file/${HASH}`, { token, body: fileMetadata(HASH, userId) })
    expect(upload.status).toBe(200)
    expect(upload.bodyText).toBe('{}')

    const fetched = await call(session, 'GET', `/api/v2/subscription/${subscription.sessionId}`, { token })
    expect(fetched.status).toBe(200)
    expect(fetched.body).toEqual(subscription)

    const active = await call(session, 'GET', '/api/v2/payment/subscription/active', { token })
    expect(active.status).toBe(200)
    const activeSub = active.body as Subscription
    expect(activeSub.userId).toBe(userId)
    expect(activeSub.planNickname).toBe('Dedit Pro')
    const nowSec = session.clock.nowMs() / 1000
    expect(activeSub.currentPeriodStart).toBeLessThanOrEqual(nowSec)
    expect(activeSub.currentPeriodEnd).toBeGreaterThan(nowSec)
    expect(activeSub.created).toBeLessThanOrEqual(activeSub.currentPeriodStart)

    // Login happened at 12:00:00; 10 h + 1 s later the token is dead.
    session.clock.set(Date.parse(START))
    session.clock.advance(TOKEN_LIFETIME_SECONDS * 1000 + 1000)
    const expired = await call(session, 'GET', '/api/v2/payment/subscription/active', { token })
    const body = expectDeditError(expired, 401, '/header/authorization')
    expect(body.error).toBe('Unauthorized')
    expect(body.message).toBe('token expired at 2026-04-01T22:00:00.000Z')

    // A fresh login works again.
    const again = await login(session)
    expect((await call(session, 'GET', '/api/v2/payment/subscription/active', { token: again })).status).toBe(200)
  })

  it('the seeded world has a user with an active subscription and a completed registration', async () => {
    const session = newSession()
    const token = await login(session)
    const active = (await call(session, 'GET', '/api/v2/payment/subscription/active', { token })).body as Subscription
    const state = session.state<import('../mocks/dedit/world.js').DeditState>('dedit')
    expect(state.registrations.size).toBe(1)
    const [registration] = [...state.registrations.values()]
    expect(registration?.paymentId).toBe(active.id)
    expect(registration?.hash).toMatch(/^[0-9a-f]{64}$/)
    // A hash already registered cannot be requested again (409 naming the hash; inferred).
    const again = await request(session, token, registrationRequest(registration?.hash))
    expect(expectDeditError(again, 409, '/body/hash').error).toBe('Conflict')
    // Its file metadata can be replaced (PUT).
    const upload = await call(session, 'PUT', `/api/v2/file/${registration?.hash}`, {
      token,
      body: fileMetadata(registration?.hash as string, active.userId),
    })
    expect(upload.status).toBe(200)
  })
})

describe('dedit: JWTs', () => {
  it('carries the documented claims, HS256, iss BCI, a 36000 s lifetime from the session clock and no password', async () => {
    const session = newSession()
    const token = await login(session)
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' })
    const claims = decodeJwt(token)
    expect(Object.keys(claims)).toEqual(['firstName', 'lastName', 'nbf', 'iss', 'exp', 'iat', 'userId', 'email'])
    expect(claims.iss).toBe('BCI')
    expect(claims.iat).toBe(Date.parse(START) / 1000)
    expect(claims.nbf).toBe(claims.iat)
    expect((claims.exp as number) - (claims.iat as number)).toBe(36000)
    expect(Number.isInteger(claims.userId)).toBe(true)
    expect(claims.email).toMatch(/^[a-z.]+@example\.com$/)
    expect(typeof claims.firstName).toBe('string')
    expect(JSON.stringify(claims)).not.toMatch(/password|\$2[aby]\$/i)
  })

  it('rejects a missing, non-bearer, garbled, tampered or foreign token with 401', async () => {
    const session = newSession()
    const token = await login(session)
    const active = (t?: string, headers: Record<string, string> = {}) =>
      call(session, 'GET', '/api/v2/payment/subscription/active', { ...(t ? { token: t } : {}), headers })

    expectDeditError(await active(), 401, '/header/authorization')
    expectDeditError(await active(undefined, { authorization: `Basic ${token}` }), 401, '/header/authorization')
    expect(expectDeditError(await active('not-a-jwt'), 401, '/header/authorization').message).toBe('token is malformed')
    expect(expectDeditError(await active('abc.def.ghi'), 401).message).toBe('token is malformed')

    const [header, payload, signature] = token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...claims, userId: claims.userId + 1 })).toString('base64url')
    expect(expectDeditError(await active(`${header}.${forged}.${signature}`), 401).message).toBe(
      'token signature is invalid',
    )

    // A token issued by another seed's sandbox is signed with another secret.
    const other = newSession(8)
    const foreign = await login(other)
    expect(expectDeditError(await active(foreign), 401).message).toBe('token signature is invalid')
  })

  it('rejects a token that is not valid yet (nbf after the session clock)', async () => {
    const session = newSession()
    session.clock.advance(3_600_000)
    const future = await login(session)
    session.clock.set(START)
    const res = await call(session, 'GET', '/api/v2/payment/subscription/active', { token: future })
    expect(expectDeditError(res, 401).message).toBe('token not valid before 2026-04-01T13:00:00.000Z')
  })
})

describe('dedit: stateful rules', () => {
  it('completing twice is 409; an unknown hash is 404; another subscription is 409 naming the field', async () => {
    const session = newSession()
    const token = await login(session)
    const unknown = sha256('never requested')
    expectDeditError(await complete(session, token, unknown, (await request(session, token)).body), 404)

    const first = (await request(session, token, registrationRequest(sha256('first')))).body as Subscription
    const second = (await request(session, token, registrationRequest(sha256('second')))).body as Subscription
    expect(second.sessionId).not.toBe(first.sessionId)
    expectDeditError(await complete(session, token, sha256('first'), second), 409, '/body/sessionId')
    expectDeditError(await complete(session, token, sha256('first'), { ...first, id: second.id }), 409, '/body/id')
    expect((await complete(session, token, sha256('first'), first)).status).toBe(200)
    const twice = expectDeditError(await complete(session, token, sha256('first'), first), 409)
    expect(twice.error).toBe('Conflict')
    expect(twice.message).toContain(sha256('first'))
  })

  it('file metadata: the body hash must be the path hash, the userId the caller, the hash known', async () => {
    const session = newSession()
    const token = await login(session)
    const { userId } = decodeJwt(token) as { userId: number }
    const put = (hash: string, body: unknown) => call(session, 'PUT', `/api/v2/file/${hash}`, { token, body })
    const hash = sha256('file')
    expectDeditError(await put(hash, fileMetadata(hash, userId)), 404)
    await request(session, token, registrationRequest(hash))
    expectDeditError(await put(hash, fileMetadata(sha256('other'), userId)), 400, '/body/hash')
    expectDeditError(await put(hash, fileMetadata(hash, userId + 1)), 400, '/body/userId')
    expect((await put(hash, fileMetadata(hash, userId))).status).toBe(200) // a pending registration is enough
  })

  it('getSubscription of an unknown session is 404; the empty world has no active subscription', async () => {
    const session = newSession()
    const token = await login(session)
    const unknown = `cs_test_${'a'.repeat(58)}`
    expectDeditError(await call(session, 'GET', `/api/v2/subscription/${unknown}`, { token }), 404)
    session.use('dedit:empty-world')
    const none = expectDeditError(await call(session, 'GET', '/api/v2/payment/subscription/active', { token }), 404)
    expect(none.message).toBe('No active subscription')
  })

  it('answers unknown paths 404 and wrong methods 405 in the Dedit error shape', async () => {
    const session = newSession()
    const notFound = await call(session, 'GET', '/api/v2/notarizations')
    expectDeditError(notFound, 404)
    expect((notFound.body as { error: string }).error).toBe('Not Found')
    const notAllowed = await call(session, 'GET', '/api/v2/auth/login')
    expect(expectDeditError(notAllowed, 405).error).toBe('Method Not Allowed')
    expect(notAllowed.headers.allow).toBe('POST')
  })
})

describe('dedit: request validation, per operation', () => {
  const registered = async () => {
    const session = newSession()
    const token = await login(session)
    const subscription = (await request(session, token)).body as Subscription
    return { session, token, subscription, userId: subscription.userId }
  }
  const login400 = async (body: Req) => call(newSession(), 'POST', '/api/v2/auth/login', body)

  it('login', async () => {
    expectDeditError(await login400({ body: {} }), 400, '/body/apiKey')
    expectDeditError(await login400({ body: { apiKey: 42 } }), 400, '/body/apiKey')
    expectDeditError(await login400({ body: { apiKey: '' } }), 400, '/body/apiKey')
    expectDeditError(await login400({ body: { apiKey: 'k', apikey: 'k' } }), 400, '/body/apikey')
    expectDeditError(await login400({ bodyText: '{"apiKey": ' }), 400, '/body')
    expectDeditError(
      await login400({ bodyText: 'apiKey=k', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      '/header/content-type',
    )
    const big = expectDeditError(await login400({ body: { apiKey: 'k'.repeat(1024 * 1024 + 1) } }), 413)
    expect(big.error).toBe('Payload Too Large')
  })

  it('requestRegistration', async () => {
    const { session, token } = await registered()
    const { hash: _omit, ...noHash } = registrationRequest()
    expectDeditError(await request(session, token, noHash), 400, '/body/hash')
    expectDeditError(await request(session, token, registrationRequest(HASH, { custody: 1 })), 400, '/body/custody')
    expectDeditError(await request(session, token, registrationRequest(HASH.slice(1))), 400, '/body/hash')
    expectDeditError(await request(session, token, registrationRequest(HASH.toUpperCase())), 400, '/body/hash')
    expectDeditError(
      await request(session, token, registrationRequest(HASH, { blockchainType: 'ETHEREUM' })),
      400,
      '/body/blockchainType',
    )
    expectDeditError(
      await request(session, token, registrationRequest(HASH, { status: 'registered' })),
      400,
      '/body/status',
    )
    const noQuery = await call(session, 'POST', '/api/v2/registration/', { token, body: registrationRequest() })
    expectDeditError(noQuery, 400, '/query/subscription')
    const falseQuery = await call(session, 'POST', '/api/v2/registration/', {
      query: 'subscription=false',
      token,
      body: registrationRequest(),
    })
    expectDeditError(falseQuery, 400, '/query/subscription')
    const malformed = await call(session, 'POST', '/api/v2/registration/', {
      query: 'subscription=true',
      token,
      bodyText: '{"hash":}',
    })
    expectDeditError(malformed, 400, '/body')
  })

  it('completeRegistration', async () => {
    const { session, token, subscription } = await registered()
    const { sessionId: _omit, ...noSession } = subscription
    expectDeditError(await complete(session, token, HASH, noSession), 400, '/body/sessionId')
    expectDeditError(await complete(session, token, HASH, { ...subscription, userId: 'x' }), 400, '/body/userId')
    expectDeditError(
      await complete(session, token, HASH, { ...subscription, created: subscription.created * 1000 }),
      400,
      '/body/created',
    )
    expectDeditError(await complete(session, token, HASH.slice(1), subscription), 400, '/path/hash')
    const malformed = await call(session, 'POST', `/api/v2/registration/${HASH}/forfait`, { token, bodyText: '[' })
    expectDeditError(malformed, 400, '/body')
    // still completable after all those rejections
    expect((await complete(session, token, HASH, subscription)).status).toBe(200)
  })

  it('uploadFileMetadata', async () => {
    const { session, token, userId } = await registered()
    const put = (hash: string, req: Req) => call(session, 'PUT', `/api/v2/file/${hash}`, { token, ...req })
    const { name: _omit, ...noName } = fileMetadata(HASH, userId)
    expectDeditError(await put(HASH, { body: noName }), 400, '/body/name')
    expectDeditError(await put(HASH, { body: fileMetadata(HASH, userId, { size: '12' }) }), 400, '/body/size')
    expectDeditError(await put(HASH, { body: fileMetadata(HASH, userId, { size: -1 }) }), 400, '/body/size')
    expectDeditError(
      await put(HASH, { body: fileMetadata(HASH, userId, { lastModified: 1774958400 }) }),
      400,
      '/body/lastModified',
    )
    expectDeditError(await put(HASH.slice(1), { body: fileMetadata(HASH, userId) }), 400, '/path/hash')
    expectDeditError(await put(HASH, { bodyText: '{"hash": "' }), 400, '/body')
  })

  it('getSubscription and getActiveSubscription', async () => {
    const { session, token } = await registered()
    expectDeditError(await call(session, 'GET', '/api/v2/subscription/sess_123', { token }), 400, '/path/sessionId')
    expectDeditError(
      await call(session, 'GET', `/api/v2/subscription/cs_test_${'a'.repeat(20)}!`, { token }),
      400,
      '/path/sessionId',
    )
    // getActiveSubscription takes no input: only its bearer token can be wrong.
    expectDeditError(await call(session, 'GET', '/api/v2/payment/subscription/active'), 401, '/header/authorization')
  })
})

describe('dedit: determinism', () => {
  async function script(seed: number): Promise<string[]> {
    const session = newSession(seed)
    const out: string[] = []
    const token = await login(session)
    out.push(token)
    const sub = await request(session, token)
    out.push(sub.bodyText)
    out.push((await complete(session, token, HASH, sub.body)).bodyText)
    out.push((await request(session, token, registrationRequest(sha256('second')))).bodyText)
    out.push((await call(session, 'GET', '/api/v2/payment/subscription/active', { token })).bodyText)
    out.push(
      (await call(session, 'GET', `/api/v2/subscription/${(sub.body as Subscription).sessionId}`, { token })).bodyText,
    )
    out.push((await complete(session, token, HASH, sub.body)).bodyText)
    return out
  }

  it('the same seed and clock give byte-identical responses; another seed gives other ids, the same user', async () => {
    const a = await script(7)
    const b = await script(7)
    expect(b).toEqual(a)
    const c = await script(8)
    expect(c[0]).not.toBe(a[0])
    const idsOf = (text: string | undefined) => JSON.parse(text ?? '{}') as Subscription
    expect(idsOf(c[1]).sessionId).not.toBe(idsOf(a[1]).sessionId)
    expect(idsOf(c[1]).id).not.toBe(idsOf(a[1]).id)
    // The user is the spec's examples' user in every seed (its userId travels in request bodies).
    expect(idsOf(c[4]).userId).toBe(4127)
    expect(idsOf(a[4]).userId).toBe(4127)
  })

  it('reset() gives the same world and ids again', async () => {
    const session = newSession()
    const token = await login(session)
    const first = (await request(session, token)).bodyText
    session.reset()
    const token2 = await login(session)
    expect(token2).toBe(token)
    expect((await request(session, token2)).bodyText).toBe(first)
  })
})
