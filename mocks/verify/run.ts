/**
 * `standin verify`: provider conformance of a real sandbox (or anything that claims to be one) against standin's
 * contract. Read-only probes by default; with `allowWrites`, one short realistic flow per provider. Every response is
 * checked like standin's own (status, content type, headers, envelope, body schema) and every finding says whether it
 * breaks a DOCUMENTED part of the contract or differs from an INFERRED one (mocks/check/findings.ts has the rules).
 */
import { createHash, randomUUID } from 'node:crypto'
import { decodeJwt } from 'jose'
import { checkResponse, type Finding } from '../check/findings.js'
import { type Contract, loadPackagedContract } from '../core/contract.js'
import { REASON_CODES, type ReasonCode } from '../enfinitos/proof/reasons.js'
import type { KeyDirectory, ProofPack } from '../enfinitos/proof/types.js'
import { verifyPack } from '../enfinitos/proof/verify.js'
import type { ProviderName } from '../typed.js'
import { createHttpClient, type HttpClient, type HttpResult } from './http.js'
import { createMasker, type Masker, maskUrlCredentials } from './mask.js'

export interface VerifyOptions {
  provider: ProviderName
  /** The provider's origin, e.g. https://sandbox.api.enfinitos.com or https://app.dedit.io. */
  baseUrl: string
  /** EnfinitOS: the API key (sent as a bearer token). Dedit: the API key, exchanged for a JWT with `login`. */
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
  contract?: Contract
}

export type ProbeOutcome = 'ok' | 'drift' | 'inferred' | 'error' | 'skipped'

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

export interface VerifyReport {
  provider: ProviderName
  baseUrl: string
  mode: 'read-only' | 'read-write'
  probes: ProbeResult[]
  findings: Finding[]
  counts: { documented: number; inferred: number; incomplete: number }
  /** 0 clean, 1 documented drift, 3 only inferred differences, 4 incomplete (some probes got no usable answer). */
  exitCode: 0 | 1 | 3 | 4
  durationMs: number
}

export const VERIFY_EXIT = { clean: 0, documented: 1, usage: 2, inferred: 3, incomplete: 4 } as const

interface Expect {
  /** The request is invalid on purpose: it must be rejected with a 4xx. */
  reject?: { why: string; basis: Finding['basis']; inferredBecause?: string }
  /** No credentials on purpose: it must be 401. */
  unauthorized?: boolean
  /** Declared non-2xx answers that are acceptable outcomes (with a note), e.g. 403 for a key without a scope. */
  allow?: Record<number, string>
}

interface ProbeSpec {
  name: string
  operationId: string
  method: string
  path: string
  body?: unknown
  /** Send the credentials (default true). */
  auth?: boolean
  expect?: Expect
}

// biome-ignore lint/suspicious/noExplicitAny: provider bodies are read loosely; they are validated separately.
type Json = any

class Probes {
  readonly results: ProbeResult[] = []
  credentials: Record<string, string> = {}

  constructor(
    private readonly contract: Contract,
    private readonly request: HttpClient,
    private readonly provider: string,
  ) {}

  skip(name: string, operationId: string, note: string): void {
    this.results.push({
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
    })
  }

