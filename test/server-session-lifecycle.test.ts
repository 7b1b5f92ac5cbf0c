// Honest session lifecycle on `standin serve`: a session that is evicted (past --max-sessions), expires (idle past
// --session-ttl) or is reset is reported (the first answer to its id, a log line, an admin event); the default session
// is never dropped; a write over a session's caps is refused in the provider's envelope naming the limit and its flag;
// a rejected request's body is journaled as a bounded summary; the limits are flags.
import { afterEach, describe, expect, it } from 'vitest'
import { UsageError } from '../mocks/cli/args.js'
import { limitFlagsHelp, parseDuration, parseLimitFlags } from '../mocks/cli/limit-flags.js'
import { validateResponse } from '../mocks/core/engine.js'
import { Router } from '../mocks/core/router.js'
import { loadAdminContract } from '../mocks/http/admin.js'
import type { ServerLimits } from '../mocks/http/limits.js'
import { type RunningServer, startServer } from '../mocks/server.js'
import { createEngine } from './helpers/engine.js'
import { dedit, enfinitos } from './helpers/specs.js'

const KEY = 'Bearer sk_test_0123456789abcdef'
// biome-ignore lint/suspicious/noExplicitAny: bodies are read freely
type Json = any

let running: RunningServer | undefined
let logged: Record<string, unknown>[] = []

afterEach(async () => {
  await running?.close()
  running = undefined
  logged = []
})

async function start(limits: Partial<ServerLimits>): Promise<RunningServer> {
  running = await startServer(createEngine(), { port: 0, limits, log: (line) => logged.push(line) })
  return running
}

async function send(method: string, path: string, session?: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: KEY }
  if (session) headers['x-standin-session'] = session
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${running?.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const answer = { status: res.status, headers: res.headers, body: (await res.json()) as Json }
  expectDeclared(method, path, answer)
  return answer
}

/** Every answer, limits and the admin API's events included, is one its spec declares (status, body). */
const CONTRACTS = [
  { prefix: '/__standin/', contract: loadAdminContract() },
  { prefix: '/api/v2/', contract: dedit },
  { prefix: '/v1/', contract: enfinitos },
].map((c) => ({ ...c, router: new Router(c.contract.operations) }))

function expectDeclared(method: string, path: string, answer: { status: number; headers: Headers; body: Json }) {
  const spec = CONTRACTS.find((c) => path.startsWith(c.prefix))
  const route = spec?.router.route(method, path.split('?')[0] as string)
  if (!spec || route?.kind !== 'match') return
  const headers = { 'content-type': answer.headers.get('content-type') ?? '' }
  const violations = validateResponse(spec.contract, route.operation, { ...answer, headers })
  expect(violations, `${method} ${path} -> ${answer.status}`).toEqual([])
}

/** Issues a right in `session` (scope `scope`) on the seeded world's first basis. */
async function issue(session: string | undefined, scope = 'Greater London') {
  const bases = await send('GET', '/v1/rights/bases', session)
  const basisId = bases.body.data.bases[0].id
  return send('POST', '/v1/rights/issue', session, {
    basisId,
    substrate: 'DOOH',
    scope,
    effectiveFrom: '2026-04-01T00:00:00Z',
  })
}

const events = async () => (await send('GET', '/__standin/events')).body.events as Json[]

