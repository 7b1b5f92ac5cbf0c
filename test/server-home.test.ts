// What `standin serve` answers beside the mocks, for people and their tools: the dashboard's page (`/`) and files, the
// favicon (never journaled), index pages at the URLs the start-up banner prints (`/v1`, `/api/v2`, `/__standin/`: JSON
// for API clients, HTML for a browser), specs shown rather than downloaded in a browser, one 404 shape of standin's
// own, the journal as Server-Sent Events and the proof-pack audit. The page itself is driven in test/dashboard-views.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escapeHtml, renderHomePage } from '../mocks/http/home-page.js'
import { createProviders } from '../mocks/providers.js'
import { type RunningCli, rawRequest, startCli } from './helpers/cli.js'

const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }
let cli: RunningCli

beforeAll(async () => {
  cli = await startCli(['--seed', '7', '--clock', '2026-04-01T12:00:00.000Z', '--log', 'silent'])
})
afterAll(async () => {
  await cli?.stop()
})

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${cli.url}${path}`, { headers })

describe('GET / (the dashboard)', () => {
  it('is an HTML page with a strict content security policy that loads only its own files', async () => {
    const res = await get('/')
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const csp = res.headers.get('content-security-policy') ?? ''
    for (const rule of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(rule)
    }
    expect(csp).not.toContain('unsafe-inline')
    expect(html).toMatch(/^<!doctype html>/)
    const sources = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1] as string)
    expect(sources.every((s) => s.startsWith('/'))).toBe(true)
    for (const s of new Set(sources)) expect((await get(s)).status, s).toBe(200)
  })

  it('serves its script and stylesheet with an ETag, 304 when unchanged', async () => {
    const js = await get('/__dashboard/app.js')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toContain('views.journal')
    const etag = js.headers.get('etag') as string
    const again = await rawRequest(`${cli.url}/__dashboard/app.js`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
  })

  it('answers HEAD without a body', async () => {
    const head = await rawRequest(`${cli.url}/`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
  })

  it('escapes what it puts into the HTML and the config script', () => {
    const page = renderHomePage({
      version: '1.0.0<i>',
      baseUrl: 'http://127.0.0.1:4010"><script>',
      providers: createProviders(['enfinitos']),
      startupScenarios: ['</script><script>alert(1)</script>'],
      seed: '<7>',
    })
    expect(page).not.toMatch(/<i>|<7>|alert\(1\)<\/script>/)
    expect(page).toContain(escapeHtml('1.0.0<i>'))
    expect(page).toContain('\\u003c/script\\u003e')
  })
})

describe('the favicon', () => {
  it('is served as SVG and never lands in the journal', async () => {
    const before = (await (await get('/__standin/session/journal', { 'x-standin-session': 'fav' })).json()).total
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const res = await get(path, { 'x-standin-session': 'fav' })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/svg+xml')
      expect(await res.text()).toMatch(/^<svg /)
    }
    const after = (await (await get('/__standin/session/journal', { 'x-standin-session': 'fav' })).json()).total
    expect(after).toBe(before)
  })
})

describe('the URLs the start-up banner prints', () => {
  for (const [path, provider] of [
    ['/v1', 'enfinitos'],
    ['/v1/', 'enfinitos'],
    ['/api/v2', 'dedit'],
  ] as const) {
    it(`${path} lists the provider's operations: JSON for an API client, a page for a browser`, async () => {
      const json = await (await get(path)).json()
      const [p] = createProviders([provider])
      expect(json.provider).toBe(provider)
      expect(json.operations).toHaveLength(p?.contract.operations.length ?? -1)
      expect(json.operations[0]).toEqual(
        expect.objectContaining({ method: expect.any(String), path: expect.any(String) }),
      )
      const page = await get(path, HTML)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await page.text()).toContain(escapeHtml(p?.contract.operations[0]?.path ?? '?'))
    })
  }

  it('/__standin/ is the admin index (and /__standin leads there)', async () => {
    const index = await (await get('/__standin/')).json()
    expect(index.providers.map((p: { name: string }) => p.name)).toEqual(['enfinitos', 'dedit'])
    expect(index.endpoints.map((e: { operationId: string }) => e.operationId)).toContain('streamJournal')
    expect(index.webhookEvents).toContain('right.issued')
    const page = await get('/__standin/', HTML)
    expect(await page.text()).toContain('/__standin/session/journal')
    const bare = await rawRequest(`${cli.url}/__standin`)
    expect(bare.status).toBe(308)
    expect(bare.headers.location).toBe('/__standin/')
  })

  it('a spec opens as text in a browser and stays YAML for tools', async () => {
    expect((await get('/openapi/enfinitos.yaml', HTML)).headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect((await get('/openapi/enfinitos.yaml')).headers.get('content-type')).toBe('application/yaml; charset=utf-8')
  })
})

