// The package as a downstream team gets it: `npm pack` (whose `prepack` builds it), then examples/consumer copied out
// of the repository and the tarball installed there with npm, as another repository would install it. The consumer
// then type-checks under node16 and bundler resolution and runs its own vitest suite: in-process (MSW, beside its own
// MSW server) and against a standin HTTP server it starts with standin/server. Needs nothing but the npm registry (or
// the npm cache). The other majors of msw and vitest: scripts/consumer-matrix.mjs (CI).
import { cp, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { explain, NPM_FLAGS, packStandin, type Ran, ROOT, runBounded, tempDir } from './helpers/consumer-project.js'

/** The consumer's test count: update with examples/consumer/test. */
const CONSUMER_TESTS = { total: 16, served: 4 }

let work = ''
let consumer = ''
const log: string[] = []

/** Runs a command in the consumer (bounded), keeps a line for failure messages, expects success. */
async function expectOk(command: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Ran> {
  const ran = await runBounded(command, args, { cwd, timeoutMs })
  log.push(`$ ${ran.command}   (in ${cwd}: exit ${ran.code}, ${ran.ms} ms)`)
  expect(ran.code, `consumer step failed\n${log.join('\n')}\n${explain(ran)}`).toBe(0)
  return ran
}

beforeAll(async () => {
  work = await tempDir('consumer')
  consumer = join(work, 'delivery-reporting')
  const tarball = await packStandin(work)
  await cp(join(ROOT, 'examples', 'consumer'), consumer, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|coverage)([/\\]|$)/.test(src) && !src.endsWith('.tgz'),
  })
  // The tarball replaces the `standin` entry of the consumer's package.json; its other dependencies come from the
  // registry (msw, vitest, typescript, openapi-fetch), the npm cache first.
  await expectOk('npm', ['install', tarball, ...NPM_FLAGS], consumer)
}, 420_000)

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

  it('passes its own test suite, in-process and against startStandinServer', async () => {
    const reportFile = join(work, 'consumer-vitest.json')
    const result = await expectOk(
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`],
      consumer,
      240_000,
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
  }, 300_000)
})
