// The admin API under /__standin/ through the real CLI: every endpoint and its errors. Every answer of a documented
// operation is checked against openapi/standin-admin.yaml, and every error against its AdminError schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateResponse } from '../mocks/core/engine.js'
import { Router } from '../mocks/core/router.js'
import { loadAdminContract } from '../mocks/http/admin.js'
import { type RunningCli, startCli } from './helpers/cli.js'

const START = '2026-04-01T12:00:00.000Z'
const STARTUP = 'enfinitos:runtime-keys.known-answer-key'
const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }
const admin = loadAdminContract()
const router = new Router(admin.operations)
let cli: RunningCli

beforeAll(async () => {
  cli = await startCli(['--seed', '7', '--clock', START, '--scenario', STARTUP, '--log', 'silent'])
})
afterAll(async () => {
  await cli?.stop()
})

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; they are validated against the spec
type Json = any
interface Answer {
  status: number
  headers: Headers
  body: Json
}

/** Calls the admin API and checks the answer against the admin spec before handing it back. */
async function call(
  method: string,
  path: string,
  options: { session?: string; body?: unknown; bodyText?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.session) headers['x-standin-session'] = options.session
  const bodyText = options.bodyText ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
  if (bodyText !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
  const res = await fetch(`${cli.url}${path}`, {
    method,
    headers,
    ...(bodyText === undefined ? {} : { body: bodyText }),
  })
  const text = await res.text()
  const body = text ? JSON.parse(text) : undefined
  const route = router.route(method, path.split('?')[0] as string)
  if (route.kind === 'match') {
    const violations = validateResponse(admin, route.operation, {
      status: res.status,
      headers: { 'content-type': res.headers.get('content-type') ?? '' },
      body,
    })
    expect(violations, `${method} ${path} -> ${res.status} ${text}`).toEqual([])
  } else {
    expect(admin.validate('/components/schemas/AdminError', body), text).toEqual([])
  }
  return { status: res.status, headers: res.headers, body }
}

const mock = (path: string, session?: string) =>
  fetch(`${cli.url}${path}`, { headers: { ...KEY, ...(session ? { 'x-standin-session': session } : {}) } })

describe('server', () => {
  it('GET /__standin/health', async () => {
    const res = await call('GET', '/__standin/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      ok: true,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      providers: ['enfinitos', 'dedit'],
    })
  })

  it('GET /__standin/sessions lists every session with its state', async () => {
    await mock('/v1/rights', 'listed')
    const res = await call('GET', '/__standin/sessions')
    expect(res.status).toBe(200)
    const listed = res.body.sessions.find((s: Json) => s.id === 'listed')
    expect(listed).toEqual({
      id: 'listed',
      seed: '7',
      clock: '2026-04-01T12:00:01.000Z',
      clockMode: 'fixed',
      startClock: START,
      activeScenarios: [STARTUP],
      startupScenarios: [STARTUP],
      journalSize: 1,
      usage: { records: 0, storedBytes: 0, journalBytes: expect.any(Number) },
    })
    expect(res.body.sessions.map((s: Json) => s.id)).toContain('default')
  })

  it('answers an unknown admin path with 404 and a wrong method with 405 and Allow', async () => {
    const missing = await call('GET', '/__standin/nope')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('NOT_FOUND')
    const wrong = await call('DELETE', '/__standin/health')
    expect(wrong.status).toBe(405)
    expect(wrong.body.error.code).toBe('METHOD_NOT_ALLOWED')
    expect(wrong.headers.get('allow')).toBe('GET')
  })
})

describe('scenario catalogue', () => {
  it('GET /__standin/scenarios lists both providers with descriptions', async () => {
    const res = await call('GET', '/__standin/scenarios')
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(res.body.scenarios.length)
    expect(res.body.scenarios.find((s: Json) => s.name === 'enfinitos:rights.issue.basis-not-found')).toEqual({
      name: 'enfinitos:rights.issue.basis-not-found',
      provider: 'enfinitos',
      description: expect.stringContaining('404'),
      operations: ['issueRight'],
      emptyWorld: false,
    })
    expect(new Set(res.body.scenarios.map((s: Json) => s.provider))).toEqual(new Set(['enfinitos', 'dedit']))
  })

  it('filters by provider, and refuses an unknown one', async () => {
    const dedit = await call('GET', '/__standin/scenarios?provider=dedit')
    expect(dedit.body.scenarios.length).toBeGreaterThan(5)
    expect(dedit.body.scenarios.every((s: Json) => s.provider === 'dedit')).toBe(true)
    const bad = await call('GET', '/__standin/scenarios?provider=stripe')
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '/query/provider' }] })
  })
})