describe("standin's own 404", () => {
  it('has the admin error shape for an unknown admin path and an unknown dashboard file', async () => {
    for (const path of ['/__standin/nothing', '/__dashboard/nothing.js']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(await res.json(), path).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), details: [] } })
    }
  })

  it("leaves a provider's 404 in the provider's envelope", async () => {
    const res = await get('/v1/nothing-here', KEY)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: expect.any(String) } })
  })
})

describe('the journal stream', () => {
  it('sends each new entry as a Server-Sent Event, then ends with the client', async () => {
    const ctl = new AbortController()
    const res = await fetch(`${cli.url}/__standin/session/journal/stream?after=-1`, {
      headers: { 'x-standin-session': 'sse' },
      signal: ctl.signal,
    })
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    await get('/v1/rights?limit=3', { ...KEY, 'x-standin-session': 'sse' })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    for (let i = 0; i < 20 && !text.includes('event: entry'); i++)
      text += new TextDecoder().decode((await reader.read()).value)
    ctl.abort()
    const data = /event: entry\ndata: (.*)\n/.exec(text)?.[1] as string
    expect(JSON.parse(data)).toMatchObject({ seq: 1, operationId: 'listRights', request: { path: '/v1/rights' } })
  })

  it('refuses a malformed Last-Event-ID', async () => {
    const res = await get('/__standin/session/journal/stream', { 'last-event-id': 'x' })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('VALIDATION_FAILED')
  })

  it('polling with ?after= returns only newer entries', async () => {
    const s = { 'x-standin-session': 'poll' }
    await get('/v1/rights?limit=1', { ...KEY, ...s })
    await get('/v1/rights?limit=2', { ...KEY, ...s })
    const newer = await (await get('/__standin/session/journal?after=1', s)).json()
    expect(newer.entries.map((e: { seq: number }) => e.seq)).toEqual([2])
  })
})

describe('the proof-pack audit', () => {
  it('reads the packs through the session API, so a tampered-pack scenario is audited broken where it is broken', async () => {
    const s = { 'x-standin-session': 'audit' }
    expect((await fetch(`${cli.url}/v1/proof-packs/seal`, { method: 'POST', headers: { ...KEY, ...s } })).status).toBe(
      200,
    )
    const clean = await (await get('/__standin/session/proof-packs', s)).json()
    expect(clean.ok).toBe(true)
    expect(clean.packs.length).toBeGreaterThan(0)
    await fetch(`${cli.url}/__standin/session/scenarios`, {
      method: 'PUT',
      headers: { ...s, 'content-type': 'application/json' },
      body: JSON.stringify({ scenarios: ['enfinitos:proof-packs.tampered.after-hash-corrupted'] }),
    })
    const broken = await (await get('/__standin/session/proof-packs', s)).json()
    expect(broken.ok).toBe(false)
    const last = broken.packs.at(-1)
    expect(last.failures).toContain('AFTER_HASH_MISMATCH')
    expect(last.findings.find((f: { code: string }) => f.code === 'AFTER_HASH_MISMATCH')).toMatchObject({
      recordIndex: 0,
    })
  })

  it('leaves no trace in the session it audits: its journal, clock and sequences are as they were', async () => {
    const s = { 'x-standin-session': 'audit-trace' }
    await fetch(`${cli.url}/v1/proof-packs/seal`, { method: 'POST', headers: { ...KEY, ...s } })
    const before = await (await get('/__standin/session', s)).json()
    const entries = (await (await get('/__standin/session/journal', s)).json()).entries.length
    const report = await (await get('/__standin/session/proof-packs', s)).json()
    expect(report.packs.length).toBeGreaterThan(0)
    const after = await (await get('/__standin/session', s)).json()
    expect(after.clock).toEqual(before.clock)
    expect((await (await get('/__standin/session/journal', s)).json()).entries.length).toBe(entries)
  })

  it('says why there is no verdict when the API refuses', async () => {
    const s = { 'x-standin-session': 'audit-429' }
    await fetch(`${cli.url}/__standin/session/scenarios`, {
      method: 'PUT',
      headers: { ...s, 'content-type': 'application/json' },
      body: JSON.stringify({ scenarios: ['enfinitos:rate-limited'] }),
    })
    const report = await (await get('/__standin/session/proof-packs', s)).json()
    expect(report).toMatchObject({ ok: false, packs: [], error: expect.stringContaining('429') })
  })
})
