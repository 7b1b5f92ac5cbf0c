/**
 * HTTP benchmark (`npm run bench`, `npm run bench -- --quick`): standin vs Stoplight Prism vs a bare node:http server.
 *
 * One after another, each in its own process on a loopback port: `standin serve` (default flags, from dist/ as users
 * run it), `prism mock openapi/enfinitos.yaml` (Prism's default flags) and a bare node:http server answering the same
 * bytes standin answered (bench/bare-server.mjs). For each: startup time to the first response, then autocannon on
 * issueRight (a validated write), getRight and listRights (limit 50), the provider's own sample requests
 * (bench/samples.ts), at 1 and 50 connections, then the peak RSS
 * (VmHWM of the server process). Prints req/s, p50, p99 per case and the ratios standin/Prism and standin/bare, and
 * checks the budgets: on issueRight standin >= 10x Prism and >= 40% of bare; startup <= 25% of Prism's.
 *
 * Options: --quick (1 s per case), --duration S (default 5), --from-source (run standin through tsx instead of
 * building dist/), --check (exit 1 when a budget is missed), --one-session (every case in standin's default session).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import type { SampleRequest } from '../mocks/core/conformance.js'
import { packageRoot } from '../mocks/core/contract.js'
import { resolvePrism } from '../mocks/prism.js'
import { pick, samplesOf } from './samples.js'

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    'from-source': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'one-session': { type: 'boolean', default: false },
  },
})
const DURATION = flags.quick ? 1 : Number(flags.duration ?? 5)
const WARMUP = flags.quick ? 0.5 : 1
const CONNECTIONS = [1, 50]
const ROOT = packageRoot()
const PROBE = '/v1/runtime-keys'

type ServerName = 'standin' | 'prism' | 'bare'
interface Case {
  name: 'issueRight' | 'getRight' | 'listRights'
  method: string
  path: string
  headers: Record<string, string>
  body?: string
}
interface CaseResult {
  case: Case['name']
  connections: number
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}
interface ServerResult {
  server: ServerName
  startupMs: number
  peakRssMb: number
  cases: CaseResult[]
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Spawns a server and measures the time from spawn to its first HTTP response on PROBE. */
async function launch(
  command: string,
  args: string[],
  port: number,
): Promise<{ child: ChildProcess; startupMs: number }> {
  const started = performance.now()
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d) => {
    stderr += d
  })
  const deadline = started + 60_000
  while (performance.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}:\n${stderr}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}${PROBE}`)
      await res.arrayBuffer()
      return { child, startupMs: performance.now() - started }
    } catch {
      await sleep(5)
    }
  }
  child.kill('SIGKILL')
  throw new Error(`${command} did not answer within 60 s:\n${stderr}`)
}

/** Peak resident set size of a process, from /proc/<pid>/status (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN)
    return kb / 1024
  } catch {
    return Number.NaN
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/**
 * Each (case, connections) runs in its own standin session (`X-Standin-Session`, ignored by Prism and the bare server),
 * so the rights issueRight piles up do not slow the later list; `--one-session` runs them all in the default session.
 */
const sessionFor = (c: Case, connections?: number): string | undefined =>
  connections === undefined || flags['one-session'] ? undefined : `bench-${c.name}-${connections}`

const headersFor = (c: Case, connections?: number): Record<string, string> => {
  const session = sessionFor(c, connections)
  return { ...c.headers, ...(session ? { 'x-standin-session': session } : {}) }
}

/** Sends one sample request to `base` (in `session` when given) and reads its answer. */
async function sendSample(base: string, req: SampleRequest, session?: string) {
  const res = await fetch(`${base}${req.path}`, {
    method: req.method,
    headers: { ...req.headers, ...(session ? { 'x-standin-session': session } : {}) },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, text }
}

/**
 * The benchmarked requests: the provider's own samples (its conformance script, replayed in standin's default session
 * so the ids they name exist), listRights asking for a 50-row page.
 */
async function casesFrom(base: string): Promise<Case[]> {
  const samples = await samplesOf('enfinitos', (req) => sendSample(base, req))
  const asCase = (name: Case['name'], req: SampleRequest): Case => ({
    name,
    method: req.method,
    path: req.path,
    headers: { ...req.headers },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  })
  return [
    asCase('issueRight', pick(samples, 'issueRight')),
    asCase('getRight', pick(samples, 'getRight')),
    asCase('listRights', pick(samples, 'listRights', 'limit=50')),
  ]
}

/**
 * Runs every case at each connection count. `prepare(session)` readies a standin session before it is loaded (the
 * conformance script replayed there, so its ids exist: same seed, same requests, same ids).
 */
async function runCases(
  server: ServerName,
  port: number,
  cases: Case[],
  prepare?: (session: string) => Promise<void>,
): Promise<CaseResult[]> {
  const out: CaseResult[] = []
  for (const c of cases) {
    // One request first: a case that does not answer 2xx is reported, not silently benchmarked.
    const check = await fetch(`http://127.0.0.1:${port}${c.path}`, {
      method: c.method,
      headers: headersFor(c),
      body: c.body,
    })
    const text = await check.text()
    if (check.status >= 300) console.warn(`  ! ${server} ${c.name} answers ${check.status}: ${text.slice(0, 200)}`)
    for (const connections of CONNECTIONS) {
      const session = sessionFor(c, connections)
      if (prepare && session) await prepare(session)
      const r = await autocannon({
        url: `http://127.0.0.1:${port}${c.path}`,
        method: c.method,
        headers: headersFor(c, connections),
        ...(c.body ? { body: c.body } : {}),
        connections,
        duration: DURATION,
        warmup: { connections, duration: WARMUP },
        timeout: 20,
      })
      const row = {
        case: c.name,
        connections,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      }
      out.push(row)
      console.log(
        `  ${server.padEnd(7)} ${c.name.padEnd(10)} c=${String(connections).padEnd(2)} ${fmt(row.rps, 0).padStart(7)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms${row.non2xx ? `  non-2xx ${row.non2xx}` : ''}${row.errors ? `  errors ${row.errors}` : ''}`,
      )
    }
  }
  return out
}

