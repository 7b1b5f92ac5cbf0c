/**
 * What `standin verify` does: it probes a real provider (its sandbox, or anything that claims to be one) and checks
 * every answer against standin's contract. The probes are the provider's own (`Provider.conformance.probes`):
 * read-only by default; with `allowWrites`, one short realistic flow. Every answer is checked like standin's own
 * (status, content type, headers, envelope, body schema) and every finding says whether it breaks a DOCUMENTED part
 * of the contract or differs from an INFERRED one (mocks/check/findings.ts has the rules).
 */
import { checkResponse } from '../check/findings.js'
import type { Finding, ProbeAnswer, ProbeFinding, Prober, ProbeSpec } from '../core/conformance.js'
import { StandinError } from '../core/errors.js'
import type { Provider } from '../core/types.js'
import { createProviders } from '../providers.js'
import type { ProviderName } from '../typed.js'
import { createHttpClient, type HttpClient, type HttpResult, type RetryWait } from './http.js'
import { createMasker, type Masker, maskUrlCredentials } from './mask.js'

export interface ProbeRunOptions {
  provider: ProviderName
  /** The provider's origin (a trailing path prefix such as the API version is dropped: the probes' paths carry it). */
  baseUrl: string
  /** The API key, used as each provider's probes say (`standin verify --help`). */
  token: string
  /** Run the write flow too (creates data in the sandbox). */
  allowWrites?: boolean
  /** Per request, ms. Default 15000. */
  timeoutMs?: number
  /** Retries after a 429/503. Default 3. */
  retries?: number
  /** Longest single wait before a retry, ms. Default 30000. */
  maxRetryWaitMs?: number
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof fetch
  /** Told of every probe as it finishes and of every wait before a retry (secrets masked), as it happens. */
  onProgress?: (event: ProbeProgress) => void
}

/** What `standin verify` shows while it runs (mocks/verify/progress.ts prints it). */
export type ProbeProgress =
  | ({ kind: 'wait'; name: string; method: string; path: string } & RetryWait)
  | { kind: 'probe'; result: ProbeResult; ms: number }

type ProbeOutcome = 'ok' | 'drift' | 'inferred' | 'error' | 'skipped'

export interface ProbeResult {
  name: string
  operationId: string
  method: string
  path: string
  /** 0 when no answer arrived (or the probe was skipped). */
  status: number
  attempts: number
  /** Waits before retries, ms. */
  waits: number[]
  outcome: ProbeOutcome
  /** Why a probe could not be completed or was skipped, or what else is worth knowing. */
  note?: string
  findings: Finding[]
}

export interface ProbeReport {
  provider: ProviderName
  baseUrl: string
  mode: 'read-only' | 'read-write'
  probes: ProbeResult[]
  findings: Finding[]
  counts: { documented: number; inferred: number; incomplete: number }
  /** Set when the run stopped early: the provider refused the key, so every later probe would say nothing. */
  stopped?: { reason: 'key-rejected'; probe: string; status: number; message: string }
  /** 0 clean, 1 documented drift, 3 only inferred differences, 4 incomplete (some probes got no usable answer). */
  exitCode: 0 | 1 | 3 | 4
  durationMs: number
}

// biome-ignore lint/suspicious/noExplicitAny: provider bodies are read loosely; they are validated separately.
type Json = any

function outcomeOf(findings: Finding[], incomplete: boolean): ProbeOutcome {
  if (findings.some((f) => f.basis === 'documented')) return 'drift'
  if (findings.length > 0) return 'inferred'
  return incomplete ? 'error' : 'ok'
}

function describeError(body: Json): string {
  if (!body || typeof body !== 'object') return ''
  const code = body.error?.code ?? body.error
  const message = body.error?.message ?? body.message
  return [typeof code === 'string' ? code : '', typeof message === 'string' ? message : ''].filter(Boolean).join(' ')
}

function parseJson(text: string): Json {
  try {
    return text ? JSON.parse(text) : null
  } catch {
    return null
  }
}

