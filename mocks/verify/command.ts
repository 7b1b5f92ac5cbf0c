/**
 * `standin verify --provider NAME --base-url URL (--token VALUE | --token-env VAR) [--allow-writes]`: checks a real
 * provider (its sandbox) against standin's contract, with the provider's own probes. Exit codes: 0 clean,
 * 1 documented drift, 2 usage error, 3 only inferred differences, 4 incomplete (some probes got no usable answer:
 * timeout, refused, still 429/503 after the retries, a token that does not work). The token never appears in any
 * output.
 */
import {
  type CommandIo,
  parseFlags,
  processIo,
  providerName,
  providerNames,
  registeredProviders,
  USAGE_EXIT,
  UsageError,
  usageMessage,
  wrap,
} from '../cli/args.js'
import { prepareReportFile, writeReportFile } from '../cli/report-file.js'
import { createMasker, maskUrlCredentials } from './mask.js'
import { progressHeader, progressLine } from './progress.js'
import { renderVerifyHuman, renderVerifyJson, renderVerifyJunit } from './report.js'
import { type ProbeRunOptions, runProbes } from './run.js'

/** What each provider's probes say about its token and its write flow, one wrapped paragraph per provider. */
function perProvider(pick: (help: { token: string; writes: string }) => string): string {
  const providers = registeredProviders().filter((p) => p.conformance?.probes)
  const width = Math.max(...providers.map((p) => (p.label ?? p.name).length)) + 2
  return providers
    .map((p) => {
      const label = `${p.label ?? p.name}:`.padEnd(width)
      return `  ${label} ${wrap(pick(p.conformance?.probes.help ?? { token: '', writes: '' }), 115 - width, width + 3)}`
    })
    .join('\n')
}

/** The provider the help's example verifies: the first one with probes. */
const EXAMPLE = registeredProviders().find((p) => p.conformance?.probes) ?? { name: 'PROVIDER', baseUrls: [] }

const ORIGINS = () =>
  registeredProviders()
    .map((p) => p.baseUrls[0])
    .filter(Boolean)

export const VERIFY_HELP = `Usage: standin verify --provider ${providerNames('choice')} --base-url URL (--token VALUE | --token-env VAR) [options]

Checks a real provider (its sandbox) against standin's contract. Every answer is validated against
openapi/<provider>.yaml (status, content type, headers, envelope, body schema) and every finding says whether it breaks
a DOCUMENTED part of the contract or differs from an INFERRED one (standin's guess where the docs are silent; see
docs/inferred.md).

Read-only probes (default): listings, fetches of ids found in them (a proof pack is also verified under the auditor
rules), runtime keys, invalid requests that must be rejected with a 4xx, and a request without credentials that must
be 401. The token, per provider:
${perProvider((h) => h.token)}

With --allow-writes, one short realistic flow that CREATES DATA in the sandbox:
${perProvider((h) => h.writes)}

Options:
  --provider NAME        ${providerNames('alternatives')} (required)
  --base-url URL         the provider's origin, e.g. ${ORIGINS().join(' or ')}
  --token VALUE          the API key (visible in your shell history and process list: prefer --token-env)
  --token-env VAR        read the API key from this environment variable
  --allow-writes         also run the write flow
  --timeout MS           per-request timeout in milliseconds (default 15000)
  --retries N            retries after a 429 or 503, honouring Retry-After, at most 30 s each (default 3)
  --junit FILE           write JUnit XML, one test case per probe (documented drift fails it; inferred differences
                         are listed in system-out); the file's folder is created
  --json                 print the full report as JSON instead of the table
  --quiet                no progress lines on stderr
  -h, --help             show this help
  -v, --version          print the version

While it runs, one line per probe and one per wait before a retry (what the provider asked for, how long, until when)
go to stderr; the report goes to stdout. A key the provider refuses (401, or 403 before anything worked) stops the
run at once: every later probe would be refused too.

Exit codes: 0 clean, 1 documented drift, 2 usage error, 3 only inferred differences, 4 incomplete (some probes got no
usable answer: timeout, connection refused, still 429/503 after the retries, a key the provider refuses).
The token (and any session token a login returns) is masked as **** in every output.

Example:
  standin verify --provider ${EXAMPLE.name} --base-url ${EXAMPLE.baseUrls[0] ?? 'https://...'} \\
    --token-env SANDBOX_API_KEY --junit reports/verify/${EXAMPLE.name}.xml
`