  async probe(spec: ProbeSpec): Promise<{ res: HttpResult; body: Json; result: ProbeResult }> {
    const headers = spec.auth === false ? {} : { ...this.credentials }
    const res = await this.request({
      method: spec.method,
      path: spec.path,
      headers,
      ...(spec.body === undefined ? {} : { body: spec.body }),
    })
    let body: Json = null
    try {
      body = res.bodyText ? JSON.parse(res.bodyText) : null
    } catch {
      body = null
    }
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
    if (res.error !== undefined) {
      result.note = res.error
      return this.settle(result, true, res, body)
    }
    if (res.retriesExhausted) {
      result.note = `still ${res.status} after ${res.attempts} attempt(s); the real answer could not be observed`
      return this.settle(result, true, res, body)
    }
    const op = this.contract.operation(spec.operationId)
    result.findings.push(...checkResponse(this.contract, op, res))
    let incomplete = false
    const expect = spec.expect ?? {}
    const base = { provider: this.provider, operationId: spec.operationId, status: res.status, path: '/' }
    if (expect.reject) {
      if (res.status < 400 || res.status >= 500) {
        result.findings.push({
          ...base,
          kind: 'expectation',
          message: `${expect.reject.why}: the request must be rejected with a 4xx`,
          expected: '4xx',
          found: String(res.status),
          basis: expect.reject.basis,
          ...(expect.reject.inferredBecause ? { inferredBecause: expect.reject.inferredBecause } : {}),
        })
      }
    } else if (expect.unauthorized) {
      if (res.status !== 401) {
        const client = res.status >= 400 && res.status < 500
        result.findings.push({
          ...base,
          kind: 'expectation',
          message: 'a request without credentials must be answered 401',
          expected: '401',
          found: String(res.status),
          basis: client ? 'inferred' : 'documented',
          ...(client
            ? { inferredBecause: 'the provider documents bearer auth, not the status of a refusal (docs/inferred.md)' }
            : {}),
        })
      }
    } else if (res.status >= 300) {
      const allowed = expect.allow?.[res.status]
      if (allowed) result.note = allowed
      else {
        incomplete = true
        const message = describeError(body)
        result.note = `expected a success, got ${res.status}${message ? ` (${message})` : ''}${res.status === 401 ? ': check the token' : ''}`
      }
    }
    return this.settle(result, incomplete, res, body)
  }

  private settle(result: ProbeResult, incomplete: boolean, res: HttpResult, body: Json) {
    result.outcome = outcomeOf(result.findings, incomplete)
    return { res, body, result }
  }
}

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

const iso = (ms: number) => new Date(ms).toISOString()
const DAY = 86_400_000
/** How many of the newest packs are listed to find the one before a pack (the documented page limit). */
const MAX_PACKS_SCANNED = 200

/** The provider's idea of now: its key directory's issuedAt, else its Date header, else ours. */
function referenceTime(body: Json, res: HttpResult | undefined): number {
  const fromBody = Date.parse(body?.data?.issuedAt ?? '')
  if (Number.isFinite(fromBody)) return fromBody
  const fromHeader = Date.parse(res?.headers.date ?? '')
  return Number.isFinite(fromHeader) ? fromHeader : Date.now()
}

/** Findings for the verifier's failed checks on a pack fetched from the provider. */
function packFindings(pack: ProofPack, keys: KeyDirectory, priorAfterHash: string | null, status: number): Finding[] {
  const report = verifyPack(pack, keys, { priorAfterHash })
  return report.checks
    .filter((c) => !c.ok)
    .map((c) => {
      const standinOnly = (REASON_CODES[c.code as ReasonCode] ?? '').startsWith('standin:')
      return {
        provider: 'enfinitos',
        operationId: 'getProofPack',
        status,
        kind: 'proof' as const,
        path: `/data/proofPack${c.path ?? ''}`,
        message: `${c.code}: ${c.message}`,
        ...(c.expected !== undefined ? { expected: c.expected } : {}),
        ...(c.actual !== undefined ? { found: c.actual } : {}),
        basis: standinOnly ? ('inferred' as const) : ('documented' as const),
        ...(standinOnly
          ? {
              inferredBecause:
                'a check standin adds to the documented auditor rules (docs/inferred.md, verifier codes)',
            }
          : {}),
      }
    })
}

/**
 * The last afterHash of the pack sealed just before `pack`, which its first beforeHash must carry. Packs are linked by
 * hashes alone, so the previous pack is found in the listing (newest first): the one listed right after `pack`. A
 * first beforeHash of null is an org's first pack: nothing to fetch.
 */
