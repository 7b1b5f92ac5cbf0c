// Webhooks delivered for real by `standin serve`: signed POSTs to a receiver on an ephemeral loopback port, retries at
// the documented offsets of a fixed clock, dead letters and replay, refused URLs, a hung receiver, and 3xx not followed.
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { triggerCommand } from '../mocks/cli/trigger.js'
import { Engine } from '../mocks/core/engine.js'
import { refusedWebhookUrl } from '../mocks/enfinitos/webhooks-model.js'
import { createHttpTransport } from '../mocks/http/webhook-transport.js'
import { createProviders, scenariosFor } from '../mocks/providers.js'
import { startServer } from '../mocks/server.js'
import { closeReceiver, closers, httpEnv, startReceiver, startStandin } from './helpers/webhook-http-env.js'
import { API_KEY, type Json, runWebhookStory, START, until } from './helpers/webhook-story.js'

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

describe('standin serve delivers webhooks for real', () => {
  it('signs, retries at 30 s / 2 min / 10 min, dead-letters after 5 attempts and delivers on replay', async () => {
    const env = await httpEnv()
    const received = await runWebhookStory(env)
    expect(received.length).toBe(2 + 4 + 1 + 6)
  })

  it('refuses an http:// URL to a host that is not loopback, in the provider envelope, saying why', async () => {
    const standin = await startStandin()
    const res = await fetch(`${standin.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://hooks.example.com/in', events: ['*'], label: 'plain http' }),
    })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.ok).toBe(false)
    expect(body.error.details).toEqual([{ path: '/body/url', message: expect.stringContaining('https://') }])
    expect(body.error.message).toContain('--webhook-allow-http hooks.example.com')
  })

  it('does not follow a 3xx: the attempt fails and the redirect target gets nothing', async () => {
    let targetHits = 0
    const target = await startReceiver((_req, res) => {
      targetHits++
      res.writeHead(200).end()
    })
    closers.push(() => closeReceiver(target.server))
    const redirecting = await startReceiver((_req, res) => res.writeHead(307, { location: target.url }).end())
    closers.push(() => closeReceiver(redirecting.server))
    const standin = await startStandin()
    const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }
    await fetch(`${standin.url}/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: redirecting.url, events: ['basis.registered'], label: 'redirects' }),
    })
    await fetch(`${standin.url}/v1/rights/bases`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ kind: 'PROPERTY', description: 'A basis', effectiveFrom: '2026-01-01T00:00:00Z' }),
    })
    const attempts = await until(
      async () => (await (await fetch(`${standin.url}/__standin/session/webhooks/attempts`)).json()).attempts as Json[],
      (list) => list.some((a) => !a.simulated),
      'the attempt',
    )
    const attempt = attempts.find((a) => !a.simulated)
    expect(attempt).toMatchObject({ status: 307, ok: false, outcome: 'FAILED' })
    expect(attempt.error).toContain('redirects are not followed')
    expect(targetHits).toBe(0)
  })
})

describe('a hung receiver', () => {
  it('cannot stall the server: it answers other requests while the delivery hangs, and shutdown completes', async () => {
    const hung: ServerResponse[] = []
    let arrived = 0
    const receiver = await startReceiver((_req, res) => {
      arrived++
      hung.push(res) // never answered
    })
    closers.push(() => closeReceiver(receiver.server))
    const names = ['enfinitos'] as const
    const engine = new Engine({ providers: createProviders([...names]), scenarios: scenariosFor([...names]) })
    const standin = await startServer(engine, { port: 0, session: { seed: 1, clock: START } })
    const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }
    await fetch(`${standin.url}/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: `${receiver.url}/hook`, events: ['basis.registered'], label: 'hangs' }),
    })
    await fetch(`${standin.url}/v1/rights/bases`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ kind: 'PROPERTY', description: 'A basis', effectiveFrom: '2026-01-01T00:00:00Z' }),
    })
    await until(
      () => arrived,
      (n) => n === 1,
      'the hung delivery to arrive',
    )
    // The delivery is under way (its receiver never answers), and the server still answers everything else.
    const deliveries = (await (await fetch(`${standin.url}/__standin/session/webhooks/deliveries`)).json()).deliveries
    expect(deliveries.filter((d: Json) => d.inFlight)).toHaveLength(1)
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${standin.url}/v1/rights`, { headers })
      expect(res.status).toBe(200)
    }
    const processed = await fetch(`${standin.url}/v1/webhooks/deliveries/process-due`, {
      method: 'POST',
      headers,
      body: '{}',
    })
    expect(processed.status).toBe(200)
    // The hung delivery is in flight: the operator hook does not attempt it twice.
    const after = (await (await fetch(`${standin.url}/__standin/session/webhooks/deliveries`)).json()).deliveries
    expect(after.filter((d: Json) => d.inFlight)).toEqual([
      expect.objectContaining({ attempts: 0, event: 'basis.registered' }),
    ])
    await standin.close() // resolves although the receiver never answered
    const attempts = standin.session().state<Json>('enfinitos').webhooks.attempts as Json[]
    expect(attempts.at(-1)).toMatchObject({ status: null, ok: false, outcome: 'FAILED' })
    expect(attempts.at(-1).error).toContain('shutting down')
    expect(hung).toHaveLength(1)
  })
})

