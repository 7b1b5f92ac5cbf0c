/**
 * What a provider hands to the tools that check it, so that `standin check`, `standin verify`, the tests and the
 * benchmark know no provider by name (each provider fills `Provider.conformance` in its own folder):
 * - its conformance script: one valid request per operation on the seeded world, in an order where each is valid,
 *   every id taken from an earlier answer (so the same script runs in-process, through MSW and over HTTP);
 * - its envelope check: whether a body is in the provider's success or error envelope, checked before the body
 *   schema so that a response outside its envelope is reported once and plainly;
 * - its verify probes: the read-only probes (and the optional write flow) `standin verify` sends to the real provider.
 * Plus the finding every check reports, documented or inferred (mocks/check/findings.ts has the rules).
 */

type FindingKind =
  | 'status'
  | 'content-type'
  | 'header'
  | 'envelope'
  | 'body'
  | 'exception'
  | 'expectation'
  | 'proof'
  | 'transport'
  | 'prism'

export type Basis = 'documented' | 'inferred'

export interface Finding {
  provider: string
  operationId: string
  /** The HTTP status of the response the finding is about (0 when there was none). */
  status: number
  kind: FindingKind
  /** JSON pointer into the response body (`/` for the whole response); the header name for header findings. */
  path: string
  message: string
  expected?: string
  found?: string
  basis: Basis
  /** For an inferred finding: the `x-standin-inferred` reason, or the rule that makes it inferred. */
  inferredBecause?: string
  /** ajv's location of the failing keyword, for schema findings. */
  schemaPath?: string
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely by the scripts and probes; checks validate them.
type Json = any

/** One request of a conformance script: a valid request for one operation. */
export interface SampleRequest {
  provider: string
  operationId: string
  method: string
  /** Path and query, e.g. `/v1/rights?limit=2`. */
  path: string
  body?: unknown
  /** The script sets the auth and content-type headers itself, so any transport can send the request as it is. */
  headers?: Record<string, string>
  /**
   * This request issues the credentials later requests carry (a login). A credential works only in the session that
   * issued it, so a checker that replays samples in another session sends this one there first, at the same instant,
   * which issues it the same credential.
   */
  issuesCredentials?: true
}

export interface SampleAnswer {
  status: number
  /** The parsed JSON body (null for none). */
  body: Json
  text?: string
}

export type SendSample = (req: SampleRequest) => Promise<SampleAnswer>

/** Sends one valid request per operation (some more than once) through `send`, each built from earlier answers. */
export type ConformanceScript = (send: SendSample) => Promise<void>

export interface SampleExchange extends SampleAnswer {
  req: SampleRequest
}

/** Runs the conformance scripts of these providers, in order, and returns every request and answer. */
export async function runConformance(
  providers: readonly { name: string; conformance?: ProviderConformance }[],
  send: SendSample,
): Promise<SampleExchange[]> {
  const log: SampleExchange[] = []
  for (const provider of providers) {
    const script = provider.conformance?.script
    if (!script) continue
    await script(async (req) => {
      const answer = await send(req)
      log.push({ req, ...answer })
      return answer
    })
  }
  return log
}

export interface EnvelopeProblem {
  message: string
  expected: string
  found: string
}

/** The envelope problem of a body, or null when the body is in the provider's envelope. */
export type EnvelopeCheck = (status: number, body: unknown) => EnvelopeProblem | null

/** A body's shape in a few words for `found`: `keys a, b, c`, `an array`, `a string`, `an empty object`. */
export function describeShape(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return Array.isArray(body) ? 'an array' : `a ${body === null ? 'null' : typeof body}`
  const keys = Object.keys(body)
  return keys.length ? `keys ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}` : 'an empty object'
}

/** What a probe expects besides a success. */
interface ProbeExpectation {
  /** The request is invalid on purpose: it must be rejected with a 4xx. */
  reject?: { why: string; basis: Basis; inferredBecause?: string }
  /** No credentials on purpose: it must be 401. */
  unauthorized?: boolean
  /** Declared non-2xx answers that are acceptable outcomes (with a note), e.g. 403 for a key without a scope. */
  allow?: Record<number, string>
}

export interface ProbeSpec {
  name: string
  operationId: string
  method: string
  /** Path and query, appended to the provider's origin. */
  path: string
  body?: unknown
  /** Send the credentials (default true). */
  auth?: boolean
  expect?: ProbeExpectation
}

/** A finding a probe adds itself; provider, operation and status default to the probe's. */
export type ProbeFinding = Omit<Finding, 'provider' | 'operationId' | 'status'> &
  Partial<Pick<Finding, 'operationId' | 'status'>>

export interface ProbeAnswer {
  /** 0 when no answer arrived. */
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  /** The parsed JSON body (null for none or not JSON). */
  body: Json
  /** Adds a finding to this probe's result, beside the contract's own. */
  report(finding: ProbeFinding): void
  /** Something worth knowing about this probe, shown beside its result. */
  note(text: string): void
}

/** What `standin verify` gives a provider's probes: requests checked against the contract, one at a time. */
export interface Prober {
  probe(spec: ProbeSpec): Promise<ProbeAnswer>
  /** Records a probe that could not be sent, and why. */
  skip(name: string, operationId: string, note: string): void
  /** Headers sent with every later probe that does not set `auth: false`. */
  useCredentials(headers: Record<string, string>): void
  /** A secret learnt on the way (a session token): masked in every output like the token itself. */
  addSecret(value: string): void
}

export interface VerifyProbes {
  /** For `standin verify --help`: what `--token` is for this provider, and what `--allow-writes` creates. */
  help: { token: string; writes: string }
  run(prober: Prober, options: { token: string; allowWrites: boolean }): Promise<void>
}

/** The provider's idea of now from an answer's Date header, else ours. */
export function answerTime(headers: Record<string, string> | undefined): number {
  const fromHeader = Date.parse(headers?.date ?? '')
  return Number.isFinite(fromHeader) ? fromHeader : Date.now()
}

export interface ProviderConformance {
  script: ConformanceScript
  checkEnvelope: EnvelopeCheck
  probes: VerifyProbes
}
