#!/usr/bin/env node
/**
 * `standin serve | scenarios`: the command line over the same engine the library uses.
 * Exit codes: 0 ok, 1 runtime failure (port taken...), 2 usage error (unknown flag, provider or scenario, bad value).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CHECK_HELP, checkCommand } from './check/command.js'
import {
  parseFlags,
  providerList,
  providerNames,
  registeredProviders,
  USAGE_EXIT,
  UsageError,
  usageMessage,
} from './cli/args.js'
import { LIMIT_FLAG_SPECS, limitFlagsHelp, parseLimitFlags } from './cli/limit-flags.js'
import { adminBannerLine, parseSecurityFlags, SECURITY_FLAG_SPECS, SECURITY_FLAGS_HELP } from './cli/security-flags.js'
import { TRIGGER_HELP, triggerCommand } from './cli/trigger.js'
import { CLOCK_MAX, CLOCK_MAX_MS, CLOCK_MIN, CLOCK_MIN_MS } from './core/clock.js'
import { packageRoot } from './core/contract.js'
import { Engine } from './core/engine.js'
import { UnknownScenarioError } from './core/errors.js'
import { isLoopbackHost } from './core/outbound.js'
import { type RunningPrism, resolvePrism, startPrism } from './prism.js'
import { createProviders, PROVIDER_NAMES, scenariosFor } from './providers.js'
import { startServer } from './server.js'
import type { ProviderName } from './typed.js'
import { VERIFY_HELP, verifyCommand } from './verify/command.js'

const VERSION = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string

/** `EnfinitOS and Dedit`: the registered providers as people write them. */
const LABELS = (() => {
  const labels = registeredProviders().map((p) => p.label ?? p.name)
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : (labels[0] ?? '')
})()

/** `EnfinitOS (/v1/...) and Dedit (/api/v2/...)`: what `serve` serves, and where. */
const SERVED = (() => {
  const each = registeredProviders().map((p) => `${p.label ?? p.name} (${p.pathPrefix}...)`)
  return each.length > 1 ? `${each.slice(0, -1).join(', ')} and ${each.at(-1)}` : (each[0] ?? '')
})()

const HELP: Record<string, string> = {
  check: CHECK_HELP,
  verify: VERIFY_HELP,
  trigger: TRIGGER_HELP,
  main: `standin ${VERSION}: contract-first mocks of the ${LABELS} APIs

Usage: standin <command> [options]

Commands:
  serve       serve the mock APIs over HTTP (every provider on one port)
  scenarios   list the scenario catalogue
  check       check the mocks against their specs (every operation and scenario; --prism for Prism's verdict too)
  verify      check a live provider (its sandbox) against the same specs
  trigger     fire a webhook event in a running standin serve (standin trigger right.suspended)

Options:
  -h, --help     show help (also after a command: standin serve --help)
  -v, --version  print the version
`,
  serve: `Usage: standin serve [options]

Serves the ${SERVED} mocks on one port, the admin API (/__standin/), a home page
for people (/) and the raw specs (/openapi/<name>.yaml).

Options:
  --port N                  port to listen on (default 4010; 0 picks a free one)
  --host HOST               interface to bind (default 127.0.0.1: loopback only)
  --provider LIST           providers to serve: ${providerNames('list')} (default all)
  --seed N                  seed for every generated value, a non-negative integer (default 1)
  --clock ISO               fix the session clock at this start instant, e.g. 2026-04-01T12:00:00.000Z
                            (default: a live clock that follows the wall clock)
  --scenario NAME           activate a scenario in every session (repeatable; see \`standin scenarios\`)
  --latency MS|MIN-MAX      extra latency per response, e.g. 50 or 20-200
  --no-validate-responses   do not check responses against the spec (default: a response outside it is a 500)
  --cors, --no-cors         send CORS headers and answer preflights for the provider APIs (default on)
${SECURITY_FLAGS_HELP}  --log pretty|json|silent  request log format (default pretty)
  --engine standin|prism    standin (default), or Stoplight Prism on the same spec (one provider at a time)
  --webhook-allow-http HOST also deliver webhooks over plain http:// to HOST (repeatable; loopback hosts always
                            are; anything else must be https://, docs/webhooks.md)
${limitFlagsHelp()}  -h, --help                show this help
  -v, --version             print the version

Per request: Prefer: scenario=NAME (or Prism's code=, example=, dynamic=true), X-Standin-Scenario: NAME,
X-Standin-Session: ID for an isolated session. Admin API: /__standin/ (spec: /openapi/standin-admin.yaml).
`,
  scenarios: `Usage: standin scenarios [options]

Lists the scenario catalogue with descriptions.

Options:
  --provider NAME   only this provider's scenarios (${providerNames('alternatives')})
  --json            machine-readable output
  -h, --help        show this help
  -v, --version     print the version
`,
}

