// standin and Stoplight Prism agree on which requests to accept and which to reject, case by case over the corpus
// in test/helpers/corpus.ts. Each case goes to standin directly and to Prism's validating proxy in front of standin
// (`prism proxy --errors`). "Reject" means a 4xx. For Prism, what counts is Prism's OWN verdict: a request Prism lets
// through is forwarded to standin (it shows up in standin's journal), one it rejects never reaches standin.
// Where they legitimately differ, the case is named below with the reason.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prismOwnError, type RunningPrismProxy, startPrismProxy } from '../mocks/check/prism-proxy.js'
import { packageRoot } from '../mocks/core/contract.js'
import { type RunningServer, startServer } from '../mocks/server.js'
import { CORPUS, type CorpusContext, type CorpusRequest, prepareCorpusContext } from './helpers/corpus.js'
import { createEngine } from './helpers/engine.js'

/** The cases where standin and Prism legitimately disagree, and why. */
const LEGIT_DIFFERENCES: Record<string, string> = {
  // standin accepts, Prism rejects
  'enfinitos: rights with "bearer" in lower case':
    'auth schemes are case-insensitive (RFC 7235 section 2.1); Prism 5.14 compares "Bearer" case-sensitively and answers 401',
  'enfinitos: rights at /v1/rights/':
    "Prism matches /v1/rights/ to /v1/rights/{rightId} with an empty id (422, rightid required); standin's router ignores a trailing slash and lists rights",
  // standin rejects, Prism accepts
  'enfinitos: rights from cursor 1e2':
    'Prism coerces query strings with Number() (1e2 = 100, 0x10 = 16) before validating; standin reads an integer query value as decimal digits only',
  'enfinitos: basis effective at a leap second':
    "RFC 3339 (and the date-time format) allow 23:59:60; standin's inferred rule rejects a request timestamp toISOString() cannot represent (docs/inferred.md, more preconditions), which is semantic, not in the schema",
  'enfinitos: delivery with telemetry nested 70 deep':
    "standin's own input limit (JSON nested deeper than 64 levels is refused before validation, README: limits on what a client can send); the schema has no depth limit, telemetry is an open object",
  'enfinitos: right ending before it starts':
    'effectiveUntil must not predate effectiveFrom: a rule across two fields, stated in the description (as the provider documents it), not expressible in the schema; standin enforces it, Prism cannot',
  'enfinitos: rights with a bearer that is not an API key':
    'Prism checks only that a bearer token is present (securitySchemes say nothing of its content); which keys exist (sk_live_/sk_sandbox_/sk_test_, one role each) is the provider behaviour standin models',
  'enfinitos: webhook on http://':
    "EnfinitOS delivers to HTTPS only, but standin sends webhooks for real and accepts http:// for a loopback receiver (or a host named with --webhook-allow-http): a rule on the URL's host, so the spec's pattern admits http:// and standin's behaviour refuses it for other hosts (docs/webhooks.md)",
  'dedit: active subscription with a forged token':
    "Prism checks only that a bearer token is present; standin verifies the JWT's HS256 signature and lifetime as Dedit does",
}

type Verdict = 'accept' | 'reject'

interface Sent {
  status: number
  headers: Record<string, string>
  text: string
}

let server: RunningServer
let proxies: RunningPrismProxy[] = []
const prismUrl: Record<string, string> = {}
let ctx: CorpusContext
let contextClock: string
/** The instant the context's Dedit login was handled at. */
let loginClock: string

