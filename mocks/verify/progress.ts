/**
 * What `standin verify` prints while it runs, on stderr (stdout keeps the report, so `--json` stays parseable): one line
 * per probe as it finishes, and one line before every wait for a retry, with what the provider asked for, so a run
 * that waits out a Retry-After is never silent. `--quiet` turns it off.
 */
import { OUTCOME } from './report.js'
import type { ProbeProgress } from './run.js'

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`)

/** The start line: what is probed, and how patiently. */
export function progressHeader(o: {
  provider: string
  baseUrl: string
  allowWrites: boolean
  timeoutMs: number
  retries: number
}): string {
  const mode = o.allowWrites ? 'read-only probes, then the write flow' : 'read-only probes'
  return `standin verify: probing ${o.provider} at ${o.baseUrl} (${mode}; one request at a time, --timeout ${seconds(o.timeoutMs)}, --retries ${o.retries})`
}

/** One progress event as a line; `now` is for the clock time a wait ends at. */
export function progressLine(event: ProbeProgress, now: Date = new Date()): string {
  if (event.kind === 'wait') {
    const asked =
      event.retryAfter === undefined
        ? 'no Retry-After: backing off'
        : `Retry-After: ${event.retryAfter}${event.capped ? ` (more than the ${seconds(event.waitMs)} cap)` : ''}`
    const until = new Date(now.getTime() + event.waitMs).toISOString().slice(11, 19)
    return `  ${event.method} ${event.path} -> ${event.status}, ${asked}; waiting ${seconds(event.waitMs)} (until ${until} UTC) before retry ${event.retry} of ${event.retries}`
  }
  const r = event.result
  if (r.outcome === 'skipped') return `  skipped  ${r.name}: ${r.note ?? ''}`
  const attempts = r.attempts > 1 ? `, ${r.attempts} attempts` : ''
  const findings = r.findings.length ? `, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}` : ''
  const note = r.outcome === 'error' && r.note ? `: ${r.note}` : ''
  return `  ${OUTCOME[r.outcome].padEnd(8)} ${r.name} (${r.method} ${r.path} -> ${r.status || 'no answer'}, ${event.ms} ms${attempts}${findings})${note}`
}