/** The expectation a probe's answer breaks (a 4xx that must come, a 401 that must come), as a finding. */
function expectationFinding(spec: ProbeSpec, status: number): ProbeFinding | null {
  const expect = spec.expect ?? {}
  if (expect.reject && (status < 400 || status >= 500)) {
    return {
      path: '/',
      kind: 'expectation',
      message: `${expect.reject.why}: the request must be rejected with a 4xx`,
      expected: '4xx',
      found: String(status),
      basis: expect.reject.basis,
      ...(expect.reject.inferredBecause ? { inferredBecause: expect.reject.inferredBecause } : {}),
    }
  }
  if (!expect.reject && expect.unauthorized && status !== 401) {
    const client = status >= 400 && status < 500
    return {
      path: '/',
      kind: 'expectation',
      message: 'a request without credentials must be answered 401',
      expected: '401',
      found: String(status),
      basis: client ? 'inferred' : 'documented',
      ...(client
        ? { inferredBecause: 'the provider documents bearer auth, not the status of a refusal (docs/inferred.md)' }
        : {}),
    }
  }
  return null
}

/**
 * Thrown by the prober once the provider has refused the key, to stop the provider's probe script: every later probe
 * would be refused too (and a probe that must be rejected would "pass" on the refusal). Caught by runProbes.
 */
class KeyRejectedStop extends StandinError {}

/**
 * Whether a refusal means the key (or the session token got with it) does not work: a 401 where a success was
 * expected, or a 403 before any credentialed probe has succeeded (later, a 403 is one operation's permission).
 */
function refusesKey(spec: ProbeSpec, status: number, keyWorked: boolean): boolean {
  if (spec.expect?.reject || spec.expect?.unauthorized || spec.expect?.allow?.[status]) return false
  return status === 401 || (status === 403 && !keyWorked)
}

/** Sends the provider's probes one at a time and records a result for each. */
class HttpProber implements Prober {
  readonly results: ProbeResult[] = []
  readonly secrets = new Set<string>()
  private credentials: Record<string, string> = {}
  /** A credentialed probe has succeeded: the key works. */
  private keyWorked = false
  /** Set once the provider has refused the key. */
  rejected: ProbeReport['stopped']

  constructor(
    private readonly provider: Provider,
    private readonly request: HttpClient,
    private readonly progress: (event: ProbeProgress) => void = () => {},
  ) {}

  useCredentials(headers: Record<string, string>): void {
    this.credentials = { ...headers }
  }

  addSecret(value: string): void {
    this.secrets.add(value)
  }

  skip(name: string, operationId: string, note: string): void {
    const result: ProbeResult = {
      name,
      operationId,
      method: '',
      path: '',
      status: 0,
      attempts: 0,
      waits: [],
      outcome: 'skipped',
      note,
      findings: [],
    }
    this.results.push(result)
    this.progress({ kind: 'probe', result, ms: 0 })
  }

  async probe(spec: ProbeSpec): Promise<ProbeAnswer> {
    // A script that caught the stop goes on: it is stopped again, nothing more is sent.
    if (this.rejected) throw new KeyRejectedStop('the provider refused the key')
    const started = performance.now()
    const res = await this.request({
      method: spec.method,
      path: spec.path,
      headers: spec.auth === false ? {} : { ...this.credentials },
      ...(spec.body === undefined ? {} : { body: spec.body }),
      onWait: (wait) => this.progress({ kind: 'wait', name: spec.name, method: spec.method, path: spec.path, ...wait }),
    })
    const result: ProbeResult = {
      name: spec.name,
      operationId: spec.operationId,
      method: spec.method,
      path: spec.path,
      status: res.status,
      attempts: res.attempts,
      waits: res.waits,
      outcome: 'ok',
      findings: [],
    }
    this.results.push(result)
    const body = parseJson(res.bodyText)
    const incomplete = this.judge(spec, res, body, result)
    result.outcome = outcomeOf(result.findings, incomplete)
    this.progress({ kind: 'probe', result, ms: Math.round(performance.now() - started) })
    if (this.rejected) throw new KeyRejectedStop('the provider refused the key')
    const base = { provider: this.provider.name, operationId: spec.operationId, status: res.status }
    return {
      status: res.status,
      headers: res.headers,
      body,
      report: (finding) => {
        result.findings.push({ ...base, ...finding })
        result.outcome = outcomeOf(result.findings, incomplete)
      },
      note: (text) => {
        result.note = text
      },
    }
  }