describe('session eviction past --max-sessions', () => {
  it('tells the evicted session on its next request, once, and logs and lists the eviction', async () => {
    await start({ maxSessions: 3 })
    const right = await issue('job-a')
    expect(right.status).toBe(200)
    const rightId = right.body.data.right.id
    for (const id of ['job-b', 'job-c', 'job-d']) await send('GET', '/v1/rights', id) // job-a is now the LRU one

    const back = await send('GET', `/v1/rights/${rightId}`, 'job-a')
    expect(back.status).toBe(404) // its world is the seeded one again...
    expect(back.headers.get('x-standin-session-recreated')).toBe('evicted') // ...and it is told why
    const again = await send('GET', '/v1/rights', 'job-a')
    expect(again.headers.get('x-standin-session-recreated')).toBeNull() // once

    const evicted = (await events()).filter((e) => e.kind === 'evicted')
    expect(evicted[0]).toMatchObject({ seq: 1, kind: 'evicted', session: 'job-a', reason: 'max-sessions' })
    expect(evicted[0].message).toContain('--max-sessions')
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'session-evicted', session: 'job-a', reason: 'max-sessions' }),
    )
  })

  it('never evicts the default session', async () => {
    await start({ maxSessions: 2 })
    const right = await issue(undefined)
    for (let i = 0; i < 5; i++) await send('GET', '/v1/rights', `job-${i}`)
    const kept = await send('GET', `/v1/rights/${right.body.data.right.id}`)
    expect(kept.status).toBe(200)
    expect(kept.headers.get('x-standin-session-recreated')).toBeNull()
    expect((await events()).map((e) => e.session)).not.toContain('default')
    expect(running?.sessions.size).toBe(2)
  })

  it('lists events after a given seq, and the admin API tells a recreated session too', async () => {
    await start({ maxSessions: 2 })
    for (const id of ['a', 'b', 'c']) await send('GET', '/v1/rights', id)
    const all = await events()
    expect(all.map((e) => [e.kind, e.session])).toEqual([
      ['evicted', 'a'],
      ['evicted', 'b'],
    ])
    expect((await send('GET', `/__standin/events?after=${all[0].seq}`)).body.events).toEqual([all[1]])
    const admin = await send('GET', '/__standin/session', 'a')
    expect(admin.headers.get('x-standin-session-recreated')).toBe('evicted')
  })
})

describe('session expiry past --session-ttl', () => {
  it('expires an idle session, reports it, and tells it on its next request', async () => {
    await start({ sessionTtlMs: 200 })
    await send('GET', '/v1/rights', 'idle-job')
    const deadline = Date.now() + 5000 // the monitor runs once a second
    let expired: Json[] = []
    while (expired.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
      expired = (await events()).filter((e) => e.kind === 'expired')
    }
    expect(expired[0]).toMatchObject({ kind: 'expired', session: 'idle-job', reason: 'ttl' })
    expect(running?.sessions.has('idle-job')).toBe(false)
    expect(running?.sessions.has('default')).toBe(true) // the default session never expires
    const back = await send('GET', '/v1/rights', 'idle-job')
    expect(back.headers.get('x-standin-session-recreated')).toBe('expired')
    expect(logged).toContainEqual(expect.objectContaining({ event: 'session-expired', session: 'idle-job' }))
  })
})

describe('session reset', () => {
  it('is an admin event and a log line', async () => {
    await start({})
    await issue('job-r')
    const reset = await send('POST', '/__standin/session/reset', 'job-r')
    expect(reset.body.usage).toEqual({ records: 0, storedBytes: 0, journalBytes: 0 })
    expect(await events()).toContainEqual(expect.objectContaining({ kind: 'reset', session: 'job-r', reason: 'admin' }))
    expect(logged).toContainEqual(expect.objectContaining({ event: 'session-reset', session: 'job-r' }))
  })
})

