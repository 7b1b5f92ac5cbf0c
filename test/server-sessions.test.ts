// The HTTP adapter's pieces that have no wire-level test of their own: the session LRU and the latency spread.
import { describe, expect, it } from 'vitest'
import { Meter, SESSION_BASE_BYTES } from '../mocks/core/budget.js'
import { createLatency } from '../mocks/http/response.js'
import { createSessions, sessionIdOf } from '../mocks/http/sessions.js'
import { createEngine } from './helpers/engine.js'

describe('server sessions', () => {
  it('keeps at most max sessions, dropping the least recently used first but never the default one', () => {
    const sessions = createSessions(createEngine({ providers: ['enfinitos'] }), undefined, 3)
    const a = sessions.get('a')
    sessions.get('b')
    expect(sessions.get('a')).toBe(a) // a is now the most recently used
    sessions.get('c') // over the limit: default is the least recently used, but pinned, so b goes
    expect([...sessions.byId.keys()]).toEqual(['default', 'a', 'c'])
    sessions.get('d') // then a
    expect([...sessions.byId.keys()]).toEqual(['default', 'c', 'd'])
    const b = sessions.get('b') // b comes back as a new session with a fresh world, and is told so once
    expect(b).not.toBe(undefined)
    expect(sessions.takeNotice('b')).toBe('evicted')
    expect(sessions.takeNotice('b')).toBeUndefined()
    expect(sessions.events().map((e) => [e.kind, e.session, e.reason])).toEqual([
      ['evicted', 'b', 'max-sessions'],
      ['evicted', 'a', 'max-sessions'],
      ['evicted', 'c', 'max-sessions'],
    ])
  })

  it('counts every session in the meter, and takes a dropped one out whole, a write still in flight included', () => {
    const meter = new Meter(1024 * 1024)
    const sessions = createSessions(createEngine({ providers: ['enfinitos'] }), { meter }, { max: 2, ttlMs: 0, meter })
    const a = sessions.get('a')
    a.usage.stored(1000)
    expect(meter.bytes).toBe(2 * SESSION_BASE_BYTES + 1000)
    sessions.get('b') // a goes (max 2, the default is pinned)
    expect(meter.bytes).toBe(2 * SESSION_BASE_BYTES)
    a.usage.stored(500) // a request that was in flight in a finishes: not counted any more
    expect(meter.bytes).toBe(2 * SESSION_BASE_BYTES)
  })

  it('evicts idle sessions, least recently used first, when the meter passes its limit', () => {
    const meter = new Meter(7.5 * SESSION_BASE_BYTES)
    const sessions = createSessions(
      createEngine({ providers: ['enfinitos'] }),
      { meter },
      { max: 100, ttlMs: 0, meter },
    )
    for (const id of ['a', 'b', 'c']) sessions.get(id).usage.stored(SESSION_BASE_BYTES)
    // past 90% of the limit (6.75 units): the next request sheds idle sessions down to 80% of it (6 units)
    expect(meter.bytes).toBe(7 * SESSION_BASE_BYTES)
    sessions.get('c')
    expect(meter.bytes).toBe(5 * SESSION_BASE_BYTES)
    expect([...sessions.byId.keys()]).toEqual(['default', 'b', 'c']) // a, the least recently used, went
    expect(sessions.events().map((e) => [e.kind, e.session, e.reason])).toEqual([['evicted', 'a', 'memory']])
    expect(sessions.takeNotice('a')).toBeUndefined() // told when it comes back, not before
    sessions.get('a')
    expect(sessions.takeNotice('a')).toBe('evicted')
  })

  it('reads the session id from X-Standin-Session, an empty header counting as none', () => {
    expect(sessionIdOf({ 'x-standin-session': 'ci-job-7' })).toBe('ci-job-7')
    expect(sessionIdOf({ 'x-standin-session': '' })).toBe('default')
    expect(sessionIdOf({})).toBe('default')
  })
})

describe('--latency', () => {
  it('spreads a range deterministically within its bounds, the same on every run', () => {
    const draw = (n: number) => {
      const next = createLatency([20, 200])
      return Array.from({ length: n }, () => next())
    }
    const first = draw(500)
    expect(first.every((ms) => ms >= 20 && ms <= 200)).toBe(true)
    expect(new Set(first).size).toBeGreaterThan(50)
    expect(draw(500)).toEqual(first)
  })

  it('is a fixed number of ms, or nothing', () => {
    expect(createLatency(50)()).toBe(50)
    expect(createLatency(undefined)()).toBe(0)
  })
})
