// The memory budget of `standin serve` under a flood: 1 MB bodies across 2,000 sessions (valid writes that store
// them, invalid ones answered 400, oversized ones answered 413) against a server started with --max-memory 256.
// Every request is answered with a 2xx or a documented error (400, 413, or a limit refusal naming its limit in
// X-Standin-Limit), the server stays up, its RSS stays under the budget, and every session that lost its state
// (evicted) is told so on its next request, while every session that kept it is not.
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningCli, startCli } from './helpers/cli.js'

const MAX_MEMORY_MB = 256
const SESSIONS = 2000
const CONCURRENCY = 8
const KEY = 'Bearer sk_test_0123456789abcdef'
const MB = 1_000_000

let cli: RunningCli
let peakRssMb = 0
let sampler: NodeJS.Timeout

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

beforeAll(async () => {
  cli = await startCli(['--max-memory', String(MAX_MEMORY_MB), '--session-ttl', '0', '--log', 'silent'])
  const pid = cli.child.pid as number
  sampler = setInterval(() => {
    if (cli.child.exitCode === null) peakRssMb = Math.max(peakRssMb, rssMb(pid))
  }, 50)
})

afterAll(async () => {
  clearInterval(sampler)
  agent.destroy()
  await cli?.stop()
})

interface Sent {
  status: number
  limit: string | null
  recreated: string | null
  text: string
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

/** One request over node:http (a body encoded once, as a Buffer: the client must not be the bottleneck). */
function send(method: string, path: string, session: string, body?: Buffer): Promise<Sent> {
  const headers: Record<string, string | number> = { authorization: KEY, 'x-standin-session': session }
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': body.length })
  return new Promise((resolve, reject) => {
    const req = request(`${cli.url}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const header = (name: string) => (res.headers[name] as string | undefined) ?? null
        resolve({
          status: res.statusCode ?? 0,
          limit: header('x-standin-limit'),
          recreated: header('x-standin-session-recreated'),
          text: Buffer.concat(chunks).toString(),
        })
      })
      res.on('error', reject)
    })
    // The server answers an oversized body (413) before reading all of it, and closes: not an error of the request.
    req.on('error', (err) => (req.writableFinished ? undefined : reject(err)))
    req.end(body)
  })
}

/** Runs `task(i)` for i in [0, n) with `width` in flight at once. */
async function pool(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < n) await task(next++)
  }
  await Promise.all(Array.from({ length: width }, worker))
}

describe('standin serve under a flood of 1 MB bodies across 2,000 sessions', () => {
  it('answers every request with a 2xx or a documented limit, stays under --max-memory and tells every evicted session', async () => {
    const bases = await send('GET', '/v1/rights/bases', 'setup')
    const basisId = JSON.parse(bases.text).data.bases[0].id as string
    const right = (extra: object) =>
      Buffer.from(
        JSON.stringify({
          basisId,
          substrate: 'DOOH',
          scope: 'Greater London',
          effectiveFrom: '2026-04-01T00:00:00Z',
          ...extra,
        }),
      )
    // One session in ten stores a right with a 1 MB scope (200); three send a 1 MB field the schema does not allow
    // (400); six send a body over the 1 MiB limit (413). Every body is at least 1 MB.
    const kinds = [
      { body: right({ scope: 's'.repeat(MB) }), status: 200 },
      { body: right({ junk: 'j'.repeat(MB) }), status: 400 },
      { body: right({ scope: 'o'.repeat(1.1 * MB) }), status: 413 },
    ]
    const kindOf = (i: number) => kinds[i % 10 === 0 ? 0 : i % 10 <= 3 ? 1 : 2] as (typeof kinds)[number]
    // 1. The flood: one 1 MB request per session.
    const issued = new Map<number, string>() // session -> the id of the right it stored
    const answers: Record<string, number> = {}
    await pool(SESSIONS, CONCURRENCY, async (i) => {
      const kind = kindOf(i)
      const r = await send('POST', '/v1/rights/issue', `flood-${i}`, kind.body)
      const key = r.limit ? `${r.status} ${r.limit.split(';')[0]}` : String(r.status)
      answers[key] = (answers[key] ?? 0) + 1
      if (r.status === 200) issued.set(i, JSON.parse(r.text).data.right.id)
      else if (r.status !== kind.status) {
        // Anything else is a limit refusal that names its limit (and, in the body, the flag that raises it).
        expect([503, 507], `session ${i}: ${r.status} ${r.text.slice(0, 300)}`).toContain(r.status)
        expect(r.limit, `session ${i}: the refusal names its limit`).toMatch(/^(server-memory|session-[a-z]+); limit=/)
        expect(r.text, `session ${i}`).toContain('raise it with --')
      }
    })
    expect(answers['200']).toBeGreaterThan(0)
    expect(answers['400']).toBeGreaterThan(0)
    expect(answers['413']).toBeGreaterThan(0)

    // 2. Every session's next request, newest first (the survivors are the most recently used): it lost its state
    // if and only if it is told it was evicted.
    const told = new Set<number>()
    await pool(SESSIONS, 2, async (n) => {
      const i = SESSIONS - 1 - n
      const id = issued.get(i)
      const r = await send('GET', id ? `/v1/rights/${id}` : '/v1/rights?limit=1', `flood-${i}`)
      expect([null, 'evicted'], `session ${i}`).toContain(r.recreated)
      if (r.recreated) told.add(i)
      if (id) expect(r.status, `session ${i}: its right, told ${r.recreated}`).toBe(r.recreated ? 404 : 200)
      else expect(r.status, `session ${i}`).toBe(200)
    })
    // At most 1,000 sessions are kept (--max-sessions) and far fewer fit the budget: most were evicted.
    expect(told.size).toBeGreaterThan(SESSIONS / 2)
    expect([...issued.keys()].some((i) => !told.has(i))).toBe(true) // and the recent ones kept their rights

    // 3. The server is up, and its RSS never passed the budget.
    expect(cli.child.exitCode).toBeNull()
    expect((await fetch(`${cli.url}/__standin/health`)).status).toBe(200)
    expect(peakRssMb).toBeGreaterThan(0)
    expect(peakRssMb, `peak RSS ${Math.round(peakRssMb)} MB`).toBeLessThan(MAX_MEMORY_MB)
  }, 120_000)
})
