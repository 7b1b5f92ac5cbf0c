// The node:http adapter through the real CLI on an ephemeral loopback port: both providers, every way to select a
// scenario, isolated sessions, faults carried out on the socket and observed by a client, keep-alive and CORS.
import { Agent } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Scenario } from '../mocks/core/scenarios.js'
import { startServer } from '../mocks/server.js'
import { type RunningCli, rawRequest, startCli } from './helpers/cli.js'
import { createEngine } from './helpers/engine.js'
import { enfinitos } from './helpers/specs.js'

const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }
const JSON_KEY = { ...KEY, 'content-type': 'application/json' }
let cli: RunningCli

beforeAll(async () => {
  cli = await startCli(['--seed', '7', '--clock', '2026-04-01T12:00:00.000Z', '--log', 'silent'])
})
afterAll(async () => {
  await cli?.stop()
})

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; the engine validated them
type Json = any
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${cli.url}${path}`, { headers })
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${cli.url}${path}`, { method: 'POST', headers: { ...JSON_KEY, ...headers }, body: JSON.stringify(body) })
const json = async (res: Response | Promise<Response>): Promise<Json> => (await res).json()

async function issueRight(session?: string): Promise<Json> {
  const headers: Record<string, string> = session ? { 'x-standin-session': session } : {}
  const bases = await json(get('/v1/rights/bases', { ...KEY, ...headers }))
  const basis = bases.data.bases[0]
  const res = await post(
    '/v1/rights/issue',
    { basisId: basis.id, substrate: 'DOOH', scope: 'Greater London', effectiveFrom: basis.effectiveFrom },
    headers,
  )
  expect(res.status).toBe(200)
  return (await res.json()).data.right
}

describe('both providers on one port', () => {
  it('routes /v1/ to EnfinitOS and /api/v2/ to Dedit', async () => {
    const keys = await json(get('/v1/runtime-keys'))
    expect(keys).toMatchObject({ ok: true, contractVersion: 'v1.0', data: { keys: expect.any(Array) } })
    const login = await fetch(`${cli.url}/api/v2/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: 'any-key' }),
    })
    expect(login.status).toBe(200)
    expect((await login.json()).token.split('.')).toHaveLength(3)
  })

  it("answers a path no provider serves with standin's one 404 shape, naming the providers", async () => {
    const res = await get('/v3/nothing')
    expect(res.status).toBe(404)
    const body = await res.json()
    expect(body).toMatchObject({
      error: {
        code: 'NO_PROVIDER',
        details: [],
        providers: [
          { name: 'enfinitos', pathPrefix: '/v1/' },
          { name: 'dedit', pathPrefix: '/api/v2/' },
        ],
      },
    })
    // the same shape as standin's other 404s (an unknown admin path)
    const admin = await (await get('/__standin/nothing')).json()
    expect(Object.keys(admin.error).slice(0, 3)).toEqual(Object.keys(body.error).slice(0, 3))
  })
})

describe('scenario selection', () => {
  it('per request with Prefer: scenario=', async () => {
    const res = await get('/v1/rights', { ...KEY, prefer: 'scenario=enfinitos:rate-limited' })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('30')
  })

  it('per request with X-Standin-Scenario, for Dedit too', async () => {
    const login = await fetch(`${cli.url}/api/v2/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-standin-scenario': 'dedit:auth.login-rejected' },
      body: JSON.stringify({ apiKey: 'any-key' }),
    })
    expect(login.status).toBe(401)
  })

  it("per request with Prism's Prefer: code= and example=", async () => {
    const notFound = await get('/v1/rights/rgh_0000000000000000', { ...KEY, prefer: 'code=404' })
    expect(notFound.status).toBe(404)
    const op = enfinitos.document.paths['/v1/runtime-keys'].get
    const [name, example] = Object.entries<Json>(op.responses['200'].content['application/json'].examples)[0] as [
      string,
      Json,
    ]
    const byName = await get('/v1/runtime-keys', { prefer: `example=${name}` })
    expect(byName.status).toBe(200)
    expect(await byName.json()).toEqual(example.value)
  })

  it("per request with Prism's Prefer: dynamic=true: the stateful default, which knows this session's rights", async () => {
    const right = await issueRight('dynamic')
    const res = await get(`/v1/rights/${right.id}`, { ...KEY, 'x-standin-session': 'dynamic', prefer: 'dynamic=true' })
    expect(res.status).toBe(200)
    expect((await res.json()).data.right).toEqual(right)
  })

  it('an unknown scenario name in a request is a 400 that lists the close matches', async () => {
    const res = await get('/v1/rights', { ...KEY, prefer: 'scenario=enfinitos:rate-limitd' })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('did you mean \\"enfinitos:rate-limited\\"')
  })

  it('per session through the admin API, for that session only', async () => {
    const set = await fetch(`${cli.url}/__standin/session/scenarios`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-standin-session': 'limited' },
      body: JSON.stringify({ scenarios: ['enfinitos:unavailable'] }),
    })
    expect(set.status).toBe(200)
    expect((await get('/v1/rights', { ...KEY, 'x-standin-session': 'limited' })).status).toBe(503)
    expect((await get('/v1/rights', { ...KEY, 'x-standin-session': 'other' })).status).toBe(200)
    expect((await get('/v1/rights', KEY)).status).toBe(200)
  })
})

