// Same seed, same clock, same requests -> the same bytes, in-process and over HTTP. A mixed script across both
// providers (every operation, plus errors and every kind of selection) runs against `createStandin().fetch` (the engine
// the MSW handlers use) and against `standin serve` started with the same --seed and --clock; status, body bytes and
// the engine's headers are compared one by one, nothing excluded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStandin } from '../mocks/standin.js'
import { type RunningCli, startCli } from './helpers/cli.js'
import { ENFINITOS_KEY, runScript, type ScriptRequest, toRequest } from './helpers/script.js'

const SEED = '42'
const CLOCK = '2026-04-01T12:00:00.000Z'
let cli: RunningCli

beforeAll(async () => {
  cli = await startCli(['--seed', SEED, '--clock', CLOCK, '--log', 'silent'])
})
afterAll(async () => {
  await cli?.stop()
})

interface Recorded {
  label: string
  status: number
  headers: Record<string, string>
  text: string
}

/** Requests beyond the script: errors in each provider's envelope and every per-request selection mechanism. */
const EXTRAS: ScriptRequest[] = (() => {
  const enf = { authorization: `Bearer ${ENFINITOS_KEY}` }
  const json = { ...enf, 'content-type': 'application/json' }
  const e = (
    operationId: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): ScriptRequest => ({
    provider: 'enfinitos',
    operationId,
    method,
    path,
    headers,
    ...(body === undefined ? {} : { body }),
  })
  return [
    e('issueRight', 'POST', '/v1/rights/issue', json, { basisId: 'nope', substrate: 'TV', extra: true }),
    e('listRights', 'GET', '/v1/rights?limit=0', enf),
    e('listRights', 'GET', '/v1/rights', {}),
    e('listRights', 'DELETE', '/v1/rights', enf),
    e('none', 'GET', '/v1/no-such-thing', enf),
    e('listRights', 'GET', '/v1/rights', { ...enf, prefer: 'scenario=enfinitos:rate-limited' }),
    e('listRights', 'GET', '/v1/rights', { ...enf, 'x-standin-scenario': 'enfinitos:flaky-then-ok' }),
    e('listRights', 'GET', '/v1/rights', { ...enf, 'x-standin-scenario': 'enfinitos:flaky-then-ok' }),
    e('listRights', 'GET', '/v1/rights?limit=3', { ...enf, 'x-standin-scenario': 'enfinitos:flaky-then-ok' }),
    e('getRight', 'GET', '/v1/rights/rgh_0000000000000000', { ...enf, prefer: 'code=404' }),
    e('getRuntimeKeys', 'GET', '/v1/runtime-keys', { prefer: 'example=directory' }),
    e('listBases', 'GET', '/v1/rights/bases', { ...enf, prefer: 'dynamic=true' }),
    e('listBases', 'GET', '/v1/rights/bases', { ...enf, prefer: 'scenario=enfinitos:rate-limitd' }),
    {
      provider: 'dedit',
      operationId: 'login',
      method: 'POST',
      path: '/api/v2/auth/login',
      headers: { 'content-type': 'application/json' },
      body: { apiKey: '' },
    },
    {
      provider: 'dedit',
      operationId: 'getActiveSubscription',
      method: 'GET',
      path: '/api/v2/payment/subscription/active',
      headers: { authorization: 'Bearer not.a.jwt' },
    },
    {
      provider: 'dedit',
      operationId: 'login',
      method: 'POST',
      path: '/api/v2/auth/login',
      headers: { 'content-type': 'application/json', 'x-standin-scenario': 'dedit:auth.login-rejected' },
      body: { apiKey: 'k' },
    },
  ]
})()

/** Runs the script and the extras with `send`, recording every answer. */
async function record(fetchFn: (r: Request) => Promise<Response>, origin: string): Promise<Recorded[]> {
  const out: Recorded[] = []
  const send = async (req: ScriptRequest) => {
    const res = await fetchFn(toRequest(origin, req))
    const text = await res.text()
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => {
      headers[k] = v
    })
    out.push({ label: `${req.method} ${req.path} (${req.operationId})`, status: res.status, headers, text })
    return { status: res.status, body: text ? JSON.parse(text) : null, text }
  }
  await runScript(send)
  for (const req of EXTRAS) await send(req)
  return out
}

describe('MSW/HTTP byte parity', () => {
  it('answers the same mixed script with the same statuses, bodies and headers', async () => {
    const standin = createStandin({ seed: SEED, clock: CLOCK })
    const inProcess = await record((r) => standin.fetch(r), 'http://standin.local')
    const overHttp = await record((r) => fetch(r), cli.url)

    expect(inProcess.length).toBeGreaterThanOrEqual(30)
    expect(overHttp.map((r) => r.label)).toEqual(inProcess.map((r) => r.label))
    const providers = new Set(inProcess.map((r) => r.label.split(' ')[1]?.split('/')[1]))
    expect(providers).toEqual(new Set(['v1', 'api']))
    expect(new Set(inProcess.map((r) => r.status)).size).toBeGreaterThan(5) // errors too, not only 200s
    for (const [i, a] of inProcess.entries()) {
      const b = overHttp[i] as Recorded
      expect(b.status, a.label).toBe(a.status)
      expect(Buffer.from(b.text).equals(Buffer.from(a.text)), `${a.label}\n${a.text}\n${b.text}`).toBe(true)
      // every header the engine set (the in-process response has nothing else) arrives unchanged over HTTP
      expect(a.headers['content-type'], `${a.label}: the engine's content-type`).toMatch(/^application\/json/)
      for (const [name, value] of Object.entries(a.headers)) expect(b.headers[name], `${a.label}: ${name}`).toBe(value)
    }
    // and both sides end at the same instant: one tick per request
    expect(standin.clock.now()).toBe((await (await fetch(`${cli.url}/__standin/session/clock`)).json()).now)
  })
})
