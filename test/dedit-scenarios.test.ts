// The Dedit scenario catalogue (names, areas, every declared error status covered) and the scenarios whose behaviour
// takes more than one call to see, through the engine (which throws on a response outside openapi/dedit.yaml). Every
// scenario against every operation it covers runs in the shared conformance cases (test/conformance/), through every
// runtime; the types of static bodies are checked in dedit-scenarios.test-d.ts.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ScenarioAction } from '../mocks/core/scenarios.js'
import type { Session } from '../mocks/core/session.js'
import type { MockRequest } from '../mocks/core/types.js'
import { deditContract } from '../mocks/dedit/contract.js'
import { deditAreas, deditScenarios } from '../mocks/dedit/scenarios/index.js'
import type { Subscription } from '../mocks/dedit/types.js'
import type { DeditState } from '../mocks/dedit/world.js'
import { createEngine } from './helpers/engine.js'

const START = '2026-04-01T12:00:00.000Z'
const engine = createEngine({ providers: ['dedit'] })
const HASH = createHash('sha256').update('Accordo di riservatezza v2').digest('hex')
const OPERATIONS = deditContract.operations.map((op) => op.operationId)

const json = (method: string, path: string, body: unknown, token?: string, query = ''): MockRequest => ({
  method,
  path,
  query,
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  bodyText: JSON.stringify(body),
})
const get = (path: string, token: string): MockRequest => ({
  method: 'GET',
  path,
  query: '',
  headers: { authorization: `Bearer ${token}` },
})

interface Prepared {
  session: Session
  token: string
  subscription: Subscription
}

/** A session with a token and a pending registration of HASH, prepared before any scenario is active. */
async function prepare(): Promise<Prepared> {
  const session = engine.createSession('t', { seed: 7, clock: START })
  const login = await engine.handle(json('POST', '/api/v2/auth/login', { apiKey: 'dk_test_key' }), session)
  const token = (login.body as { token: string }).token
  const requested = await engine.handle(
    json('POST', '/api/v2/registration/', registrationRequest(), token, 'subscription=true'),
    session,
  )
  return { session, token, subscription: requested.body as Subscription }
}

function registrationRequest() {
  return {
    blockchainType: 'ALGORAND',
    custody: false,
    description: 'Accordo',
    hash: HASH,
    signed: false,
    status: 'not_registered',
  }
}

/** A valid request for each operation (valid in the seeded world after `prepare`). */
function validRequest(operationId: string, p: Prepared): MockRequest {
  switch (operationId) {
    case 'login':
      return json('POST', '/api/v2/auth/login', { apiKey: 'dk_test_key' })
    case 'requestRegistration': {
      const other = createHash('sha256').update('another document').digest('hex')
      return json(
        'POST',
        '/api/v2/registration/',
        { ...registrationRequest(), hash: other },
        p.token,
        'subscription=true',
      )
    }
    case 'completeRegistration':
      return json('POST', `/api/v2/registration/${HASH}/forfait`, p.subscription, p.token)
    case 'uploadFileMetadata':
      return json(
        'PUT',
        `/api/v2/file/${HASH}`,
        {
          hash: HASH,
          name: 'accordo.pdf',
          type: 'application/pdf',
          size: 1000,
          lastModified: 1774958400000,
          userId: p.subscription.userId,
          walletName: 'w',
        },
        p.token,
      )
    case 'getActiveSubscription':
      return get('/api/v2/payment/subscription/active', p.token)
    case 'getSubscription':
      return get(`/api/v2/subscription/${p.subscription.sessionId}`, p.token)
    default:
      throw new Error(`no valid request for ${operationId}`)
  }
}

/** The status an action is bound to answer, when it is fixed. */
function expectedStatus(action: ScenarioAction): number | undefined {
  if (action.kind === 'error') return action.error.status
  if (action.kind === 'respond') return action.status
  if (action.kind === 'example') return Number(action.status)
  if (action.kind === 'fault') return 0
  return undefined
}

