#!/usr/bin/env node
// The peer ranges, proved: examples/consumer (type-check and its own vitest suite) against the packed standin, once per
// supported pairing of majors:
//   msw 2 + vitest 4 on Node 20     (this machine's Node, or node@20 from the npm registry)
//   msw 3 + vitest 5 on Node 22     (node@22 from the npm registry: `npx -y -p node@22 node ...`)
// Each pairing gets its own copy of the example, installed with --strict-peer-deps (an ERESOLVE fails the run; no
// --legacy-peer-deps) by npm running on that pairing's Node. Every command is bounded in time.
//
// Usage: node scripts/consumer-matrix.mjs [--tarball standin-x.y.z.tgz] [--only msw2|msw3] [--keep]
// Last line: `consumer-matrix: N passed, N failed` (pairings).
import { spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The pairings. `types` follows vitest's own peer range for @types/node (vitest 5 wants ^22). */
const PAIRINGS = [
  { id: 'msw2', node: 20, deps: { msw: '^2.9.0', vitest: '^4.0.0', '@types/node': '^20.19.0' } },
  { id: 'msw3', node: 22, deps: { msw: '^3.0.0', vitest: '^5.0.0', '@types/node': '^22.0.0' } },
]

const MINUTE = 60_000
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--strict-peer-deps']

const { values } = parseArgs({
  options: { tarball: { type: 'string' }, only: { type: 'string' }, keep: { type: 'boolean' } },
})

/** A plain shell's environment: nothing of an outer npm or vitest run leaks in. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(VITEST|npm_)/i.test(key) && !['INIT_CWD', 'NODE_ENV', 'NODE_OPTIONS', 'TEST'].includes(key),
  ),
)
env.NO_COLOR = '1'

/** Runs a command, its output streamed with a prefix; kills its process group after `timeoutMs`. */
function run(label, argv, cwd, timeoutMs) {
  const started = Date.now()
  return new Promise((done) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const onData = (chunk) => {
      out += chunk
      for (const line of String(chunk).split('\n')) if (line.trim()) process.stdout.write(`  [${label}] ${line}\n`)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {}
    }, timeoutMs)
    const finish = (code) => {
      clearTimeout(timer)
      const ms = Date.now() - started
      if (timedOut) console.log(`  [${label}] killed after ${Math.round(ms / 1000)} s (limit ${timeoutMs / 1000} s)`)
      done({ ok: code === 0 && !timedOut, code, out, ms })
    }
    child.on('error', (err) => {
      out += String(err)
      finish(-1)
    })
    child.on('close', finish)
  })
}

/** How to run node of this major: this process's own when it matches, else the npm registry's `node` package. */
function nodeOf(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return [process.execPath]
  return ['npx', '-y', '-p', `node@${major}`, 'node']
}

/** npm's own CLI script, to run it under another Node. */
async function npmCli() {
  const which = await run('npm-path', ['sh', '-c', 'command -v npm'], ROOT, MINUTE)
  const bin = await realpath(which.out.trim())
  return bin.endsWith('.js') ? bin : join(dirname(bin), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')
}

/** `npm pack` of a copy of this working tree (its node_modules linked in), so the repository's dist/ is left alone. */
async function pack(work) {
  const copy = join(work, 'standin-src')
  await cp(ROOT, copy, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|coverage|\.[^/\\]+)([/\\]|$)|\.tgz$/.test(src.slice(ROOT.length)),
  })
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir')
  const packed = await run('pack', ['npm', 'pack', '--pack-destination', work], copy, 5 * MINUTE)
  if (!packed.ok) throw new Error('npm pack failed')
  await rm(copy, { recursive: true, force: true })
  const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error('npm pack wrote no tarball')
  return join(work, tarball)
}

async function version(dir, name) {
  return JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version
}

/** One pairing: copy the example, pin the majors and the tarball, install, type-check, test. */
async function pairing(p, tarball, work, npm) {
  const dir = join(work, p.id)
  await cp(join(ROOT, 'examples', 'consumer'), dir, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|coverage)([/\\]|$)|\.tgz$/.test(src),
  })
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
  pkg.dependencies.standin = `file:${tarball}`
  Object.assign(pkg.devDependencies, p.deps)
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
  const node = nodeOf(p.node)
  const label = p.id
  const nodeVersion = await run(label, [...node, '--version'], dir, 5 * MINUTE)
  if (!nodeVersion.ok) return { ok: false, why: `node ${p.node} unavailable` }
  const installed = await run(label, [...node, npm, 'install', ...NPM_FLAGS], dir, 8 * MINUTE)
  if (!installed.ok) return { ok: false, why: /ERESOLVE/.test(installed.out) ? 'ERESOLVE' : 'npm install failed' }
  const versions = `msw ${await version(dir, 'msw')} + vitest ${await version(dir, 'vitest')} on Node ${nodeVersion.out.trim()}`
  console.log(`  [${label}] installed: ${versions}`)
  for (const config of ['tsconfig.json', 'tsconfig.bundler.json']) {
    const tsc = await run(label, [...node, 'node_modules/typescript/bin/tsc', '-p', config], dir, 4 * MINUTE)
    if (!tsc.ok) return { ok: false, why: `type-check (${config}) failed`, versions }
  }
  const report = join(dir, 'vitest-report.json')
  const vitestArgs = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]
  const tests = await run(label, [...node, 'node_modules/vitest/vitest.mjs', ...vitestArgs], dir, 8 * MINUTE)
  const counts = await readFile(report, 'utf8').then(
    (text) => JSON.parse(text),
    () => undefined,
  )
  const summary = counts ? `${counts.numPassedTests} passed, ${counts.numFailedTests} failed` : 'no report'
  const ok = tests.ok && counts !== undefined && counts.numFailedTests === 0 && counts.numPassedTests > 0
  return { ok, why: ok ? '' : 'tests failed', versions, summary }
}

async function main() {
  const chosen = PAIRINGS.filter((p) => !values.only || p.id === values.only)
  if (chosen.length === 0) throw new Error(`--only ${values.only}: expected one of ${PAIRINGS.map((p) => p.id)}`)
  const work = await mkdtemp(join(tmpdir(), 'standin-consumer-matrix-'))
  let passed = 0
  let failed = 0
  try {
    await mkdir(work, { recursive: true })
    const tarball = values.tarball ? resolve(values.tarball) : await pack(work)
    const npm = await npmCli()
    console.log(`consumer-matrix: ${tarball}, npm ${npm}`)
    for (const p of chosen) {
      const started = Date.now()
      const result = await pairing(p, tarball, work, npm).catch((err) => ({ ok: false, why: String(err) }))
      const secs = Math.round((Date.now() - started) / 1000)
      const what = result.versions ?? `${p.id} (Node ${p.node})`
      console.log(
        `consumer-matrix: ${result.ok ? 'ok' : 'FAILED'}  ${what}: ${result.summary ?? ''}${result.why ? ` (${result.why})` : ''} in ${secs} s`,
      )
      if (result.ok) passed += 1
      else failed += 1
    }
  } finally {
    if (values.keep) console.log(`consumer-matrix: kept ${work}`)
    else await rm(work, { recursive: true, force: true })
  }
  console.log(`consumer-matrix: ${passed} passed, ${failed} failed`)
  process.exitCode = failed === 0 ? 0 : 1
}

main().catch((err) => {
  console.error(`consumer-matrix: ${err.message}`)
  console.log('consumer-matrix: 0 passed, 1 failed')
  process.exitCode = 1
})
