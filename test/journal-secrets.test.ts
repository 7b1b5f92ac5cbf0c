// The journal can be read by tests, served by the admin API and logged: it never holds a credential, in any shape a
// client sends one (mocks/core/redact.ts), and keeps no character of one. Dedit's API key and token and EnfinitOS's
// webhook signing secret (shown once, by createWebhook) are redacted; headers, query parameters, form-encoded and
// unparseable bodies and unknown fields named like secrets too.
import { describe, expect, it } from 'vitest'
import { isSecretName, redactText } from '../mocks/core/redact.js'
import { createStandin } from '../mocks/index.js'

const ENFINITOS = 'https://sandbox.api.enfinitos.com'
const DEDIT = 'https://app.dedit.io'
const KEY = 'sk_test_0123456789abcdef'
const API_KEY = 'dk_live_SUPERSECRET_0123456789'

const standinAt = () => createStandin({ seed: 3, clock: '2026-04-01T12:00:00.000Z' })

/** Everything the journal would show, as one string. */
const dump = (standin: ReturnType<typeof createStandin>) => JSON.stringify(standin.journal.entries())

/** The secret must not appear, nor any 6-character piece of it. */
function expectNoTrace(text: string, secret: string) {
  expect(text).not.toContain(secret)
  for (let i = 0; i + 6 <= secret.length; i += 3)
    expect(text, secret.slice(i, i + 6)).not.toContain(secret.slice(i, i + 6))
}

const login = (standin: ReturnType<typeof createStandin>, body: string, contentType = 'application/json') =>
  standin.fetch(`${DEDIT}/api/v2/auth/login`, { method: 'POST', headers: { 'content-type': contentType }, body })