async function priorAfterHashOf(p: Probes, pack: Json): Promise<{ afterHash: string | null; note?: string }> {
  const first = pack.records?.[0]?.beforeHash
  if (first === null || first === undefined) return { afterHash: null }
  const listed = await p.probe({
    name: 'the pack before it (for the chain link)',
    operationId: 'listProofPacks',
    method: 'GET',
    path: `/v1/proof-packs?limit=${MAX_PACKS_SCANNED}`,
  })
  const packs: Json[] = Array.isArray(listed.body?.data?.proofPacks) ? listed.body.data.proofPacks : []
  const at = packs.findIndex((candidate) => candidate?.packId === pack.packId)
  const last = at >= 0 ? packs[at + 1]?.records?.at?.(-1)?.afterHash : undefined
  if (typeof last === 'string') return { afterHash: last }
  // Not among the newest packs listed: the link to the previous pack is taken as stated, not checked.
  return {
    afterHash: typeof first === 'string' ? first : null,
    note: `the previous pack is not among the ${MAX_PACKS_SCANNED} newest: the chain link to it was not checked`,
  }
}

async function checkPack(p: Probes, pack: Json, keys: Json, status: number, into: ProbeResult): Promise<void> {
  if (!pack || typeof pack !== 'object' || !keys) return
  const prior = await priorAfterHashOf(p, pack)
  if (prior.note !== undefined) into.note = prior.note
  into.findings.push(...packFindings(pack, keys, prior.afterHash, status))
  into.outcome = outcomeOf(into.findings, into.outcome === 'error')
}

async function enfinitos(p: Probes, token: string, allowWrites: boolean): Promise<void> {
  p.credentials = { authorization: `Bearer ${token}` }
  const keys = await p.probe({
    name: 'runtime keys (public, no credentials)',
    operationId: 'getRuntimeKeys',
    method: 'GET',
    path: '/v1/runtime-keys',
    auth: false,
  })
  const now = referenceTime(keys.body, keys.res)
  await p.probe({ name: 'list bases', operationId: 'listBases', method: 'GET', path: '/v1/rights/bases' })
  const rights = await p.probe({
    name: 'list rights',
    operationId: 'listRights',
    method: 'GET',
    path: '/v1/rights?limit=5',
  })
  await p.probe({
    name: 'list ACTIVE rights, 2 per page',
    operationId: 'listRights',
    method: 'GET',
    path: '/v1/rights?status=ACTIVE&limit=2',
  })
  const rightId = rights.body?.data?.rights?.[0]?.id
  if (typeof rightId === 'string') {
    await p.probe({
      name: 'fetch the first right listed',
      operationId: 'getRight',
      method: 'GET',
      path: `/v1/rights/${encodeURIComponent(rightId)}`,
    })
  } else p.skip('fetch the first right listed', 'getRight', 'the listing held no right')
  await p.probe({
    name: 'list challenges',
    operationId: 'listChallenges',
    method: 'GET',
    path: '/v1/challenges?limit=5',
  })
  const packs = await p.probe({
    name: 'list proof packs',
    operationId: 'listProofPacks',
    method: 'GET',
    path: '/v1/proof-packs?limit=2',
  })
  const packId = packs.body?.data?.proofPacks?.[0]?.packId
  if (typeof packId === 'string') {
    const pack = await p.probe({
      name: 'fetch the newest pack and verify it (auditor rules)',
      operationId: 'getProofPack',
      method: 'GET',
      path: `/v1/proof-packs/${encodeURIComponent(packId)}`,
    })
    await checkPack(p, pack.body?.data?.proofPack, keys.body?.data, pack.res.status, pack.result)
  } else p.skip('fetch the newest pack and verify it (auditor rules)', 'getProofPack', 'the listing held no pack')
  const period = `periodStart=${encodeURIComponent(iso(now - 30 * DAY))}&periodEnd=${encodeURIComponent(iso(now))}`
  await p.probe({
    name: 'metering, last 30 days',
    operationId: 'getMetering',
    method: 'GET',
    path: `/v1/metering?${period}`,
  })
  await p.probe({
    name: 'settlement, last 30 days, GBP',
    operationId: 'getSettlement',
    method: 'GET',
    path: `/v1/settlement?${period}&currency=GBP`,
    expect: { allow: { 403: "403: the key's role lacks settlement:read, so the settlement shape was not checked" } },
  })

  // Invalid on purpose: each must be rejected with a 4xx.
  await p.probe({
    name: 'invalid: unknown status filter',
    operationId: 'listRights',
    method: 'GET',
    path: '/v1/rights?status=NOT_A_STATUS',
    expect: { reject: { why: 'status=NOT_A_STATUS is not a documented right status', basis: 'documented' } },
  })
  await p.probe({
    name: 'invalid: malformed right id',
    operationId: 'getRight',
    method: 'GET',
    path: '/v1/rights/not-a-right-id',
    expect: { reject: { why: 'right ids are rgh_ + 16 hex (documented)', basis: 'documented' } },
  })
  await p.probe({
    name: 'invalid: lower-case currency',
    operationId: 'getSettlement',
    method: 'GET',
    path: `/v1/settlement?${period}&currency=gbp`,
    expect: { reject: { why: 'currency must match ^[A-Z]{3}$ (documented)', basis: 'documented' } },
  })
  await p.probe({
    name: 'unknown right',
    operationId: 'getRight',
    method: 'GET',
    path: '/v1/rights/rgh_0000000000000000',
    expect: { reject: { why: 'a right that does not exist cannot be fetched', basis: 'documented' } },
  })
  await p.probe({
    name: 'no credentials',
    operationId: 'listRights',
    method: 'GET',
    path: '/v1/rights',
    auth: false,
    expect: { unauthorized: true },
  })
  if (allowWrites) await enfinitosWrites(p, now)
}

