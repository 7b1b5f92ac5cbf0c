// `standin serve` and loopback receivers for the webhook delivery tests: the story's environment over real HTTP.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Engine } from '../../mocks/core/engine.js'
import { createProviders, scenariosFor } from '../../mocks/providers.js'
import { type RunningServer, startServer } from '../../mocks/server.js'
import { API_KEY, createReceivers, type Env, type Json, type ReceiverName, START, until } from './webhook-story.js'

/** What to close after each test (the test file empties it in afterEach). */
export const closers: (() => Promise<unknown>)[] = []

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void

/** A receiver on 127.0.0.1, port 0; `handle` answers each request once its body is read. */
export async function startReceiver(handle: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

export async function startStandin(): Promise<RunningServer> {
  const names = ['enfinitos', 'dedit'] as const
  const engine = new Engine({ providers: createProviders([...names]), scenarios: scenariosFor([...names]) })
  const running = await startServer(engine, { port: 0, session: { seed: 1, clock: START } })
  closers.push(() => running.close())
  return running
}

export async function closeReceiver(server: Server) {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
}

/** The story's environment over real HTTP. */
export async function httpEnv(): Promise<Env> {
  const receivers = createReceivers()
  const receiver = await startReceiver((req, res, body) => {
    const name = (req.url ?? '/').slice(1) as ReceiverName
    const headers = { get: (h: string) => (req.headers[h.toLowerCase()] as string | undefined) ?? null }
    res.writeHead(receivers.answer(name, body, headers)).end()
  })
  closers.push(() => closeReceiver(receiver.server))
  const standin = await startStandin()
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${standin.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${API_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: await res.json() }
  }
  const admin = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${standin.url}/__standin/session${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return res.json()
  }
  return {
    api,
    receivers,
    url: (name) => `${receiver.url}/${name}`,
    async setClock(now) {
      await admin('PUT', '/clock', { now })
    },
    async attemptsSettled(count) {
      const settled = await until(
        async () => ({
          attempts: (await admin('GET', '/webhooks/attempts')).attempts as Json[],
          inFlight: ((await admin('GET', '/webhooks/deliveries')).deliveries as Json[]).some((d) => d.inFlight),
        }),
        (v) => v.attempts.filter((a: Json) => !a.simulated).length >= count && !v.inFlight,
        `${count} webhook attempts`,
      )
      return settled.attempts.filter((a: Json) => !a.simulated)
    },
  }
}
