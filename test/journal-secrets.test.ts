// The journal can be read by tests, served by the admin API and logged: it never holds a credential. Dedit's API key
// and token and EnfinitOS's webhook signing secret (shown once, by createWebhook) are redacted; headers too.
import { describe, expect, it } from 'vitest'
import { createStandin } from '../mocks/index.js'

describe('journal secrets', () => {
  it('keeps no Dedit API key, no token and no EnfinitOS signing secret', async () => {
    const standin = createStandin({ seed: 3, clock: '2026-04-01T12:00:00.000Z' })
    const login = await standin.fetch('https://app.dedit.io/api/v2/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: 'dk_live_SUPERSECRET_0123456789' }),
    })
    const { token } = await login.json()
    const hook = await standin.fetch('https://sandbox.api.enfinitos.com/v1/webhooks', {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_0123456789abcdefSECRET', 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://hooks.example.com/x', events: ['*'], label: 'reporting' }),
    })
    const secret = (await hook.json()).data.signingSecret as string
    expect(secret).toMatch(/^whsec_/)

    const dump = JSON.stringify(standin.journal.entries())
    for (const leaked of ['dk_live_SUPERSECRET_0123456789', token, secret, 'SECRET']) expect(dump).not.toContain(leaked)
    expect(standin.journal.calls('dedit', 'login')[0]?.response.body).toEqual({ token: '[redacted]' })
  })
})