describe('sessions', () => {
  it('keep their worlds, journals and clocks apart', async () => {
    const right = await issueRight('job-a')
    expect((await get(`/v1/rights/${right.id}`, { ...KEY, 'x-standin-session': 'job-a' })).status).toBe(200)
    expect((await get(`/v1/rights/${right.id}`, { ...KEY, 'x-standin-session': 'job-b' })).status).toBe(404)
    const journal = async (session: string) =>
      (await json(get('/__standin/session/journal', { 'x-standin-session': session }))).entries.map(
        (e: Json) => e.operationId,
      )
    expect(await journal('job-a')).toEqual(['listBases', 'issueRight', 'getRight'])
    expect(await journal('job-b')).toEqual(['getRight'])
    const clock = async (session: string) =>
      (await json(get('/__standin/session/clock', { 'x-standin-session': session }))).now
    expect(await clock('job-a')).toBe('2026-04-01T12:00:03.000Z')
    expect(await clock('job-b')).toBe('2026-04-01T12:00:01.000Z')
  })
})

describe('faults, carried out on the socket and observed by a client', () => {
  it('reset: the connection is reset before any response byte', async () => {
    const err = await rawRequest(`${cli.url}/v1/rights`, {
      headers: { ...KEY, prefer: 'scenario=enfinitos:connection-reset' },
    }).catch((e: NodeJS.ErrnoException) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as NodeJS.ErrnoException).code).toBe('ECONNRESET')
    await expect(get('/v1/rights', { ...KEY, prefer: 'scenario=enfinitos:connection-reset' })).rejects.toThrow()
  })

  it('network error: the connection closes before any response byte', async () => {
    const err = await rawRequest(`${cli.url}/v1/rights`, {
      headers: { ...KEY, prefer: 'scenario=enfinitos:network-error' },
    }).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect(String(err)).toMatch(/socket hang up|ECONNRESET/)
  })

  it('truncated body: the headers announce more bytes than arrive before the connection closes', async () => {
    const res = await rawRequest(`${cli.url}/v1/rights`, {
      headers: { ...KEY, prefer: 'scenario=enfinitos:truncated-body' },
    })
    expect(res.status).toBe(200)
    expect(res.aborted).toBe(true)
    expect(res.body.length).toBeGreaterThan(0)
    expect(res.body.length).toBeLessThan(Number(res.headers['content-length']))
    const viaFetch = await get('/v1/rights', { ...KEY, prefer: 'scenario=enfinitos:truncated-body' })
    await expect(viaFetch.text()).rejects.toThrow()
  })

  it('timeout: nothing arrives, so a client deadline fires (the scenario hangs for 10 s)', async () => {
    const res = fetch(`${cli.url}/v1/rights`, {
      headers: { ...KEY, prefer: 'scenario=enfinitos:timeout' },
      signal: AbortSignal.timeout(500),
    })
    await expect(res).rejects.toThrow(/timeout|abort/i)
  })

  it('delay: a slow answer arrives after a fast one sent later', async () => {
    const order: string[] = []
    const session = { 'x-standin-session': 'delay' }
    const slow = get('/v1/rights', { ...KEY, ...session, prefer: 'scenario=enfinitos:slow' }).then((r) => {
      order.push(`slow ${r.status}`)
    })
    // the server has handled the slow request (it is waiting out its delay) before the fast one is sent
    while ((await json(get('/__standin/session/journal', session))).total === 0)
      await new Promise((r) => setTimeout(r, 20))
    await get('/v1/rights', { ...KEY, ...session }).then((r) => order.push(`fast ${r.status}`))
    await slow
    expect(order).toEqual(['fast 200', 'slow 200'])
  })
})

