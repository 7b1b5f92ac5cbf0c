// `standin verify` against standin's own server: a provider that follows the contract passes, read-only and with the
// write flow, for both providers; the command's flags, exit codes and outputs; the token never printed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../mocks/server.js'
import { VERIFY_HELP, verifyCommand } from '../mocks/verify/command.js'
import { createMasker } from '../mocks/verify/mask.js'
import { normaliseBaseUrl, runProbes } from '../mocks/verify/run.js'
import { createEngine } from './helpers/engine.js'

const ENFINITOS_TOKEN = 'sk_test_verify0123456789abcdef'
const DEDIT_TOKEN = 'dk_test_verify_secret_key_42'
let server: RunningServer
const tmp = mkdtempSync(join(tmpdir(), 'standin-verify-'))

beforeAll(async () => {
  // throw mode: standin itself would answer 500 if it ever left its contract
  const engine = createEngine()
  server = await startServer(engine, {
    host: '127.0.0.1',
    port: 0,
    session: { seed: 1, clock: '2026-04-01T12:00:00.000Z' },
  })
})
afterAll(async () => {
  await server.close()
  rmSync(tmp, { recursive: true, force: true })
})

function io() {
  const out: string[] = []
  const err: string[] = []
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) },
    out,
    err,
    all: () => [...out, ...err].join('\n'),
  }
}

describe('standin verify against a standin server', () => {
  it('passes EnfinitOS read-only: listings, fetches of listed ids, keys, rejections, 401', async () => {
    const report = await runProbes({ provider: 'enfinitos', baseUrl: server.url, token: ENFINITOS_TOKEN })
    expect(report.findings).toEqual([])
    expect(report.exitCode).toBe(0)
    expect(report.mode).toBe('read-only')
    expect(report.probes.map((p) => [p.operationId, p.status, p.outcome])).toEqual([
      ['getRuntimeKeys', 200, 'ok'],
      ['listBases', 200, 'ok'],
      ['listRights', 200, 'ok'],
      ['listRights', 200, 'ok'],
      ['getRight', 200, 'ok'],
      ['listChallenges', 200, 'ok'],
      ['listProofPacks', 200, 'ok'],
      ['getProofPack', 200, 'ok'],
      ['getMetering', 200, 'ok'],
      ['getSettlement', 200, 'ok'],
      ['listRights', 400, 'ok'],
      ['getRight', 400, 'ok'],
      ['getSettlement', 400, 'ok'],
      ['getRight', 404, 'ok'],
      ['listRights', 401, 'ok'],
    ])
    // nothing was written
    expect(
      server
        .session()
        .journal.list()
        .every((e) => e.request.method === 'GET'),
    ).toBe(true)
  })

  it('passes the EnfinitOS write flow, and the sealed pack verifies under the auditor rules', async () => {
    const report = await runProbes({
      provider: 'enfinitos',
      baseUrl: server.url,
      token: ENFINITOS_TOKEN,
      allowWrites: true,
    })
    expect(report.findings).toEqual([])
    expect(report.exitCode).toBe(0)
    const flow = report.probes.filter((p) => p.name.startsWith('write flow'))
    expect(flow.map((p) => [p.operationId, p.status])).toEqual([
      ['registerBasis', 200],
      ['issueRight', 200],
      ['observeDelivery', 200],
      ['sealProofPack', 200],
      ['getRuntimeKeys', 200],
      ['getProofPack', 200],
      ['revokeRight', 200],
    ])
  })

  it('passes Dedit read-only and with the write flow; the token is the API key it logs in with', async () => {
    const read = await runProbes({ provider: 'dedit', baseUrl: server.url, token: DEDIT_TOKEN })
    expect(read.findings).toEqual([])
    expect(read.exitCode).toBe(0)
    expect(read.probes.map((p) => [p.operationId, p.status])).toEqual([
      ['login', 200],
      ['login', 400],
      ['getActiveSubscription', 401],
      ['getActiveSubscription', 200],
      ['getSubscription', 200],
      ['getSubscription', 400],
    ])
    const write = await runProbes({
      provider: 'dedit',
      baseUrl: `${server.url}/api/v2/`,
      token: DEDIT_TOKEN,
      allowWrites: true,
    })
    expect(write.findings).toEqual([])
    expect(write.probes.filter((p) => p.name.startsWith('write flow')).map((p) => [p.operationId, p.status])).toEqual([
      ['requestRegistration', 400],
      ['requestRegistration', 200],
      ['completeRegistration', 200],
      ['uploadFileMetadata', 200],
    ])
  })

  it('reports a token the provider refuses as incomplete (exit 4), not as clean', async () => {
    const report = await runProbes({ provider: 'enfinitos', baseUrl: server.url, token: 'not-an-api-key' })
    expect(report.exitCode).toBe(4)
    const listing = report.probes.find((p) => p.name === 'list bases')
    expect(listing).toMatchObject({ status: 401, outcome: 'error' })
    expect(listing?.note).toMatch(/^the provider refused the key: 401 \(UNAUTHORIZED .*\); no more probes sent$/)
    expect(report.probes.at(-1)).toBe(listing) // failed fast: nothing sent after it (test/verify-key-rejected.test.ts)
  })

  it('takes the origin, or the origin with the provider prefix', () => {
    expect(normaliseBaseUrl('/api/v2/', 'https://app.dedit.io/api/v2/')).toBe('https://app.dedit.io')
    expect(normaliseBaseUrl('/v1/', 'https://sandbox.api.enfinitos.com/v1')).toBe('https://sandbox.api.enfinitos.com')
    expect(normaliseBaseUrl('/v1/', 'https://sandbox.api.enfinitos.com')).toBe('https://sandbox.api.enfinitos.com')
  })
})

