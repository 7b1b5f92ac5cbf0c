// Behaviour pins for the journal built on read (a performance change): recording keeps what the engine handed over
// and builds the entry users read only when someone reads it. Entries must still show the request as it was when
// handled (even if the caller reuses and changes its objects), redacted, with parsed bodies; reading twice gives the
// same entry; the request log line reads what answered without building entries.
import { describe, expect, it } from 'vitest'
import { createEngine } from './helpers/engine.js'

const engine = createEngine({ providers: ['enfinitos'] })
const START = '2026-04-01T12:00:00.000Z'

describe('the journal, built on read', () => {
  it('shows each request as it was handled, even when the caller reuses and changes its request object', async () => {
    const session = engine.createSession('journal', { seed: 5, clock: START })
    const request = {
      method: 'get',
      path: '/v1/rights',
      query: 'limit=1',
      headers: { authorization: 'Bearer sk_test_0123456789abcdefSECRET', 'x-trace': 'first' } as Record<string, string>,
    }
    await engine.handle(request, session)
    request.path = '/v1/rights/bases'
    request.query = ''
    request.headers['x-trace'] = 'second'
    await engine.handle(request, session)
    const [first, second] = session.journal.list()
    expect(first?.request).toMatchObject({ method: 'GET', path: '/v1/rights', query: { limit: '1' } })
    expect(first?.request.headers).toEqual({ authorization: 'Bearer [redacted]', 'x-trace': 'first' })
    expect(second?.request).toMatchObject({ path: '/v1/rights/bases', headers: { 'x-trace': 'second' } })
    expect(first?.operationId).toBe('listRights')
    expect(second?.operationId).toBe('listBases')
    expect((first?.response.body as { data: { total: number } } | undefined)?.data.total).toBeGreaterThan(0)
  })

  it('gives the same entry on every read, numbered in order, and the last answer without building one', async () => {
    const session = engine.createSession('journal', { seed: 5, clock: START })
    const headers = { authorization: 'Bearer sk_test_0123456789abcdef' }
    for (const path of ['/v1/rights', '/v1/runtime-keys', '/v1/nope'])
      await engine.handle({ method: 'GET', path, query: '', headers }, session)
    await engine.handle(
      { method: 'GET', path: '/v1/rights', query: '', headers: { ...headers, prefer: 'code=401' } },
      session,
    )
    expect(session.journal.lastAnswer()).toEqual({ operationId: 'listRights', scenario: 'prefer:code=401' })
    const all = session.journal.list()
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4])
    expect(session.journal.last()).toBe(all[3])
    expect(session.journal.list()[0]).toBe(all[0])
    expect(session.journal.list({ status: 404 }).map((e) => e.request.path)).toEqual(['/v1/nope'])
    session.journal.clear()
    expect(session.journal.lastAnswer()).toBeUndefined()
    expect(session.journal.last()).toBeUndefined()
  })
})