function parseLatency(value: string | undefined): number | [number, number] | undefined {
  if (value === undefined) return undefined
  const m = /^(\d+)(?:-(\d+))?$/.exec(value)
  if (!m) throw new UsageError(`--latency must be MS or MIN-MAX in milliseconds, got "${value}"`)
  const min = Number(m[1])
  if (m[2] === undefined) return min
  const max = Number(m[2])
  if (max < min) throw new UsageError(`--latency range ${value} has its maximum below its minimum`)
  return [min, max]
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 4010
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 65535)
    throw new UsageError(`--port must be an integer from 0 to 65535, got "${value}"`)
  return n
}

function parseSeed(value: string | undefined): string {
  if (value === undefined) return '1'
  if (!/^\d{1,16}$/.test(value)) throw new UsageError(`--seed must be a non-negative integer, got "${value}"`)
  return value
}

function parseClock(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  // An instant with a date and a time (a zone is optional: without one it is read as UTC, like Date.parse does).
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/
  if (!iso.test(value) || !Number.isFinite(Date.parse(value))) {
    throw new UsageError(`--clock must be an ISO 8601 instant such as 2026-04-01T12:00:00.000Z, got "${value}"`)
  }
  const ms = Date.parse(value)
  if (ms < CLOCK_MIN_MS || ms > CLOCK_MAX_MS) {
    throw new UsageError(
      `--clock must be between ${CLOCK_MIN} and ${CLOCK_MAX} (what the providers' timestamp formats carry; see docs/clock.md), got "${value}"`,
    )
  }
  return value
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got "${value}"`)
  }
  return value as T
}

/**
 * The request log's writer: lines are gathered and written once per turn of the event loop, so a busy server makes
 * one write for many requests instead of one synchronous write each (the log was a fifth of the CPU under load).
 */
function lineWriter(stream: NodeJS.WritableStream = process.stdout): (line: string) => void {
  let pending: string[] = []
  const flush = () => {
    if (pending.length === 0) return
    const text = `${pending.join('\n')}\n`
    pending = []
    stream.write(text)
  }
  process.on('exit', flush)
  return (line) => {
    if (pending.length === 0) setImmediate(flush)
    pending.push(line)
  }
}

function parseServeArgs(args: string[]) {
  const values = parseFlags(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      provider: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      latency: { type: 'string' },
      'validate-responses': { type: 'boolean' },
      cors: { type: 'boolean' },
      log: { type: 'string' },
      engine: { type: 'string' },
      'webhook-allow-http': { type: 'string', multiple: true },
      ...LIMIT_FLAG_SPECS,
      ...SECURITY_FLAG_SPECS,
    },
    { allowNegative: true },
  )
  return {
    values,
    providers: providerList(values.provider),
    port: parsePort(values.port),
    host: values.host ?? '127.0.0.1',
    seed: parseSeed(values.seed),
    clock: parseClock(values.clock),
    latency: parseLatency(values.latency),
    logMode: oneOf('log', values.log, ['pretty', 'json', 'silent'] as const, 'pretty'),
    engine: oneOf('engine', values.engine, ['standin', 'prism'] as const, 'standin'),
    cors: values.cors ?? true,
    limits: parseLimitFlags(values),
    security: parseSecurityFlags(values),
  }
}

type ServeArgs = ReturnType<typeof parseServeArgs>

/**
 * Stops on SIGINT/SIGTERM: `stop` answers what has arrived and closes every connection, within the shutdown deadline
 * (its own; this one is a safety net a second later); then exit 0. A second signal exits at once, with 1.
 */
function onSignals(logMode: string, deadlineMs: number, stop: () => Promise<unknown>): void {
  let stopping = false
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1)
    stopping = true
    if (logMode !== 'silent')
      console.log(
        `${signal}: answering the requests that have arrived, then stopping (idle keep-alive connections are given up to 5 s; ${signal} again stops at once)`,
      )
    setTimeout(() => process.exit(0), deadlineMs + 1000).unref()
    stop().then(
      (report) => {
        if (logMode !== 'silent' && report && typeof report === 'object')
          console.log(
            logMode === 'json' ? JSON.stringify({ level: 'info', event: 'shutdown', ...report }) : shutdownLine(report),
          )
        process.exit(0)
      },
      () => process.exit(0),
    )
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
}

/** What a shutdown did, in one line. */
function shutdownLine(r: { inFlight?: number; closedIdle?: number; cut?: number; ms?: number }): string {
  const cut = r.cut ? `; ${r.cut} cut at the --shutdown-timeout deadline` : '; nothing cut'
  return `stopped in ${r.ms} ms: ${r.inFlight} connections with a request in flight answered, ${r.closedIdle} idle connections closed${cut}`
}

async function serve(args: string[]): Promise<void> {
  const opts = parseServeArgs(args)
  if (opts.engine === 'prism') return servePrism(opts)
  const { values, providers, port, host, seed, clock, latency, logMode } = opts
  const engine = new Engine({
    providers: createProviders(providers),
    scenarios: scenariosFor(providers),
    validateResponses: values['validate-responses'] === false ? 'off' : 'throw',
  })
  for (const name of values.scenario ?? []) {
    const owner = scenariosFor(PROVIDER_NAMES).find((s) => s.name === name)
    if (owner && !providers.includes(owner.provider as ProviderName)) {
      throw new UsageError(
        `scenario ${name} belongs to ${owner.provider}, which is not served (--provider ${providers.join(',')})`,
      )
    }
    try {
      engine.registry.get(name)
    } catch (err) {
      if (err instanceof UnknownScenarioError) throw new UsageError(err.message)
      throw err
    }
  }
  const out = lineWriter()
  const log =
    logMode === 'silent'
      ? undefined
      : logMode === 'json'
        ? (line: Record<string, unknown>) => out(JSON.stringify(line))
        : (line: Record<string, unknown>) =>
            out(
              line.level === 'error' || line.level === 'warn'
                ? `${line.level}: ${line.message}`
                : line.event === 'webhook'
                  ? `webhook ${line.attempt} -> ${line.host}: ${line.receiverStatus ?? line.error} ${line.ms} ms`
                  : `${line.method} ${line.path} -> ${line.status}${line.operation ? ` ${line.operation}` : ''}${line.scenario ? ` [${line.scenario}]` : ''}${line.session !== 'default' ? ` (session ${line.session})` : ''} ${line.ms} ms`,
            )
  let running: Awaited<ReturnType<typeof startServer>>
  try {
    running = await startServer(engine, {
      host,
      port,
      cors: opts.cors,
      corsOrigins: opts.security.corsOrigins,
      allowedHosts: opts.security.allowedHosts,
      shutdownTimeoutMs: opts.security.shutdownTimeoutMs,
      // The keep-alive timeout: shutdown closes no connection node would still keep (mocks/http/lifecycle.ts).
      shutdownIdleGraceMs: Math.min(5000, opts.security.shutdownTimeoutMs),
      ...(opts.security.adminToken === undefined ? {} : { adminToken: opts.security.adminToken }),
      limits: opts.limits,
      ownsProcess: true,
      version: VERSION,
      webhooks: { allowHttpHosts: values['webhook-allow-http'] ?? [] },
      ...(latency === undefined ? {} : { latency }),
      session: { seed, ...(clock ? { clock } : {}), scenarios: values.scenario ?? [] },
      ...(log ? { log } : {}),
    })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE')
      throw new Error(`port ${port} is already in use; pick another with --port (0 for any free port)`)
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new Error(`cannot bind to host ${host} (${code})`)
    if (code === 'EACCES') throw new Error(`not allowed to listen on port ${port}; pick one above 1023`)
    throw err
  }
  const u = running.url
  const lines = [`standin ${VERSION} listening on ${u} (seed ${seed})`]
  for (const p of engine.providers) {
    lines.push(`  ${p.name.padEnd(10)} ${u}${p.pathPrefix.replace(/\/$/, '')}   spec: ${u}/openapi/${p.name}.yaml`)
  }
  lines.push(
    clock
      ? `  clock      fixed, from ${clock}; 1 s more per request (move it: ${u}/__standin/session/clock)`
      : `  clock      live (the wall clock); for the same bytes on every run, fix it with --clock ISO`,
  )
  lines.push(
    `  scenarios  ${values.scenario?.length ? values.scenario.join(', ') : 'none active'} (list: standin scenarios)`,
  )
  lines.push(`  home       ${u}/   (operations, scenarios, how to select them)`)
  lines.push(adminBannerLine(u, running, opts.security))
  lines.push(`  health     ${u}/__standin/health`)
  const lim = running.limits
  const ttl = lim.sessionTtlMs === 0 ? 'never' : `${Math.round(lim.sessionTtlMs / 1000)} s idle`
  lines.push(
    `  limits     memory ${lim.maxMemoryMb} MB, ${lim.maxSessions} sessions, session TTL ${ttl} (docs/limits.md)`,
  )
  const notes = [
    ...(latency === undefined ? [] : [`latency ${Array.isArray(latency) ? latency.join('-') : latency} ms`]),
    ...(values['validate-responses'] === false ? ['response validation off'] : []),
    ...(opts.cors ? [] : ['CORS off']),
  ]
  if (notes.length) lines.push(`  options    ${notes.join(', ')}`)
  if (!isLoopbackHost(host))
    lines.push(
      `warning: bound to ${host}, not loopback: other machines on the network can reach this mock (the admin API needs its token)`,
    )
  console.log(lines.join('\n'))
  onSignals(logMode, opts.security.shutdownTimeoutMs, () => running.close())
}

/** `--engine prism`: Stoplight Prism on the same spec, for one provider, in a child process. */
async function servePrism(opts: ServeArgs): Promise<void> {
  const { values, providers, host, port, logMode } = opts
  if (values.provider === undefined || providers.length !== 1) {
    throw new UsageError(
      `--engine prism serves one provider at a time (Prism mocks one OpenAPI document per process); pass --provider ${PROVIDER_NAMES.join(' or --provider ')}, and start a second one on another port for the other`,
    )
  }
  const standinOnly: [string, boolean][] = [
    ['--seed', values.seed !== undefined],
    ['--clock', values.clock !== undefined],
    ['--scenario', values.scenario !== undefined],
    ['--latency', values.latency !== undefined],
    ['--no-validate-responses', values['validate-responses'] === false],
    ['--log json', logMode === 'json'],
    ...Object.keys(LIMIT_FLAG_SPECS).map((f): [string, boolean] => [`--${f}`, f in values]),
    ...Object.keys(SECURITY_FLAG_SPECS).map((f): [string, boolean] => [`--${f}`, f in values]),
  ]
  const unsupported = standinOnly.filter(([, given]) => given).map(([flag]) => flag)
  if (unsupported.length)
    throw new UsageError(`${unsupported.join(', ')}: not available with --engine prism (standin options)`)
  const provider = providers[0] as ProviderName
  const spec = join(packageRoot(), 'openapi', `${provider}.yaml`)
  const install = resolvePrism() // throws PrismNotInstalledError: exit 1 with how to install it
  let prism: RunningPrism
  try {
    prism = await startPrism({
      spec,
      host,
      port,
      cors: opts.cors,
      install,
      output: logMode === 'silent' ? undefined : (chunk) => process.stdout.write(chunk),
    })
  } catch (err) {
    if (err instanceof Error && /EADDRINUSE/.test(err.message)) {
      throw new Error(`port ${port} is already in use; pick another with --port (0 for any free port)`)
    }
    throw err
  }
  console.log(
    [
      `standin ${VERSION} listening on ${prism.url} (engine prism: Stoplight Prism ${prism.version} on openapi/${provider}.yaml)`,
      `  ${provider.padEnd(10)} ${prism.url}   Prism answers from the spec's examples; standin's scenarios, sessions and admin API are not available`,
    ].join('\n'),
  )
  let stopping = false
  onSignals(logMode, opts.security.shutdownTimeoutMs, () => {
    stopping = true
    return prism.stop('SIGTERM')
  })
  prism.exited.then((code) => {
    if (stopping) return
    console.error(`standin: Prism exited on its own with code ${code}`)
    process.exit(1)
  })
}

function scenarios(args: string[]): void {
  const values = parseFlags(args, { provider: { type: 'string' }, json: { type: 'boolean' } })
  const providers = providerList(values.provider)
  const list = scenariosFor(providers)
  if (values.json) {
    console.log(
      JSON.stringify(
        list.map((s) => ({
          name: s.name,
          provider: s.provider,
          description: s.description,
          operations: Object.keys(s.operations),
        })),
        null,
        2,
      ),
    )
    return
  }
  const width = Math.max(...list.map((s) => s.name.length))
  for (const s of list) console.log(`${s.name.padEnd(width)}  ${s.description}`)
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
    if (command === 'serve') await serve(rest)
    else if (command === 'scenarios') scenarios(rest)
    // check and verify parse their own flags and return their own exit codes (documented in their help).
    else if (command === 'check') return await checkCommand(rest)
    else if (command === 'verify') return await verifyCommand(rest)
    else if (command === 'trigger') return await triggerCommand(rest)
    return 0
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(usageMessage('standin', command && HELP[command] ? command : undefined, err))
      return USAGE_EXIT
    }
    console.error(`standin: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exit(code)
})