describe('per-session caps', () => {
  it('refuses a write past --session-max-records with 507 in the EnfinitOS envelope, naming the limit and flag', async () => {
    await start({ sessionRecords: 2 })
    expect((await issue('capped')).status).toBe(200)
    expect((await issue('capped')).status).toBe(200)
    const refused = await issue('capped')
    expect(refused.status).toBe(507)
    expect(refused.headers.get('x-standin-limit')).toBe('session-records; limit=2; raise=--session-max-records')
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STORAGE' }, contractVersion: 'v1.0' })
    expect(refused.body.error.message).toContain('--session-max-records')
    expect((await send('GET', '/v1/rights', 'capped')).status).toBe(200) // reads still answer
    expect((await issue('other')).status).toBe(200) // other sessions are not affected
    const state = (await send('GET', '/__standin/session', 'capped')).body
    expect(state.usage.records).toBe(2)
    expect(await events()).toContainEqual(
      expect.objectContaining({ kind: 'limit', session: 'capped', reason: 'session-records' }),
    )
  })

  it('refuses a Dedit write past the cap in the Dedit error shape', async () => {
    await start({ sessionRecords: 1 })
    const login = () => send('POST', '/api/v2/auth/login', 'dedit-capped', { apiKey: 'k' })
    expect((await login()).status).toBe(200)
    const refused = await login()
    expect(refused.status).toBe(507)
    expect(refused.body).toMatchObject({ statusCode: 507, error: 'Insufficient Storage' })
    expect(refused.headers.get('x-standin-limit')).toContain('session-records')
  })

  it('refuses a write whose bytes would pass --session-max-stored, before it is stored', async () => {
    await start({ sessionStoredMb: 1 })
    const big = 'x'.repeat(400_000) // counted twice once stored: in the request and in the response
    expect((await issue('heavy', big)).status).toBe(200)
    const refused = await issue('heavy', big)
    expect(refused.status).toBe(507)
    expect(refused.headers.get('x-standin-limit')).toBe('session-bytes; limit=1048576; raise=--session-max-stored')
    const rights = await send('GET', '/v1/rights?limit=100', 'heavy')
    expect(rights.body.data.rights.filter((r: Json) => r.scope === big)).toHaveLength(1) // nothing half-stored
  })
})

describe('rejected requests in the journal', () => {
  it('keep a bounded summary of the body, with its size, never the whole body', async () => {
    await start({})
    const oversized = 'y'.repeat(1024 * 1024 + 10)
    const tooLarge = await send('POST', '/v1/rights/issue', 'rejects', `{"scope":"${oversized}"}`)
    expect(tooLarge.status).toBe(413)
    const invalid = await send('POST', '/v1/rights/issue', 'rejects', { scope: 'z'.repeat(5000) })
    expect(invalid.status).toBe(400)
    const journal = (await send('GET', '/__standin/session/journal', 'rejects')).body.entries as Json[]
    const [first, second] = journal
    expect(first.response.status).toBe(413)
    expect(first.request.truncated).toEqual({ size: oversized.length + 12, kept: 1024 })
    expect(first.request.body).toHaveLength(1024)
    expect(second.request.truncated.kept).toBe(1024)
    expect(second.request.body.length).toBe(1024)
    const state = (await send('GET', '/__standin/session', 'rejects')).body
    expect(state.usage.journalBytes).toBeLessThan(10_000)
  })
})

describe('limit flags', () => {
  it('parses every limit flag, durations with units', () => {
    expect(
      parseLimitFlags({
        'max-memory': '256',
        'max-sessions': '50',
        'session-ttl': '90s',
        'session-max-records': '100',
        'session-max-stored': '8',
        'session-journal': '2',
      }),
    ).toEqual({
      maxMemoryMb: 256,
      maxSessions: 50,
      sessionTtlMs: 90_000,
      sessionRecords: 100,
      sessionStoredMb: 8,
      sessionJournalMb: 2,
    })
    expect(parseDuration('session-ttl', '30m')).toBe(1_800_000)
    expect(parseDuration('session-ttl', '2h')).toBe(7_200_000)
    expect(parseDuration('session-ttl', '0')).toBe(0)
  })

  it('refuses bad values as usage errors naming the flag', () => {
    expect(() => parseLimitFlags({ 'max-sessions': '0' })).toThrow(UsageError)
    expect(() => parseLimitFlags({ 'max-memory': 'lots' })).toThrow(/--max-memory/)
    expect(() => parseLimitFlags({ 'session-ttl': '5 minutes' })).toThrow(/--session-ttl/)
  })

  it('lists every limit flag with its default in the help', () => {
    const help = limitFlagsHelp()
    for (const flag of [
      '--max-memory',
      '--max-sessions',
      '--session-ttl',
      '--session-max-records',
      '--session-max-stored',
      '--session-journal',
    ])
      expect(help).toContain(flag)
    expect(help).toContain('(default 1000)')
  })
})
