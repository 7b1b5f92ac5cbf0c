// standin beside a team's own MSW: its handlers compose into the team's setupServer, and standin/vitest either serves
// the team's handlers from its server or adds its own to the team's server. In every case a request to another API
// is answered by the team's handler, a provider request by standin, and nothing reaches the network
// (onUnhandledRequest: 'error').
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createStandin } from '../mocks/index.js'
import { loadMsw } from '../mocks/platform/load-msw.js'
import { setupStandin } from '../mocks/vitest.js'

const WEATHER = 'https://api.weather.test/v1/today'
const weather = http.get(WEATHER, () => HttpResponse.json({ sky: 'drizzle' }))
const RUNTIME_KEYS = 'https://sandbox.api.enfinitos.com/v1/runtime-keys'

async function bothAnswer(): Promise<void> {
  const mine = await fetch(WEATHER)
  expect(await mine.json()).toEqual({ sky: 'drizzle' })
  const theirs = await fetch(RUNTIME_KEYS)
  expect(theirs.status).toBe(200)
  expect((await theirs.json()).data).toBeDefined()
}

describe('standin.handlers() in your own setupServer', () => {
  const standin = createStandin({ seed: 7 })
  const server = setupServer(weather, ...standin.handlers())
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    server.resetHandlers()
    standin.reset()
  })
  afterAll(() => server.close())

  it('answers your API with your handler and the providers with standin', async () => {
    await bothAnswer()
    expect(standin.journal.entries()).toHaveLength(1)
  })

  it('makes handlers with the msw instance your code imports (one module, not a second copy)', () => {
    expect(loadMsw().http).toBe(http)
  })
})

describe('setupStandin({ handlers })', () => {
  const override = http.get('https://sandbox.api.enfinitos.com/v1/rights', () =>
    HttpResponse.json({ overridden: true }),
  )
  const standin = setupStandin({ seed: 7, handlers: [weather, override] })

  it('serves your handlers from the server it starts, and exposes that server', async () => {
    await bothAnswer()
    expect(standin.server.listHandlers()).toContain(weather)
  })

  it('puts your handlers first, so one for a provider URL overrides standin', async () => {
    const res = await fetch('https://sandbox.api.enfinitos.com/v1/rights')
    expect(await res.json()).toEqual({ overridden: true })
    expect(standin.journal.entries()).toHaveLength(0)
  })

  // Two rounds of one test, so that `-t` with this name runs both: the second sees what the first left behind.
  it.for(['first', 'second'])('keeps a test-time server.use() to that test (%s round)', async () => {
    expect(await (await fetch(WEATHER)).json()).toEqual({ sky: 'drizzle' })
    standin.server.use(http.get(WEATHER, () => HttpResponse.json({ sky: 'sun' })))
    expect(await (await fetch(WEATHER)).json()).toEqual({ sky: 'sun' })
  })
})

describe('setupStandin({ server }) with the server your suite already has', () => {
  // The team's own setup, as it was before standin: one server, its own lifecycle.
  const server = setupServer(weather)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  const standin = setupStandin({ seed: 7, server })

  it('adds standin to your server instead of starting a second one', async () => {
    expect(standin.server).toBe(server)
    await bothAnswer()
    expect(standin.journal.entries()).toHaveLength(1)
  })

  // Two rounds of one test, so that `-t` with this name runs both: the second runs after your resetHandlers() and
  // finds standin's handlers back (bothAnswer) and the first round's request gone from the journal.
  it.for(['first', 'second'])(
    'is still there after your resetHandlers(), and the standin was reset (%s round)',
    async () => {
      expect(standin.journal.entries()).toHaveLength(0)
      await bothAnswer()
      expect(standin.journal.entries()).toHaveLength(1)
    },
  )

  it('adds its handlers once, however many tests ran', () => {
    const providerHandlers = createStandin().handlers().length
    expect(server.listHandlers()).toHaveLength(1 + providerHandlers)
  })
})