  /** Adds the contract's findings and the probe's expectations to `result`; true when the probe is incomplete. */
  private judge(spec: ProbeSpec, res: HttpResult, body: Json, result: ProbeResult): boolean {
    if (res.error !== undefined) {
      result.note = res.error
      return true
    }
    if (res.retriesExhausted) {
      result.note = `still ${res.status} after ${res.attempts} attempt(s); the real answer could not be observed`
      return true
    }
    const { contract, conformance } = this.provider
    result.findings.push(
      ...checkResponse(contract, contract.operation(spec.operationId), res, conformance?.checkEnvelope),
    )
    const broken = expectationFinding(spec, res.status)
    if (broken) {
      result.findings.push({
        provider: this.provider.name,
        operationId: spec.operationId,
        status: res.status,
        ...broken,
      })
      return false
    }
    if (res.status < 300 && spec.auth !== false) this.keyWorked = true
    if (spec.expect?.reject || spec.expect?.unauthorized || res.status < 300) return false
    const allowed = spec.expect?.allow?.[res.status]
    if (allowed) {
      result.note = allowed
      return false
    }
    const message = describeError(body)
    const got = `${res.status}${message ? ` (${message})` : ''}`
    if (refusesKey(spec, res.status, this.keyWorked)) {
      result.note = `the provider refused the key: ${got}; no more probes sent`
      this.rejected = { reason: 'key-rejected', probe: spec.name, status: res.status, message: result.note }
      return true
    }
    result.note = `expected a success, got ${got}`
    return true
  }
}

/** Masks every string in a value (the report), deeply. */
function maskDeep<T>(value: T, mask: Masker): T {
  if (typeof value === 'string') return mask(value) as T
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask)) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, mask)])) as T
  }
  return value
}

/** The origin a provider's paths are appended to (a trailing path prefix, e.g. the API version, is dropped). */
export function normaliseBaseUrl(pathPrefix: string, baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '')
  const prefix = pathPrefix.replace(/\/+$/, '')
  return prefix && trimmed.endsWith(prefix) ? trimmed.slice(0, -prefix.length) : trimmed
}

function exitCodeOf(counts: ProbeReport['counts']): ProbeReport['exitCode'] {
  if (counts.documented > 0) return 1
  if (counts.incomplete > 0) return 4
  if (counts.inferred > 0) return 3
  return 0
}

/** Runs the provider's probes and returns the report, every secret already masked. */
export async function runProbes(options: ProbeRunOptions): Promise<ProbeReport> {
  const started = performance.now()
  const [provider] = createProviders([options.provider])
  const probes = provider?.conformance?.probes
  if (!provider || !probes) throw new Error(`${options.provider} has no verify probes`)
  const baseUrl = normaliseBaseUrl(provider.pathPrefix, options.baseUrl)
  const request = createHttpClient({
    baseUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    retries: options.retries ?? 3,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const prober = new HttpProber(provider, request, (event) =>
    options.onProgress?.(maskDeep(event, createMasker(prober.secrets))),
  )
  prober.addSecret(options.token)
  try {
    const u = new URL(baseUrl)
    if (u.password) prober.addSecret(decodeURIComponent(u.password))
    if (u.username) prober.addSecret(decodeURIComponent(u.username))
  } catch {
    // validated by the command; a bad URL fails on the first request with its own message
  }
  try {
    await probes.run(prober, { token: options.token, allowWrites: options.allowWrites === true })
  } catch (err) {
    if (!(err instanceof KeyRejectedStop)) throw err
  }
  const findings = prober.results.flatMap((r) => r.findings)
  const counts = {
    documented: findings.filter((f) => f.basis === 'documented').length,
    inferred: findings.filter((f) => f.basis === 'inferred').length,
    incomplete: prober.results.filter((r) => r.outcome === 'error').length,
  }
  const report: ProbeReport = {
    provider: options.provider,
    baseUrl: maskUrlCredentials(baseUrl),
    mode: options.allowWrites ? 'read-write' : 'read-only',
    probes: prober.results,
    findings,
    counts,
    ...(prober.rejected ? { stopped: prober.rejected } : {}),
    exitCode: exitCodeOf(counts),
    durationMs: Math.round(performance.now() - started),
  }
  return maskDeep(report, createMasker(prober.secrets))
}
