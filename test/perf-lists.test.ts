// Behaviour pins for the cheap listRights (a performance change): the totals are counted as rights change instead of
// by scanning every right, and the scan stops at the page's last item. Whatever the history (issued, suspended,
// resumed, revoked, expired, derived through accepted offers, held by other orgs), the counts and every page must be
// what a full scan over the state gives.
import { describe, expect, it } from 'vitest'
import type { Session } from '../mocks/core/session.js'
import type { FinalResponse } from '../mocks/core/types.js'
import { visibleTo } from '../mocks/enfinitos/behaviours/shared.js'
import { issueRight, visibleRightCount } from '../mocks/enfinitos/rights-model.js'
import type { Right } from '../mocks/enfinitos/types.js'
import type { EnfinitosState } from '../mocks/enfinitos/world.js'
import { createEngine } from './helpers/engine.js'

const START = '2026-04-01T12:00:00.000Z'
const ADMIN = 'sk_test_0123456789abcdef'
const PARTNER = 'org_a17b3c9e2d4f6081'
const engine = createEngine({ providers: ['enfinitos'] })
const STATUSES = [undefined, 'ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'WITHDRAWN'] as const
const SUBSTRATES = [undefined, 'DOOH', 'CTV', 'DRONE'] as const

// biome-ignore lint/suspicious/noExplicitAny: response bodies are validated by the engine; tests read them freely.
type Res = FinalResponse & { body: any }

async function call(session: Session, method: string, path: string, body?: unknown, query = ''): Promise<Res> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const bodyText = body === undefined ? {} : { bodyText: JSON.stringify(body) }
  const res = await engine.handle({ method, path, query, headers, ...bodyText }, session)
  return Object.assign(res, { body: res.bodyText ? JSON.parse(res.bodyText) : undefined }) as Res
}

const stateOf = (session: Session) => session.state<EnfinitosState>('enfinitos')

/** What a full scan over the state gives. */
function scan(state: EnfinitosState, org: string, status?: string, substrate?: string): Right[] {
  return [...state.rights.values()]
    .map((entry) => entry.right)
    .filter(
      (r) =>
        (status === undefined || r.status === status) &&
        (substrate === undefined || r.substrate === substrate) &&
        visibleTo(state, r, org),
    )
}

/** A history touching every way a right's count can change. */
async function busySession(): Promise<Session> {
  const session = engine.createSession('lists', { seed: 11, clock: START })
  const state = stateOf(session)
  const basis = (await call(session, 'GET', '/v1/rights/bases')).body.data.bases[0]
  const ids: string[] = []
  for (const [i, substrate] of ['DOOH', 'CTV', 'DRONE', 'DOOH', 'CTV', 'DOOH', 'DRONE', 'DOOH'].entries()) {
    const effectiveUntil = i % 3 === 0 ? '2026-04-01T12:30:00.000Z' : null
    const issued = await call(session, 'POST', '/v1/rights/issue', {
      basisId: basis.id,
      substrate,
      scope: `Greater London ${i}`,
      effectiveFrom: START,
      effectiveUntil,
    })
    expect(issued.status).toBe(200)
    ids.push(issued.body.data.right.id)
  }
  const ok = async (path: string, body?: unknown) => expect((await call(session, 'POST', path, body)).status).toBe(200)
  await ok(`/v1/rights/${ids[1]}/suspend`, { reason: 'audit' })
  await ok(`/v1/rights/${ids[2]}/suspend`, { reason: 'audit' })
  await ok(`/v1/rights/${ids[2]}/resume`)
  await ok(`/v1/rights/${ids[4]}/revoke`, { reason: 'ended' })
  const offer = await call(session, 'POST', '/v1/offers/propose', {
    rightId: ids[5],
    toOrgId: PARTNER,
    scope: 'Greater London 5',
  })
  await ok(`/v1/offers/${offer.body.data.offer.id}/accept`)
  // Rights another org holds: not visible to the sandbox org, counted for theirs.
  for (const substrate of ['DOOH', 'CTV'] as const) {
    issueRight(
      state,
      session.derive,
      { basisId: basis.id, substrate, scope: 'Elsewhere', effectiveFrom: START, effectiveUntil: null, orgId: PARTNER },
      START,
    )
  }
  // An hour later the rights that ended at 12:30 expire (on the next request).
  session.clock.advance(3_600_000)
  expect((await call(session, 'GET', '/v1/rights', undefined, 'limit=1')).status).toBe(200)
  // The history did touch every kind of change.
  const rights = [...state.rights.values()].map((e) => e.right)
  for (const status of ['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'])
    expect(rights.some((r) => r.status === status)).toBe(true)
  expect(rights.some((r) => r.orgId === PARTNER && r.parentRightId !== null)).toBe(true)
  expect(rights.some((r) => r.orgId === PARTNER && r.parentRightId === null)).toBe(true)
  return session
}

describe('listRights totals, counted as rights change', () => {
  it('equal a full scan for every org, status and substrate, after a busy history and in the seeded world', async () => {
    for (const session of [await busySession(), engine.createSession('seeded', { seed: 3, clock: START })]) {
      const state = stateOf(session)
      const orgs = new Set([state.orgId, PARTNER, ...[...state.rights.values()].map((e) => e.right.orgId)])
      for (const org of orgs)
        for (const status of STATUSES)
          for (const substrate of SUBSTRATES)
            expect(visibleRightCount(state, org, status, substrate), `${org} ${status} ${substrate}`).toBe(
              scan(state, org, status, substrate).length,
            )
    }
  })

  it('serve every page a full scan gives, with its total and next cursor', async () => {
    const session = await busySession()
    const state = stateOf(session)
    for (const status of STATUSES)
      for (const substrate of SUBSTRATES)
        for (const [cursor, limit] of [
          [0, 50],
          [0, 1],
          [1, 2],
          [3, 3],
          [7, 200],
          [40, 5],
        ] as const) {
          const query = new URLSearchParams({
            cursor: String(cursor),
            limit: String(limit),
            ...(status ? { status } : {}),
            ...(substrate ? { substrate } : {}),
          }).toString()
          const res = await call(session, 'GET', '/v1/rights', undefined, query)
          const all = scan(state, state.orgId, status, substrate)
          const end = Math.min(all.length, cursor + limit)
          expect(res.body.data, query).toEqual({
            rights: all.slice(cursor, end),
            nextCursor: end < all.length ? end : null,
            total: all.length,
          })
        }
  })
})
