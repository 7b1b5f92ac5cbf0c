/**
 * `standin serve`: the engine behind node:http (or Stoplight Prism with `--engine prism`), its banner, its request log
 * and its shutdown on SIGINT/SIGTERM. Everything it prints goes through a ServeOutput (mocks/cli/serve-output.ts).
 */
import { join } from 'node:path'
import { packageRoot } from '../core/contract.js'
import type { Engine } from '../core/engine.js'
import type { SessionOptions } from '../core/session.js'
import { engineFor } from '../engine-for.js'
import { type RunningPrism, resolvePrism, startPrism } from '../prism.js'
import { PROVIDER_NAMES, scenariosFor } from '../providers.js'
import { type RunningServer, startServer } from '../server.js'
import type { ProviderName } from '../typed.js'
import { UsageError } from './args.js'
import { LIMIT_FLAG_SPECS } from './limit-flags.js'
import { SECURITY_FLAG_SPECS } from './security-flags.js'
import { bannerFields, bannerText, exposureWarning } from './serve-banner.js'
import { parseServeArgs, type ServeArgs } from './serve-flags.js'
import { createServeOutput, routeProcessWarnings, type ServeOutput } from './serve-output.js'

/**
 * Stops on SIGINT/SIGTERM: `stop` answers what has arrived and closes every connection, within the shutdown deadline
 * (its own; this one is a safety net a second later); then exit 0. A second signal exits at once, with 1.
 */
function onSignals(output: ServeOutput, deadlineMs: number, stop: () => Promise<unknown>): void {
  let stopping = false
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1)
    stopping = true
    output.event(
      'info',
      'stopping',
      `${signal}: answering the requests that have arrived, then stopping (idle keep-alive connections are given up to 5 s; ${signal} again stops at once)`,
      { signal },
    )
    setTimeout(() => process.exit(0), deadlineMs + 1000).unref()
    stop().then(
      (report) => {
        if (report && typeof report === 'object') output.event('info', 'shutdown', shutdownLine(report), { ...report })
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

/**
 * The engine `serve` runs. The built-in scenarios of the providers not served are handed over too: the registry sets
 * them aside (core/scenarios.ts), so naming one says whose it is and what is served rather than "unknown scenario".
 */
function serveEngine(opts: ServeArgs): Engine {
  const { providers, values } = opts
  return engineFor({
    providers,
    extraScenarios: scenariosFor(PROVIDER_NAMES.filter((name) => !providers.includes(name))),
    validateResponses: values['validate-responses'] === false ? 'off' : 'throw',
  })
}

/** Every `--scenario` can be selected here; the first that cannot is a usage error, in the registry's words. */
function checkScenarios(engine: Engine, names: readonly string[]): void {
  const refused = names.find((name) => !engine.registry.has(name))
  if (refused !== undefined) throw new UsageError(engine.registry.unknown(refused).message)
}

/** A bind failure as a sentence that says what to do. */
function bindError(err: unknown, host: string, port: number): Error {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE')
    return new Error(`port ${port} is already in use; pick another with --port (0 for any free port)`)
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new Error(`cannot bind to host ${host} (${code})`)
  if (code === 'EACCES') return new Error(`not allowed to listen on port ${port}; pick one above 1023`)
  return err instanceof Error ? err : new Error(String(err))
}

/** The options every session starts from (and returns to on reset). */
function sessionOptions(opts: ServeArgs): SessionOptions {
  return {
    seed: opts.seed,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.world ? { world: opts.world } : {}),
    scenarios: opts.values.scenario ?? [],
  }
}

export async function serve(args: string[], version: string): Promise<void> {
  const opts = parseServeArgs(args)
  if (opts.engine === 'prism') return servePrism(opts, version)
  const { values, port, host, latency } = opts
  const engine = serveEngine(opts)
  checkScenarios(engine, values.scenario ?? [])
  const output = createServeOutput(opts.logMode)
  routeProcessWarnings(output)
  let running: RunningServer
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
      version,
      webhooks: { allowHttpHosts: values['webhook-allow-http'] ?? [] },
      ...(latency === undefined ? {} : { latency }),
      session: sessionOptions(opts),
      ...(output.requestLog ? { log: output.requestLog } : {}),
    })
  } catch (err) {
    throw bindError(err, host, port)
  }
  const banner = { version, opts, running, providers: engine.providers }
  output.banner(bannerText(banner), bannerFields(banner))
  const exposed = exposureWarning(host)
  if (exposed) output.warning('not-loopback', exposed, { host })
  onSignals(output, opts.security.shutdownTimeoutMs, () => running.close())
}

/** The flags only standin's own engine understands, with whether each was given. */
function standinOnlyFlags(opts: ServeArgs): string[] {
  const { values } = opts
  const given: [string, boolean][] = [
    ['--seed', values.seed !== undefined],
    ['--clock', values.clock !== undefined],
    ['--world', values.world !== undefined],
    ['--scenario', values.scenario !== undefined],
    ['--latency', values.latency !== undefined],
    ['--no-validate-responses', values['validate-responses'] === false],
    ['--log json', opts.logMode === 'json'],
    ...Object.keys(LIMIT_FLAG_SPECS).map((f): [string, boolean] => [`--${f}`, f in values]),
    ...Object.keys(SECURITY_FLAG_SPECS).map((f): [string, boolean] => [`--${f}`, f in values]),
  ]
  return given.filter(([, on]) => on).map(([flag]) => flag)
}

/** `--engine prism`: Stoplight Prism on the same spec, for one provider, in a child process. */
async function servePrism(opts: ServeArgs, version: string): Promise<void> {
  const { values, providers, host, port, logMode } = opts
  if (values.provider === undefined || providers.length !== 1) {
    throw new UsageError(
      `--engine prism serves one provider at a time (Prism mocks one OpenAPI document per process); pass --provider ${PROVIDER_NAMES.join(' or --provider ')}, and start a second one on another port for the other`,
    )
  }
  const unsupported = standinOnlyFlags(opts)
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
    if (err instanceof Error && /EADDRINUSE/.test(err.message)) throw bindError({ code: 'EADDRINUSE' }, host, port)
    throw err
  }
  const output = createServeOutput(logMode)
  output.banner(
    [
      `standin ${version} listening on ${prism.url} (engine prism: Stoplight Prism ${prism.version} on openapi/${provider}.yaml)`,
      `  ${provider.padEnd(10)} ${prism.url}   Prism answers from the spec's examples; standin's scenarios, sessions and admin API are not available`,
    ].join('\n'),
    {},
  )
  let stopping = false
  onSignals(output, opts.security.shutdownTimeoutMs, () => {
    stopping = true
    return prism.stop('SIGTERM')
  })
  prism.exited.then((code) => {
    if (stopping) return
    console.error(`standin: Prism exited on its own with code ${code}`)
    process.exit(1)
  })
}