/** Register a basis, issue a right, observe a delivery, seal, fetch the pack and verify it; revoke the right. */
async function enfinitosWrites(p: Probes, now: number): Promise<void> {
  const stamp = iso(now)
  const from = iso(now - 60_000)
  const flow = 'write flow'
  const basis = await p.probe({
    name: `${flow}: register a basis`,
    operationId: 'registerBasis',
    method: 'POST',
    path: '/v1/rights/bases',
    body: { kind: 'CONTRACTUAL', description: `standin verify probe ${stamp}`, effectiveFrom: from },
  })
  const basisId = basis.body?.data?.basis?.id
  if (typeof basisId !== 'string') return p.skip(`${flow}: the rest`, 'issueRight', 'no basis id to go on')
  const issued = await p.probe({
    name: `${flow}: issue a right on it`,
    operationId: 'issueRight',
    method: 'POST',
    path: '/v1/rights/issue',
    body: { basisId, substrate: 'DOOH', scope: 'standin verify probe', effectiveFrom: from },
  })
  const rightId = issued.body?.data?.right?.id
  if (typeof rightId !== 'string') return p.skip(`${flow}: the rest`, 'observeDelivery', 'no right id to go on')
  const observed = await p.probe({
    name: `${flow}: observe a delivery`,
    operationId: 'observeDelivery',
    method: 'POST',
    path: '/v1/delivery',
    body: {
      rightId,
      spatialAnchorId: 'standin-verify-anchor',
      dwellMs: 3500,
      correlationId: `standin-verify-${randomUUID()}`,
    },
  })
  const receiptHash = observed.body?.data?.receipt?.afterHash
  const sealed = await p.probe({
    name: `${flow}: seal`,
    operationId: 'sealProofPack',
    method: 'POST',
    path: '/v1/proof-packs/seal',
  })
  const packId = sealed.body?.data?.pack?.packId
  if (sealed.res.status === 200 && typeof packId !== 'string') {
    sealed.result.findings.push({
      provider: 'enfinitos',
      operationId: 'sealProofPack',
      status: 200,
      kind: 'expectation',
      path: '/data/pack',
      message: 'sealing right after a delivery was observed sealed nothing',
      expected: 'a pack holding the delivery',
      found: `sealed: ${JSON.stringify(sealed.body?.data?.sealed)}`,
      basis: 'documented',
    })
    sealed.result.outcome = outcomeOf(sealed.result.findings, false)
  }
  if (typeof packId === 'string') {
    const keys = await p.probe({
      name: `${flow}: runtime keys after sealing`,
      operationId: 'getRuntimeKeys',
      method: 'GET',
      path: '/v1/runtime-keys',
      auth: false,
    })
    const fetched = await p.probe({
      name: `${flow}: fetch the sealed pack and verify it`,
      operationId: 'getProofPack',
      method: 'GET',
      path: `/v1/proof-packs/${encodeURIComponent(packId)}`,
    })
    const pack = fetched.body?.data?.proofPack
    await checkPack(p, pack, keys.body?.data, fetched.res.status, fetched.result)
    const hashes = Array.isArray(pack?.records) ? pack.records.map((r: Json) => r?.afterHash) : []
    if (typeof receiptHash === 'string' && pack && !hashes.includes(receiptHash)) {
      fetched.result.findings.push({
        provider: 'enfinitos',
        operationId: 'getProofPack',
        status: fetched.res.status,
        kind: 'expectation',
        path: '/data/proofPack/records',
        message: 'the sealed pack does not hold the receipt of the delivery observed just before',
        expected: `a record with afterHash ${receiptHash}`,
        found: `${hashes.length} record(s) without it`,
        basis: 'documented',
      })
      fetched.result.outcome = outcomeOf(fetched.result.findings, false)
    }
  }
  await p.probe({
    name: `${flow}: revoke the right (clean-up)`,
    operationId: 'revokeRight',
    method: 'POST',
    path: `/v1/rights/${encodeURIComponent(rightId)}/revoke`,
    body: { reason: 'standin verify probe finished' },
  })
}

