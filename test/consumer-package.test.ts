// The package as a downstream team gets it: `npm pack` (which runs `prepare`, the build), then examples/consumer
// copied out of the repository and the tarball installed there with npm, as another repository would install it.
// The consumer then type-checks under node16 and bundler resolution and runs its own vitest suite, in-process (MSW)
// and against `npx standin serve` from its node_modules. Needs nothing but the npm registry (or the npm cache).
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageRoot } from '../mocks/core/contract.js'
import { type RunResult, run } from './helpers/run.js'

const ROOT = packageRoot()
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund']
/** The consumer's test count: update with examples/consumer/test. */
const CONSUMER_TESTS = { total: 14, served: 4 }

// The outer runner's variables would leak into the consumer's npm and vitest (npm_config_local_prefix points npm at
// this repository, VITEST_* makes vitest think it is a worker): the consumer gets the environment of a shell.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) =>
      !/^(VITEST|npm_lifecycle_|npm_package_)/.test(key) &&
      !['npm_config_local_prefix', 'npm_config_call', 'npm_command', 'INIT_CWD', 'NODE_ENV', 'TEST'].includes(key),
  ),
)
env.NO_COLOR = '1'
delete env.FORCE_COLOR

let work = ''
let consumer = ''
const log: string[] = []

/** Runs a command, keeps its output for failure messages, and returns it. */
async function sh(command: string, args: string[], cwd: string): Promise<RunResult> {
  const started = Date.now()
  const result = await run(command, args, { cwd, env })
  log.push(`$ ${command} ${args.join(' ')}   (in ${cwd}: exit ${result.code}, ${Date.now() - started} ms)`)
  return result
}

/** What a failed step prints: the steps so far, then the failed command's own output (its last 200 lines). */
function explain(result: RunResult): string {
  const tail = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('npm notice'))
      .slice(-200)
      .join('\n')
  return `consumer step failed\n${log.join('\n')}\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`
}

async function expectOk(command: string, args: string[], cwd: string): Promise<RunResult> {
  const result = await sh(command, args, cwd)
  expect(result.code, explain(result)).toBe(0)
  return result
}

beforeAll(async () => {
  // Under the OS temp dir, not in this repository: node must not find this repository's node_modules from there.
  work = await mkdtemp(join(tmpdir(), 'standin-consumer-'))
  const packs = join(work, 'pack')
  consumer = join(work, 'delivery-reporting')
  await mkdir(packs)
  await expectOk('npm', ['pack', '--pack-destination', packs], ROOT)
  const tarballs = (await readdir(packs)).filter((f) => f.endsWith('.tgz'))
  expect(tarballs, `npm pack left ${tarballs.join(', ') || 'no tarball'} in ${packs}`).toHaveLength(1)
  await cp(join(ROOT, 'examples', 'consumer'), consumer, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|coverage)([/\\]|$)/.test(src) && !src.endsWith('.tgz'),
  })
  // The tarball replaces the `standin` entry of the consumer's package.json; its other dependencies come from the
  // registry (msw, vitest, typescript, openapi-fetch), the npm cache first.
  await expectOk('npm', ['install', join(packs, tarballs[0] as string), ...NPM_FLAGS], consumer)
}, 300_000)

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

describe('examples/consumer against the packed package', () => {
  it('installs standin from the tarball, with its bin and generated types', async () => {
    const pkg = JSON.parse(await readFile(join(consumer, 'package.json'), 'utf8'))
    expect(pkg.dependencies.standin).toMatch(/^file:.*standin-[\d.]+\.tgz$/)
    const installed = JSON.parse(await readFile(join(consumer, 'node_modules', 'standin', 'package.json'), 'utf8'))
    expect(installed.name).toBe('standin')
    const bin = await readdir(join(consumer, 'node_modules', '.bin'))
    expect(bin).toContain('standin')
  })

  it('type-checks with moduleResolution node16', async () => {
    await expectOk('npx', ['tsc', '-p', 'tsconfig.json'], consumer)
  }, 120_000)

  it('type-checks with moduleResolution bundler', async () => {
    await expectOk('npx', ['tsc', '-p', 'tsconfig.bundler.json'], consumer)
  }, 120_000)

  it('passes its own test suite, in-process and against npx standin serve', async () => {
    const reportFile = join(work, 'consumer-vitest.json')
    const result = await expectOk(
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`],
      consumer,
    )
    const summary = /Tests\s+(\d+) passed \((\d+)\)/.exec(result.stdout)
    expect(summary?.slice(1).map(Number), explain(result)).toEqual([CONSUMER_TESTS.total, CONSUMER_TESTS.total])
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
      numTotalTests: number
      numPassedTests: number
      testResults: { name: string; assertionResults: { status: string }[] }[]
    }
    expect(report.numPassedTests, explain(result)).toBe(CONSUMER_TESTS.total)
    expect(report.numTotalTests).toBe(CONSUMER_TESTS.total)
    const served = report.testResults.find((file) => file.name.endsWith('served.test.ts'))
    expect(served?.assertionResults.map((t) => t.status)).toEqual(Array(CONSUMER_TESTS.served).fill('passed'))
  }, 180_000)
})
