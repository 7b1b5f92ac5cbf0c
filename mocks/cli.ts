#!/usr/bin/env node
/**
 * `standin serve | scenarios | check | verify | trigger`: the command line over the same engine the library uses.
 * Exit codes: 0 ok, 1 runtime failure (port taken...), 2 usage error (unknown flag, provider or scenario, bad value);
 * check and verify document their own. Each command lives in its own file (mocks/cli/, mocks/check/, mocks/verify/).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CHECK_HELP, checkCommand } from './check/command.js'
import { registeredProviders, USAGE_EXIT, UsageError, usageMessage } from './cli/args.js'
import { SCENARIOS_HELP, scenariosCommand } from './cli/scenarios.js'
import { serve } from './cli/serve.js'
import { requestedLogMode, serveHelp } from './cli/serve-flags.js'
import { jsonErrorLine } from './cli/serve-output.js'
import { TRIGGER_HELP, triggerCommand } from './cli/trigger.js'
import { packageRoot } from './core/contract.js'
import { VERIFY_HELP, verifyCommand } from './verify/command.js'

const VERSION = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string

/** `EnfinitOS and Dedit`: the registered providers as people write them. */
const LABELS = (() => {
  const labels = registeredProviders().map((p) => p.label ?? p.name)
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : (labels[0] ?? '')
})()

const MAIN_HELP = `standin ${VERSION}: contract-first mocks of the ${LABELS} APIs

Usage: standin <command> [options]

Commands:
  serve       serve the mock APIs over HTTP (every provider on one port)
  scenarios   list the scenario catalogue (--provider, --operation to filter)
  check       check the mocks against their specs (every operation and scenario; --prism for Prism's verdict too)
  verify      check a live provider (its sandbox) against the same specs
  trigger     fire a webhook event in a running standin serve (standin trigger right.suspended)

Options:
  -h, --help     show help (also after a command: standin serve --help)
  -v, --version  print the version

Every command and flag, with examples: docs/cli.md
`

const HELP: Record<string, string> = {
  check: CHECK_HELP,
  verify: VERIFY_HELP,
  trigger: TRIGGER_HELP,
  main: MAIN_HELP,
  serve: serveHelp(),
  scenarios: SCENARIOS_HELP,
}

/** How a command's failure is printed: plain text, or with `serve --log json` one JSON line like everything else. */
function printFailure(command: string | undefined, rest: string[], err: unknown, code: number): void {
  const known = command && HELP[command] && command !== 'main' ? command : undefined
  const message = err instanceof Error ? err.message : String(err)
  if (command === 'serve' && requestedLogMode(rest) === 'json') {
    const hint = err instanceof UsageError && err.showUsage ? 'run `standin serve --help` for usage' : undefined
    console.error(jsonErrorLine(message, code, hint))
  } else if (err instanceof UsageError) console.error(usageMessage('standin', known, err))
  else console.error(`standin: ${message}`)
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      console.log(HELP.main)
      return command === undefined ? 2 : 0
    }
    if (command === '-v' || command === '--version') {
      console.log(VERSION)
      return 0
    }
    const help = HELP[command]
    if (!help || command === 'main') {
      throw new UsageError(`unknown command "${command}"; commands: serve, scenarios, check, verify, trigger`)
    }
    if (rest.includes('-h') || rest.includes('--help')) {
      console.log(help)
      return 0
    }
    if (rest.includes('-v') || rest.includes('--version')) {
      console.log(VERSION)
      return 0
    }
    if (command === 'serve') await serve(rest, VERSION)
    else if (command === 'scenarios') return scenariosCommand(rest)
    // check and verify parse their own flags and return their own exit codes (documented in their help).
    else if (command === 'check') return await checkCommand(rest)
    else if (command === 'verify') return await verifyCommand(rest)
    else if (command === 'trigger') return await triggerCommand(rest)
    return 0
  } catch (err) {
    const code = err instanceof UsageError ? USAGE_EXIT : 1
    printFailure(command, rest, err, code)
    return code
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exit(code)
})