async function dedit(p: Probes, apiKey: string, allowWrites: boolean, onSecret: (s: string) => void): Promise<void> {
  const login = await p.probe({
    name: 'log in with the API key',
    operationId: 'login',
    method: 'POST',
    path: '/api/v2/auth/login',
    body: { apiKey },
    auth: false,
  })
  const jwt = login.body?.token
  await p.probe({
    name: 'invalid: log in without apiKey',
    operationId: 'login',
    method: 'POST',
    path: '/api/v2/auth/login',
    body: {},
    auth: false,
    expect: { reject: { why: 'login takes {apiKey} (documented)', basis: 'documented' } },
  })
  await p.probe({
    name: 'no credentials',
    operationId: 'getActiveSubscription',
    method: 'GET',
    path: '/api/v2/payment/subscription/active',
    auth: false,
    expect: { unauthorized: true },
  })
  if (typeof jwt !== 'string') {
    p.skip('the probes that need a token', 'getActiveSubscription', 'login gave no token')
    return
  }
  onSecret(jwt)
  p.credentials = { authorization: `Bearer ${jwt}` }
  const active = await p.probe({
    name: 'the active subscription',
    operationId: 'getActiveSubscription',
    method: 'GET',
    path: '/api/v2/payment/subscription/active',
    expect: { allow: { 404: '404: the account has no active subscription' } },
  })
  const sessionId = active.body?.sessionId
  if (typeof sessionId === 'string') {
    await p.probe({
      name: 'the active subscription by its session id',
      operationId: 'getSubscription',
      method: 'GET',
      path: `/api/v2/subscription/${encodeURIComponent(sessionId)}`,
    })
  } else p.skip('the active subscription by its session id', 'getSubscription', 'no active subscription to look up')
  await p.probe({
    name: 'invalid: malformed session id',
    operationId: 'getSubscription',
    method: 'GET',
    path: '/api/v2/subscription/not-a-session',
    expect: { reject: { why: 'session ids are Stripe checkout session ids (cs_live_/cs_test_)', basis: 'documented' } },
  })
  if (allowWrites) await deditWrites(p, jwt, referenceTime(null, login.res))
}

