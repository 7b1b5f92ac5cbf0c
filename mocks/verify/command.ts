/**
 * `standin verify --provider enfinitos|dedit --base-url URL (--token VALUE | --token-env VAR) [--allow-writes]`:
 * checks a real provider (its sandbox) against standin's contract. Exit codes: 0 clean, 1 documented drift, 2 usage
 * error, 3 only inferred differences, 4 incomplete (some probes got no usable answer: timeout, refused, still 429/503
 * after the retries, a token that does not work). The token never appears in any output.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { CommandIo } from '../check/command.js'
import { isProviderName, PROVIDER_NAMES } from '../providers.js'
import type { ProviderName } from '../typed.js'
import { createMasker, maskUrlCredentials } from './mask.js'
import { renderVerifyHuman, renderVerifyJson, renderVerifyJunit } from './report.js'
import { runVerify, type VerifyOptions } from './run.js'

export const VERIFY_HELP = `Usage: standin verify --provider enfinitos|dedit --base-url URL (--token VALUE | --token-env VAR) [options]

Checks a real provider (its sandbox) against standin's contract. Every answer is validated against
openapi/<provider>.yaml (status, content type, headers, envelope, body schema) and every finding says whether it breaks
a DOCUMENTED part of the contract or differs from an INFERRED one (standin's guess where the docs are silent; see
docs/inferred.md).

Read-only probes (default): listings, fetches of ids found in them (a proof pack is also verified under the auditor
rules), runtime keys, invalid requests that must be rejected with a 4xx, and a request without credentials that must
be 401. EnfinitOS: --token is the API key, sent as "Authorization: Bearer <key>". Dedit: --token is the API key; verify
logs in with it (POST /api/v2/auth/login, which creates nothing) and uses the JWT it returns.

With --allow-writes, one short realistic flow that CREATES DATA in the sandbox:
  EnfinitOS: register a basis, issue a right, observe a delivery, seal, fetch the pack and verify it with the
             auditor rules, then revoke the right.
  Dedit:     request and complete the registration of a random hash (uses one registration of the subscription),
             then upload its file metadata.

Options:
  --provider NAME        enfinitos or dedit (required)
  --base-url URL         the provider's origin, e.g. https://sandbox.api.enfinitos.com or https://app.dedit.io
  --token VALUE          the API key (visible in your shell history and process list: prefer --token-env)
  --token-env VAR        read the API key from this environment variable
  --allow-writes         also run the write flow
  --timeout MS           per-request timeout in milliseconds (default 15000)
  --retries N            retries after a 429 or 503, honouring Retry-After, at most 30 s each (default 3)
  --junit FILE           write JUnit XML, one test case per probe (documented drift fails it; inferred differences
                         are listed in system-out)
  --json                 print the full report as JSON instead of the table
  -h, --help             show this help

Exit codes: 0 clean, 1 documented drift, 2 usage error, 3 only inferred differences, 4 incomplete (some probes got no
usable answer: timeout, connection refused, still 429/503 after the retries, a token the provider refuses).
The token (and the JWT a Dedit login returns) is masked as **** in every output.
`

class UsageError extends Error {}

const defaultIo: CommandIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
}

function positiveInt(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback
  if (!/^\d{1,9}$/.test(value) || Number(value) < min)
    throw new UsageError(`--${flag} must be an integer >= ${min}, got "${value}"`)
  return Number(value)
}

/** `standin verify [options]`: prints the report and returns the exit code. */
export async function verifyCommand(
  argv: string[],
  io: CommandIo = defaultIo,
  env: NodeJS.ProcessEnv = process.env,
  extra: Pick<VerifyOptions, 'fetch' | 'sleep'> = {},
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
    let values: Record<string, string | boolean | undefined>
    try {
      ;({ values } = parseArgs({
        args: argv,
        options: {
          provider: { type: 'string' },
          'base-url': { type: 'string' },
          token: { type: 'string' },
          'token-env': { type: 'string' },
          'allow-writes': { type: 'boolean' },
          timeout: { type: 'string' },
          retries: { type: 'string' },
          junit: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }))
    } catch (err) {
      throw new UsageError((err as Error).message)
    }
    if (values.help) {
      say(VERIFY_HELP)
      return 0
    }
    const provider = values.provider as string | undefined
    if (provider === undefined) throw new UsageError(`--provider is required (${PROVIDER_NAMES.join(' or ')})`)
    if (!isProviderName(provider))
      throw new UsageError(`unknown provider "${provider}"; known: ${PROVIDER_NAMES.join(', ')}`)
    const baseUrl = values['base-url'] as string | undefined
    if (!baseUrl) throw new UsageError('--base-url is required (the provider origin, e.g. https://app.dedit.io)')
    let parsed: URL
    try {
      parsed = new URL(baseUrl)
    } catch {
      throw new UsageError(`--base-url must be an http(s) URL, got "${maskUrlCredentials(baseUrl)}"`)
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new UsageError(`--base-url must be an http(s) URL, got "${maskUrlCredentials(baseUrl)}"`)
    const tokenFlag = values.token as string | undefined
    const tokenEnv = values['token-env'] as string | undefined
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
    const timeoutMs = positiveInt('timeout', values.timeout as string | undefined, 15_000, 1)
    const retries = positiveInt('retries', values.retries as string | undefined, 3, 0)
    const junit = values.junit as string | undefined
    if (junit === '') throw new UsageError('--junit needs a file name')
    const report = await runVerify({
      provider: provider as ProviderName,
      baseUrl,
      token,
      allowWrites: values['allow-writes'] === true,
      timeoutMs,
      retries,
      ...extra,
    })
    if (junit) writeFileSync(junit, mask(renderVerifyJunit(report)))
    say(values.json ? renderVerifyJson(report) : renderVerifyHuman(report))
    return report.exitCode
  } catch (err) {
    if (err instanceof UsageError) {
      complain(`standin verify: ${err.message}\nrun \`standin verify --help\` for usage`)
      return 2
    }
    complain(`standin verify: ${err instanceof Error ? err.message : String(err)}`)
    return 4
  }
}