describe('dedit scenarios: the catalogue', () => {
  it('has the hand-written scenarios, cross-cutting ones and spec error scenarios, named and described', () => {
    const names = deditScenarios.map((s) => s.name)
    for (const name of [
      'dedit:auth.login-rejected',
      'dedit:auth.token-expired',
      'dedit:registration.complete.already-registered',
      'dedit:subscriptions.active.none',
      'dedit:empty-world',
      'dedit:rate-limited',
      'dedit:flaky-then-ok',
      'dedit:files.upload-metadata.not-found',
    ]) {
      expect(names).toContain(name)
    }
    expect(new Set(names).size).toBe(names.length)
    for (const s of deditScenarios) {
      expect(s.name).toMatch(/^dedit:[a-z0-9.-]+$/)
      expect(s.provider).toBe('dedit')
      expect(s.description.length).toBeGreaterThan(10)
      expect(s.description).not.toContain('\n')
      for (const op of Object.keys(s.operations)) expect(['*', ...OPERATIONS]).toContain(op)
    }
    expect(Object.keys(deditAreas).sort()).toEqual([...OPERATIONS].sort())
  })

  it('covers every declared error status of every operation', () => {
    for (const op of deditContract.operations) {
      for (const r of op.responses.filter((x) => /^[45]/.test(x.status))) {
        const covered = deditScenarios.some((s) => {
          const action = s.operations[op.operationId] ?? s.operations['*']
          return action !== undefined && expectedStatus(action) === Number(r.status)
        })
        expect(covered, `${op.operationId} ${r.status}`).toBe(true)
      }
    }
  })
})

describe('dedit scenarios: behaviour over several calls', () => {
  it('dedit:empty-world empties the world but the user can still log in', async () => {
    const p = await prepare()
    p.session.use('dedit:empty-world')
    const state = p.session.state<DeditState>('dedit')
    expect(state.subscriptions.size + state.registrations.size + state.files.size + state.pending.size).toBe(0)
    const active = await engine.handle(validRequest('getActiveSubscription', p), p.session)
    expect(active.status).toBe(404)
    const complete = await engine.handle(validRequest('completeRegistration', p), p.session)
    expect(complete.status).toBe(404)
    expect((await engine.handle(validRequest('login', p), p.session)).status).toBe(200)
    // requesting a registration still works, and pays with a new subscription
    expect((await engine.handle(validRequest('requestRegistration', p), p.session)).status).toBe(200)
  })

  it('dedit:auth.token-expired says "expired" on every secured operation, leaves login alone', async () => {
    const p = await prepare()
    p.session.use('dedit:auth.token-expired')
    const secured = deditContract.operations.filter((o) => o.secured)
    expect(secured.length).toBeGreaterThan(3)
    for (const op of secured) {
      const res = await engine.handle(validRequest(op.operationId, p), p.session)
      expect(res.status).toBe(401)
      expect((res.body as { message: string }).message).toMatch(/expired/)
    }
    expect((await engine.handle(validRequest('login', p), p.session)).status).toBe(200)
  })

  it('dedit:registration.complete.confirmed-on-chain fills txId and assetId, and still registers', async () => {
    const p = await prepare()
    p.session.use('dedit:registration.complete.confirmed-on-chain')
    const res = await engine.handle(validRequest('completeRegistration', p), p.session)
    const body = res.body as { txId: string; assetId: number; hash: string }
    expect(body.txId).toMatch(/^[A-Z2-7]{52}$/)
    expect(body.assetId).toBeGreaterThanOrEqual(1_000_000_000)
    expect(body.hash).toBe(HASH)
    // a second completion is the default 409, passed through untouched
    expect((await engine.handle(validRequest('completeRegistration', p), p.session)).status).toBe(409)
  })

  it('is selectable per request with Prefer: scenario=...', async () => {
    const p = await prepare()
    const req = validRequest('login', p)
    const res = await engine.handle(
      { ...req, headers: { ...req.headers, prefer: 'scenario=dedit:auth.login-rejected' } },
      p.session,
    )
    expect(res.status).toBe(401)
    expect((res.body as { message: string }).message).toBe('Invalid API key')
  })
})