/** Notarize a fresh random hash (request, complete), then upload its file metadata. Uses one registration. */
async function deditWrites(p: Probes, jwt: string, now: number): Promise<void> {
  const flow = 'write flow'
  await p.probe({
    name: `${flow}: invalid: malformed hash`,
    operationId: 'requestRegistration',
    method: 'POST',
    path: '/api/v2/registration/?subscription=true',
    body: {
      blockchainType: 'ALGORAND',
      custody: false,
      description: 'standin verify probe',
      hash: 'not-a-sha256',
      signed: false,
      status: 'not_registered',
    },
    expect: { reject: { why: 'hash must be 64 lowercase hex characters (documented)', basis: 'documented' } },
  })
  const content = `standin verify probe ${iso(now)} ${randomUUID()}`
  const hash = createHash('sha256').update(content).digest('hex')
  const subscription = await p.probe({
    name: `${flow}: request the registration of a random hash`,
    operationId: 'requestRegistration',
    method: 'POST',
    path: '/api/v2/registration/?subscription=true',
    body: {
      blockchainType: 'ALGORAND',
      custody: false,
      description: 'standin verify probe',
      hash,
      signed: false,
      status: 'not_registered',
    },
  })
  if (!subscription.body || subscription.res.status !== 200)
    return p.skip(`${flow}: the rest`, 'completeRegistration', 'no subscription to complete the registration with')
  const registration = await p.probe({
    name: `${flow}: complete the registration`,
    operationId: 'completeRegistration',
    method: 'POST',
    path: `/api/v2/registration/${hash}/forfait`,
    body: subscription.body,
  })
  if (registration.res.status === 200 && registration.body?.hash !== hash) {
    registration.result.findings.push({
      provider: 'dedit',
      operationId: 'completeRegistration',
      status: 200,
      kind: 'expectation',
      path: '/hash',
      message: 'the registration returned is not the one completed',
      expected: JSON.stringify(hash),
      found: JSON.stringify(registration.body?.hash),
      basis: 'documented',
    })
    registration.result.outcome = outcomeOf(registration.result.findings, false)
  }
  let userId: unknown
  try {
    userId = decodeJwt(jwt).userId
  } catch {
    userId = undefined
  }
  await p.probe({
    name: `${flow}: upload the file metadata`,
    operationId: 'uploadFileMetadata',
    method: 'PUT',
    path: `/api/v2/file/${hash}`,
    body: {
      hash,
      name: 'standin-verify-probe.txt',
      type: 'text/plain',
      size: Buffer.byteLength(content),
      lastModified: now,
      userId: typeof userId === 'number' ? userId : 1,
      walletName: 'standin verify',
    },
  })
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

/** The origin a provider's paths are appended to (a trailing `/v1` or `/api/v2` is dropped: the paths carry it). */
export function normaliseBaseUrl(provider: ProviderName, baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '')
  const prefix = provider === 'enfinitos' ? '/v1' : '/api/v2'
  return trimmed.endsWith(prefix) ? trimmed.slice(0, -prefix.length) : trimmed
}

export function exitCodeOf(counts: VerifyReport['counts']): VerifyReport['exitCode'] {
  if (counts.documented > 0) return 1
  if (counts.incomplete > 0) return 4
  if (counts.inferred > 0) return 3
  return 0
}

/** Runs the probes and returns the report, every secret already masked. */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now()
  const secrets = new Set<string>([options.token])
  const baseUrl = normaliseBaseUrl(options.provider, options.baseUrl)
  try {
    const u = new URL(baseUrl)
    if (u.password) secrets.add(decodeURIComponent(u.password))
    if (u.username) secrets.add(decodeURIComponent(u.username))
  } catch {
    // validated by the command; a bad URL fails on the first request with its own message
  }
  const contract = options.contract ?? loadPackagedContract(options.provider)
  const request = createHttpClient({
    baseUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    retries: options.retries ?? 3,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const probes = new Probes(contract, request, options.provider)
  if (options.provider === 'enfinitos') await enfinitos(probes, options.token, options.allowWrites === true)
  else await dedit(probes, options.token, options.allowWrites === true, (s) => secrets.add(s))
  const findings = probes.results.flatMap((r) => r.findings)
  const counts = {
    documented: findings.filter((f) => f.basis === 'documented').length,
    inferred: findings.filter((f) => f.basis === 'inferred').length,
    incomplete: probes.results.filter((r) => r.outcome === 'error').length,
  }
  const report: VerifyReport = {
    provider: options.provider,
    baseUrl: maskUrlCredentials(baseUrl),
    mode: options.allowWrites ? 'read-write' : 'read-only',
    probes: probes.results,
    findings,
    counts,
    exitCode: exitCodeOf(counts),
    durationMs: Math.round(performance.now() - started),
  }
  return maskDeep(report, createMasker(secrets))
}