describe("a session's scenarios", () => {
  const S = 'scenarios'

  it('GET shows the start-up scenarios; PUT replaces; POST adds; DELETE clears', async () => {
    expect((await call('GET', '/__standin/session/scenarios', { session: S })).body).toEqual({
      session: S,
      active: [STARTUP],
    })

    const put = await call('PUT', '/__standin/session/scenarios', {
      session: S,
      body: { scenarios: ['enfinitos:rate-limited'] },
    })
    expect(put.body).toEqual({ session: S, active: ['enfinitos:rate-limited'] })
    expect((await mock('/v1/rights', S)).status).toBe(429)

    const added = await call('POST', '/__standin/session/scenarios', {
      session: S,
      body: { scenarios: ['dedit:auth.login-rejected', 'enfinitos:rate-limited'] },
    })
    expect(added.body.active).toEqual(['enfinitos:rate-limited', 'dedit:auth.login-rejected'])

    const cleared = await call('DELETE', '/__standin/session/scenarios', { session: S })
    expect(cleared.body).toEqual({ session: S, active: [] })
    expect((await mock('/v1/rights', S)).status).toBe(200)
  })

  it('an unknown name is a 400 with the close matches, and changes nothing', async () => {
    await call('PUT', '/__standin/session/scenarios', { session: S, body: { scenarios: ['enfinitos:unavailable'] } })
    const res = await call('PUT', '/__standin/session/scenarios', {
      session: S,
      body: { scenarios: ['enfinitos:internal-error', 'enfinitos:rate-limitd'] },
    })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      code: 'UNKNOWN_SCENARIO',
      message: expect.stringContaining('did you mean "enfinitos:rate-limited"'),
      details: [{ path: '/body/scenarios/1', message: 'unknown scenario "enfinitos:rate-limitd"' }],
      closeMatches: expect.arrayContaining(['enfinitos:rate-limited']),
    })
    const post = await call('POST', '/__standin/session/scenarios', { session: S, body: { scenarios: ['nope'] } })
    expect(post.status).toBe(400)
    expect((await call('GET', '/__standin/session/scenarios', { session: S })).body.active).toEqual([
      'enfinitos:unavailable',
    ])
  })

  it('refuses a body that breaks the schema, malformed JSON, another content type and an oversized body', async () => {
    const wrongShape = await call('PUT', '/__standin/session/scenarios', {
      session: S,
      body: { scenarios: 'enfinitos:slow' },
    })
    expect(wrongShape.status).toBe(400)
    expect(wrongShape.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '/body/scenarios' }] })
    const extra = await call('PUT', '/__standin/session/scenarios', { session: S, body: { scenarios: [], also: 1 } })
    expect(extra.body.error.details).toEqual([{ path: '/body/also', message: 'is not an allowed property' }])
    const malformed = await call('PUT', '/__standin/session/scenarios', { session: S, bodyText: '{"scenarios": [' })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.code).toBe('MALFORMED_JSON')
    const text = await call('PUT', '/__standin/session/scenarios', {
      session: S,
      bodyText: 'enfinitos:slow',
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.status).toBe(415)
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const big = await call('PUT', '/__standin/session/scenarios', {
      session: S,
      body: { scenarios: ['x'.repeat(2 * 1024 * 1024)] },
    })
    expect(big.status).toBe(413)
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('refuses a session id that is too long', async () => {
    const res = await call('GET', '/__standin/session/scenarios', { session: 's'.repeat(201) })
    expect(res.status).toBe(400)
    expect(res.body.error.details[0].path).toBe('/header/X-Standin-Session')
  })
})

