/**
 * `standin serve`'s flags: what the parser accepts (SERVE_FLAG_SPECS, which test/cli-help.test.ts compares with the
 * help text), the help text itself, and the parsing of each value into server options, with a usage error (exit 2)
 * that names the flag, what it takes and what it got.
 */
import { CLOCK_MAX, CLOCK_MAX_MS, CLOCK_MIN, CLOCK_MIN_MS } from '../core/clock.js'
import { WORLD_SIZES } from '../core/types.js'
import { parseFlags, providerList, providerNames, registeredProviders, UsageError } from './args.js'
import { LIMIT_FLAG_SPECS, limitFlagsHelp, parseLimitFlags } from './limit-flags.js'
import { parseSecurityFlags, SECURITY_FLAG_SPECS, SECURITY_FLAGS_HELP } from './security-flags.js'

export const LOG_MODES = ['pretty', 'json', 'silent'] as const
export type LogMode = (typeof LOG_MODES)[number]

/** For parseFlags (and for the help test: every key here must be in SERVE_HELP). */
export const SERVE_FLAG_SPECS = {
  port: { type: 'string' },
  host: { type: 'string' },
  provider: { type: 'string' },
  seed: { type: 'string' },
  clock: { type: 'string' },
  world: { type: 'string' },
  scenario: { type: 'string', multiple: true },
  latency: { type: 'string' },
  'validate-responses': { type: 'boolean' },
  cors: { type: 'boolean' },
  log: { type: 'string' },
  engine: { type: 'string' },
  'webhook-allow-http': { type: 'string', multiple: true },
  ...LIMIT_FLAG_SPECS,
  ...SECURITY_FLAG_SPECS,
} as const

/** `EnfinitOS (/v1/...) and Dedit (/api/v2/...)`: what `serve` serves, and where. */
function served(): string {
  const each = registeredProviders().map((p) => `${p.label ?? p.name} (${p.pathPrefix}...)`)
  return each.length > 1 ? `${each.slice(0, -1).join(', ')} and ${each.at(-1)}` : (each[0] ?? '')
}

export function serveHelp(): string {
  return `Usage: standin serve [options]

Serves the ${served()} mocks on one port, the admin API (/__standin/), a home page
for people (/) and the raw specs (/openapi/<name>.yaml).

Options:
  --port N                  port to listen on (default 4010; 0 picks a free one)
  --host HOST               interface to bind (default 127.0.0.1: loopback only)
  --provider LIST           providers to serve: ${providerNames('list')} (default all)
  --seed N                  seed for every generated value, a non-negative integer (default 1)
  --clock ISO               fix the session clock at this start instant, e.g. 2026-04-01T12:00:00.000Z
                            (default: a live clock that follows the wall clock)
  --world small|large       each session's seeded world: small (default; a few records of each kind) or large
                            (5,000 rights over 200 venues, a month of deliveries and packs; docs/world.md)
  --scenario NAME           activate a scenario in every session (repeatable; see \`standin scenarios\`)
  --latency MS|MIN-MAX      extra latency per response, e.g. 50 or 20-200
  --no-validate-responses   do not check responses against the spec (default: a response outside it is a 500)
  --cors, --no-cors         send CORS headers and answer preflights for the provider APIs (default on)
${SECURITY_FLAGS_HELP}  --log pretty|json|silent  pretty (default): the banner and one line per request; json: every line standin
                            prints is one JSON object (banner, requests, warnings, shutdown, errors); silent:
                            the banner and warnings only
  --engine standin|prism    standin (default), or Stoplight Prism on the same spec (one provider at a time)
  --webhook-allow-http HOST also deliver webhooks over plain http:// to HOST (repeatable; loopback hosts always
                            are; anything else must be https://, docs/webhooks.md)
${limitFlagsHelp()}  -h, --help                show this help
  -v, --version             print the version

Per request: Prefer: scenario=NAME (or Prism's code=, example=, dynamic=true), X-Standin-Scenario: NAME,
X-Standin-Session: ID for an isolated session. Admin API: /__standin/ (spec: /openapi/standin-admin.yaml).
`
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

/** A value from a fixed list, or a usage error listing the choices. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got "${value}"`)
  }
  return value as T
}

/**
 * The log mode asked for, read before the flags are parsed: with `--log json` even a usage error is printed as a JSON
 * line. The last `--log` wins, as in parseArgs.
 */
export function requestedLogMode(args: readonly string[]): string | undefined {
  let mode: string | undefined
  args.forEach((arg, i) => {
    if (arg === '--') return
    if (arg === '--log') mode = args[i + 1]
    else if (arg.startsWith('--log=')) mode = arg.slice('--log='.length)
  })
  return mode
}

export function parseServeArgs(args: string[]) {
  const values = parseFlags(args, SERVE_FLAG_SPECS, { allowNegative: true })
  return {
    values,
    providers: providerList(values.provider),
    port: parsePort(values.port),
    host: values.host ?? '127.0.0.1',
    seed: parseSeed(values.seed),
    clock: parseClock(values.clock),
    world: oneOf('world', values.world, WORLD_SIZES),
    latency: parseLatency(values.latency),
    logMode: oneOf('log', values.log, LOG_MODES) ?? 'pretty',
    engine: oneOf('engine', values.engine, ['standin', 'prism'] as const) ?? 'standin',
    cors: values.cors ?? true,
    limits: parseLimitFlags(values),
    security: parseSecurityFlags(values),
  }
}

export type ServeArgs = ReturnType<typeof parseServeArgs>
