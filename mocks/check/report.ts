/**
 * `standin check` output: a compact human summary (failures in full, passes summarised per provider, readable with a
 * thousand rows), JUnit XML (one test case per operation x scenario) and JSON.
 */
import type { ProviderName } from '../typed.js'
import { describeFinding } from './findings.js'
import { type JUnitSuite, junitXml } from './junit.js'
import { type CheckRow, DEFAULT_GROUP, type Via } from './matrix.js'
import type { StepResult } from './repo.js'

export interface CheckReport {
  ok: boolean
  providers: ProviderName[]
  rows: CheckRow[]
  steps: StepResult[]
  /** Set when the Prism pass ran. */
  prism?: { version: string; durationMs: number }
  timings: { engineMs: number; totalMs: number }
}

const VIA_TITLE: Record<Via, string> = {
  engine: 'standin self-conformance (in-process engine; standin validates every answer against the spec)',
  prism: "through Prism's validating proxy (prism proxy --errors; Prism judges every answer)",
}

const n = (x: number) => x.toLocaleString('en-GB')
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

function countRows(rows: CheckRow[]) {
  return {
    total: rows.length,
    pass: rows.filter((r) => r.result === 'pass').length,
    fail: rows.filter((r) => r.result === 'fail').length,
    skip: rows.filter((r) => r.result === 'skip').length,
  }
}

/** Skipped rows grouped by the reason's first words (`fault reset`, `delay 2000 ms`). */
function skipReasons(rows: CheckRow[]): string {
  const by = new Map<string, number>()
  for (const r of rows) {
    if (r.result !== 'skip') continue
    const key = (r.note ?? 'skipped').split(':')[0] as string
    by.set(key, (by.get(key) ?? 0) + 1)
  }
  return [...by].map(([k, v]) => `${v} ${k}`).join(', ')
}

function rowLabel(r: CheckRow): string {
  return `${r.provider}  ${r.scenario}  ${r.operationId} ${r.statuses.length ? r.statuses.join(',') : '-'}`
}

interface RenderOptions {
  verbose?: boolean
  /** Findings printed per failing row before "... N more". */
  findingsPerRow?: number
}

