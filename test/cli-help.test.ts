// Every command's help lists every flag its parser accepts (and names no flag it does not): the flag specs the parsers
// use are compared with the help texts, and the help each command prints is that text.
import { describe, expect, it } from 'vitest'
import { CHECK_FLAG_SPECS, CHECK_HELP } from '../mocks/check/command.js'
import { SCENARIOS_FLAG_SPECS, SCENARIOS_HELP } from '../mocks/cli/scenarios.js'
import { SERVE_FLAG_SPECS, serveHelp } from '../mocks/cli/serve-flags.js'
import { TRIGGER_FLAG_SPECS, TRIGGER_HELP } from '../mocks/cli/trigger.js'
import { VERIFY_FLAG_SPECS, VERIFY_HELP } from '../mocks/verify/command.js'
import { NODE_ARGS } from './helpers/cli.js'
import { run } from './helpers/run.js'

type Specs = Record<string, { type: 'string' | 'boolean'; short?: string }>

interface Command {
  help: string
  specs: Specs
  /** Booleans also take --no-NAME (parseArgs' allowNegative). */
  negatable?: boolean
  /** `--words` in the help that are not this command's flags (another command's or tool's, quoted). */
  mentions?: string[]
}

const COMMANDS: Record<string, Command> = {
  serve: { help: serveHelp(), specs: SERVE_FLAG_SPECS, negatable: true },
  scenarios: { help: SCENARIOS_HELP, specs: SCENARIOS_FLAG_SPECS, mentions: ['--scenario'] },
  check: { help: CHECK_HELP, specs: CHECK_FLAG_SPECS, mentions: ['--errors'] },
  verify: { help: VERIFY_HELP, specs: VERIFY_FLAG_SPECS },
  trigger: { help: TRIGGER_HELP, specs: TRIGGER_FLAG_SPECS },
}

/** main handles these for every command (mocks/cli.ts), so every help lists them. */
const GLOBAL = ['-h, --help', '-v, --version']

/** The flags a help text documents: the first word of each option line, and its alternatives (`--cors, --no-cors`). */
function documented(help: string): Set<string> {
  const flags = new Set<string>()
  for (const line of help.split('\n')) {
    const m = /^ {2}((?:-\w, )?--[a-z][a-z-]*(?:, --[a-z][a-z-]*)?)/.exec(line)
    for (const flag of m?.[1]?.split(', ') ?? []) flags.add(flag)
  }
  return flags
}

describe('help lists every flag', () => {
  for (const [name, command] of Object.entries(COMMANDS)) {
    it(`standin ${name} --help documents every flag its parser accepts, each on its own option line`, () => {
      const lines = documented(command.help)
      const missing = Object.entries(command.specs).filter(([flag, spec]) => {
        const forms = [`--${flag}`, ...(command.negatable && spec.type === 'boolean' ? [`--no-${flag}`] : [])]
        return !forms.some((f) => lines.has(f)) || (spec.short !== undefined && !lines.has(`-${spec.short}`))
      })
      expect(missing.map(([flag]) => `--${flag}`)).toEqual([])
      for (const g of GLOBAL) expect(command.help).toContain(g)
    })

    it(`standin ${name} --help names no flag the parser refuses`, () => {
      const accepted = new Set(
        Object.entries(command.specs).flatMap(([flag, spec]) => [
          `--${flag}`,
          ...(command.negatable && spec.type === 'boolean' ? [`--no-${flag}`] : []),
        ]),
      )
      const named = new Set(command.help.match(/--[a-z][a-z-]*/g) ?? [])
      const unknown = [...named].filter(
        (f) => !accepted.has(f) && f !== '--help' && f !== '--version' && !command.mentions?.includes(f),
      )
      expect(unknown).toEqual([])
    })
  }

  it('every command prints that help, and the main help names every command', async () => {
    const cli = (...args: string[]) => run(process.execPath, [...NODE_ARGS, ...args])
    const results = await Promise.all(Object.keys(COMMANDS).map((name) => cli(name, '--help')))
    Object.entries(COMMANDS).forEach(([name, command], i) => {
      expect(results[i]?.code, name).toBe(0)
      expect(results[i]?.stdout.trimEnd(), name).toBe(command.help.trimEnd())
    })
    const main = await cli('--help')
    for (const name of Object.keys(COMMANDS)) expect(main.stdout).toMatch(new RegExp(`^ {2}${name} `, 'm'))
    expect(main.stdout).toContain('docs/cli.md')
  }, 60_000)
})
