// `standin verify` against a deliberately drifted provider: a small node:http double that answers with standin's own
// engine, then alters some answers (a renamed field, an undocumented status, a dropped envelope, an inferred field
// changed, a different error shape). verify must report exactly those findings, each classified documented or
// inferred, and exit accordingly. Also: retries with Retry-After, timeouts, and the token never printed.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { checkResponse, schemaLocationInferred } from '../mocks/check/findings.js'
import type { MockRequest } from '../mocks/core/types.js'
import { verifyCommand } from '../mocks/verify/command.js'
import { retryWait } from '../mocks/verify/http.js'
import { runProbes } from '../mocks/verify/run.js'
import { createEngine } from './helpers/engine.js'
import { dedit, enfinitos } from './helpers/specs.js'

const TOKEN = 'sk_test_drift0123456789abcdef'

interface Answer {
  status: number
  headers: Record<string, string>
  // biome-ignore lint/suspicious/noExplicitAny: the double edits bodies freely
  body: any
}

type Alter = (operationId: string | null, answer: Answer, req: MockRequest) => Answer | 'hang'

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    req.on('data', (d) => {
      text += d
    })
    req.on('end', () => resolve(text))
  })
}

/** A provider double: standin's engine answers, `alter` changes the answer (or hangs). */
async function startDouble(alter: Alter): Promise<string> {
  const engine = createEngine()
  const session = engine.createSession('double', { seed: 1, clock: '2026-04-01T12:00:00.000Z' })
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://double')
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
    const mock: MockRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      headers,
      bodyText: await readBody(req),
    }
    const final = await engine.handle(mock, session)
    const operationId = session.journal.list().at(-1)?.operationId ?? null
    // a copy of the bytes standin sent: the world's own objects stay untouched
    const body = final.bodyText ? JSON.parse(final.bodyText) : undefined
    const answer = alter(operationId, { status: final.status, headers: final.headers, body }, mock)
    if (answer === 'hang') return
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body)
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(text) })
    res.end(text)
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** The drift: what a provider might really do one day. */
const drifted: Alter = (operationId, a) => {
  if (operationId === 'listBases') return { ...a, body: a.body.data } // the envelope dropped
  if (operationId === 'getRight' && a.status === 200) {
    const right = a.body.data.right
    right.area = right.scope // a documented field renamed
    delete right.scope
    right.status = 'LIVE' // an inferred field with a value we did not guess
    return a
  }
  if (operationId === 'listProofPacks') return { ...a, status: 206 } // an undocumented status
  return a
}

/** The same drift, plus an error code that echoes the credentials: verify must not print them. */
const echoing: Alter = (operationId, a, req) => {
  if (operationId === 'getRight' && a.status === 404) a.body.error.code = `NOT_FOUND ${req.headers.authorization}`
  return drifted(operationId, a, req)
}

const summary = (f: { operationId: string; status: number; kind: string; path: string; basis: string }) =>
  `${f.basis} ${f.operationId} ${f.status} ${f.kind} ${f.path}`

describe('standin verify against a drifted provider', () => {
  it('reports exactly the drift, documented apart from inferred, and exits 1', async () => {
    const url = await startDouble(drifted)
    const report = await runProbes({ provider: 'enfinitos', baseUrl: url, token: TOKEN })
    expect(report.findings.map(summary)).toEqual([
      'documented listBases 200 envelope /',
      'documented getRight 200 body /data/right/scope',
      'documented getRight 200 body /data/right/area',
      'inferred getRight 200 body /data/right/status',
      'documented listProofPacks 206 status /',
    ])
    expect(report.findings.map((f) => `${f.path}: ${f.message} (expected ${f.expected}, found ${f.found})`)).toEqual([
      '/: the body is not in the EnfinitOS success envelope (missing ok, data, contractVersion) (expected {ok: true, data, contractVersion}, found keys bases, total)',
      '/data/right/scope: is required (expected present, found missing)',
      '/data/right/area: is not an allowed property (expected no such property (the object is closed), found "London Bridge station: seasonal campaign screens")',
      '/data/right/status: must be one of "ACTIVE", "SUSPENDED", "REVOKED", "EXPIRED", "WITHDRAWN" (expected one of "ACTIVE", "SUSPENDED", "REVOKED", "EXPIRED", "WITHDRAWN", found "LIVE")',
      '/: status 206 is not declared for listProofPacks (expected one of 200, 400, 401, 429, 500, 503, found 206)',
    ])
    const status = report.findings.find((f) => f.path === '/data/right/status')
    expect(status?.inferredBecause).toBe(
      'documented as a list filter, not in the returned fields (docs/inferred.md, entity status fields)',
    )
    expect(report.probes.find((p) => p.operationId === 'getRight' && p.status === 200)?.outcome).toBe('drift')
    expect(report.exitCode).toBe(1)
  })

  it('exits 3 when the provider differs only from inferred parts (Dedit error shape and refusal status)', async () => {
    const url = await startDouble((operationId, a, req) => {
      // Dedit's real errors turn out to be {error, message} without statusCode, and a missing token is 403
      if (operationId === 'getSubscription' && a.status === 400)
        return { ...a, body: { error: 'Bad Request', message: 'bad id' } }
      if (operationId === 'getActiveSubscription' && !req.headers.authorization)
        return { ...a, status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'no token' } }
      return a
    })
    const report = await runProbes({ provider: 'dedit', baseUrl: url, token: 'dk_test_inferred_only' })
    expect(report.findings.map(summary)).toEqual([
      'inferred getActiveSubscription 403 status /',
      'inferred getActiveSubscription 403 expectation /',
      'inferred getSubscription 400 envelope /',
    ])
    expect(report.findings[0]?.inferredBecause).toMatch(
      /^getActiveSubscription's error statuses are inferred \(the 4\d\d response is inferred: The Errors page is not public/,
    )
    expect(report.exitCode).toBe(3)
  })

  it('prints the findings, with the JSON path, expected and found, and never the token', async () => {
    const url = await startDouble(echoing)
    const out: string[] = []
    const code = await verifyCommand(['--provider', 'enfinitos', '--base-url', url, '--token', TOKEN], {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
    })
    expect(code).toBe(1)
    const text = out.join('\n')
    expect(text).toContain('findings: 4 documented, 3 inferred')
    expect(text).toContain('  DOCUMENTED getRight 200 /data/right/scope: is required (expected present, found missing)')
    expect(text).toContain('  INFERRED   getRight 200 /data/right/status: must be one of')
    expect(text).toContain('             inferred: documented as a list filter, not in the returned fields')
    expect(text).toMatch(/unknown right +getRight +404 +inferred 2/)
    expect(text).toContain('found "NOT_FOUND Bearer ****")')
    expect(text).toMatch(/exit 1: drift: the provider breaks DOCUMENTED parts of the contract/)
    const json: string[] = []
    const progress: string[] = []
    await verifyCommand(['--provider', 'enfinitos', '--base-url', url, '--token', TOKEN, '--json'], {
      out: (t) => json.push(t),
      err: (t) => progress.push(t), // the progress lines: stdout keeps the JSON alone
    })
    for (const output of [text, json.join(''), progress.join('\n')]) expect(output).not.toContain(TOKEN)
    expect(JSON.parse(json.join('')).findings.map((f: { found?: string }) => f.found)).toContain(
      '"NOT_FOUND Bearer ****"',
    )
  })
})