export function renderHuman(report: CheckReport, options: RenderOptions = {}): string {
  const perRow = options.findingsPerRow ?? 3
  const out: string[] = [`standin check: ${report.providers.join(', ')}`]
  for (const via of ['engine', 'prism'] as const) {
    const rows = report.rows.filter((r) => r.via === via)
    if (rows.length === 0) continue
    const c = countRows(rows)
    const ms = via === 'engine' ? report.timings.engineMs : (report.prism?.durationMs ?? 0)
    out.push('')
    out.push(`${VIA_TITLE[via]}`)
    out.push(
      `  ${n(c.total)} rows (operation x scenario): ${n(c.pass)} pass, ${n(c.fail)} fail, ${n(c.skip)} skipped  [${seconds(ms)}]`,
    )
    for (const provider of report.providers) {
      const mine = rows.filter((r) => r.provider === provider)
      if (mine.length === 0) continue
      const def = mine.filter((r) => r.scenario === DEFAULT_GROUP)
      const scen = mine.filter((r) => r.scenario !== DEFAULT_GROUP)
      const groups = new Set(scen.map((r) => r.scenario))
      const line = (label: string, list: CheckRow[]) => {
        const k = countRows(list)
        const status = k.fail === 0 ? 'all pass' : `${k.fail} FAIL`
        const skips = k.skip ? `; ${k.skip} skipped (${skipReasons(list)})` : ''
        return `  ${provider.padEnd(10)} ${label.padEnd(38)} ${String(k.total).padStart(5)} rows  ${status}${skips}`
      }
      out.push(line('default behaviour (conformance script)', def))
      out.push(line(`${groups.size} scenarios`, scen))
    }
    if (options.verbose) {
      out.push('')
      const width = Math.max(...rows.map((r) => r.scenario.length))
      for (const r of rows) {
        const mark = r.result === 'pass' ? 'ok  ' : r.result === 'fail' ? 'FAIL' : 'skip'
        out.push(
          `  ${mark} ${r.provider.padEnd(10)} ${r.scenario.padEnd(width)} ${r.operationId.padEnd(28)} ${r.statuses.join(',') || '-'}${r.note ? `  (${r.note})` : ''}`,
        )
      }
    }
    const failed = rows.filter((r) => r.result === 'fail')
    if (failed.length) {
      out.push('')
      out.push(`  failures (${failed.length}):`)
      for (const r of failed) {
        out.push(`  FAIL ${rowLabel(r)}`)
        for (const f of r.findings.slice(0, perRow)) out.push(`       ${describeFinding(f)}`)
        if (r.findings.length > perRow)
          out.push(`       ... ${r.findings.length - perRow} more (see --json or --junit)`)
      }
    }
    if (via === 'prism' && c.skip) {
      out.push(
        `  note: ${c.skip} rows not replayed through Prism: faults (network error, reset, timeout, truncated body) and delays cannot go through a proxy meaningfully; the engine pass checks them`,
      )
    }
  }
  out.push('')
  for (const step of report.steps) {
    out.push(
      `${step.name}: ${step.result === 'pass' ? 'pass' : step.result === 'fail' ? 'FAIL' : 'skipped'} (${step.note})${step.result === 'skip' ? '' : `  [${seconds(step.durationMs)}]`}`,
    )
    for (const issue of step.issues.slice(0, 20)) out.push(`  ${issue}`)
    if (step.issues.length > 20) out.push(`  ... ${step.issues.length - 20} more`)
  }
  const c = countRows(report.rows)
  out.push('')
  out.push(
    report.ok
      ? `clean: ${n(c.pass)} rows pass${c.skip ? `, ${n(c.skip)} skipped` : ''}  [${seconds(report.timings.totalMs)}]`
      : `FAILED: ${n(c.fail)} failing rows, ${report.steps.filter((s) => s.result === 'fail').length} failing repository checks  [${seconds(report.timings.totalMs)}]`,
  )
  return out.join('\n')
}

export function renderJunit(report: CheckReport): string {
  const suites = new Map<string, JUnitSuite>()
  for (const r of report.rows) {
    const key = `${r.via} ${r.scenario === DEFAULT_GROUP ? `${r.provider} default behaviour` : r.scenario}`
    let suite = suites.get(key)
    if (!suite) {
      suite = { name: key, cases: [] }
      suites.set(key, suite)
    }
    const first = r.findings[0]
    suite.cases.push({
      classname: `standin.check.${r.via}.${r.provider}.${r.scenario === DEFAULT_GROUP ? 'default' : r.scenario}`,
      name: r.operationId,
      ...(r.result === 'fail' && first
        ? {
            failure: {
              message: describeFinding(first),
              type: first.kind,
              text: r.findings.map(describeFinding).join('\n'),
            },
          }
        : {}),
      ...(r.result === 'skip' ? { skipped: r.note ?? 'skipped' } : {}),
    })
  }
  const steps: JUnitSuite = {
    name: 'repository checks',
    cases: report.steps.map((s) => ({
      classname: 'standin.check.repository',
      name: s.name,
      timeSeconds: s.durationMs / 1000,
      ...(s.result === 'fail'
        ? { failure: { message: s.note, type: s.name, text: s.issues.join('\n') || s.note } }
        : {}),
      ...(s.result === 'skip' ? { skipped: s.note } : {}),
    })),
  }
  return junitXml(
    'standin check',
    [...suites.values(), ...(steps.cases.length ? [steps] : [])],
    report.timings.totalMs / 1000,
  )
}

export function renderJson(report: CheckReport): string {
  const counts = countRows(report.rows)
  return JSON.stringify(
    {
      ok: report.ok,
      providers: report.providers,
      summary: {
        ...counts,
        steps: Object.fromEntries(report.steps.map((s) => [s.name, s.result])),
      },
      timings: { ...report.timings, ...(report.prism ? { prismMs: report.prism.durationMs } : {}) },
      ...(report.prism ? { prism: { version: report.prism.version } } : {}),
      steps: report.steps,
      rows: report.rows,
    },
    null,
    2,
  )
}
