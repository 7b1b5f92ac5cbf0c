// `standin check`: the self-conformance matrix through the engine, spec lint and drift inside the repository, and the
// output formats. A check that cannot fail proves nothing: scenarios broken on purpose must fail with exactly the
// findings they cause.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CHECK_HELP, type CheckOptions, checkCommand, runCheck } from '../mocks/check/command.js'
import { DEFAULT_GROUP } from '../mocks/check/matrix.js'
import { generatedDrift, isRepository, specLint } from '../mocks/check/repo.js'
import { renderHuman, renderJunit } from '../mocks/check/report.js'
import { packageRoot } from '../mocks/core/contract.js'
import type { Scenario } from '../mocks/core/scenarios.js'
import { enfinitos } from './helpers/specs.js'

const tmp = mkdtempSync(join(tmpdir(), 'standin-check-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function io() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err }
}

/** Scenarios that break the contract on purpose, one way each. */
const BROKEN: Scenario[] = [
  {
    name: 'test:undeclared-status',
    provider: 'enfinitos',
    description: 'getRuntimeKeys answers 299',
    operations: {
      getRuntimeKeys: { kind: 'respond', status: 299, body: { ok: true, data: {}, contractVersion: 'v1.0' } },
    },
  },
  {
    name: 'test:no-envelope',
    provider: 'enfinitos',
    description: 'listBases answers its payload without the success envelope',
    operations: {
      listBases: {
        kind: 'custom',
        run: async (_call, next) => {
          const res = await next()
          return { ...res, body: (res.body as { data: unknown }).data }
        },
      },
    },
  },
  {
    name: 'test:wrong-type',
    provider: 'enfinitos',
    description: 'the first basis listed has a numeric description',
    operations: {
      listBases: {
        kind: 'custom',
        run: async (_call, next) => {
          const res = await next()
          const [first] = (res.body as { data: { bases: { description: unknown }[] } }).data.bases
          if (first) first.description = 5
          return res
        },
      },
    },
  },
  {
    name: 'test:no-retry-after',
    provider: 'enfinitos',
    description: 'a 429 without Retry-After',
    operations: {
      listBases: {
        kind: 'respond',
        status: 429,
        body: {
          ok: false,
          error: { code: 'RATE_LIMITED', message: 'slow down', details: [] },
          contractVersion: 'v1.0',
        },
      },
    },
  },
  {
    name: 'test:text-body',
    provider: 'dedit',
    description: 'login answers text/plain',
    operations: { login: { kind: 'respond', status: 200, headers: { 'content-type': 'text/plain' }, body: 'token' } },
  },
  {
    name: 'test:throws',
    provider: 'dedit',
    description: 'custom code that throws',
    operations: {
      login: {
        kind: 'custom',
        run: () => {
          throw new Error('boom')
        },
      },
    },
  },
]

const quick: CheckOptions = { repoChecks: 'skip' }

describe('standin check: the self-conformance matrix', () => {
  it('is clean on main: every operation by default and every scenario against every operation it covers', async () => {
    const report = await runCheck(quick)
    const failing = report.rows.filter((r) => r.result === 'fail')
    expect(failing.map((r) => `${r.scenario} ${r.operationId}: ${r.findings[0]?.message}`)).toEqual([])
    expect(report.ok).toBe(true)
    // the default behaviour of all 31 operations, through the providers' conformance scripts
    const defaults = report.rows.filter((r) => r.scenario === DEFAULT_GROUP)
    expect(defaults).toHaveLength(31)
    expect(defaults.every((r) => r.result === 'pass' && r.statuses.length > 0)).toBe(true)
    // every scenario has rows; faults without an HTTP answer are the only skips, and they say why
    const scenarios = new Set(report.rows.map((r) => r.scenario))
    expect(scenarios.size).toBeGreaterThan(120)
    const skipped = report.rows.filter((r) => r.result === 'skip')
    expect(skipped.length).toBeGreaterThan(0)
    expect(
      skipped.every((r) => /^fault (network-error|reset|timeout|truncated-body): no HTTP answer/.test(r.note ?? '')),
    ).toBe(true)
    // scenario sessions start after the scripts, so the Dedit token of the script is valid there
    const tokenExpired = report.rows.filter((r) => r.scenario === 'dedit:rate-limited')
    expect(tokenExpired.map((r) => r.statuses[0])).toEqual([429, 429, 429, 429, 429, 429])
    const cancelled = report.rows.find((r) => r.scenario === 'dedit:subscriptions.get.cancelled')
    expect(cancelled?.statuses).toEqual([200])
  })

  it('fails broken scenarios with exactly the findings they cause', async () => {
    const report = await runCheck({ ...quick, extraScenarios: BROKEN })
    expect(report.ok).toBe(false)
    const failing = report.rows
      .filter((r) => r.result === 'fail')
      .map((r) => ({
        scenario: r.scenario,
        findings: r.findings.map((f) => `${f.operationId} ${f.status} ${f.kind} ${f.path}: ${f.message}`),
      }))
    expect(failing).toEqual([
      {
        scenario: 'test:undeclared-status',
        findings: ['getRuntimeKeys 299 status /: status 299 is not declared for getRuntimeKeys'],
      },
      {
        scenario: 'test:no-envelope',
        findings: [
          'listBases 200 envelope /: the body is not in the EnfinitOS success envelope (missing ok, data, contractVersion)',
        ],
      },
      {
        scenario: 'test:wrong-type',
        findings: ['listBases 200 body /data/bases/0/description: must be string'],
      },
      {
        scenario: 'test:no-retry-after',
        findings: ['listBases 429 header Retry-After: the Retry-After header is required'],
      },
      {
        scenario: 'test:text-body',
        findings: ['login 200 content-type /: content type text/plain is not declared for status 200'],
      },
      {
        scenario: 'test:throws',
        findings: ['login 500 exception /: standin threw: boom'],
      },
    ])
    const wrongType = report.rows.find((r) => r.scenario === 'test:wrong-type')?.findings[0]
    expect(wrongType).toMatchObject({ expected: 'type string', found: 'integer 5', basis: 'documented' })
  })

  it('checks one provider with --provider', async () => {
    const report = await runCheck({ ...quick, providers: ['dedit'] })
    expect(new Set(report.rows.map((r) => r.provider))).toEqual(new Set(['dedit']))
    expect(report.rows.filter((r) => r.scenario === DEFAULT_GROUP)).toHaveLength(6)
    expect(report.ok).toBe(true)
  })
})

describe('standin check: output', () => {
  it('summarises passes and prints failures in full, with the first violation and its JSON path', async () => {
    const report = await runCheck({ ...quick, extraScenarios: BROKEN })
    const text = renderHuman(report)
    // passes are summarised: one line per provider and group, not one per row
    expect(text.split('\n').length).toBeLessThan(60)
    expect(text).toMatch(/enfinitos {2}default behaviour \(conformance script\) +25 rows {2}all pass/)
    expect(text).toContain('FAIL enfinitos  test:wrong-type  listBases 200')
    expect(text).toContain(
      'listBases 200 /data/bases/0/description: must be string (expected type string, found integer 5)',
    )
    expect(text).toMatch(/FAILED: 6 failing rows/)
  })

  it('writes JUnit XML with one test case per operation x scenario', async () => {
    const report = await runCheck({ ...quick, extraScenarios: BROKEN })
    const xml = renderJunit(report)
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="standin check"')).toBe(true)
    const cases = xml.match(/<testcase /g) ?? []
    expect(cases).toHaveLength(report.rows.length)
    expect(xml).toMatch(/<testsuites [^>]*tests="\d+" failures="6" errors="0" skipped="\d+"/)
    expect(xml).toContain(
      '<testcase classname="standin.check.engine.enfinitos.test:wrong-type" name="listBases" time="0.000">',
    )
    expect(xml).toContain(
      '<failure message="listBases 200 /data/bases/0/description: must be string (expected type string, found integer 5)" type="body">',
    )
    expect(xml).toMatch(/<skipped message="fault reset: no HTTP answer to validate/)
  })

  it('runs from the command: --junit, --json, exit codes 0 / 1 / 2, --help', async () => {
    const file = join(tmp, 'check.xml')
    const a = io()
    expect(await checkCommand(['--provider', 'dedit', '--skip-repo-checks', '--junit', file], a.io)).toBe(0)
    expect(a.out.join('')).toMatch(/clean: \d+ rows pass/)
    expect(readFileSync(file, 'utf8')).toContain('<testsuites name="standin check"')

    const b = io()
    expect(await checkCommand(['--provider', 'dedit', '--skip-repo-checks', '--json'], b.io)).toBe(0)
    const json = JSON.parse(b.out.join(''))
    expect(json).toMatchObject({ ok: true, providers: ['dedit'], summary: { fail: 0 } })
    expect(json.rows[0]).toMatchObject({ via: 'engine', provider: 'dedit', scenario: '(default)', result: 'pass' })

    for (const args of [['--provider', 'stripe'], ['--nope'], ['extra'], ['--junit']]) {
      const c = io()
      expect(await checkCommand(args, c.io), args.join(' ')).toBe(2)
      expect(c.err.join('')).toMatch(/standin check: .*\nrun `standin check --help` for usage/)
    }
    const d = io()
    expect(await checkCommand(['--help'], d.io)).toBe(0)
    expect(d.out.join('')).toBe(CHECK_HELP)
  })

  it("--junit creates the report's folder, and refuses a folder as the file before running anything", async () => {
    const file = join(tmp, 'reports', 'junit', 'nested', 'check.xml')
    const a = io()
    expect(await checkCommand(['--provider', 'dedit', '--skip-repo-checks', '--junit', file], a.io)).toBe(0)
    expect(readFileSync(file, 'utf8')).toContain('<testsuites name="standin check"')
    const b = io()
    expect(await checkCommand(['--provider', 'dedit', '--skip-repo-checks', '--junit', tmp], b.io)).toBe(2)
    expect(b.err.join('')).toContain(`--junit ${tmp} is a folder; name a file, e.g. ${tmp}/report.xml`)
    expect(b.out).toEqual([]) // refused up front: no run, no summary
  })

  it('exits 1 when the matrix fails', async () => {
    const a = io()
    expect(await checkCommand(['--provider', 'dedit', '--skip-repo-checks'], a.io, { extraScenarios: BROKEN })).toBe(1)
    expect(a.out.join('')).toContain('FAIL dedit  test:text-body  login 200')
  })
})

describe('standin check: spec lint and drift', () => {
  it('runs both inside the repository, and both pass on main', async () => {
    const root = packageRoot()
    expect(isRepository(root)).toBe(true)
    const [lint, drift] = await Promise.all([specLint(root, ['enfinitos', 'dedit']), generatedDrift(root)])
    expect(lint).toMatchObject({ name: 'spec lint', result: 'pass', issues: [] })
    expect(lint.note).toBe(
      'spectral lint --ruleset .spectral.yaml openapi/enfinitos.yaml openapi/dedit.yaml openapi/standin-admin.yaml',
    )
    expect(drift).toMatchObject({ name: 'generated drift', result: 'pass', issues: [] })
  }, 120_000)

  it('skips both with a note where they cannot run (an installed copy has neither file)', async () => {
    expect(isRepository(tmp)).toBe(false)
    const lint = await specLint(tmp, ['enfinitos'])
    const drift = await generatedDrift(tmp)
    expect(lint).toMatchObject({
      result: 'skip',
      note: 'not run: no .spectral.yaml here (an installed copy of standin)',
    })
    expect(drift).toMatchObject({ result: 'skip', note: expect.stringContaining('not run: no scripts/generate.mjs') })
  })

  it('reports them in the summary and fails the run when they fail', async () => {
    const report = await runCheck({ providers: ['dedit'] })
    expect(report.steps.map((s) => [s.name, s.result])).toEqual([
      ['spec lint', 'pass'],
      ['generated drift', 'pass'],
    ])
    const text = renderHuman(report)
    expect(text).toMatch(
      /spec lint: pass \(spectral lint --ruleset \.spectral\.yaml openapi\/dedit\.yaml openapi\/standin-admin\.yaml\)/,
    )
    expect(text).toMatch(/generated drift: pass \(node scripts\/generate\.mjs --check\)/)
    const failed = renderHuman({
      ...report,
      ok: false,
      steps: [
        {
          name: 'spec lint',
          result: 'fail',
          note: 'spectral lint: 1 problem(s)',
          issues: ['x.yaml:3 error r: m'],
          durationMs: 1,
        },
      ],
    })
    expect(failed).toContain('spec lint: FAIL (spectral lint: 1 problem(s))')
    expect(failed).toContain('  x.yaml:3 error r: m')
    expect(failed).toMatch(/FAILED: 0 failing rows, 1 failing repository checks/)
  }, 120_000)
})

describe("the providers' conformance scripts", () => {
  it("reach every EnfinitOS operation (the provider's own script, through Provider.conformance)", async () => {
    const report = await runCheck({ ...quick, providers: ['enfinitos'] })
    const reached = report.rows.filter((r) => r.scenario === DEFAULT_GROUP).map((r) => r.operationId)
    expect(new Set(reached)).toEqual(new Set(enfinitos.operations.map((o) => o.operationId)))
  })
})
