// A team that already runs MSW for its other APIs keeps its one server: `setupStandin({ server })` adds standin's
// handlers to it (and re-adds them after each resetHandlers). Here the other API is the team chat the report is
// posted to. The second test shows the openapi-fetch trap and its fix: a client made at module scope.
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import createClient from 'openapi-fetch'
import type { paths } from 'standin/types/enfinitos'
import { setupStandin } from 'standin/vitest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DeliveryReportingService } from '../src/index.js'
import { CLOCK, inProcess, SEED } from './helpers/harness.js'
import { RUN } from './helpers/suite.js'

const CHAT = 'https://chat.example.test/hooks/reports'
const posted: unknown[] = []

// The team's own MSW setup, as it was before standin.
const server = setupServer(
  http.post(CHAT, async ({ request }) => {
    posted.push(await request.json())
    return HttpResponse.json({ ok: true })
  }),
)
// Nothing unhandled reaches the network: msw 2 calls the option onUnhandledRequest, msw 3 onUnhandledFrame.
const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const
beforeAll(() => server.listen(strict))
afterEach(() => {
  server.resetHandlers()
  posted.length = 0
})
afterAll(() => server.close())

const standin = setupStandin({ seed: SEED, clock: CLOCK, server })

// Made at module scope, before MSW listens. openapi-fetch keeps the `fetch` it is given (by default the global one
// as it is now, unpatched): a function that looks the global up at each call goes through MSW.
const keys = createClient<paths>({
  baseUrl: 'https://sandbox.api.enfinitos.com',
  fetch: (...args) => globalThis.fetch(...args),
})

describe('standin beside the MSW server the team already has', () => {
  it('answers the providers and the team chat from one server', async () => {
    const report = await new DeliveryReportingService(inProcess(standin).config()).report(RUN)
    await fetch(CHAT, { method: 'POST', body: JSON.stringify({ pack: report.pack.packId }) })

    expect(standin.server).toBe(server)
    expect(posted).toEqual([{ pack: report.pack.packId }])
    expect(standin).toHaveReceived('dedit.completeRegistration', { times: 1, status: 200 })
  })

  it('reaches standin from an openapi-fetch client made at module scope', async () => {
    const { data, response } = await keys.GET('/v1/runtime-keys')
    expect(response.status).toBe(200)
    expect(data?.data).toBeDefined()
    expect(standin).toHaveReceived('enfinitos.getRuntimeKeys', { times: 1 })
  })
})
