// A shared mock stays private (issue 11, docs/security.md): the admin API answers no other origin, a Host that is not
// one of the server's names is refused on every route (DNS rebinding), a server reachable beyond loopback requires
// its admin token, session ids are not listed without it, provider CORS follows --cors-origin (loopback origins by
// default, never `*` unless asked), and a Dedit token works only in the session that issued it.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, type ServerOptions, startServer } from '../mocks/server.js'
import { startCli } from './helpers/cli.js'
import { createEngine } from './helpers/engine.js'

const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }
const TOKEN = 'test-admin-token-0123456789abcdef'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One request over node:http, which (unlike fetch) lets the test set Host, Origin and Sec-Fetch-Site itself. */
function call(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(`${url}${path}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

const servers: RunningServer[] = []
async function serve(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startServer(createEngine(), { port: 0, session: { seed: 5 }, ...options })
  servers.push(server)
  return server
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

let local: RunningServer
beforeAll(async () => {
  local = await serve()
})

describe('the admin API answers no other origin', () => {
  it('refuses a cross-origin preflight, from any origin, with no CORS header', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:5173']) {
      const preflight = await call(local.url, '/__standin/session/scenarios', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      })
      expect(preflight.status, origin).toBe(403)
      expect(preflight.headers['access-control-allow-origin'], origin).toBeUndefined()
      expect(JSON.parse(preflight.body).error.code).toBe('FORBIDDEN_ORIGIN')
    }
  })

  it('refuses a cross-site request a page can send without a preflight, before it changes anything', async () => {
    await call(local.url, '/v1/rights', { headers: { ...KEY, 'x-standin-session': 'victim' } })
    const before = local.session('victim').journal.list().length
    const reset = await call(local.url, '/__standin/session/reset', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain', 'x-standin-session': 'victim' },
    })
    expect(reset.status).toBe(403)
    const sneaky = await call(local.url, '/__standin/session/journal', {
      headers: { 'sec-fetch-site': 'cross-site', 'x-standin-session': 'victim' },
    })
    expect(sneaky.status).toBe(403)
    expect(sneaky.body).not.toContain('/v1/rights')
    expect(local.session('victim').journal.list().length).toBe(before) // not reset
  })

  it('answers its own origin and callers that send none (tests, scripts, curl)', async () => {
    const own = new URL(local.url).host
    const sameOrigin = await call(local.url, '/__standin/health', { headers: { origin: `http://${own}` } })
    expect(sameOrigin.status).toBe(200)
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined()
    expect((await call(local.url, '/__standin/health')).status).toBe(200)
  })
})

describe('the Host header is checked on every route (DNS rebinding)', () => {
  it('refuses a Host that is not one of the server names with 421, on the mocks, the admin API and the home page', async () => {
    for (const path of ['/v1/rights', '/__standin/health', '/', '/openapi/enfinitos.yaml']) {
      const refused = await call(local.url, path, { headers: { ...KEY, host: `evil.example:${local.port}` } })
      expect(refused.status, path).toBe(421)
      const { error } = JSON.parse(refused.body)
      expect(error.code).toBe('MISDIRECTED_HOST')
      expect(error.message).toContain('--allowed-host evil.example')
    }
  })

  it('refuses a rebound page even when it switches scenarios through headers', async () => {
    const refused = await call(local.url, '/v1/rights', {
      headers: { ...KEY, host: 'rebind.example', 'x-standin-scenario': 'enfinitos:unavailable' },
    })
    expect(refused.status).toBe(421)
  })

  it('accepts loopback names, *.localhost, IP addresses, on any port', async () => {
    for (const host of [
      `localhost:${local.port}`,
      `127.0.0.1:${local.port}`,
      `[::1]:${local.port}`,
      'app.localhost:8080',
      'LOCALHOST',
      '10.1.2.3:80',
    ]) {
      expect((await call(local.url, '/v1/rights', { headers: { ...KEY, host } })).status, host).toBe(200)
    }
  })

  it('accepts the names given with allowedHosts (--allowed-host), and any Host with *', async () => {
    const named = await serve({ allowedHosts: ['standin.internal'], adminToken: TOKEN })
    expect((await call(named.url, '/v1/rights', { headers: { ...KEY, host: 'standin.internal:4010' } })).status).toBe(
      200,
    )
    expect((await call(named.url, '/v1/rights', { headers: { ...KEY, host: 'other.internal' } })).status).toBe(421)
    const any = await serve({ allowedHosts: ['*'], adminToken: TOKEN })
    expect((await call(any.url, '/v1/rights', { headers: { ...KEY, host: 'whatever.example' } })).status).toBe(200)
  })
})