describe('retries, timeouts', () => {
  it('retries a 503 with Retry-After, waiting what the provider asks (bounded), then goes on', async () => {
    let refusals = 2
    const url = await startDouble((operationId, a) => {
      if (operationId === 'getRuntimeKeys' && refusals-- > 0) {
        return {
          status: 503,
          headers: { 'retry-after': '7' },
          body: {
            ok: false,
            error: { code: 'UNAVAILABLE', message: 'maintenance', details: [] },
            contractVersion: 'v1.0',
          },
        }
      }
      return a
    })
    const waits: number[] = []
    const report = await runProbes({
      provider: 'enfinitos',
      baseUrl: url,
      token: TOKEN,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    expect(waits).toEqual([7000, 7000])
    expect(report.probes[0]).toMatchObject({ operationId: 'getRuntimeKeys', status: 200, attempts: 3, outcome: 'ok' })
    expect(report.exitCode).toBe(0)
    // backoff without Retry-After, and the cap
    expect([1, 2, 3].map((n) => retryWait(n, undefined, 30_000))).toEqual([1000, 2000, 4000])
    expect(retryWait(1, '86400', 30_000)).toBe(30_000)
  })

  it('gives up after the retries: the probe is incomplete (exit 4)', async () => {
    const url = await startDouble((operationId, a) =>
      operationId === 'listBases'
        ? {
            status: 429,
            headers: { 'retry-after': '30' },
            body: {
              ok: false,
              error: { code: 'RATE_LIMITED', message: 'slow down', details: [] },
              contractVersion: 'v1.0',
            },
          }
        : a,
    )
    const report = await runProbes({
      provider: 'enfinitos',
      baseUrl: url,
      token: TOKEN,
      retries: 1,
      sleep: async () => {},
    })
    expect(report.probes.find((p) => p.operationId === 'listBases')).toMatchObject({
      status: 429,
      attempts: 2,
      outcome: 'error',
      note: 'still 429 after 2 attempt(s); the real answer could not be observed',
    })
    expect(report.exitCode).toBe(4)
  })

  it('times out a request that gets no answer: the probe is incomplete (exit 4)', async () => {
    const url = await startDouble((operationId, a) => (operationId === 'listChallenges' ? 'hang' : a))
    const report = await runProbes({ provider: 'enfinitos', baseUrl: url, token: TOKEN, timeoutMs: 300 })
    expect(report.probes.find((p) => p.operationId === 'listChallenges')).toMatchObject({
      status: 0,
      outcome: 'error',
      note: 'no answer within 300 ms (--timeout)',
    })
    expect(report.findings).toEqual([])
    expect(report.exitCode).toBe(4)
  })
})

describe('documented or inferred', () => {
  it('follows x-standin-inferred along the schema location, and inferred responses', () => {
    const getRight = enfinitos.operation('getRight')
    const pointer = getRight.responses.find((r) => r.status === '200')?.schemaPointer as string
    expect(schemaLocationInferred(enfinitos.document, pointer, '/data/right/status')).toMatch(/list filter/)
    expect(schemaLocationInferred(enfinitos.document, pointer, '/data/right/scope')).toBeNull()
    expect(
      schemaLocationInferred(enfinitos.document, pointer, '/data/right/id', '#/components/schemas/OrgId/pattern'),
    ).toMatch(/org_/)
    // every Dedit error response is inferred, so is everything in it
    const login = dedit.operation('login')
    const [finding] = checkResponse(dedit, login, {
      status: 401,
      headers: { 'content-type': 'application/json' },
      bodyText: JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'x', extra: true }),
    })
    expect(finding).toMatchObject({ basis: 'inferred', path: '/extra', kind: 'body' })
  })
})