const fmt = (n: number, digits = 1) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a'

async function main(): Promise<void> {
  console.log(
    `HTTP benchmark: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${DURATION} s per case after ${WARMUP} s warm-up, connections ${CONNECTIONS.join(' and ')}`,
  )

  // standin as users run it: the built CLI (dist/), unless --from-source.
  let standinCommand = [join(ROOT, 'dist', 'mocks', 'cli.js')]
  if (flags['from-source']) standinCommand = ['--import', 'tsx', join(ROOT, 'mocks', 'cli.ts')]
  else {
    const build = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
    if (build.status !== 0) {
      console.warn(
        `  ! build failed, running standin from the sources through tsx instead:\n${build.stdout}${build.stderr}`,
      )
      standinCommand = ['--import', 'tsx', join(ROOT, 'mocks', 'cli.ts')]
    }
  }

  const results: ServerResult[] = []

  // 1. standin, default flags.
  const standinPort = await freePort()
  const standin = await launch(
    process.execPath,
    [...standinCommand, 'serve', '--port', String(standinPort)],
    standinPort,
  )
  const base = `http://127.0.0.1:${standinPort}`
  const cases = await casesFrom(base)
  const replay = async (session: string) => {
    await samplesOf('enfinitos', (req) => sendSample(base, req, session))
  }
  // The bytes the bare server will answer: standin's own answers to the same requests (and to the startup probe).
  const captured = []
  for (const c of [...cases, { method: 'GET', path: PROBE, headers: {}, body: undefined }]) {
    const res = await fetch(`${base}${c.path}`, {
      method: c.method,
      headers: c.headers,
      ...(c.body === undefined ? {} : { body: c.body }),
    })
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => {
      if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)) headers[k] = v
    })
    captured.push({ method: c.method, path: c.path, status: res.status, headers, body: await res.text() })
  }
  console.log(`standin: started in ${fmt(standin.startupMs, 0)} ms`)
  const standinCases = await runCases('standin', standinPort, cases, replay)
  results.push({
    server: 'standin',
    startupMs: standin.startupMs,
    peakRssMb: peakRssMb(standin.child.pid as number),
    cases: standinCases,
  })
  await stop(standin.child)

  // 2. Prism on the same spec, default flags.
  const prismPort = await freePort()
  const prismBin = resolvePrism().bin
  const prism = await launch(
    process.execPath,
    [prismBin, 'mock', join(ROOT, 'openapi', 'enfinitos.yaml'), '-h', '127.0.0.1', '-p', String(prismPort)],
    prismPort,
  )
  console.log(`prism: started in ${fmt(prism.startupMs, 0)} ms`)
  const prismCases = await runCases('prism', prismPort, cases)
  results.push({
    server: 'prism',
    startupMs: prism.startupMs,
    peakRssMb: peakRssMb(prism.child.pid as number),
    cases: prismCases,
  })
  await stop(prism.child)

  // 3. A bare node:http server answering standin's bytes.
  const file = join(tmpdir(), `standin-bench-${process.pid}.json`)
  writeFileSync(file, JSON.stringify(captured))
  const barePort = await freePort()
  const bare = await launch(
    process.execPath,
    [join(ROOT, 'bench', 'bare-server.mjs'), file, String(barePort)],
    barePort,
  )
  console.log(`bare: started in ${fmt(bare.startupMs, 0)} ms`)
  const bareCases = await runCases('bare', barePort, cases)
  results.push({
    server: 'bare',
    startupMs: bare.startupMs,
    peakRssMb: peakRssMb(bare.child.pid as number),
    cases: bareCases,
  })
  await stop(bare.child)

  report(results)
}

