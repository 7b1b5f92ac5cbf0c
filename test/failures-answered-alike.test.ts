// standin's own failures (a behaviour that throws, a response outside the contract) take one path: the engine turns
// the error into a 500 in the provider's envelope, once, and every runtime (MSW handlers, standin.fetch, the HTTP
// server) answers it with the same status, headers and bytes. Only engine.handle, the core, rejects in `throw` mode.
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContractViolationError, HttpError, InternalError, StandinError } from '../mocks/core/errors.js'
import type { Scenario } from '../mocks/core/scenarios.js'
import { type RunningServer, startServer } from '../mocks/server.js'
import { createStandin, standinInternals } from '../mocks/standin.js'
import { createEngine } from './helpers/engine.js'

const SEED = { seed: 3, clock: '2026-04-01T12:00:00.000Z' }
const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }

const failing: Scenario[] = [
  {
    name: 'enfinitos:test.behaviour-throws',
    provider: 'enfinitos',
    description: 'listRights throws.',
    operations: {
      listRights: {
        kind: 'custom',
        run: () => {
          throw new TypeError('cannot read the rights')
        },
      },
    },
  },
  {
    name: 'enfinitos:test.answers-outside-the-contract',
    provider: 'enfinitos',
    description: 'listRights answers a body its schema refuses.',
    operations: { listRights: { kind: 'respond', status: 200, body: { ok: 'yes' } } },
  },
]

interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

/** What a client sees, without what only a socket adds (date, keep-alive, CORS, content-length). */
async function seen(res: Response): Promise<Answer> {
  const headers: Record<string, string> = {}
  const transport = /^(date|connection|keep-alive|content-length|access-control-.*)$/
  res.headers.forEach((value, key) => {
    if (!transport.test(key)) headers[key] = value
  })
  return { status: res.status, headers, body: await res.text() }
}

const request = (scenario: string) => ({ headers: { ...KEY, 'x-standin-scenario': scenario } })

let server: RunningServer
beforeAll(async () => {
  const engine = createEngine({ extraScenarios: failing })
  server = await startServer(engine, { port: 0, session: SEED })
})
afterAll(async () => {
  await server?.close()
})

/** The same request through the three runtimes, each with a fresh sandbox of the same seed and clock. */
async function throughEveryRuntime(scenario: string): Promise<Record<'msw' | 'fetch' | 'http', Answer>> {
  const http = await seen(await fetch(`${server.url}/v1/rights`, request(scenario)))
  const viaFetch = createStandin({ ...SEED, extraScenarios: failing })
  const fetched = await seen(await viaFetch.fetch('/v1/rights', request(scenario)))
  const viaMsw = createStandin({ ...SEED, extraScenarios: failing })
  const msw = setupServer(...viaMsw.handlers())
  msw.listen({ onUnhandledRequest: 'error' })
  try {
    const mocked = await seen(await fetch('https://sandbox.api.enfinitos.com/v1/rights', request(scenario)))
    return { msw: mocked, fetch: fetched, http }
  } finally {
    msw.close()
  }
}

describe('a behaviour that throws', () => {
  it('is answered the same by MSW, standin.fetch and HTTP: a 500 in the provider envelope naming the operation', async () => {
    const answers = await throughEveryRuntime('enfinitos:test.behaviour-throws')
    expect(answers.fetch).toEqual(answers.http)
    expect(answers.msw).toEqual(answers.http)
    expect(answers.http.status).toBe(500)
    expect(answers.http.headers['x-standin-violation']).toBe('1')
    expect(answers.http.headers['content-type']).toBe('application/json')
    expect(JSON.parse(answers.http.body)).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'standin internal error in listRights: cannot read the rights',
        details: [],
      },
      contractVersion: expect.any(String),
    })
  })

  it('is journaled as an exception, and engine.handle rejects with an InternalError carrying the cause', async () => {
    const standin = createStandin({ ...SEED, extraScenarios: failing })
    const req = {
      method: 'GET',
      path: '/v1/rights',
      query: '',
      headers: { ...KEY, 'x-standin-scenario': 'enfinitos:test.behaviour-throws' },
    }
    const { engine, session } = standinInternals(standin)
    const error = await engine.handle(req, session).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(InternalError)
    expect(error).toBeInstanceOf(HttpError)
    expect(error).toBeInstanceOf(StandinError)
    expect((error as InternalError).status).toBe(500)
    expect((error as InternalError).cause).toBeInstanceOf(TypeError)
    const [entry] = standin.journal.violations()
    expect(entry?.response.status).toBe(500)
    expect(entry?.violations).toEqual([{ path: '/', keyword: 'exception', message: 'cannot read the rights' }])
  })
})

describe('a response outside the contract (validateResponses: throw)', () => {
  it('is answered the same by MSW, standin.fetch and HTTP, the message naming operation, status and path', async () => {
    const answers = await throughEveryRuntime('enfinitos:test.answers-outside-the-contract')
    expect(answers.fetch).toEqual(answers.http)
    expect(answers.msw).toEqual(answers.http)
    expect(answers.http.status).toBe(500)
    expect(answers.http.headers['x-standin-violation']).toBe('1')
    expect(JSON.parse(answers.http.body).error.message).toMatch(
      /^standin answered enfinitos\.listRights with status 200 outside the contract: /,
    )
  })

  it('makes engine.handle reject with a ContractViolationError that knows its answer and the violations', async () => {
    const standin = createStandin({ ...SEED, extraScenarios: failing })
    const req = {
      method: 'GET',
      path: '/v1/rights',
      query: '',
      headers: { ...KEY, 'x-standin-scenario': 'enfinitos:test.answers-outside-the-contract' },
    }
    const { engine, session } = standinInternals(standin)
    const error = (await engine.handle(req, session).catch((err: unknown) => err)) as ContractViolationError
    expect(error).toBeInstanceOf(ContractViolationError)
    expect(error.status).toBe(500)
    expect(error.responseStatus).toBe(200)
    expect(error.violations.length).toBeGreaterThan(0)
    expect(error.input).toEqual({ status: 500, message: error.message })
  })
})
