// `startStandinServer` (standin/server): the HTTP mock server started from code, on an ephemeral loopback port, with a
// handle to its default session (scenarios, journal, clock, reset) and to named ones, and a close() that really stops.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageRoot } from '../mocks/core/contract.js'
import { UnknownScenarioError } from '../mocks/core/errors.js'
import { createStandin } from '../mocks/index.js'
import { type StandinServer, startStandinServer } from '../mocks/start-server.js'

const SEED = 7
const CLOCK = '2026-04-01T12:00:00.000Z'
const AUTH = { authorization: 'Bearer sk_test_0123456789abcdef' }

describe('startStandinServer', () => {
  let server: StandinServer

  beforeAll(async () => {
    server = await startStandinServer({ seed: SEED, clock: CLOCK })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('listens on a free loopback port by default and serves both providers', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.port).toBeGreaterThan(0)
    expect((await fetch(`${server.url}/v1/runtime-keys`)).status).toBe(200)
    const login = await fetch(`${server.url}/api/v2/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: 'k' }),
    })
    expect(login.status).toBe(200)
    server.reset()
  })

  it('sends the bytes createStandin().fetch sends for the same seed and clock', async () => {
    server.reset()
    const inProcess = createStandin({ seed: SEED, clock: CLOCK })
    for (const path of ['/v1/rights', '/v1/runtime-keys', '/v1/proof-packs']) {
      const served = await (await fetch(`${server.url}${path}`, { headers: AUTH })).text()
      const local = await (await inProcess.fetch(path, { headers: AUTH })).text()
      expect(served, path).toBe(local)
    }
    server.reset()
  })

  it('activates scenarios on the default session, lists them, and reset() drops them', async () => {
    server.use('enfinitos:rights.issue.basis-not-found')
    expect(server.scenarios()).toEqual(['enfinitos:rights.issue.basis-not-found'])
    const res = await fetch(`${server.url}/v1/rights/issue`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        basisId: 'bas_0000000000000000',
        substrate: 'DOOH',
        scope: 'Greater London',
        effectiveFrom: '2026-04-01T00:00:00.000Z',
      }),
    })
    expect(res.status).toBe(404)
    expect(server.catalogue().map((s) => s.name)).toContain('enfinitos:rights.issue.basis-not-found')
    server.reset()
    expect(server.scenarios()).toEqual([])
  })

  it('journals the requests the server answered, typed like createStandin', async () => {
    server.reset()
    await fetch(`${server.url}/v1/rights?limit=2`, { headers: AUTH })
    const [call] = server.journal.calls('enfinitos', 'listRights')
    expect(call?.response.status).toBe(200)
    expect(call?.request.query).toMatchObject({ limit: '2' })
    expect(server.journal.entries({ provider: 'enfinitos' })).toHaveLength(1)
    server.journal.clear()
    expect(server.journal.entries()).toEqual([])
  })

  it('moves the session clock the server answers with', async () => {
    server.reset()
    expect(server.clock.now()).toBe(CLOCK)
    server.clock.advance(3_600_000)
    expect(server.clock.now()).toBe('2026-04-01T13:00:00.000Z')
    const admin = await (await fetch(`${server.url}/__standin/session/clock`)).json()
    expect(admin.now).toBe('2026-04-01T13:00:00.000Z')
    server.clock.set('2026-05-01T00:00:00.000Z')
    expect(server.clock.now()).toBe('2026-05-01T00:00:00.000Z')
    server.reset()
    expect(server.clock.now()).toBe(CLOCK)
  })

  it('drives a named session without touching the default one', async () => {
    server.reset()
    const mine = server.session('test-a')
    mine.use('enfinitos:rights.issue.basis-not-found')
    expect(server.scenarios()).toEqual([])
    const active = await (
      await fetch(`${server.url}/__standin/session/scenarios`, { headers: { 'x-standin-session': 'test-a' } })
    ).json()
    expect(JSON.stringify(active)).toContain('enfinitos:rights.issue.basis-not-found')
    await fetch(`${server.url}/v1/runtime-keys`, { headers: { 'x-standin-session': 'test-a' } })
    expect(mine.journal.entries()).toHaveLength(1)
    expect(server.journal.entries()).toHaveLength(0)
  })
})

describe('startStandinServer options and shutdown', () => {
  it('refuses an unknown start-up scenario, naming it', async () => {
    const refused = startStandinServer({ scenarios: ['enfinitos:rights.issue.basis-not-fund'] })
    await expect(refused).rejects.toThrow(UnknownScenarioError)
    await expect(refused).rejects.toThrow(/basis-not-fund/)
  })

  it('serves only the providers asked for, on the port asked for', async () => {
    const first = await startStandinServer({ providers: ['dedit'] })
    try {
      expect((await fetch(`${first.url}/v1/runtime-keys`)).status).toBe(404)
      const second = await startStandinServer({ port: first.port }).catch((err: NodeJS.ErrnoException) => err)
      expect(second).toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      await first.close()
    }
  })

  it('names sessions as X-Standin-Session does: an empty id is the default session, an over-long one is refused', async () => {
    const s = await startStandinServer({ seed: 1, clock: '2026-04-01T12:00:00.000Z' })
    try {
      s.session(' ').use('enfinitos:rate-limited')
      expect(s.scenarios()).toEqual(['enfinitos:rate-limited'])
      expect(() => s.session('x'.repeat(201))).toThrow(/at most 200 characters/)
      s.session(' job-1 ').use('enfinitos:rights.issue.basis-not-found')
      const res = await fetch(`${s.url}/__standin/session`, { headers: { 'x-standin-session': 'job-1' } })
      expect(JSON.stringify(await res.json())).toContain('basis-not-found')
    } finally {
      await s.close()
    }
  })

  it('refuses to drive its sessions once closed, rather than act on a stopped server', async () => {
    const s = await startStandinServer()
    await s.close()
    expect(() => s.use('enfinitos:rate-limited')).toThrow(/closed/)
    expect(() => s.session('job-1').reset()).toThrow(/closed/)
  })

  it('close() stops listening, and a second close() is harmless', async () => {
    const server = await startStandinServer()
    const { url } = server
    expect((await fetch(`${url}/__standin/health`)).status).toBe(200)
    await server.close()
    await server.close()
    await expect(fetch(`${url}/__standin/health`)).rejects.toThrow()
  })

  it('is the package entry point standin/server, apart from standin (node:http stays out of the main entry)', () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'))
    expect(pkg.exports['./server']).toEqual({
      types: './dist/mocks/start-server.d.ts',
      import: './dist/mocks/start-server.js',
    })
    const index = readFileSync(join(packageRoot(), 'mocks/index.ts'), 'utf8')
    expect(index).not.toMatch(/start-server|server\.js/)
  })
})
