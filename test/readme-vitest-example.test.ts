// The README's `standin/vitest` example, run as it is shown (the README imports 'standin/vitest').
// README:start
import { describe, expect, it } from 'vitest'
import { setupStandin } from '../mocks/vitest.js'

// Listens before the suite, resets the standin and MSW handlers after each test, closes after the suite.
const standin = setupStandin({ seed: 7, clock: '2026-04-01T12:00:00.000Z' })

describe('Dedit notarization', () => {
  it('logs in, requests a registration and completes it', async () => {
    const api = 'https://app.dedit.io/api/v2'
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: 'my-dedit-key' }),
    })
    const { token } = await login.json()
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const hash = 'a3f1c9d2e4b5a6978877665544332211ffeeddccbbaa99887766554433221100'
    const request = await fetch(`${api}/registration/?subscription=true`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        blockchainType: 'ALGORAND',
        custody: 'false',
        description: 'Q2 proof pack',
        hash,
        signed: 'false',
        status: 'not_registered',
      }),
    })
    const subscription = await request.json()
    const done = await fetch(`${api}/registration/${hash}/forfait`, {
      method: 'POST',
      headers,
      body: JSON.stringify(subscription),
    })

    expect(await done.json()).toMatchObject({ hash, status: 'registered', paymentId: subscription.id })
    expect(standin).toHaveReceived('dedit.requestRegistration', { body: expect.objectContaining({ hash }) })
    expect(standin).toHaveReceived('dedit.completeRegistration', { times: 1, status: 200 })
  })
})
// README:end