describe('journal secrets', () => {
  it('keeps no Dedit API key, no token and no EnfinitOS signing secret', async () => {
    const standin = standinAt()
    const { token } = await (await login(standin, JSON.stringify({ apiKey: API_KEY }))).json()
    const hook = await standin.fetch(`${ENFINITOS}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://hooks.example.com/x', events: ['*'], label: 'reporting' }),
    })
    const secret = (await hook.json()).data.signingSecret as string
    expect(secret).toMatch(/^whsec_/)

    const text = dump(standin)
    for (const leaked of [API_KEY, token, secret]) expectNoTrace(text, leaked)
    expect(standin.journal.calls('dedit', 'login')[0]?.response.body).toEqual({ token: '[redacted]' })
  })

  it('keeps no character of the secret in Authorization: only its scheme', async () => {
    const standin = standinAt()
    await standin.fetch(`${ENFINITOS}/v1/rights`, { headers: { authorization: `Bearer ${KEY}` } })
    const [entry] = standin.journal.entries()
    expect(entry?.request.headers.authorization).toBe('Bearer [redacted]')
    expectNoTrace(dump(standin), KEY)
  })

  it('redacts Proxy-Authorization, Cookie, X-Api-Key and any header named like a secret', async () => {
    const standin = standinAt()
    const headers = {
      authorization: `Bearer ${KEY}`,
      'proxy-authorization': 'Basic cHJveHl1c2VyOnByb3h5cGFzcw==',
      cookie: 'sid=Ck9Vm3Qa7Ws1',
      'x-api-key': 'Xa4Kp8Lm2Nz6',
      'x-auth-token': 'Xt5Rw1Qe9Yu3',
      'x-trace': 'kept-as-is',
    }
    await standin.fetch(`${ENFINITOS}/v1/rights`, { headers })
    const seen = standin.journal.entries()[0]?.request.headers ?? {}
    expect(seen['proxy-authorization']).toBe('Basic [redacted]')
    expect(seen.cookie).toBe('[redacted]')
    expect(seen['x-api-key']).toBe('[redacted]')
    expect(seen['x-auth-token']).toBe('[redacted]')
    expect(seen['x-trace']).toBe('kept-as-is')
    const text = dump(standin)
    for (const secret of Object.values(headers).slice(0, 5)) expectNoTrace(text, secret.replace(/^\w+ /, ''))
  })

  it('redacts query parameters named like secrets', async () => {
    const standin = standinAt()
    const secrets = {
      apiKey: 'Qk7wZp1Lx9aa',
      api_key: 'Qk7wZp2Lx9bb',
      token: 'Qk7wZp3Lx9cc',
      access_token: 'Qk7wZp4Lx9dd',
      secret: 'Qk7wZp5Lx9ee',
      password: 'Qk7wZp6Lx9ff',
    }
    const query = new URLSearchParams({ ...secrets, limit: '1' }).toString()
    await standin.fetch(`${ENFINITOS}/v1/rights?${query}`, { headers: { authorization: `Bearer ${KEY}` } })
    const seen = standin.journal.entries()[0]?.request.query ?? {}
    for (const name of Object.keys(secrets)) expect(seen[name], name).toBe('[redacted]')
    expect(seen.limit).toBe('1')
    for (const secret of Object.values(secrets)) expectNoTrace(dump(standin), secret)
  })

  it('redacts unknown fields named like secrets in a JSON body, at any depth', async () => {
    const standin = standinAt()
    const body = { apiKey: API_KEY, password: 'Hn7Rq2Wx5Zp1', nested: { deeper: [{ clientSecret: 'Cz8Nq2Lw5Rt1' }] } }
    await login(standin, JSON.stringify(body))
    const seen = standin.journal.entries()[0]?.request.body
    expect(seen).toEqual({
      apiKey: '[redacted]',
      password: '[redacted]',
      nested: { deeper: [{ clientSecret: '[redacted]' }] },
    })
    for (const secret of [API_KEY, 'Hn7Rq2Wx5Zp1', 'Cz8Nq2Lw5Rt1']) expectNoTrace(dump(standin), secret)
  })

  it('redacts a form-encoded body', async () => {
    const standin = standinAt()
    await login(standin, `apiKey=${API_KEY}&password=form-pass-secret&note=kept`, 'application/x-www-form-urlencoded')
    const seen = standin.journal.entries()[0]?.request.body
    expect(seen).toBe('apiKey=[redacted]&password=[redacted]&note=kept')
    expectNoTrace(dump(standin), API_KEY)
  })

  it('redacts an API key sent as invalid JSON (the body the journal shows as text)', async () => {
    const standin = standinAt()
    const bodies = [
      `{"apiKey": "${API_KEY}",}`, // trailing comma
      `{apiKey: '${API_KEY}'}`, // a JavaScript object literal
      `{"apiKey": "${API_KEY}`, // cut short: the string never ends
      `apiKey: ${API_KEY}`, // YAML-ish
    ]
    for (const body of bodies) {
      const res = await login(standin, body)
      expect(res.status, body).toBe(400)
    }
    const text = dump(standin)
    expectNoTrace(text, API_KEY)
    expect(standin.journal.entries().map((e) => e.request.body)).toEqual([
      '{"apiKey": "[redacted]",}',
      "{apiKey: '[redacted]'}",
      '{"apiKey": "[redacted]"',
      'apiKey: [redacted]',
    ])
  })

  it('redacts the Dedit token the mock issued when a client sends it back', async () => {
    const standin = standinAt()
    const { token } = await (await login(standin, JSON.stringify({ apiKey: API_KEY }))).json()
    const res = await standin.fetch(`${DEDIT}/api/v2/payment/subscription/active`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    expectNoTrace(dump(standin), token)
  })
})

describe('what counts as a secret', () => {
  it('names like secrets, not ids, hashes, public keys or signatures', () => {
    for (const name of [
      'apiKey',
      'api_key',
      'X-Api-Key',
      'password',
      'signingSecret',
      'token',
      'accessToken',
      'Cookie',
    ])
      expect(isSecretName(name), name).toBe(true)
    for (const name of ['publicKey', 'keyId', 'signature', 'sessionId', 'idemKey', 'passThroughFeeLedgerCodes', 'hash'])
      expect(isSecretName(name), name).toBe(false)
  })

  it('finds name=value and "name": "value" pairs in any text, percent-encoded names included', () => {
    expect(redactText('api%5Fkey=abc123&x=1')).toBe('api%5Fkey=[redacted]&x=1')
    expect(redactText('{"a": 1, "token": "t\\"quoted\\"", "b": 2}')).toBe('{"a": 1, "token": "[redacted]", "b": 2}')
  })

  it('redacts a `name: value` line to its end, spaces included (headers or YAML pasted into a body)', () => {
    const text = 'Host: x\nAuthorization: Bearer abc123def456\n  password: two words here\nnote: kept as is'
    const redacted = redactText(text)
    expect(redacted).toBe('Host: x\nAuthorization: [redacted]\n  password: [redacted]\nnote: kept as is')
  })

  it('does not show a body nested deeper than it walks', async () => {
    const standin = standinAt()
    let body = '{"password":"deep-secret-0123456789"}'
    for (let i = 0; i < 80; i++) body = `{"a":${body}}`
    await standin.fetch(`${ENFINITOS}/v1/rights/bases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body,
    })
    expectNoTrace(dump(standin), 'deep-secret-0123456789')
  })
})
