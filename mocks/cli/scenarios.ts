/**
 * `standin scenarios`: the scenario catalogue, filtered by provider and by operation, wrapped to the terminal.
 * Wrapping: `--width N` when given (0: never wrap); otherwise a terminal's width (its columns, 80 when it does not
 * say) and no wrapping at all when the output is not a terminal, so a pipe (grep, awk) gets one line per scenario.
 */
import type { Scenario } from '../core/scenarios.js'
import { PROVIDER_NAMES, scenariosFor } from '../providers.js'
import type { ProviderName } from '../typed.js'
import {
  type CommandIo,
  parseFlags,
  processIo,
  providerList,
  providerNames,
  registeredProviders,
  UsageError,
} from './args.js'

export const SCENARIOS_FLAG_SPECS = {
  provider: { type: 'string' },
  operation: { type: 'string', multiple: true },
  width: { type: 'string' },
  json: { type: 'boolean' },
} as const

export const SCENARIOS_HELP = `Usage: standin scenarios [options]

Lists the scenario catalogue: each scenario's name (what Prefer: scenario=NAME, X-Standin-Scenario and
\`standin serve --scenario\` take) and what it does.

Options:
  --provider LIST    only these providers' scenarios: ${providerNames('list')} (default all)
  --operation ID     only the scenarios that change this operation (an operationId such as issueRight or login;
                     repeatable), then those that cover every operation of its provider (rate limits, faults)
  --width N          wrap descriptions at N columns; 0 never wraps (default: the terminal's width, 80 when it does
                     not say; no wrapping when the output is not a terminal, one line per scenario)
  --json             machine-readable output (name, provider, description, operations), filtered the same way
  -h, --help         show this help
  -v, --version      print the version

Examples:
  standin scenarios --operation issueRight
  standin scenarios --provider ${PROVIDER_NAMES.at(-1)} --json
`

/** Where the output goes: a terminal (with its width) or not. */
export interface Terminal {
  isTTY: boolean
  columns: number | undefined
}

const processTerminal = (): Terminal => ({ isTTY: process.stdout.isTTY === true, columns: process.stdout.columns })

/** The wrapping width: `--width`, else the terminal's (80 when unknown), else none (0). */
export function outputWidth(flag: string | undefined, terminal: Terminal): number {
  if (flag !== undefined) {
    if (!/^\d{1,4}$/.test(flag) || (Number(flag) !== 0 && Number(flag) < 40))
      throw new UsageError(`--width must be 0 (never wrap) or a number of columns from 40, got "${flag}"`)
    return Number(flag)
  }
  if (!terminal.isTTY) return 0
  return terminal.columns && terminal.columns > 0 ? terminal.columns : 80
}

/** Words of `text` in lines of at most `width` characters (a longer word, such as a URL, is cut into pieces). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  const words = text
    .split(/\s+/)
    .flatMap((w) => (w.length <= width ? [w] : (w.match(new RegExp(`.{1,${width}}`, 'g')) ?? [])))
  for (const word of words.filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  return line ? [...lines, line] : lines
}

/** The narrowest description column worth wrapping into; below it the description goes under the name. */
const MIN_DESCRIPTION = 30

/**
 * The catalogue as text: `name  description`, descriptions wrapped at `width` (0: not wrapped) with continuation
 * lines under the description column; when the names leave too little room, each description goes under its name.
 */
export function renderScenarioLines(list: readonly Pick<Scenario, 'name' | 'description'>[], width: number): string[] {
  const nameWidth = Math.max(0, ...list.map((s) => s.name.length))
  if (width === 0) return list.map((s) => `${s.name.padEnd(nameWidth)}  ${s.description}`)
  const column = nameWidth + 2
  const out: string[] = []
  if (width - column >= MIN_DESCRIPTION) {
    for (const s of list) {
      const [first = '', ...rest] = wrapWords(s.description, width - column)
      out.push(`${s.name.padEnd(nameWidth)}  ${first}`, ...rest.map((l) => `${' '.repeat(column)}${l}`))
    }
    return out
  }
  for (const s of list) out.push(s.name, ...wrapWords(s.description, Math.max(width - 4, 20)).map((l) => `    ${l}`))
  return out
}

/** Edit distance, for "did you mean" (operationIds are short: a few dozen characters). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    }
    prev = row
  }
  return prev[b.length] as number
}

/** Up to three operationIds close to `id`: the same but for case, containing it, or a few typos away. */
function nearOperations(id: string, candidates: readonly string[]): string[] {
  const lower = id.toLowerCase()
  const scored = candidates
    .map((c) => ({
      c,
      d: c.toLowerCase() === lower ? 0 : c.toLowerCase().includes(lower) ? 1 : distance(lower, c.toLowerCase()),
    }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(id.length / 4)))
    .sort((x, y) => x.d - y.d)
  return scored.slice(0, 3).map(({ c }) => c)
}

/** The operationIds asked for, checked against the providers listed; a usage error names the close matches. */
function checkOperations(asked: readonly string[], providers: readonly ProviderName[]): void {
  const served = registeredProviders()
    .filter((p) => providers.includes(p.name as ProviderName))
    .flatMap((p) => p.contract.operations.map((o) => o.operationId))
  for (const id of asked) {
    if (served.includes(id)) continue
    const elsewhere = registeredProviders().find((p) => p.contract.operations.some((o) => o.operationId === id))
    if (elsewhere)
      throw new UsageError(
        `operation ${id} belongs to ${elsewhere.name}, which --provider ${providers.join(',')} leaves out`,
      )
    const near = id.length > 100 ? [] : nearOperations(id, served)
    throw new UsageError(
      `unknown operation "${id}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''} (operationIds as in openapi/<provider>.yaml; ${providers.join(', ')}: ${served.length} operations)`,
    )
  }
}

/** Scenarios changing one of the operations, then those covering every operation of its provider. */
export function scenariosForOperations(list: readonly Scenario[], operations: readonly string[]): Scenario[] {
  if (operations.length === 0) return [...list]
  const owners = new Set(
    registeredProviders()
      .filter((p) => p.contract.operations.some((o) => operations.includes(o.operationId)))
      .map((p) => p.name),
  )
  const specific = list.filter((s) => operations.some((op) => op in s.operations))
  const wildcard = list.filter((s) => '*' in s.operations && owners.has(s.provider) && !specific.includes(s))
  return [...specific, ...wildcard]
}

export function scenariosCommand(args: string[], io: CommandIo = processIo, terminal = processTerminal()): number {
  const values = parseFlags(args, SCENARIOS_FLAG_SPECS)
  const providers = providerList(values.provider)
  const operations = values.operation ?? []
  checkOperations(operations, providers)
  const width = outputWidth(values.width, terminal)
  const list = scenariosForOperations(scenariosFor(providers), operations)
  if (values.json) {
    const rows = list.map((s) => ({
      name: s.name,
      provider: s.provider,
      description: s.description,
      operations: Object.keys(s.operations),
    }))
    io.out(JSON.stringify(rows, null, 2))
    return 0
  }
  io.out(renderScenarioLines(list, width).join('\n'))
  return 0
}