describe('a hanging fault is bounded', () => {
  it('closes the connection without an answer once its delay is over', async () => {
    const hang: Scenario = {
      name: 'enfinitos:test.short-hang',
      description: 'hangs 200 ms, then closes',
      provider: 'enfinitos',
      operations: { '*': { kind: 'fault', fault: { kind: 'timeout', afterMs: 200 } } },
    }
    const longHang: Scenario = {
      ...hang,
      name: 'enfinitos:test.long-hang',
      operations: { '*': { kind: 'fault', fault: { kind: 'timeout', afterMs: 600_000 } } },
    }
    const engine = createEngine({ providers: ['enfinitos'], extraScenarios: [hang, longHang] })
    const server = await startServer(engine, { port: 0, maxHangMs: 300 })
    try {
      for (const name of [hang.name, longHang.name]) {
        // no client deadline: the server itself ends the hang (the 10-minute one at the 300 ms bound)
        const err = await rawRequest(`${server.url}/v1/rights`, {
          headers: { ...KEY, prefer: `scenario=${name}` },
        }).catch((e: Error) => e)
        expect(String(err)).toMatch(/socket hang up|ECONNRESET/)
      }
    } finally {
      await server.close()
    }
  })

  it('is ended at once by a graceful shutdown, which does not wait for it', async () => {
    const engine = createEngine({ providers: ['enfinitos'] })
    const server = await startServer(engine, { port: 0 })
    const hung = rawRequest(`${server.url}/v1/rights`, {
      headers: { ...KEY, prefer: 'scenario=enfinitos:timeout' },
    }).catch((e: Error) => e)
    while (server.session().journal.list().length === 0) await new Promise((r) => setTimeout(r, 10))
    await server.close()
    expect(String(await hung)).toMatch(/socket hang up|ECONNRESET/)
  })
})

describe('a delayed answer on shutdown', () => {
  it('is sent at once by a graceful shutdown, which does not wait out the delay', async () => {
    const slow: Scenario = {
      name: 'enfinitos:test.ten-minutes',
      description: 'answers the default after 10 minutes',
      provider: 'enfinitos',
      operations: { '*': { kind: 'default', delayMs: 600_000 } },
    }
    const engine = createEngine({ providers: ['enfinitos'], extraScenarios: [slow] })
    const server = await startServer(engine, { port: 0 })
    const answer = rawRequest(`${server.url}/v1/rights`, { headers: { ...KEY, prefer: `scenario=${slow.name}` } })
    while (server.session().journal.list().length === 0) await new Promise((r) => setTimeout(r, 10))
    // Were close() to wait out the delay, the test's own timeout would end it long before 10 minutes.
    await server.close()
    expect((await answer).status).toBe(200)
  })
})

describe('HTTP', () => {
  it('keeps connections alive between requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const first = await rawRequest(`${cli.url}/v1/runtime-keys`, { agent })
      const second = await rawRequest(`${cli.url}/v1/rights`, { agent, headers: KEY })
      expect(first.headers.connection).toBe('keep-alive')
      expect([first.status, second.status]).toEqual([200, 200])
      expect(second.reusedSocket).toBe(true)
      expect(second.localPort).toBe(first.localPort)
    } finally {
      agent.destroy()
    }
  })

  // Since issue 11: the allowed origin is reflected (loopback origins by default, not `*`) and the admin API has no
  // CORS at all (test/server-security.test.ts covers the rest).
  it('answers a CORS preflight and sends CORS headers on every provider answer, never on the admin API', async () => {
    const preflight = await fetch(`${cli.url}/v1/rights/issue`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.localhost:3000')
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type, idempotency-key')
    const limited = await get('/v1/rights', {
      ...KEY,
      origin: 'http://app.localhost:3000',
      prefer: 'scenario=enfinitos:rate-limited',
    })
    expect(limited.headers.get('access-control-allow-origin')).toBe('http://app.localhost:3000')
    expect(limited.headers.get('access-control-expose-headers')).toContain('retry-after')
    const admin = await get('/__standin/health', { origin: 'http://app.localhost:3000' })
    expect(admin.status).toBe(403)
    expect(admin.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('serves the raw specs, HEAD included', async () => {
    for (const name of ['enfinitos', 'dedit', 'standin-admin']) {
      const res = await get(`/openapi/${name}.yaml`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8')
      expect(await res.text()).toMatch(/^openapi: 3\.1\.0$/m)
    }
    const head = await rawRequest(`${cli.url}/openapi/enfinitos.yaml`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000)
    expect(head.body.length).toBe(0)
  })
})