describe('standin trigger and the admin webhook endpoints', () => {
  it('fire an event into a session, list its subscriptions, deliveries and attempts, and refuse what cannot be carried', async () => {
    const bodies: string[] = []
    const receiver = await startReceiver((_req, res, body) => {
      bodies.push(body)
      res.writeHead(204).end()
    })
    closers.push(() => closeReceiver(receiver.server))
    const standin = await startStandin()
    const session = { 'x-standin-session': 'job-7' }
    await fetch(`${standin.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...session },
      body: JSON.stringify({ url: `${receiver.url}/in`, events: ['key.revoked'], label: 'keys' }),
    })
    const out: string[] = []
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(`ERR ${t}`) }
    expect(await triggerCommand(['key.revoked', '--session', 'job-7', '--url', standin.url], io)).toBe(0)
    expect(out.join('\n')).toMatch(/key\.revoked fired \(evt_[0-9a-f]{16}\): 1 delivery .* in session "job-7"/)
    await until(
      () => bodies.length,
      (n) => n === 1,
      'the triggered delivery',
    )
    expect(JSON.parse(bodies[0] ?? '{}')).toMatchObject({
      type: 'key.revoked',
      data: { object: { algorithm: 'ed25519' } },
    })
    const admin = async (path: string) =>
      (await fetch(`${standin.url}/__standin/session/webhooks${path}`, { headers: session })).json()
    const subscriptions = (await admin('')).subscriptions as Json[]
    expect(subscriptions.filter((s) => s.registered)).toEqual([expect.objectContaining({ url: `${receiver.url}/in` })])
    expect(JSON.stringify(subscriptions)).not.toContain('whsec_')
    const delivered = await until(
      () => admin('/deliveries?status=DELIVERED'),
      (d: Json) => d.deliveries.some((x: Json) => x.event === 'key.revoked'),
      'the delivery to be DELIVERED',
    )
    expect(delivered.deliveries.find((x: Json) => x.event === 'key.revoked')).toMatchObject({
      eventId: expect.any(String),
      inFlight: false,
    })
    const attempts = (await admin('/attempts?limit=1')).attempts as Json[]
    expect(attempts).toEqual([
      expect.objectContaining({ event: 'key.revoked', status: 204, ok: true, body: bodies[0] }),
    ])
    // An unknown event is a usage error (exit 2, thrown); an empty world has no right to carry right.suspended.
    await expect(triggerCommand(['right.paused', '--url', standin.url], io)).rejects.toThrow(/unknown event/)
    await fetch(`${standin.url}/__standin/session/scenarios`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...session },
      body: JSON.stringify({ scenarios: ['enfinitos:empty-world'] }),
    })
    out.length = 0
    expect(await triggerCommand(['right.suspended', '--session', 'job-7', '--url', standin.url], io)).toBe(1)
    expect(out.join('\n')).toContain('no right to carry a right.suspended event')
  })
})

describe('standin trigger against a server with an admin token', () => {
  it('is refused without the token and fires with --admin-token or STANDIN_ADMIN_TOKEN', async () => {
    const names = ['enfinitos', 'dedit'] as const
    const engine = new Engine({ providers: createProviders([...names]), scenarios: scenariosFor([...names]) })
    const token = 'sta_trigger-test-token'
    const standin = await startServer(engine, { port: 0, adminToken: token, session: { seed: 1, clock: START } })
    closers.push(() => standin.close())
    const out: string[] = []
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(`ERR ${t}`) }
    const before = process.env.STANDIN_ADMIN_TOKEN
    delete process.env.STANDIN_ADMIN_TOKEN
    try {
      expect(await triggerCommand(['key.revoked', '--url', standin.url], io)).toBe(1)
      expect(out.join('\n')).toMatch(/^ERR standin trigger: /)
      expect(await triggerCommand(['key.revoked', '--url', standin.url, '--admin-token', token], io)).toBe(0)
      process.env.STANDIN_ADMIN_TOKEN = token
      expect(await triggerCommand(['key.revoked', '--url', standin.url], io)).toBe(0)
      expect(out.join('\n')).not.toContain(token)
    } finally {
      if (before === undefined) delete process.env.STANDIN_ADMIN_TOKEN
      else process.env.STANDIN_ADMIN_TOKEN = before
    }
  })
})

describe('the webhook transport of standin serve', () => {
  it('keeps at most maxInFlight requests under way: beyond that nothing is sent and the delivery stays due', async () => {
    const hung: ServerResponse[] = []
    const receiver = await startReceiver((_req, res) => hung.push(res))
    closers.push(() => closeReceiver(receiver.server))
    const transport = createHttpTransport({ maxInFlight: 1 })
    const req = { url: `${receiver.url}/h`, headers: {}, body: '{}', timeoutMs: 10_000, label: 'test' }
    const first = transport.send(req)
    expect(first).not.toBeNull()
    expect(transport.send(req)).toBeNull()
    expect(transport.inFlight()).toBe(1)
    transport.close()
    expect(await first).toMatchObject({ status: null, error: expect.stringContaining('shutting down') })
  })

  it('accepts http:// only for loopback hosts and the hosts named with --webhook-allow-http', () => {
    expect(refusedWebhookUrl('https://hooks.acme.test/in', [])).toBeNull()
    expect(refusedWebhookUrl('http://127.0.0.1:8787/in', [])).toBeNull()
    expect(refusedWebhookUrl('http://localhost/in', [])).toBeNull()
    expect(refusedWebhookUrl('http://[::1]:9/in', [])).toBeNull()
    expect(refusedWebhookUrl('http://receiver:8080/in', ['receiver'])).toBeNull()
    expect(refusedWebhookUrl('http://receiver:8080/in', [])).toContain('--webhook-allow-http receiver')
    expect(refusedWebhookUrl('ftp://receiver/in', ['receiver'])).toContain('https://')
  })

  it('answers createWebhook for a host named with --webhook-allow-http', async () => {
    const names = ['enfinitos'] as const
    const engine = new Engine({ providers: createProviders([...names]), scenarios: scenariosFor([...names]) })
    const standin = await startServer(engine, { port: 0, webhooks: { allowHttpHosts: ['receiver'] } })
    closers.push(() => standin.close())
    const res = await fetch(`${standin.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://receiver:8080/in', events: ['*'], label: 'compose receiver' }),
    })
    expect(res.status).toBe(200)
  })
})