function report(results: ServerResult[]): void {
  const by = (server: ServerName) => results.find((r) => r.server === server) as ServerResult
  const [s, p, b] = [by('standin'), by('prism'), by('bare')]
  const rowOf = (r: ServerResult, name: string, connections: number) =>
    r.cases.find((c) => c.case === name && c.connections === connections) as CaseResult

  console.log(
    '\n| case | conns | standin req/s (p50/p99 ms) | Prism req/s (p50/p99 ms) | bare req/s (p50/p99 ms) | standin/Prism | standin/bare |',
  )
  console.log('|---|---|---|---|---|---|---|')
  for (const row of s.cases) {
    const pr = rowOf(p, row.case, row.connections)
    const br = rowOf(b, row.case, row.connections)
    const cell = (r: CaseResult) => `${fmt(r.rps, 0)} (${r.p50}/${r.p99})${r.non2xx ? ` [${r.non2xx} non-2xx]` : ''}`
    console.log(
      `| ${row.case} | ${row.connections} | ${cell(row)} | ${cell(pr)} | ${cell(br)} | ${fmt(row.rps / pr.rps, 1)}x | ${fmt((100 * row.rps) / br.rps, 0)}% |`,
    )
  }
  console.log('\n| server | startup to first response | peak RSS (VmHWM) |')
  console.log('|---|---|---|')
  for (const r of results) console.log(`| ${r.server} | ${fmt(r.startupMs, 0)} ms | ${fmt(r.peakRssMb, 0)} MB |`)

  const budgets: [string, number, string, boolean][] = []
  for (const connections of CONNECTIONS) {
    const sr = rowOf(s, 'issueRight', connections)
    const ratioPrism = sr.rps / rowOf(p, 'issueRight', connections).rps
    const ratioBare = sr.rps / rowOf(b, 'issueRight', connections).rps
    budgets.push([
      `issueRight c=${connections}: standin >= 10x Prism`,
      ratioPrism,
      `${fmt(ratioPrism, 1)}x`,
      ratioPrism >= 10,
    ])
    budgets.push([
      `issueRight c=${connections}: standin >= 40% of bare`,
      ratioBare,
      `${fmt(100 * ratioBare, 0)}%`,
      ratioBare >= 0.4,
    ])
  }
  const startupRatio = s.startupMs / p.startupMs
  budgets.push([
    'startup: standin <= 25% of Prism',
    startupRatio,
    `${fmt(100 * startupRatio, 0)}%`,
    startupRatio <= 0.25,
  ])
  console.log('\nBudgets:')
  for (const [name, , shown, ok] of budgets) console.log(`  ${ok ? 'met   ' : 'MISSED'} ${name}: ${shown}`)
  // The bare server does no work at all: what it reaches over Prism is the most any server can reach on this machine
  // in this run (at 1 connection mostly the loopback round trip), so a budget above it cannot be met.
  const ceilings = CONNECTIONS.map((connections) => {
    const ratio = rowOf(b, 'issueRight', connections).rps / rowOf(p, 'issueRight', connections).rps
    return `c=${connections} ${fmt(ratio, 1)}x`
  })
  console.log(`  (ceiling: the bare server itself reaches ${ceilings.join(', ')} Prism on issueRight)`)

  const dir = join(ROOT, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(
    file,
    `${JSON.stringify({ node: process.version, cpus: cpus().length, duration: DURATION, results }, null, 2)}\n`,
  )
  console.log(`\nraw results: ${file}`)
  if (flags.check && budgets.some(([, , , ok]) => !ok)) process.exitCode = 1
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
