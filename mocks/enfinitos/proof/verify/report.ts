/** The verifier's report: the checks made, and the verdict. */
import type { ReasonCode } from '../reasons.js'
import { show } from './values.js'

/** One check the verifier made. Checks that passed are listed too (`ok: true`). */
export interface VerificationCheck {
  /** The reason code reported when this check fails. */
  code: ReasonCode
  ok: boolean
  /** What was checked, and on failure what was wrong. */
  message: string
  /** Index into `records[]` (packs) or into the provenance list, when the check concerns one record. */
  recordIndex?: number
  /** JSON pointer into the pack (or provenance list) of the value checked, e.g. `/records/3/afterHash`. */
  path?: string
  /** The key concerned, for key checks. */
  keyId?: string
  /** On failure: the value the rules require. */
  expected?: string
  /** On failure: the value found. */
  actual?: string
}

/**
 * The verifier's verdict. `ok` is true iff no check failed. `failures` are the distinct codes of the failed checks,
 * sorted: assert on it with set equality (`expect(report.failures).toEqual([...].sort())`).
 * FIELD_MALFORMED and KEY_DIRECTORY_INVALID checks appear only when they fail; every other check is listed whether
 * it passed or failed. Checks that cannot be made (e.g. a signature under an unknown key) are left out.
 */
export interface VerificationReport {
  ok: boolean
  /** The pack's id (null when it has none, and for provenance). */
  packId: string | null
  checks: VerificationCheck[]
  failures: ReasonCode[]
}

/** The failed checks of a report. */
export function failedChecks(report: VerificationReport): VerificationCheck[] {
  return report.checks.filter((check) => !check.ok)
}

/** Collects checks; {@link Report.finish} gives the verdict. */
export class Report {
  readonly checks: VerificationCheck[] = []

  constructor(private readonly packId: string | null) {}

  check(
    code: ReasonCode,
    ok: boolean,
    message: string,
    where: Omit<VerificationCheck, 'code' | 'ok' | 'message' | 'expected' | 'actual'>,
    expected?: () => unknown,
    actual?: () => unknown,
  ): boolean {
    const entry: VerificationCheck = { code, ok, message, ...where }
    if (!ok && expected) entry.expected = show(expected())
    if (!ok && actual) entry.actual = show(actual())
    this.checks.push(entry)
    return ok
  }

  malformed(message: string, where: Omit<VerificationCheck, 'code' | 'ok' | 'message'>): void {
    this.checks.push({ code: 'FIELD_MALFORMED', ok: false, message, ...where })
  }

  finish(): VerificationReport {
    const failures = [...new Set(this.checks.filter((check) => !check.ok).map((check) => check.code))].sort()
    return { ok: failures.length === 0, packId: this.packId, checks: this.checks, failures }
  }
}
