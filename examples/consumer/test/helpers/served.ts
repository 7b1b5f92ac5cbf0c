// Starts `npx standin serve` from this project's node_modules, as a developer would, and talks to its admin API.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { CLOCK, DEDIT_API_KEY, ENFINITOS_API_KEY, type Harness, SEED } from './harness.js'

export interface ServedStandin {
  url: string
  output: () => string
  stop: () => Promise<void>
}

/** Runs `npx standin serve --port 0 --log silent ...` and resolves with the URL it prints. */
export function startStandinServe(args: string[] = [], timeoutMs = 30_000): Promise<ServedStandin> {
  // detached: the server runs in its own process group, so stopping it also stops what npx started.
  const child = spawn('npx', ['standin', 'serve', '--port', '0', '--log', 'silent', ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (chunk) => {
    out += chunk
  })
  child.stderr?.on('data', (chunk) => {
    out += chunk
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    signal(child, 'SIGTERM')
    const timer = setTimeout(() => signal(child, 'SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`standin serve printed no URL in ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    child.stdout?.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (!match?.[1]) return
      clearTimeout(timer)
      resolve({ url: match[1], output: () => out, stop })
    })
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`standin serve exited (${child.exitCode ?? child.signalCode}) before listening:\n${out}`))
    })
  })
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, name)
  } catch {
    // already gone
  }
}

/** A harness over one `standin serve` for the whole file, with a fresh `X-Standin-Session` for every test. */
export function served(): Harness {
  let server: ServedStandin | undefined
  let session = ''
  beforeAll(async () => {
    server = await startStandinServe(['--seed', String(SEED), '--clock', CLOCK])
  })
  beforeEach(() => {
    session = `consumer-${randomUUID()}`
  })
  afterAll(async () => {
    await server?.stop()
  })
  const url = () => {
    if (!server) throw new Error('standin serve is not running')
    return server.url
  }
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url()}/__standin/${path}`, {
      method,
      headers: { 'x-standin-session': session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  return {
    mode: 'served',
    config: () => ({
      enfinitosBaseUrl: url(),
      deditBaseUrl: url(),
      enfinitosApiKey: ENFINITOS_API_KEY,
      deditApiKey: DEDIT_API_KEY,
      // The service takes its fetch by injection; here it tags every call with this test's session.
      fetch: (request: Request) => {
        const tagged = new Request(request)
        tagged.headers.set('x-standin-session', session)
        return fetch(tagged)
      },
    }),
    use: async (...scenarios) => {
      await admin('POST', 'session/scenarios', { scenarios })
    },
    advanceClock: async (ms) => {
      await admin('POST', 'session/clock/advance', { ms })
    },
    calls: async (provider, operationId, status) => {
      const query = new URLSearchParams({ provider, operation: operationId })
      if (status !== undefined) query.set('status', String(status))
      const journal = (await admin('GET', `session/journal?${query}`)) as { entries: unknown[] }
      return journal.entries.length
    },
  }
}
