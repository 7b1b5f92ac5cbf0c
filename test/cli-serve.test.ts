// `standin serve` for real: the CLI is spawned on an ephemeral loopback port and spoken to over HTTP, the way a
// downstream app, a Postman collection or a job in another language would.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NODE_ARGS, type RunningCli, startCli } from './helpers/cli.js'
import { run } from './helpers/run.js'

const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }
let cli: RunningCli

beforeAll(async () => {
  cli = await startCli(['--seed', '7', '--clock', '2026-04-01T12:00:00.000Z', '--log', 'json'])
})
afterAll(async () => {
  await cli?.stop()
})

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${cli.url}${path}`, { headers })

describe('standin serve', () => {
  it('prints the URLs to use, the seed and the active scenarios (one JSON line with --log json)', () => {
    const line = cli
      .output()
      .split('\n')
      .find((l) => l.includes('"event":"listening"')) as string
    const banner = JSON.parse(line)
    expect(banner).toMatchObject({ level: 'info', seed: '7', scenarios: [], url: cli.url })
    expect(banner.message).toBe(`standin ${banner.version} listening on ${cli.url} (seed 7)`)
    expect(banner.providers).toEqual([
      { name: 'enfinitos', url: `${cli.url}/v1`, spec: `${cli.url}/openapi/enfinitos.yaml` },
      { name: 'dedit', url: `${cli.url}/api/v2`, spec: `${cli.url}/openapi/dedit.yaml` },
    ])
    expect(banner.clock).toEqual({ mode: 'fixed', start: '2026-04-01T12:00:00.000Z' })
  })

  it('serves both providers on one port, with realistic data', async () => {
    const keys = await (await get('/v1/runtime-keys')).json()
    expect(keys).toMatchObject({ ok: true, contractVersion: 'v1.0', data: { keys: expect.any(Array) } })
    const rights = await (await get('/v1/rights', KEY)).json()
    expect(rights.data.rights[0].id).toMatch(/^rgh_[0-9a-f]{16}$/)
    const login = await fetch(`${cli.url}/api/v2/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: 'anything' }),
    })
    const { token } = await login.json()
    expect(token.split('.')).toHaveLength(3)
    const sub = await get('/api/v2/payment/subscription/active', { authorization: `Bearer ${token}` })
    expect(sub.status).toBe(200)
    expect((await sub.json()).id).toMatch(/^sub_/)
  })

  it('serves the raw specs', async () => {
    const spec = await get('/openapi/enfinitos.yaml')
    expect(spec.headers.get('content-type')).toContain('yaml')
    expect(await spec.text()).toContain('operationId: issueRight')
  })

  it('selects scenarios per request with Prefer, X-Standin-Scenario and Prism-style code=', async () => {
    const byPrefer = await get('/v1/rights', { ...KEY, prefer: 'scenario=enfinitos:rate-limited' })
    expect(byPrefer.status).toBe(429)
    expect(byPrefer.headers.get('retry-after')).toBe('30')
    const byHeader = await get('/v1/rights', { ...KEY, 'x-standin-scenario': 'enfinitos:unavailable' })
    expect(byHeader.status).toBe(503)
    const byCode = await get('/v1/rights', { ...KEY, prefer: 'code=401' })
    expect(byCode.status).toBe(401)
    expect(await byCode.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
  })

  it('keeps sessions isolated by X-Standin-Session', async () => {
    const body = JSON.stringify({
      kind: 'CIVIC',
      description: 'Borough bylaw 2026/14',
      effectiveFrom: '2026-01-01T00:00:00.000Z',
    })
    const headers = { ...KEY, 'content-type': 'application/json', 'x-standin-session': 'job-a' }
    const created = await fetch(`${cli.url}/v1/rights/bases`, { method: 'POST', headers, body })
    expect(created.status).toBe(200)
    const countIn = async (session: string) =>
      (await (await get('/v1/rights/bases', { ...KEY, 'x-standin-session': session })).json()).data.total
    expect(await countIn('job-a')).toBe((await countIn('job-b')) + 1)
  })

  it('carries out faults on the socket: reset, truncated body, timeout', async () => {
    await expect(get('/v1/rights', { ...KEY, prefer: 'scenario=enfinitos:connection-reset' })).rejects.toThrow()
    const truncated = await get('/v1/rights', { ...KEY, prefer: 'scenario=enfinitos:truncated-body' })
    await expect(truncated.text()).rejects.toThrow()
    // a hung server: the client's own deadline fires first, as it would against a real stalled provider
    const aborted = fetch(`${cli.url}/v1/rights`, {
      headers: { ...KEY, prefer: 'scenario=enfinitos:timeout' },
      signal: AbortSignal.timeout(300),
    })
    await expect(aborted).rejects.toThrow(/timeout|abort/i)
  }, 30_000)

  it('answers bad input in the provider envelope, never a crash', async () => {
    const malformed = await fetch(`${cli.url}/v1/rights/issue`, {
      method: 'POST',
      headers: { ...KEY, 'content-type': 'application/json' },
      body: '{"basisId": ',
    })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ ok: false, error: { code: 'MALFORMED_JSON' } })
    const unknown = await get('/v1/nothing-here', KEY)
    expect(unknown.status).toBe(404)
    const health = await get('/__standin/health')
    expect(await health.json()).toMatchObject({ ok: true })
  })

  it('refuses an oversized body with 413', async () => {
    const big = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${cli.url}/v1/rights/issue`,
        { method: 'POST', headers: { ...KEY, 'content-type': 'application/json' } },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end(JSON.stringify({ scope: 'x'.repeat(2 * 1024 * 1024) }))
    })
    expect(big).toBe(413)
  })
})

const cliUrl = () => cli.url

describe('standin CLI usage errors', () => {
  const cli = (...args: string[]) => run(process.execPath, [...NODE_ARGS, ...args])

  it('exits 2 with a clear message on an unknown provider, scenario, flag or bad value', async () => {
    const provider = await cli('serve', '--provider', 'stripe')
    expect(provider.code).toBe(2)
    expect(provider.stderr).toContain('unknown provider "stripe"')
    const scenario = await cli('serve', '--scenario', 'enfinitos:rate-limitd')
    expect(scenario.code).toBe(2)
    expect(scenario.stderr).toContain('did you mean "enfinitos:rate-limited"')
    const flag = await cli('serve', '--prot', '1')
    expect(flag.code).toBe(2)
    const latency = await cli('serve', '--latency', 'fast')
    expect(latency.code).toBe(2)
    expect(latency.stderr).toContain('--latency must be MS or MIN-MAX')
  })

  it('exits 1 when the port is taken', async () => {
    const port = new URL(cliUrl()).port
    const taken = await cli('serve', '--port', port)
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain(`port ${port} is already in use`)
  })

  it('prints help and version on every command', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['scenarios', '--help']]) {
      const r = await cli(...args)
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('Usage: standin')
    }
    expect((await cli('serve', '--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('lists the scenario catalogue, as text and as JSON', async () => {
    const text = await cli('scenarios', '--provider', 'dedit')
    expect(text.stdout).toContain('dedit:auth.token-expired')
    expect(text.stdout).not.toContain('enfinitos:')
    const json = JSON.parse((await cli('scenarios', '--json')).stdout)
    expect(json.find((s: { name: string }) => s.name === 'enfinitos:rights.issue.basis-not-found')).toMatchObject({
      provider: 'enfinitos',
      description: expect.any(String),
    })
  })
})

describe('standin serve flags', () => {
  it('--provider, --scenario, --no-cors, --latency, --no-validate-responses, --world and --log json', async () => {
    const server = await startCli([
      '--provider',
      'dedit',
      '--scenario',
      'dedit:auth.login-rejected',
      '--no-cors',
      '--latency',
      '1-5',
      '--no-validate-responses',
      '--world',
      'large',
      '--log',
      'json',
    ])
    try {
      const banner = JSON.parse(server.output().split('\n')[0] as string)
      expect(banner.providers.map((p: { url: string }) => p.url)).toEqual([`${server.url}/api/v2`])
      expect(banner.scenarios).toEqual(['dedit:auth.login-rejected'])
      expect(banner.world).toBe('large')
      expect(banner.options).toEqual(['world large', 'latency 1-5 ms', 'response validation off', 'CORS off'])
      // only Dedit is served
      const enfinitos = await fetch(`${server.url}/v1/runtime-keys`)
      expect(enfinitos.status).toBe(404)
      expect((await enfinitos.json()).error.code).toBe('NO_PROVIDER')
      // the start-up scenario is active
      const login = await fetch(`${server.url}/api/v2/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://app.localhost:3000' },
        body: JSON.stringify({ apiKey: 'k' }),
      })
      expect(login.status).toBe(401)
      // no CORS: no headers, and OPTIONS is not answered as a preflight
      expect(login.headers.get('access-control-allow-origin')).toBeNull()
      const preflight = await fetch(`${server.url}/api/v2/auth/login`, {
        method: 'OPTIONS',
        headers: { origin: 'http://app.localhost:3000', 'access-control-request-method': 'POST' },
      })
      expect(preflight.status).toBe(405)
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
      // one JSON line per request
      await expect.poll(() => server.output()).toMatch(/\{"method":"POST","path":"\/api\/v2\/auth\/login","status":401/)
      const line = server
        .output()
        .split('\n')
        .find((l) => l.startsWith('{"method":"POST"')) as string
      expect(JSON.parse(line)).toMatchObject({
        operation: 'login',
        scenario: 'dedit:auth.login-rejected',
        session: 'default',
      })
    } finally {
      await server.stop()
    }
  })

  it('exits 2 on a bad --seed, --clock, --log, --engine, and a scenario of a provider not served', async () => {
    const cli = (...args: string[]) => run(process.execPath, [...NODE_ARGS, ...args])
    const cases: [string[], string][] = [
      [['--seed', 'abc'], '--seed must be a non-negative integer, got "abc"'],
      [['--clock', 'tomorrow'], '--clock must be an ISO 8601 instant'],
      [['--clock', '2026-13-01T00:00:00Z'], '--clock must be an ISO 8601 instant'],
      [['--log', 'loud'], '--log must be pretty, json or silent, got "loud"'],
      [['--engine', 'wiremock'], '--engine must be standin or prism'],
      [['--port', '70000'], '--port must be an integer from 0 to 65535'],
      [['--latency', '9-3'], 'maximum below its minimum'],
      [
        ['--provider', 'dedit', '--scenario', 'enfinitos:rate-limited'],
        'scenario "enfinitos:rate-limited" is for enfinitos, which is not served here (served: dedit)',
      ],
      [['--provider', ''], '--provider needs at least one provider'],
      [['--shutdown-timeout', '0'], '--shutdown-timeout must be above 0'],
      [['--world', 'huge'], '--world must be small or large, got "huge"'],
      [['--world'], "Option '--world <value>' argument missing"],
      [['extra'], 'Unexpected argument'],
    ]
    for (const [args, message] of cases) {
      const r = await cli('serve', ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toContain(message)
      expect(r.stderr).toContain('run `standin serve --help` for usage')
    }
  })

  it('--world large gives every session the large seeded world (small by default)', async () => {
    const large = await startCli(['--world', 'large', '--provider', 'enfinitos', '--log', 'silent'])
    try {
      const total = async (url: string) =>
        (await (await fetch(`${url}/v1/rights?limit=1`, { headers: KEY })).json()).data.total
      expect(large.output()).toContain('(seed 1, world large)')
      expect(await total(large.url)).toBeGreaterThanOrEqual(5000)
      expect(await total(cliUrl())).toBeLessThan(100)
    } finally {
      await large.stop()
    }
  }, 30_000)

  it('exits 1 when it cannot bind the host', async () => {
    const r = await run(process.execPath, [...NODE_ARGS, 'serve', '--port', '0', '--host', '192.0.2.1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('cannot bind to host 192.0.2.1')
  })

  it('documents every flag in serve --help', async () => {
    const r = await run(process.execPath, [...NODE_ARGS, 'serve', '--help'])
    for (const flag of [
      '--port',
      '--host',
      '--provider',
      '--seed',
      '--clock',
      '--world small|large',
      '--scenario',
      '--latency',
      '--no-validate-responses',
      '--cors, --no-cors',
      '--cors-origin',
      '--allowed-host',
      '--admin-token',
      '--shutdown-timeout',
      '--log',
      '--engine',
      '--help',
      '--version',
    ]) {
      expect(r.stdout).toContain(flag)
    }
    expect((await run(process.execPath, [...NODE_ARGS, 'scenarios', '-v'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})

describe('graceful shutdown', () => {
  /** Waits until the server has handled `count` requests of the default session (journal recorded before any delay). */
  async function handled(url: string, count: number) {
    await expect
      .poll(async () => (await (await fetch(`${url}/__standin/session/journal`)).json()).total, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(count)
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`finishes an in-flight request on ${signal}, refuses new connections, then exits 0`, async () => {
      const server = await startCli(['--log', 'silent'])
      const inFlight = fetch(`${server.url}/v1/rights`, { headers: { ...KEY, prefer: 'scenario=enfinitos:slow' } })
      await handled(server.url, 1) // the request is in the server, waiting out its 2 s delay
      server.child.kill(signal)
      const response = await inFlight
      expect(response.status).toBe(200)
      expect((await response.json()).ok).toBe(true)
      expect(response.headers.get('connection')).toBe('close')
      expect(await server.exited).toBe(0)
      await expect(fetch(`${server.url}/__standin/health`)).rejects.toThrow()
    }, 30_000)
  }

  it('does not wait for a hanging fault', async () => {
    const server = await startCli(['--log', 'silent'])
    const hung = fetch(`${server.url}/v1/rights`, { headers: { ...KEY, prefer: 'scenario=enfinitos:timeout' } })
    await handled(server.url, 1)
    server.child.kill('SIGTERM')
    await expect(hung).rejects.toThrow()
    expect(await server.exited).toBe(0)
  }, 30_000)
})
