/**
 * `standin check`: standin's contract checks in one command.
 * 1. Self-conformance: each provider's conformance script (every operation's default behaviour on the seeded world)
 *    and every scenario against every operation it covers, through the engine with `validateResponses: 'report'`;
 *    every answer is checked against the spec (declared status, content type, required headers, the provider's
 *    envelope, the body schema).
 * 2. With `--prism`: the same matrix over HTTP through Stoplight Prism's validating proxy, one per provider spec.
 * 3. Inside standin's own repository: spec lint (Spectral, `.spectral.yaml`) and generated-types drift.
 * Exit codes: 0 clean, 1 any failure, 2 usage error (or Prism asked for but not installed).
 */
import { join } from 'node:path'
import {
  type CommandIo,
  parseFlags,
  processIo,
  providerList,
  providerNames,
  USAGE_EXIT,
  UsageError,
  usageMessage,
} from '../cli/args.js'
import { prepareReportFile, writeReportFile } from '../cli/report-file.js'
import { packageRoot } from '../core/contract.js'
import { Engine } from '../core/engine.js'
import type { Scenario } from '../core/scenarios.js'
import type { SessionOptions } from '../core/session.js'
import { type PrismInstall, PrismNotInstalledError, resolvePrism } from '../prism.js'
import { createProviders, PROVIDER_NAMES, scenariosFor } from '../providers.js'
import { startServer } from '../server.js'
import type { ProviderName } from '../typed.js'
import { type CheckRow, runMatrix } from './matrix.js'
import { type RunningPrismProxy, startPrismProxy } from './prism-proxy.js'
import { generatedDrift, type StepResult, specLint } from './repo.js'
import { type CheckReport, renderHuman, renderJson, renderJunit } from './report.js'
import { engineTransport, prismTransport } from './transports.js'

export const CHECK_HELP = `Usage: standin check [options]

Checks standin against its own contract: each provider's conformance script (every operation's default behaviour)
and every scenario against every operation it covers, each answer validated against openapi/<provider>.yaml
(declared status, content type, required headers, the provider's envelope, the body schema). Inside standin's
repository it also runs spec lint (Spectral with .spectral.yaml) and the generated-types drift check; elsewhere they
are skipped with a note.

Options:
  --provider LIST       only these providers: ${providerNames('list')} (default all)
  --prism               also replay the matrix over HTTP through Stoplight Prism's validating proxy
                        (prism proxy --errors, one per spec; needs @stoplight/prism-cli 5.14.x installed);
                        faults and delays are skipped there (they cannot go through a proxy)
  --junit FILE          write JUnit XML: one test case per operation x scenario, plus the repository checks;
                        the file's folder is created
  --json                print the full report as JSON instead of the summary
  --verbose             list every row, not just the failures
  --skip-repo-checks    do not run spec lint and the drift check even inside the repository
  -h, --help            show this help
  -v, --version         print the version

Exit codes: 0 clean, 1 violations (any failing row, lint problem or drift), 2 usage error or Prism not installed.

Example (CI):
  standin check --junit reports/junit/standin-check.xml
`