describe("a session's journal", () => {
  const S = 'journal'

  it('GET reads it with filters by provider, operation and status, and a limit', async () => {
    await mock('/v1/rights?limit=1', S)
    await mock('/v1/rights/rgh_0000000000000000', S)
    await fetch(`${cli.url}/api/v2/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-standin-session': S },
      body: JSON.stringify({ apiKey: 'k' }),
    })
    await mock('/v1/rights?limit=2', S)

    const all = await call('GET', '/__standin/session/journal', { session: S })
    expect(all.body.total).toBe(4)
    expect(all.body.entries.map((e: Json) => [e.provider, e.operationId, e.response.status])).toEqual([
      ['enfinitos', 'listRights', 200],
      ['enfinitos', 'getRight', 404],
      ['dedit', 'login', 200],
      ['enfinitos', 'listRights', 200],
    ])
    expect(all.body.entries[0]).toMatchObject({
      seq: 1,
      at: START,
      request: { method: 'GET', path: '/v1/rights', query: { limit: '1' }, body: null },
      scenario: null,
      violations: [],
    })
    const authorization: string = all.body.entries[0].request.headers.authorization
    expect(authorization).toMatch(/^Bearer /)
    expect(authorization).not.toContain('0123456789abcdef') // redacted

    const q = (query: string) => call('GET', `/__standin/session/journal?${query}`, { session: S })
    expect((await q('provider=dedit')).body.entries.map((e: Json) => e.operationId)).toEqual(['login'])
    expect((await q('operation=listRights')).body.total).toBe(2)
    expect((await q('status=404')).body.entries.map((e: Json) => e.operationId)).toEqual(['getRight'])
    const last = await q('operation=listRights&limit=1')
    expect(last.body.total).toBe(2)
    expect(last.body.entries.map((e: Json) => e.request.query)).toEqual([{ limit: '2' }])
  })

  it('refuses bad filters', async () => {
    for (const [query, path] of [
      ['limit=0', '/query/limit'],
      ['limit=many', '/query/limit'],
      ['status=abc', '/query/status'],
      ['provider=stripe', '/query/provider'],
    ]) {
      const res = await call('GET', `/__standin/session/journal?${query}`, { session: S })
      expect(res.status, query).toBe(400)
      expect(res.body.error.details.map((d: Json) => d.path)).toContain(path)
    }
  })

  it('DELETE clears it, and newestSeq then says so to a poller (0, below any seq it saw)', async () => {
    const before = (await call('GET', '/__standin/session/journal', { session: S })).body
    expect(before.newestSeq).toBeGreaterThan(0)
    expect(before.newestSeq).toBe(before.entries.at(-1).seq)
    const res = await call('DELETE', '/__standin/session/journal', { session: S })
    expect(res.status).toBe(204)
    expect((await call('GET', '/__standin/session/journal', { session: S })).body).toEqual({
      session: S,
      total: 0,
      newestSeq: 0,
      entries: [],
    })
  })
})

describe("a session's clock", () => {
  const S = 'clock'

  it('GET reads it, PUT sets it, POST .../advance moves it; mock requests then happen at that time', async () => {
    expect((await call('GET', '/__standin/session/clock', { session: S })).body).toEqual({ session: S, now: START })
    const set = await call('PUT', '/__standin/session/clock', {
      session: S,
      body: { now: '2026-05-01T09:00:00+02:00' },
    })
    expect(set.body).toEqual({ session: S, now: '2026-05-01T07:00:00.000Z' })
    const advanced = await call('POST', '/__standin/session/clock/advance', { session: S, body: { ms: 3_600_000 } })
    expect(advanced.body.now).toBe('2026-05-01T08:00:00.000Z')
    await mock('/v1/rights', S)
    const journal = await call('GET', '/__standin/session/journal', { session: S })
    expect(journal.body.entries[0].at).toBe('2026-05-01T08:00:00.000Z')
  })

  it('refuses a value that is not an instant, and a negative advance', async () => {
    for (const now of ['yesterday', '2026-02-30T00:00:00Z', '2026-04-01', 1775044800000]) {
      const res = await call('PUT', '/__standin/session/clock', { session: S, body: { now } })
      expect(res.status, String(now)).toBe(400)
      expect(res.body.error.details[0].path).toBe('/body/now')
    }
    const back = await call('POST', '/__standin/session/clock/advance', { session: S, body: { ms: -1 } })
    expect(back.status).toBe(400)
    expect(back.body.error.details[0].path).toBe('/body/ms')
    const missing = await call('PUT', '/__standin/session/clock', { session: S, body: {} })
    expect(missing.body.error.details).toEqual([{ path: '/body/now', message: 'is required' }])
  })
})

describe('resetting a session', () => {
  it('GET /__standin/session reads it; POST .../reset brings back the seeded world, start instant and start-up scenarios', async () => {
    const S = 'reset'
    const bases = (await (await mock('/v1/rights/bases', S)).json()).data.total
    await fetch(`${cli.url}/v1/rights/bases`, {
      method: 'POST',
      headers: { ...KEY, 'content-type': 'application/json', 'x-standin-session': S },
      body: JSON.stringify({
        kind: 'CIVIC',
        description: 'Borough bylaw 2026/14',
        effectiveFrom: '2026-01-01T00:00:00Z',
      }),
    })
    await call('PUT', '/__standin/session/scenarios', {
      session: S,
      body: { scenarios: ['dedit:auth.login-rejected'] },
    })
    const before = await call('GET', '/__standin/session', { session: S })
    expect(before.body).toMatchObject({
      id: S,
      clock: '2026-04-01T12:00:02.000Z',
      activeScenarios: ['dedit:auth.login-rejected'],
      journalSize: 2,
    })

    const reset = await call('POST', '/__standin/session/reset', { session: S })
    expect(reset.body).toEqual({
      id: S,
      seed: '7',
      clock: START,
      clockMode: 'fixed',
      startClock: START,
      activeScenarios: [STARTUP],
      startupScenarios: [STARTUP],
      journalSize: 0,
      usage: { records: 0, storedBytes: 0, journalBytes: 0 },
    })
    expect((await (await mock('/v1/rights/bases', S)).json()).data.total).toBe(bases)
  })

  it('without X-Standin-Session, the admin API acts on the default session', async () => {
    const res = await call('GET', '/__standin/session')
    expect(res.body.id).toBe('default')
  })
})