describe('the log of standin serve', () => {
  it('has one line per webhook request made, with no body, signature or secret', async () => {
    const lines: Record<string, unknown>[] = []
    const receiver = await startReceiver((_req, res) => res.writeHead(500).end())
    closers.push(() => closeReceiver(receiver.server))
    const names = ['enfinitos'] as const
    const engine = new Engine({ providers: createProviders([...names]), scenarios: scenariosFor([...names]) })
    const standin = await startServer(engine, {
      port: 0,
      session: { seed: 1, clock: START },
      log: (l) => lines.push(l),
    })
    closers.push(() => standin.close())
    const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }
    const created = await fetch(`${standin.url}/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: `${receiver.url}/in`, events: ['basis.registered'], label: 'logged' }),
    })
    const { signingSecret } = (await created.json()).data
    await fetch(`${standin.url}/v1/rights/bases`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ kind: 'PROPERTY', description: 'Logged basis', effectiveFrom: '2026-01-01T00:00:00Z' }),
    })
    const hooks = await until(
      () => lines.filter((l) => l.event === 'webhook'),
      (found) => found.length === 1,
      'the webhook log line',
    )
    expect(hooks[0]).toMatchObject({ receiverStatus: 500, error: 'endpoint answered 500' })
    expect(hooks[0]).not.toHaveProperty('status')
    const text = JSON.stringify(lines)
    for (const secret of [signingSecret, 'Logged basis', 'v1=']) expect(text).not.toContain(secret)
  })
})