async function send(base: string, req: CorpusRequest, session: string): Promise<Sent> {
  // Each case gets its own session (a fresh seeded world), at the instant the context was read. A Dedit token works
  // only in the session that issued it (issue 11): the case's session logs in at the instant the context did, which
  // issues it the very same token (same seed, user and iat), then forgets that exchange.
  const own = server.session(session)
  if (req.path.startsWith('/api/v2/')) {
    own.clock.set(loginClock)
    await fetch(`${server.url}/api/v2/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-standin-session': session },
      body: JSON.stringify({ apiKey: 'dk_test_corpus' }),
    })
    own.journal.clear()
  }
  own.clock.set(contextClock)
  const res = await fetch(`${base}${req.path}`, {
    method: req.method,
    headers: { ...req.headers, 'x-standin-session': session },
    ...(req.bodyText === undefined ? {} : { body: req.bodyText }),
  })
  const headers: Record<string, string> = {}
  res.headers.forEach((v, k) => {
    headers[k] = v
  })
  return { status: res.status, headers, text: await res.text() }
}

const verdict = (status: number): Verdict => (status >= 400 && status < 500 ? 'reject' : 'accept')

beforeAll(async () => {
  // 'report': standin answers even outside the contract, so that Prism's response check would see it.
  const engine = createEngine({ validateResponses: 'report' })
  server = await startServer(engine, {
    host: '127.0.0.1',
    port: 0,
    cors: false,
    session: { seed: 1, clock: '2026-04-01T12:00:00.000Z' },
  })
  proxies = await Promise.all(
    (['enfinitos', 'dedit'] as const).map((p) =>
      startPrismProxy({ spec: join(packageRoot(), 'openapi', `${p}.yaml`), upstream: server.url }),
    ),
  )
  prismUrl.enfinitos = proxies[0]?.url as string
  prismUrl.dedit = proxies[1]?.url as string
  const contextSession = 'corpus-context'
  ctx = await prepareCorpusContext(async (req) => {
    if (req.path === '/api/v2/auth/login') loginClock = server.session(contextSession).clock.iso()
    const res = await fetch(`${server.url}${req.path}`, {
      method: req.method,
      headers: { ...req.headers, 'x-standin-session': contextSession },
      ...(req.bodyText === undefined ? {} : { body: req.bodyText }),
    })
    return { status: res.status, body: await res.json() }
  })
  contextClock = server.session(contextSession).clock.iso()
}, 120_000)

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()))
  await server?.close()
})

describe('the corpus', () => {
  it('has about forty cases over both providers, valid and invalid, each named once', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40)
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length)
    for (const provider of ['enfinitos', 'dedit'])
      for (const expect_ of ['accept', 'reject'])
        expect(CORPUS.filter((c) => c.provider === provider && c.expect === expect_).length).toBeGreaterThan(3)
  })

  it('names only real cases among the legitimate differences', () => {
    const names = new Set(CORPUS.map((c) => c.name))
    expect(Object.keys(LEGIT_DIFFERENCES).filter((n) => !names.has(n))).toEqual([])
  })
})

describe('standin and Prism agree on accept/reject', () => {
  it.each(CORPUS.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const req = c.request(ctx)
    const direct = await send(server.url, req, `corpus-${i}-direct`)
    const viaPrism = await send(prismUrl[c.provider] as string, req, `corpus-${i}-prism`)
    const forwarded = (server.sessions.get(`corpus-${i}-prism`)?.journal.list().length ?? 0) > 0

    // standin: exactly what the case says (and never a 5xx)
    expect(direct.status, `${c.about}: ${direct.text.slice(0, 300)}`).toBeLessThan(500)
    expect(verdict(direct.status), `${c.about}: standin answered ${direct.status} ${direct.text.slice(0, 300)}`).toBe(
      c.expect,
    )

    // Prism: its own verdict. A rejection is Prism's own 4xx (the request never reached standin).
    const prism: Verdict = forwarded ? 'accept' : verdict(viaPrism.status)
    if (!forwarded) {
      expect(viaPrism.status, viaPrism.text.slice(0, 300)).toBeLessThan(500)
      // Prism's rejections are its own answers (problem+json), or its body parser's 400 for a body that is not JSON
      if (!prismOwnError({ headers: viaPrism.headers, bodyText: viaPrism.text }))
        expect(viaPrism.text).toBe('{"error":{"code":"invalid_json","message":"Invalid JSON"}}')
    } else {
      // what Prism forwarded came back from standin, and passed Prism's response validation untouched
      expect(viaPrism.status).toBe(direct.status)
      expect(viaPrism.headers['sl-violations']).toBeUndefined()
    }
    const difference = LEGIT_DIFFERENCES[c.name]
    if (difference) {
      expect(prism, `a legitimate difference (${difference})`).not.toBe(c.expect)
    } else {
      expect(prism, `Prism answered ${viaPrism.status} ${viaPrism.text.slice(0, 300)}`).toBe(c.expect)
    }
  })
})
