/** `standin verify` output: a summary table with every finding, JUnit XML (one test case per probe) and JSON. */

import { describeFinding } from '../check/findings.js'
import { junitXml } from '../check/junit.js'
import type { Finding } from '../core/conformance.js'
import type { ProbeReport, ProbeResult } from './run.js'

/** How a probe's outcome is printed (the report and the progress lines alike). */
export const OUTCOME: Record<ProbeResult['outcome'], string> = {
  ok: 'ok',
  drift: 'DRIFT',
  inferred: 'inferred',
  error: 'INCOMPLETE',
  skipped: 'skipped',
}

const EXIT_MEANING: Record<ProbeReport['exitCode'], string> = {
  0: 'clean: every answer is within the contract',
  1: 'drift: the provider breaks DOCUMENTED parts of the contract',
  3: "only INFERRED differences: the provider differs from standin's guesses where the docs are silent (docs/inferred.md)",
  4: 'incomplete: some probes got no usable answer (see INCOMPLETE above); no documented drift in the others',
}

function findingLine(f: Finding): string {
  const basis = f.basis === 'documented' ? 'DOCUMENTED' : 'INFERRED  '
  return `  ${basis} ${describeFinding(f)}${f.inferredBecause ? `\n             inferred: ${f.inferredBecause}` : ''}`
}

export function renderVerifyHuman(report: ProbeReport): string {
  const out: string[] = [
    `standin verify: ${report.provider} at ${report.baseUrl} (${report.mode === 'read-only' ? 'read-only probes' : 'read-only probes and the write flow'}; token ****)`,
    '',
  ]
  const nameWidth = Math.min(56, Math.max(5, ...report.probes.map((p) => p.name.length)))
  const opWidth = Math.max(9, ...report.probes.map((p) => p.operationId.length))
  out.push(`  ${'probe'.padEnd(nameWidth)}  ${'operation'.padEnd(opWidth)}  status  result`)
  for (const p of report.probes) {
    const retries = p.attempts > 1 ? ` (${p.attempts} attempts)` : ''
    const count = p.findings.length ? ` ${p.findings.length}` : ''
    out.push(
      `  ${p.name.slice(0, nameWidth).padEnd(nameWidth)}  ${p.operationId.padEnd(opWidth)}  ${String(p.status || '-').padEnd(6)}  ${OUTCOME[p.outcome]}${count}${retries}${p.note ? `  ${p.note}` : ''}`,
    )
  }
  const documented = report.findings.filter((f) => f.basis === 'documented')
  const inferred = report.findings.filter((f) => f.basis === 'inferred')
  if (report.findings.length) {
    out.push('')
    out.push(`findings: ${documented.length} documented, ${inferred.length} inferred`)
    for (const f of [...documented, ...inferred]) out.push(findingLine(f))
  }
  if (report.stopped) {
    out.push('')
    out.push(
      `stopped after "${report.stopped.probe}": the provider refused the key (${report.stopped.status}), so no more probes were sent.`,
      '  Check --token / --token-env, and that the key belongs to this --base-url (a sandbox key is refused by production).',
    )
  }
  out.push('')
  const meaning =
    report.stopped && report.exitCode === 4
      ? 'incomplete: the provider refused the key; nothing after that probe was checked'
      : EXIT_MEANING[report.exitCode]
  out.push(`exit ${report.exitCode}: ${meaning}  [${(report.durationMs / 1000).toFixed(1)} s]`)
  return out.join('\n')
}

export function renderVerifyJunit(report: ProbeReport): string {
  const cases = report.probes.map((p) => {
    const documented = p.findings.filter((f) => f.basis === 'documented')
    const inferred = p.findings.filter((f) => f.basis === 'inferred')
    const text = p.findings.map((f) => `${f.basis}: ${describeFinding(f)}`).join('\n')
    return {
      classname: `standin.verify.${report.provider}.${p.operationId}`,
      name: p.name,
      ...(documented.length
        ? {
            failure: {
              message: describeFinding(documented[0] as Finding),
              type: 'documented',
              text,
            },
          }
        : {}),
      ...(!documented.length && p.outcome === 'error'
        ? { error: { message: p.note ?? 'no answer', type: 'incomplete', text: p.note ?? '' } }
        : {}),
      ...(p.outcome === 'skipped' ? { skipped: p.note ?? 'skipped' } : {}),
      // Inferred differences do not fail the test case: they are listed for the people who maintain the contract.
      ...(!documented.length && inferred.length ? { systemOut: `inferred differences:\n${text}` } : {}),
    }
  })
  return junitXml(
    `standin verify ${report.provider}`,
    [{ name: `standin verify ${report.provider}`, cases, timeSeconds: report.durationMs / 1000 }],
    report.durationMs / 1000,
  )
}

export function renderVerifyJson(report: ProbeReport): string {
  return JSON.stringify(report, null, 2)
}