/** For parseFlags (and for the help test: every key here must be in CHECK_HELP). */
export const CHECK_FLAG_SPECS = {
  provider: { type: 'string' },
  prism: { type: 'boolean' },
  junit: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'skip-repo-checks': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

export interface CheckOptions {
  providers?: readonly ProviderName[]
  /** Also run the matrix through Prism's validating proxy. */
  prism?: boolean
  /** Spec lint and drift: `auto` (default) runs them when inside the repository. */
  repoChecks?: 'auto' | 'skip'
  /** Package root (default: this package's). */
  root?: string
  session?: SessionOptions
  /** Scenarios of your own, checked like the built-in ones (and selectable by name in the matrix). */
  extraScenarios?: Scenario[]
}

/** Fixed seed and clock: the same rows, statuses and bodies on every run. */
const CHECK_SESSION: SessionOptions = { seed: 1, clock: '2026-04-01T12:00:00.000Z' }

/** The installed Prism, or a usage error saying how to install it (checked before anything runs). */
function findPrism(): PrismInstall {
  try {
    return resolvePrism()
  } catch (err) {
    if (err instanceof PrismNotInstalledError) {
      throw new UsageError(
        '--prism needs Stoplight Prism: install it beside standin with `npm install --save-dev @stoplight/prism-cli@5.14.2` (5.14.x is the newest that runs on Node 20)',
        false,
      )
    }
    throw err
  }
}

async function prismPass(
  install: PrismInstall,
  providers: readonly ProviderName[],
  root: string,
  session: SessionOptions,
  scenarios: Scenario[],
): Promise<{ rows: CheckRow[]; version: string }> {
  // 'report': a response outside the contract is sent as it is, for Prism to judge (not turned into a 500).
  const engine = new Engine({ providers: createProviders(providers), scenarios, validateResponses: 'report' })
  const server = await startServer(engine, { host: '127.0.0.1', port: 0, session, cors: false })
  const proxies: RunningPrismProxy[] = []
  try {
    const started = await Promise.allSettled(
      providers.map((p) =>
        startPrismProxy({ spec: join(root, 'openapi', `${p}.yaml`), upstream: server.url, install }),
      ),
    )
    for (const s of started) if (s.status === 'fulfilled') proxies.push(s.value)
    const failed = started.find((s) => s.status === 'rejected')
    if (failed) throw (failed as PromiseRejectedResult).reason
    const urls = Object.fromEntries(providers.map((p, i) => [p, (proxies[i] as RunningPrismProxy).url]))
    const rows = await runMatrix(prismTransport(server, urls), { providers: engine.providers, scenarios })
    return { rows, version: install.version }
  } finally {
    await Promise.all(proxies.map((p) => p.stop()))
    await server.close()
  }
}

/** Runs the checks and returns the report (no output, no exit): the programmatic face of `standin check`. */
export async function runCheck(options: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now()
  const providers = [...(options.providers ?? PROVIDER_NAMES)]
  const root = options.root ?? packageRoot()
  const session = options.session ?? CHECK_SESSION
  const install = options.prism ? findPrism() : undefined
  // Spectral and the generator run in child processes, alongside the matrix.
  const steps: Promise<StepResult>[] =
    options.repoChecks === 'skip' ? [] : [specLint(root, providers), generatedDrift(root)]

  const scenarios = [...scenariosFor(providers), ...(options.extraScenarios ?? [])]
  const engine = new Engine({ providers: createProviders(providers), scenarios, validateResponses: 'report' })
  const engineStarted = performance.now()
  const rows = await runMatrix(engineTransport(engine, session), { providers: engine.providers, scenarios })
  const engineMs = Math.round(performance.now() - engineStarted)

  let prism: CheckReport['prism']
  if (install) {
    const prismStarted = performance.now()
    const pass = await prismPass(install, providers, root, session, scenarios)
    rows.push(...pass.rows)
    prism = { version: pass.version, durationMs: Math.round(performance.now() - prismStarted) }
  }
  const stepResults = await Promise.all(steps)
  const ok = rows.every((r) => r.result !== 'fail') && stepResults.every((s) => s.result !== 'fail')
  return {
    ok,
    providers,
    rows,
    steps: stepResults,
    ...(prism ? { prism } : {}),
    timings: { engineMs, totalMs: Math.round(performance.now() - started) },
  }
}

/** `standin check [options]`: prints the report and returns the exit code (0 clean, 1 violations, 2 usage). */
export async function checkCommand(
  argv: string[],
  io: CommandIo = processIo,
  overrides: Pick<CheckOptions, 'extraScenarios' | 'root'> = {},
): Promise<number> {
  try {
    const values = parseFlags(argv, CHECK_FLAG_SPECS)
    if (values.help) {
      io.out(CHECK_HELP)
      return 0
    }
    const providers = providerList(values.provider)
    const junit = values.junit === undefined ? undefined : prepareReportFile('--junit', values.junit)
    const report = await runCheck({
      ...overrides,
      providers,
      prism: values.prism === true,
      repoChecks: values['skip-repo-checks'] ? 'skip' : 'auto',
    })
    if (junit) writeReportFile('--junit', junit, renderJunit(report))
    io.out(values.json ? renderJson(report) : renderHuman(report, { verbose: values.verbose === true }))
    return report.ok ? 0 : 1
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(usageMessage('standin check', 'check', err))
      return USAGE_EXIT
    }
    io.err(`standin check: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    return 1
  }
}
