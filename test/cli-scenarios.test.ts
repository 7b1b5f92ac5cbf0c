// `standin scenarios`: filtered by provider and by operation, wrapped to the terminal (not when piped), as text or JSON.
import { describe, expect, it } from 'vitest'
import { outputWidth, renderScenarioLines, scenariosCommand } from '../mocks/cli/scenarios.js'
import { scenariosFor } from '../mocks/providers.js'
import { NODE_ARGS } from './helpers/cli.js'
import { run } from './helpers/run.js'

function io() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, text: () => out.join('\n'), err }
}

const PIPE = { isTTY: false, columns: undefined }

/** The scenario names printed (the first word of each line that does not start with a space). */
const names = (text: string) =>
  text
    .split('\n')
    .filter((l) => l && !l.startsWith(' '))
    .map((l) => l.split(' ')[0])

describe('standin scenarios --operation', () => {
  it("lists the scenarios that change the operation, then the provider's every-operation ones", () => {
    const a = io()
    expect(scenariosCommand(['--operation', 'issueRight'], a.io, PIPE)).toBe(0)
    const listed = names(a.text())
    const all = scenariosFor(['enfinitos', 'dedit'])
    const specific = all.filter((s) => 'issueRight' in s.operations).map((s) => s.name)
    const wildcard = all.filter((s) => s.provider === 'enfinitos' && '*' in s.operations).map((s) => s.name)
    expect(specific.length).toBeGreaterThan(0)
    expect(listed).toEqual([...specific, ...wildcard])
    expect(listed).toContain('enfinitos:rights.issue.basis-not-found')
    expect(listed).toContain('enfinitos:rate-limited')
    expect(listed.some((n) => n?.startsWith('dedit:'))).toBe(false)
  })

  it('takes several operations and filters --json the same way', () => {
    const a = io()
    scenariosCommand(['--operation', 'login', '--operation', 'issueRight', '--json'], a.io, PIPE)
    const rows = JSON.parse(a.text()) as { name: string; operations: string[] }[]
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(r.operations.some((o) => ['login', 'issueRight', '*'].includes(o))).toBe(true)
    expect(rows.some((r) => r.name === 'dedit:auth.login-rejected')).toBe(true)
    expect(rows.some((r) => r.name === 'enfinitos:rights.issue.basis-not-found')).toBe(true)
  })

  it('refuses an unknown operation with the close matches, and one of a provider left out', () => {
    expect(() => scenariosCommand(['--operation', 'issueRigth'], io().io, PIPE)).toThrow(
      /unknown operation "issueRigth"; did you mean "issueRight"/,
    )
    expect(() => scenariosCommand(['--operation', 'issueright'], io().io, PIPE)).toThrow(/did you mean "issueRight"/)
    expect(() => scenariosCommand(['--provider', 'dedit', '--operation', 'issueRight'], io().io, PIPE)).toThrow(
      'operation issueRight belongs to enfinitos, which --provider dedit leaves out',
    )
  })

  it('exits 2 from the command line with the message and the pointer to --help', async () => {
    const r = await run(process.execPath, [...NODE_ARGS, 'scenarios', '--operation', 'issueRigth'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('did you mean "issueRight"')
    expect(r.stderr).toContain('run `standin scenarios --help` for usage')
  })
})

describe('standin scenarios: wrapping', () => {
  const list = scenariosFor(['enfinitos', 'dedit'])

  it('wraps every line to the width, continuing under the description column', () => {
    const lines = renderScenarioLines(list, 100)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100)
    const column = Math.max(...list.map((s) => s.name.length)) + 2
    for (const l of lines.filter((x) => x.startsWith(' '))) expect(l.slice(0, column).trim()).toBe('')
    // nothing lost: the words of every description are all there, in order
    expect(lines.join(' ').split(/\s+/).join(' ')).toBe(
      list
        .map((s) => `${s.name} ${s.description}`)
        .join(' ')
        .split(/\s+/)
        .join(' '),
    )
  })

  it('puts each description under its name when the names leave too little room', () => {
    const lines = renderScenarioLines(list, 60)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(60)
    expect(lines[0]).toBe(list[0]?.name)
    expect(lines[1]?.startsWith('    ')).toBe(true)
  })

  it('does not wrap at width 0: one line per scenario', () => {
    expect(renderScenarioLines(list, 0)).toHaveLength(list.length)
  })

  it('takes the width from --width, else the terminal (80 when it does not say), else none when not a terminal', () => {
    expect(outputWidth('120', PIPE)).toBe(120)
    expect(outputWidth('0', { isTTY: true, columns: 100 })).toBe(0)
    expect(outputWidth(undefined, { isTTY: true, columns: 132 })).toBe(132)
    expect(outputWidth(undefined, { isTTY: true, columns: undefined })).toBe(80)
    expect(outputWidth(undefined, PIPE)).toBe(0)
    expect(() => outputWidth('20', PIPE)).toThrow('--width must be 0 (never wrap) or a number of columns from 40')
    expect(() => outputWidth('wide', PIPE)).toThrow('got "wide"')
  })

  it('wraps for a terminal and not for a pipe, through the command', async () => {
    const tty = io()
    scenariosCommand(['--provider', 'dedit'], tty.io, { isTTY: true, columns: 90 })
    const ttyLines = tty.text().split('\n')
    expect(Math.max(...ttyLines.map((l) => l.length))).toBeLessThanOrEqual(90)
    expect(ttyLines.length).toBeGreaterThan(scenariosFor(['dedit']).length)
    const piped = await run(process.execPath, [...NODE_ARGS, 'scenarios', '--provider', 'dedit'])
    expect(piped.stdout.trimEnd().split('\n')).toHaveLength(scenariosFor(['dedit']).length)
    const narrow = await run(process.execPath, [...NODE_ARGS, 'scenarios', '--provider', 'dedit', '--width', '70'])
    expect(
      Math.max(
        ...narrow.stdout
          .trimEnd()
          .split('\n')
          .map((l) => l.length),
      ),
    ).toBeLessThanOrEqual(70)
  }, 30_000)
})
