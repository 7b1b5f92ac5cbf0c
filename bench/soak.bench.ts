/**
 * Soak: `standin serve` (a child process, from the sources) under steady traffic for a long time, as a CI fleet
 * uses it: ~100 requests a second over 500 live sessions, the sessions coming and going (every 10 s a fifth of
 * them is replaced by new ids, like CI jobs that end and start) with a session TTL on, so that expiry is exercised.
 * The traffic is a mix of issueRight (a write that stores a right), getRight and listRights. It prints the server's
 * RSS and session count every 10 s and, at the end, whether the RSS stayed flat within 10% after warm-up (the first half of the run, at
 * most 2 minutes: with the default 30 s TTL the sessions take about 80 s to reach their steady churn).
 *
 * Run on demand, not in the test suite: `npm run bench:soak` (10 minutes), or
 * `npm run bench:soak -- --seconds 180 --rate 100 --sessions 500 --ttl 30s`.
 * Linux only (reads /proc/<pid>/status).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    rate: { type: 'string', default: '100' },
    sessions: { type: 'string', default: '500' },
    ttl: { type: 'string', default: '30s' },
    'max-memory': { type: 'string' },
  },
})
const SECONDS = Number(values.seconds)
const RATE = Number(values.rate)
const SESSIONS = Number(values.sessions)
const KEY = 'Bearer sk_test_0123456789abcdef'
const ROOT = join(import.meta.dirname, '..')

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const args = ['--import', 'tsx', join(ROOT, 'mocks', 'cli.ts'), 'serve', '--port', '0', '--log', 'silent']
  args.push('--session-ttl', values.ttl as string)
  if (values['max-memory']) args.push('--max-memory', values['max-memory'])
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000)
    child.stdout?.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1] as string })
      }
    })
  })
}

interface Counters {
  sent: number
  byStatus: Record<string, number>
  failed: number
}

async function main() {
  const { child, url } = await startServer()
  const pid = child.pid as number
  const call = async (c: Counters, method: string, path: string, session: string, body?: unknown) => {
    c.sent++
    try {
      const headers: Record<string, string> = { authorization: KEY, 'x-standin-session': session }
      if (body) headers['content-type'] = 'application/json'
      const res = await fetch(`${url}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })
      const text = await res.text()
      c.byStatus[res.status] = (c.byStatus[res.status] ?? 0) + 1
      return { status: res.status, text }
    } catch {
      c.failed++
      return { status: 0, text: '' }
    }
  }
  const counters: Counters = { sent: 0, byStatus: {}, failed: 0 }
  const bases = JSON.parse((await call(counters, 'GET', '/v1/rights/bases', 'soak-setup')).text)
  const basisId = bases.data.bases[0].id as string
  const rightsOf = new Map<string, string[]>()
  let generation = 0
  // Each slot's id changes every 5 generations of 10 s, the slots staggered: every 10 s a fifth of them moves to a
  // new id, and the old ones go idle and expire after the TTL.
  const sessionId = (slot: number) => `soak-${slot}-${Math.floor((generation + (slot % 5)) / 5)}`

  const once = async (n: number) => {
    const session = sessionId(n % SESSIONS)
    const rights = rightsOf.get(session) ?? []
    const kind = n % 4
    if (kind === 0 || rights.length === 0) {
      const body = { basisId, substrate: 'DOOH', scope: `Soak ${n}`, effectiveFrom: '2026-04-01T00:00:00Z' }
      const r = await call(counters, 'POST', '/v1/rights/issue', session, body)
      if (r.status === 200) rightsOf.set(session, [...rights.slice(-9), JSON.parse(r.text).data.right.id])
    } else if (kind === 1) await call(counters, 'GET', '/v1/rights?limit=10', session)
    else await call(counters, 'GET', `/v1/rights/${rights[n % rights.length]}`, session)
  }

  const samples: { t: number; rss: number }[] = []
  const started = Date.now()
  const sample = async () => {
    const t = Math.round((Date.now() - started) / 1000)
    const rss = Math.round(rssMb(pid) * 10) / 10
    samples.push({ t, rss })
    const health = (await (await fetch(`${url}/__standin/health`)).json()) as { sessions: number }
    const line = `t=${String(t).padStart(4)} s  rss ${rss} MB  sessions ${health.sessions}  sent ${counters.sent}`
    console.log(`${line}  ${JSON.stringify(counters.byStatus)}`)
  }
  await sample()
  const sampler = setInterval(sample, 10_000)
  const rotate = setInterval(() => {
    generation++
    for (const id of rightsOf.keys()) if (sessionId(Number(id.split('-')[1])) !== id) rightsOf.delete(id)
  }, 10_000)
  let n = 0
  const inFlight = new Set<Promise<void>>()
  const tick = 1000 / RATE
  while (Date.now() - started < SECONDS * 1000) {
    const due = Math.floor((Date.now() - started) / tick)
    while (n < due && inFlight.size < 200) {
      const p: Promise<void> = once(n++).then(() => void inFlight.delete(p))
      inFlight.add(p)
    }
    await new Promise((r) => setTimeout(r, 5))
  }
  await Promise.all(inFlight)
  clearInterval(sampler)
  clearInterval(rotate)
  await sample()
  child.kill('SIGTERM')
  report(samples, counters)
}

/**
 * Flat means no trend: the mean RSS of the last third of the samples after warm-up is within 10% of the mean of the
 * first third (a leak shows as a rising trend). The spread (max over min) is printed beside it: a garbage-collected
 * heap saws up and down between collections, and that amplitude is not growth.
 */
function report(samples: { t: number; rss: number }[], counters: Counters) {
  const warmup = Math.min(120, SECONDS / 2)
  const after = samples.filter((s) => s.t >= warmup).map((s) => s.rss)
  const third = Math.max(1, Math.floor(after.length / 3))
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10
  const early = mean(after.slice(0, third))
  const late = mean(after.slice(-third))
  const max = Math.max(...after)
  const min = Math.min(...after)
  const trend = (late - early) / early
  const flat = Math.abs(trend) <= 0.1
  console.log(`\nsoak: ${SECONDS} s at ~${RATE} req/s over ${SESSIONS} sessions (TTL ${values.ttl})`)
  console.log(`requests ${counters.sent}, by status ${JSON.stringify(counters.byStatus)}, failed ${counters.failed}`)
  const spread = (((max - min) / min) * 100).toFixed(1)
  console.log(
    `after warm-up (${warmup} s, ${after.length} samples): mean of the first third ${early} MB, of the last third ${late} MB (trend ${(trend * 100).toFixed(1)}%); min ${min} MB, max ${max} MB (spread ${spread}%)`,
  )
  console.log(`RSS flat within 10% after warm-up: ${flat ? 'yes' : 'NO'}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