describe('standin verify: the command', () => {
  it('prints a summary table, writes JUnit and JSON, and exits 0 when clean; the token is never printed', async () => {
    const file = join(tmp, 'verify.xml')
    const a = io()
    const code = await verifyCommand(
      ['--provider', 'dedit', '--base-url', server.url, '--token-env', 'DEDIT_KEY', '--junit', file],
      a.io,
      { DEDIT_KEY: DEDIT_TOKEN },
    )
    expect(code).toBe(0)
    const text = a.out.join('')
    expect(text).toContain(`standin verify: dedit at ${server.url} (read-only probes; token ****)`)
    expect(text).toMatch(/log in with the API key +login +200 +ok/)
    expect(text).toMatch(/exit 0: clean: every answer is within the contract/)
    const xml = readFileSync(file, 'utf8')
    expect(xml).toContain('<testsuites name="standin verify dedit" tests="6" failures="0" errors="0" skipped="0"')
    const b = io()
    expect(
      await verifyCommand(
        ['--provider', 'enfinitos', '--base-url', server.url, '--token', ENFINITOS_TOKEN, '--json'],
        b.io,
      ),
    ).toBe(0)
    const json = JSON.parse(b.out.join(''))
    expect(json).toMatchObject({
      provider: 'enfinitos',
      exitCode: 0,
      counts: { documented: 0, inferred: 0, incomplete: 0 },
    })
    for (const output of [text, xml, b.out.join('')]) {
      expect(output).not.toContain(DEDIT_TOKEN)
      expect(output).not.toContain(ENFINITOS_TOKEN)
    }
  })

  it("--junit creates the report's folder; a path it cannot write is a usage error before any probe", async () => {
    const file = join(tmp, 'reports', 'verify', 'dedit.xml')
    const a = io()
    const args = ['--provider', 'dedit', '--base-url', server.url, '--token', DEDIT_TOKEN, '--quiet']
    expect(await verifyCommand([...args, '--junit', file], a.io)).toBe(0)
    expect(readFileSync(file, 'utf8')).toContain('<testsuites name="standin verify dedit"')
    const b = io()
    let requests = 0
    const counting: typeof fetch = (input, init) => {
      requests++
      return fetch(input, init)
    }
    expect(await verifyCommand([...args, '--junit', tmp], b.io, {}, { fetch: counting })).toBe(2)
    expect(b.err.join('')).toContain(`--junit ${tmp} is a folder`)
    expect(requests).toBe(0)
  })

  it('exits 2 on usage errors, without printing the token', async () => {
    const cases: [string[], RegExp][] = [
      [['--base-url', server.url, '--token', 'sk_test_secret_value_1'], /--provider is required/],
      [
        ['--provider', 'stripe', '--base-url', server.url, '--token', 'sk_test_secret_value_1'],
        /unknown provider "stripe"/,
      ],
      [['--provider', 'dedit', '--token', 'sk_test_secret_value_1'], /--base-url is required/],
      [
        ['--provider', 'dedit', '--base-url', 'ftp://x', '--token', 'sk_test_secret_value_1'],
        /--base-url must be an http\(s\) URL/,
      ],
      [['--provider', 'dedit', '--base-url', server.url], /a token is required/],
      [
        ['--provider', 'dedit', '--base-url', server.url, '--token', 'sk_test_secret_value_1', '--token-env', 'X'],
        /give the token once/,
      ],
      [
        ['--provider', 'dedit', '--base-url', server.url, '--token-env', 'UNSET_VAR'],
        /UNSET_VAR: the environment variable is not set/,
      ],
      [
        ['--provider', 'dedit', '--base-url', server.url, '--token', 'sk_test_secret_value_1', '--timeout', '0'],
        /--timeout must be an integer >= 1/,
      ],
      [
        ['--provider', 'dedit', '--base-url', server.url, '--token=sk_test_secret_value_1', '--bogus'],
        /Unknown option '--bogus'/,
      ],
    ]
    for (const [args, message] of cases) {
      const a = io()
      expect(await verifyCommand(args, a.io, {}), args.join(' ')).toBe(2)
      expect(a.err.join(''), args.join(' ')).toMatch(message)
      expect(a.all()).not.toContain('sk_test_secret_value_1')
    }
    const h = io()
    expect(await verifyCommand(['--help'], h.io)).toBe(0)
    expect(h.out.join('')).toBe(VERIFY_HELP)
  })

  it('masks secrets in every escaped form they can take in an output', () => {
    const mask = createMasker(['s3cr&t"<key>', 'abc'])
    expect(
      mask('raw s3cr&t"<key> json s3cr&t\\"<key> xml s3cr&amp;t&quot;&lt;key&gt; url s3cr%26t%22%3Ckey%3E abc'),
    ).toBe('raw **** json **** xml **** url **** abc')
  })
})