function positiveInt(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback
  if (!/^\d{1,9}$/.test(value) || Number(value) < min)
    throw new UsageError(`--${flag} must be an integer >= ${min}, got "${value}"`)
  return Number(value)
}

/** For parseFlags (and for the help test: every key here must be in VERIFY_HELP). */
export const VERIFY_FLAG_SPECS = {
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  token: { type: 'string' },
  'token-env': { type: 'string' },
  'allow-writes': { type: 'boolean' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  junit: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** `standin verify [options]`: prints the report and returns the exit code. */
export async function verifyCommand(
  argv: string[],
  io: CommandIo = processIo,
  env: NodeJS.ProcessEnv = process.env,
  extra: Pick<ProbeRunOptions, 'fetch' | 'sleep'> = {},
): Promise<number> {
  // Mask whatever follows --token before anything is printed, even a usage error.
  const raw: string[] = []
  argv.forEach((arg, i) => {
    if (arg === '--token' && argv[i + 1] !== undefined) raw.push(argv[i + 1] as string)
    if (arg.startsWith('--token=')) raw.push(arg.slice('--token='.length))
  })
  let mask = createMasker(raw)
  const say = (text: string) => io.out(mask(text))
  const complain = (text: string) => io.err(mask(text))
  try {
    const values = parseFlags(argv, VERIFY_FLAG_SPECS)
    if (values.help) {
      say(VERIFY_HELP)
      return 0
    }
    if (values.provider === undefined) throw new UsageError(`--provider is required (${providerNames('alternatives')})`)
    const provider = providerName(values.provider)
    const baseUrl = values['base-url']
    if (!baseUrl) {
      const origin = registeredProviders().find((p) => p.name === provider)?.baseUrls[0]
      throw new UsageError(`--base-url is required (the provider origin${origin ? `, e.g. ${origin}` : ''})`)
    }
    let parsed: URL
    try {
      parsed = new URL(baseUrl)
    } catch {
      throw new UsageError(`--base-url must be an http(s) URL, got "${maskUrlCredentials(baseUrl)}"`)
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new UsageError(`--base-url must be an http(s) URL, got "${maskUrlCredentials(baseUrl)}"`)
    const tokenFlag = values.token
    const tokenEnv = values['token-env']
    if (tokenFlag !== undefined && tokenEnv !== undefined)
      throw new UsageError('give the token once: --token or --token-env, not both')
    let token: string
    if (tokenEnv !== undefined) {
      const fromEnv = env[tokenEnv]
      if (!fromEnv) throw new UsageError(`--token-env ${tokenEnv}: the environment variable is not set or empty`)
      token = fromEnv
    } else if (tokenFlag !== undefined) {
      if (tokenFlag === '') throw new UsageError('--token is empty')
      token = tokenFlag
    } else {
      throw new UsageError('a token is required: --token-env VAR (preferred) or --token VALUE')
    }
    mask = createMasker([...raw, token])
    const timeoutMs = positiveInt('timeout', values.timeout, 15_000, 1)
    const retries = positiveInt('retries', values.retries, 3, 0)
    const junit = values.junit === undefined ? undefined : prepareReportFile('--junit', values.junit)
    const allowWrites = values['allow-writes'] === true
    const progress = values.quiet ? undefined : complain
    progress?.(progressHeader({ provider, baseUrl: maskUrlCredentials(baseUrl), allowWrites, timeoutMs, retries }))
    const report = await runProbes({
      provider,
      baseUrl,
      token,
      allowWrites,
      timeoutMs,
      retries,
      ...(progress ? { onProgress: (event) => progress(progressLine(event)) } : {}),
      ...extra,
    })
    if (junit) writeReportFile('--junit', junit, mask(renderVerifyJunit(report)))
    say(values.json ? renderVerifyJson(report) : renderVerifyHuman(report))
    return report.exitCode
  } catch (err) {
    if (err instanceof UsageError) {
      complain(usageMessage('standin verify', 'verify', err))
      return USAGE_EXIT
    }
    complain(`standin verify: ${err instanceof Error ? err.message : String(err)}`)
    return 4
  }
}
