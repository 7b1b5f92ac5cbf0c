// The HTTP adapter's pieces that have no wire-level test of their own: the session LRU and the latency spread.
import { describe, expect, it } from 'vitest'
import { createLatency } from '../mocks/http/response.js'
import { createSessions, sessionIdOf } from '../mocks/http/sessions.js'
import { createEngine } from './helpers/engine.js'

describe('server sessions', () => {
  it('keeps at most max sessions, dropping the least recently used first', () => {
    const sessions = createSessions(createEngine({ providers: ['enfinitos'] }), undefined, 3)
    const a = sessions.get('a')
    sessions.get('b')
    expect(sessions.get('a')).toBe(a) // a is now the most recently used
    sessions.get('c') // over the limit: default (least recently used) goes
    expect([...sessions.byId.keys()]).toEqual(['b', 'a', 'c'])
    sessions.get('d') // then b
    expect([...sessions.byId.keys()]).toEqual(['a', 'c', 'd'])
    expect(sessions.get('a')).toBe(a)
    expect(sessions.get('b')).not.toBe(undefined) // b comes back as a new session with a fresh world
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
