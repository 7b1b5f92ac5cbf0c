// A real standin HTTP server for the whole file, started in-process with `startStandinServer` from standin/server
// (no child process to spawn or to leave behind), and a fresh `X-Standin-Session` for every test. Scenarios, the clock
// and the journal of each test's session go through the server's handle, `server.session(id)`.
import { randomUUID } from 'node:crypto'
import { type StandinServer, type StandinSession, startStandinServer } from 'standin/server'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { CLOCK, DEDIT_API_KEY, ENFINITOS_API_KEY, type Harness, SEED } from './harness.js'

/** A harness over one server for the whole file, with a session of its own for every test. */
export function served(): Harness {
  let server: StandinServer | undefined
  let session = ''
  beforeAll(async () => {
    server = await startStandinServer({ seed: SEED, clock: CLOCK })
  })
  beforeEach(() => {
    session = `consumer-${randomUUID()}`
  })
  afterAll(async () => {
    await server?.close()
  })
  const running = (): StandinServer => {
    if (!server) throw new Error('the standin server is not running')
    return server
  }
  const mine = (): StandinSession => running().session(session)
  return {
    mode: 'served',
    config: () => ({
      enfinitosBaseUrl: running().url,
      deditBaseUrl: running().url,
      enfinitosApiKey: ENFINITOS_API_KEY,
      deditApiKey: DEDIT_API_KEY,
      // The service takes its fetch by injection; here it tags every call with this test's session.
      fetch: (request: Request) => {
        const tagged = new Request(request)
        tagged.headers.set('x-standin-session', session)
        return fetch(tagged)
      },
    }),
    use: async (...scenarios) => {
      mine().use(...scenarios)
    },
    advanceClock: async (ms) => {
      mine().clock.advance(ms)
    },
    calls: async (provider, operationId, status) =>
      mine().journal.entries({ provider, operationId, ...(status === undefined ? {} : { status }) }).length,
  }
}