describe('the admin token', () => {
  let exposed: RunningServer
  beforeAll(async () => {
    // Bound to every interface (reachable beyond loopback); the test still speaks to it over loopback only.
    exposed = await serve({ host: '0.0.0.0' })
  })

  it('is generated when the server is bound beyond loopback', () => {
    expect(exposed.adminToken).toMatch(/^sta_[\w-]{32}$/)
    expect(exposed.adminTokenGenerated).toBe(true)
  })

  it('is required by every admin request: 401 with a clear admin error without it or with a wrong one', async () => {
    const url = `http://127.0.0.1:${exposed.port}`
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { 'x-standin-admin-token': 'wrong' },
    ]
    for (const headers of attempts) {
      const denied = await call(url, '/__standin/health', { headers })
      expect(denied.status).toBe(401)
      expect(denied.headers['www-authenticate']).toBe('Bearer realm="standin-admin"')
      const { error } = JSON.parse(denied.body)
      expect(error).toMatchObject({ code: 'UNAUTHORIZED', details: [] })
      expect(error.message).toContain('admin token')
    }
    const token = exposed.adminToken as string
    expect((await call(url, '/__standin/health', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    expect((await call(url, '/__standin/health', { headers: { 'x-standin-admin-token': token } })).status).toBe(200)
  })

  it('is asked of admin requests only: provider traffic keeps its own Authorization', async () => {
    const url = `http://127.0.0.1:${exposed.port}`
    expect((await call(url, '/v1/rights', { headers: KEY })).status).toBe(200)
  })

  it('keeps session ids from being listed without it', async () => {
    const url = `http://127.0.0.1:${exposed.port}`
    await call(url, '/v1/rights', { headers: { ...KEY, 'x-standin-session': 'ci-job-7f3a' } })
    const denied = await call(url, '/__standin/sessions')
    expect(denied.status).toBe(401)
    expect(denied.body).not.toContain('ci-job-7f3a')
    expect((await call(url, '/__standin/events')).status).toBe(401)
    const health = await call(url, '/__standin/health')
    expect(health.body).not.toContain('ci-job-7f3a')
    const token = exposed.adminToken as string
    const listed = await call(url, '/__standin/sessions', { headers: { 'x-standin-admin-token': token } })
    expect(listed.status).toBe(200)
    expect(listed.body).toContain('ci-job-7f3a')
  })

  it('may be given to a loopback server too, and is then required', async () => {
    const locked = await serve({ adminToken: TOKEN })
    expect(locked.adminTokenGenerated).toBe(false)
    expect((await call(locked.url, '/__standin/sessions')).status).toBe(401)
    const listed = await call(locked.url, '/__standin/sessions', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(listed.status).toBe(200)
  })

  it('is not needed on a loopback server without one (the session list is for loopback callers)', async () => {
    expect(local.adminToken).toBeUndefined()
    expect((await call(local.url, '/__standin/sessions')).status).toBe(200)
  })

  it('is printed once by standin serve when generated, and read from STANDIN_ADMIN_TOKEN when given', async () => {
    const generated = await startCli(['--log', 'silent', '--allowed-host', 'standin.internal'])
    try {
      const token = /token (sta_[\w-]+) \(generated/.exec(generated.output())?.[1]
      expect(token).toBeDefined()
      const ok = await call(generated.url, '/__standin/health', { headers: { 'x-standin-admin-token': `${token}` } })
      expect(ok.status).toBe(200)
    } finally {
      await generated.stop()
    }
    process.env.STANDIN_ADMIN_TOKEN = TOKEN
    const given = await startCli(['--log', 'silent']).finally(() => {
      delete process.env.STANDIN_ADMIN_TOKEN
    })
    try {
      expect(given.output()).toContain('token from STANDIN_ADMIN_TOKEN')
      expect(given.output()).not.toContain(TOKEN)
      expect((await call(given.url, '/__standin/health')).status).toBe(401)
      expect((await call(given.url, '/__standin/health', { headers: { 'x-standin-admin-token': TOKEN } })).status).toBe(
        200,
      )
    } finally {
      await given.stop()
    }
  }, 30_000)
})

describe('provider CORS', () => {
  const preflight = (url: string, origin: string) =>
    call(url, '/v1/rights/issue', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    })

  it('allows loopback dev-server origins by default, echoing the origin, never `*`', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'https://app.localhost:8443']) {
      const pre = await preflight(local.url, origin)
      expect(pre.status, origin).toBe(204)
      expect(pre.headers['access-control-allow-origin']).toBe(origin)
      const answer = await call(local.url, '/v1/rights', { headers: { ...KEY, origin } })
      expect(answer.headers['access-control-allow-origin']).toBe(origin)
      expect(answer.headers.vary).toContain('origin')
    }
  })

  it('refuses other origins: a 403 preflight that says which flag allows them, no CORS header on answers', async () => {
    const pre = await preflight(local.url, 'https://evil.example')
    expect(pre.status).toBe(403)
    expect(pre.headers['access-control-allow-origin']).toBeUndefined()
    expect(JSON.parse(pre.body).error.message).toContain('--cors-origin https://evil.example')
    const answer = await call(local.url, '/v1/rights', { headers: { ...KEY, origin: 'https://evil.example' } })
    expect(answer.headers['access-control-allow-origin']).toBeUndefined()
    const nullOrigin = await preflight(local.url, 'null')
    expect(nullOrigin.status).toBe(403)
  })

  it('follows corsOrigins (--cors-origin): exact origins, patterns, and `*` for the old behaviour', async () => {
    const app = await serve({ corsOrigins: ['https://app.example.com', 'https://*.preview.example.com:*'] })
    expect((await preflight(app.url, 'https://app.example.com')).status).toBe(204)
    expect((await preflight(app.url, 'https://pr-12.preview.example.com:8443')).status).toBe(204)
    expect((await preflight(app.url, 'http://localhost:5173')).status).toBe(403)
    const any = await serve({ corsOrigins: ['*'] })
    const pre = await preflight(any.url, 'https://anything.example')
    expect(pre.headers['access-control-allow-origin']).toBe('*')
    const admin = await call(any.url, '/__standin/health', { headers: { origin: 'https://anything.example' } })
    expect(admin.status).toBe(403) // even then, never the admin API
  })

  it('sends no CORS header at all when off (--no-cors)', async () => {
    const off = await serve({ cors: false })
    const answer = await call(off.url, '/v1/rights', { headers: { ...KEY, origin: 'http://localhost:5173' } })
    expect(answer.status).toBe(200)
    expect(answer.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('session ids', () => {
  it('are at most 200 characters: a longer X-Standin-Session is a 400 naming the header, and no session is made', async () => {
    const long = 's'.repeat(201)
    for (const path of ['/v1/rights', '/__standin/session']) {
      const res = await call(local.url, path, { headers: { ...KEY, 'x-standin-session': long } })
      expect(res.status, path).toBe(400)
      expect(JSON.parse(res.body).error.details).toEqual([
        { path: '/header/X-Standin-Session', message: expect.stringContaining('at most 200') },
      ])
    }
    expect(local.sessions.has(long)).toBe(false)
    const ok = await call(local.url, '/v1/rights', { headers: { ...KEY, 'x-standin-session': 's'.repeat(200) } })
    expect(ok.status).toBe(200)
  })
})

describe('Dedit tokens', () => {
  const login = async (session: string) => {
    const res = await call(local.url, '/api/v2/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-standin-session': session },
      body: JSON.stringify({ apiKey: 'dk_test_scope' }),
    })
    return JSON.parse(res.body).token as string
  }
  const active = (session: string, token: string) =>
    call(local.url, '/api/v2/payment/subscription/active', {
      headers: { authorization: `Bearer ${token}`, 'x-standin-session': session },
    })

  it('work only in the session that issued them: another session answers Dedit 401', async () => {
    const token = await login('dedit-a')
    expect((await active('dedit-a', token)).status).toBe(200)
    const other = await active('dedit-b', token)
    expect(other.status).toBe(401)
    expect(JSON.parse(other.body).message).toContain('not issued in this standin session')
    expect((await active('dedit-b', await login('dedit-b'))).status).toBe(200)
  })
})
