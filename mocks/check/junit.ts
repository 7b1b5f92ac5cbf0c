/** A small JUnit XML writer (the format CI systems read): suites of test cases, each passed, failed or skipped. */

interface JUnitCase {
  classname: string
  name: string
  timeSeconds?: number
  failure?: { message: string; type?: string; text: string }
  /** The test could not run to a verdict (no answer, a timeout). */
  error?: { message: string; type?: string; text: string }
  skipped?: string
  systemOut?: string
}

export interface JUnitSuite {
  name: string
  cases: JUnitCase[]
  timeSeconds?: number
}

/** Escapes text for XML content and attributes, dropping the control characters XML 1.0 forbids. */
function xmlEscape(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly the characters XML 1.0 cannot carry
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
  )
}

const time = (s: number | undefined) => (s ?? 0).toFixed(3)

export function junitXml(name: string, suites: JUnitSuite[], timeSeconds?: number): string {
  const count = (pred: (c: JUnitCase) => boolean) => suites.reduce((n, s) => n + s.cases.filter(pred).length, 0)
  const tests = count(() => true)
  const failures = count((c) => c.failure !== undefined)
  const errors = count((c) => c.failure === undefined && c.error !== undefined)
  const skipped = count((c) => c.skipped !== undefined)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time(timeSeconds)}">`,
  ]
  for (const suite of suites) {
    const f = suite.cases.filter((c) => c.failure).length
    const e = suite.cases.filter((c) => !c.failure && c.error).length
    const s = suite.cases.filter((c) => c.skipped !== undefined).length
    lines.push(
      `  <testsuite name="${xmlEscape(suite.name)}" tests="${suite.cases.length}" failures="${f}" errors="${e}" skipped="${s}" time="${time(suite.timeSeconds)}">`,
    )
    for (const c of suite.cases) {
      const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="${time(c.timeSeconds)}"`
      const inner: string[] = []
      if (c.failure) {
        inner.push(
          `      <failure message="${xmlEscape(c.failure.message)}" type="${xmlEscape(c.failure.type ?? 'failure')}">${xmlEscape(c.failure.text)}</failure>`,
        )
      } else if (c.error) {
        inner.push(
          `      <error message="${xmlEscape(c.error.message)}" type="${xmlEscape(c.error.type ?? 'error')}">${xmlEscape(c.error.text)}</error>`,
        )
      } else if (c.skipped !== undefined) {
        inner.push(`      <skipped message="${xmlEscape(c.skipped)}"/>`)
      }
      if (c.systemOut) inner.push(`      <system-out>${xmlEscape(c.systemOut)}</system-out>`)
      if (inner.length === 0) lines.push(`${open}/>`)
      else lines.push(`${open}>`, ...inner, '    </testcase>')
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
