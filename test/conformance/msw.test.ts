// The conformance cases through the MSW handlers: real `fetch` calls intercepted by msw/node's setupServer, as in a
// downstream test suite. Then what only a real client sees of faults and delays, in real time.
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStandin } from '../../mocks/index.js'
import { mswRuntime } from './runtimes.js'
import { runConformance } from './suite.js'

runConformance(mswRuntime())

describe('faults and delays through MSW, in real time', () => {
  const standin = createStandin({ seed: 11, clock: '2026-04-01T12:00:00.000Z' })
  const server = setupServer(...standin.handlers())
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  const get = (scenario: string) =>
    fetch('https://sandbox.api.enfinitos.com/v1/rights', {
      headers: { authorization: 'Bearer sk_test_0123456789abcdef', prefer: `scenario=${scenario}` },
    })

  it('rejects the fetch on a network error and on a reset', async () => {
    await expect(get('enfinitos:network-error')).rejects.toThrow()
    await expect(get('enfinitos:connection-reset')).rejects.toThrow()
  })

  it('breaks the body stream half-way on a truncated body', async () => {
    const res = await get('enfinitos:truncated-body')
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow(/terminated/)
  })

  it('holds a delayed answer back: a normal call made after it finishes first', async () => {
    const order: string[] = []
    const slow = fetch('https://sandbox.api.enfinitos.com/v1/rights', {
      headers: { authorization: 'Bearer sk_test_0123456789abcdef', 'x-standin-scenario': 'enfinitos:slow' },
    }).then((r) => order.push(`slow ${r.status}`))
    const fast = get('enfinitos:rate-limited').then((r) => order.push(`fast ${r.status}`))
    await Promise.all([slow, fast])
    expect(order).toEqual(['fast 429', 'slow 200'])
  })
})
