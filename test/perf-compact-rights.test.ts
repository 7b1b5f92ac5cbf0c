// Behaviour pins for three performance changes: a stored right builds its first provenance record only when its
// history is first read (the record an eager build gives, byte for byte, with the signer chosen at issue); getRight
// hands out the same body object, serialised and validated once, until the right changes (then new bytes); the clock
// formats an instant once per millisecond value and still moves.
import { describe, expect, it } from 'vitest'
import { createClock } from '../mocks/core/clock.js'
import { immutableBody, keptFor } from '../mocks/core/immutable-body.js'
import { appendProvenance } from '../mocks/enfinitos/index.js'
import { issueRight, rightReadBody, transitionRight } from '../mocks/enfinitos/rights-model.js'
import { ADMIN, engine, newSession, stateOf } from './helpers/enfinitos.js'

async function send(session: ReturnType<typeof newSession>, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const bodyText = body === undefined ? '' : JSON.stringify(body)
  return engine.handle({ method, path, query: '', headers, bodyText }, session)
}

/** A right issued straight through the model in a fresh session, with what issued it. */
function issueOne() {
  const session = newSession()
  const state = stateOf(session)
  const basisId = [...state.bases.keys()][0] as string
  const at = session.clock.iso()
  const input = { basisId, substrate: 'DOOH' as const, scope: 'x', effectiveFrom: at, effectiveUntil: null }
  return { session, state, at, input, entry: issueRight(state, session.derive, input, at) }
}

describe('a stored right', () => {
  it('builds its first provenance record on first read, equal to an eagerly built one', () => {
    const { state, at, input, entry } = issueOne()
    // Not built yet: nothing of it is on the entry's own enumerable fields but the right.
    expect(JSON.stringify(Object.values(entry)).includes('rightProvenance.v1')).toBe(false)
    const eager = appendProvenance(
      [],
      {
        orgId: entry.right.orgId,
        eventType: 'RIGHT_ISSUED',
        occurredAt: at,
        rightId: entry.right.id,
        basisId: input.basisId,
        offerId: null,
        afterHash: entry.right.contentHash,
      },
      state.ring,
    )
    expect(entry.provenance).toHaveLength(1)
    expect(JSON.stringify(entry.provenance[0])).toBe(JSON.stringify(eager))
    expect(entry.provenance).toBe(entry.provenance) // built once
    expect(JSON.parse(JSON.stringify(entry))).toEqual({
      right: entry.right,
      provenance: [JSON.parse(JSON.stringify(eager))],
    })
  })

  it('chains a transition from the lazily built first record', () => {
    const { state, at, entry } = issueOne()
    const issued = entry.right
    transitionRight(state, entry, 'SUSPENDED', 'RIGHT_SUSPENDED', at)
    expect(entry.provenance.map((p) => p.provenanceEventType)).toEqual(['RIGHT_ISSUED', 'RIGHT_SUSPENDED'])
    expect(entry.provenance[0]?.provenanceAfterHash).toBe(issued.contentHash)
    expect(entry.provenance[1]?.provenanceBeforeHash).toBe(issued.contentHash)
  })
})

describe('getRight bytes', () => {
  it('are the same object and bytes while the right is unchanged, and new ones after a transition', async () => {
    const session = newSession()
    const issued = await send(session, 'POST', '/v1/rights/issue', {
      basisId: [...stateOf(session).bases.keys()][0],
      substrate: 'DOOH',
      scope: 'Greater London',
      effectiveFrom: session.clock.iso(),
    })
    const id = JSON.parse(issued.bodyText).data.right.id
    const first = await send(session, 'GET', `/v1/rights/${id}`)
    const second = await send(session, 'GET', `/v1/rights/${id}`)
    expect(second.body).toBe(first.body)
    expect(second.bodyText).toBe(first.bodyText)
    expect(keptFor(first.body)?.text).toBe(first.bodyText)
    expect(first.violations).toEqual([])

    expect((await send(session, 'POST', `/v1/rights/${id}/suspend`, { reason: 'audit' })).status).toBe(200)
    const after = await send(session, 'GET', `/v1/rights/${id}`)
    expect(after.body).not.toBe(first.body)
    const data = JSON.parse(after.bodyText).data
    expect(data.right.status).toBe('SUSPENDED')
    expect(data.provenance).toHaveLength(2)
  })

  it('a kept body is validated once per operation and status, with the same result', () => {
    const entry = [...stateOf(newSession()).rights.values()][0]
    if (!entry) throw new Error('the seeded world has rights')
    let built = 0
    const build = () => {
      built++
      return { any: 'thing' }
    }
    const a = rightReadBody(entry, build)
    const b = rightReadBody(entry, build)
    expect(b).toBe(a)
    expect(built).toBe(1)
    expect(keptFor(immutableBody({}))).toEqual({})
    expect(keptFor({})).toBeUndefined()
  })
})

describe('listRights bytes', () => {
  it('are the same object while no right changes, and follow every issue and transition', async () => {
    const session = newSession()
    const list = async (query = '') => {
      const res = await engine.handle(
        { method: 'GET', path: '/v1/rights', query, headers: { authorization: `Bearer ${ADMIN}` } },
        session,
      )
      expect(res.violations).toEqual([])
      return res
    }
    const first = await list('limit=200')
    expect((await list('limit=200')).body).toBe(first.body)
    expect((await list('limit=1')).body).not.toBe(first.body) // another query, another page
    const total = JSON.parse(first.bodyText).data.total

    const issued = await send(session, 'POST', '/v1/rights/issue', {
      basisId: [...stateOf(session).bases.keys()][0],
      substrate: 'DOOH',
      scope: 'Greater London',
      effectiveFrom: session.clock.iso(),
    })
    const id = JSON.parse(issued.bodyText).data.right.id
    const afterIssue = JSON.parse((await list('limit=200')).bodyText).data
    expect(afterIssue.total).toBe(total + 1)
    expect(afterIssue.rights.map((r: { id: string }) => r.id)).toContain(id)

    const active = JSON.parse((await list('status=ACTIVE&limit=200')).bodyText).data.rights
    expect(active.map((r: { id: string }) => r.id)).toContain(id)
    await send(session, 'POST', `/v1/rights/${id}/suspend`, { reason: 'audit' })
    const activeAfter = JSON.parse((await list('status=ACTIVE&limit=200')).bodyText).data.rights
    expect(activeAfter.map((r: { id: string }) => r.id)).not.toContain(id)
  })
})

describe('the clock', () => {
  it('formats once per instant and still moves', () => {
    const clock = createClock('2026-04-01T12:00:00.000Z')
    const first = clock.iso()
    expect(clock.iso()).toBe(first)
    clock.tick(1)
    expect(clock.iso()).toBe('2026-04-01T12:00:00.001Z')
    clock.set('2026-04-02T00:00:00.000Z')
    expect(clock.iso()).toBe('2026-04-02T00:00:00.000Z')
  })
})
