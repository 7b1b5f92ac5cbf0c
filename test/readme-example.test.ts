// The README's library example, run as it is shown (the README imports 'standin'; this file imports the sources).
// README:start
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createStandin } from '../mocks/index.js'

const standin = createStandin({ seed: 7, clock: '2026-04-01T12:00:00.000Z' })
const server = setupServer(...standin.handlers()) // EnfinitOS and Dedit, at their real base URLs
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => standin.reset()) // back to the seeded world, no scenarios, empty journal
afterAll(() => server.close())

const api = 'https://sandbox.api.enfinitos.com'
const headers = { authorization: 'Bearer sk_test_0123456789abcdef', 'content-type': 'application/json' }
const post = (path: string, body: unknown) =>
  fetch(`${api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })

it('registers a basis and issues a right on it', async () => {
  const basis = await (
    await post('/v1/rights/bases', {
      kind: 'CONTRACTUAL',
      description: 'Westminster street-furniture advertising licence',
      effectiveFrom: '2026-04-01T00:00:00.000Z',
    })
  ).json()
  const issued = await post('/v1/rights/issue', {
    basisId: basis.data.basis.id,
    substrate: 'DOOH',
    scope: 'Greater London',
    effectiveFrom: '2026-04-01T00:00:00.000Z',
  })
  expect(issued.status).toBe(200)
  expect((await issued.json()).data.right.id).toMatch(/^rgh_[0-9a-f]{16}$/)

  // The journal holds every exchange, typed from the spec.
  const [call] = standin.journal.calls('enfinitos', 'issueRight')
  expect(call?.request.body.substrate).toBe('DOOH')
})

it('switches behaviour with a scenario', async () => {
  standin.use('enfinitos:rights.issue.basis-not-found')
  const res = await post('/v1/rights/issue', {
    basisId: 'bas_0000000000000000',
    substrate: 'DOOH',
    scope: 'Greater London',
    effectiveFrom: '2026-04-01T00:00:00.000Z',
  })
  expect(res.status).toBe(404)
  expect((await res.json()).error.code).toBe('NOT_FOUND')
})

it('builds typed fixtures with the right prefixes and content hashes', () => {
  const right = standin.enfinitos.build.right({ scope: 'Greater London' })
  expect(right.id).toMatch(/^rgh_/)
  expect(right.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/)
})
// README:end
