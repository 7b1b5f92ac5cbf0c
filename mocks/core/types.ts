/**
 * The engine's plain-data contract, shared by every adapter (MSW, node:http) and every provider.
 * Adapters turn their native request into a MockRequest and a MockResponse back into bytes on their transport;
 * everything in between happens in the engine, so both adapters give the same bytes for the same inputs.
 */
import type { Contract, OperationInfo } from './contract.js'

export interface MockRequest {
  method: string
  /** The path without the query string, as received (percent-encoded). */
  path: string
  /** Raw query string without the leading `?` (may be empty). */
  query: string
  /** Header names in lower case. */
  headers: Record<string, string>
  /** The raw body as text; undefined or '' when there is none. The engine parses it, so parse errors are uniform. */
  bodyText?: string
}

/** A failure on the wire rather than an HTTP answer; each adapter carries it out for real. */
export type Fault =
  | { kind: 'network-error' } // MSW: Response.error(); http: destroy the socket before any byte
  | { kind: 'reset' } // the connection is reset (ECONNRESET) without a response
  | { kind: 'timeout'; afterMs: number } // nothing is sent; the connection is closed after afterMs
  | { kind: 'truncated-body' } // headers announce the full length, half the body is sent, then the socket closes

export interface MockResponse {
  status: number
  headers: Record<string, string>
  /** JSON-serialisable body (undefined for none). */
  body?: unknown
  /** Milliseconds to wait before answering (scenarios' delays, --latency). */
  delayMs?: number
  fault?: Fault
}

/** What the engine hands back: the response plus its exact bytes, serialised once in the core. */
export interface FinalResponse extends MockResponse {
  bodyText: string
}

export interface ErrorDetail {
  /** JSON pointer into the request: /body/scope, /query/limit, /path/rightId, /header/authorization. */
  path: string
  message: string
}

export interface ErrorInput {
  status: number
  /** Provider error code; the provider picks the default for the status when omitted. */
  code?: string
  message: string
  details?: ErrorDetail[]
  headers?: Record<string, string>
}

export interface Clock {
  now(): Date
  nowMs(): number
  iso(): string
  advance(ms: number): void
  set(instant: string | number | Date): void
  /** Called after each routed request: a fixed clock moves by `ms`, a live clock ignores it (time passes anyway). */
  tick(ms: number): void
  /** `fixed`: starts at an instant and moves only when told (deterministic); `live`: follows the wall clock. */
  readonly mode: 'fixed' | 'live'
}

/** Deterministic values derived from (seed, kind, ordinal): unrelated calls never shift each other's values. */
export interface Derive {
  readonly seed: string
  /** 16 lowercase hex characters for the next entity of `kind` (per-session counter per kind). */
  nextHex(kind: string, length?: number): string
  /** The bytes for (kind, ordinal), independent of any counter. */
  bytes(kind: string, ordinal: number | string, length?: number): Buffer
  /** A deterministic integer in [min, max] for (kind, ordinal). */
  int(kind: string, ordinal: number | string, min: number, max: number): number
}

export interface WorldContext {
  clock: Clock
  derive: Derive
}

export interface Principal {
  /** Who is calling, as the provider understands it (key role, JWT user...). */
  [key: string]: unknown
}

export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; error: ErrorInput }

export interface OperationCall<S> {
  provider: string
  operation: OperationInfo
  /** Decoded path parameters. */
  params: Record<string, string>
  /** Query parameters coerced to their schema types (integers, booleans) and validated. */
  query: Record<string, unknown>
  headers: Record<string, string>
  // biome-ignore lint/suspicious/noExplicitAny: validated against the operation's schema before the behaviour runs.
  body: any
  principal: Principal
  state: S
  clock: Clock
  derive: Derive
}

export type Behaviour<S> = (call: OperationCall<S>) => MockResponse | Promise<MockResponse>

/** A provider plugs its contract, envelope, auth, world and behaviours into the neutral engine. */
export interface Provider<S = unknown> {
  name: string
  contract: Contract
  /** The provider's real base URLs (origins), for the MSW handlers. */
  baseUrls: string[]
  /** Path prefix that routes a request to this provider on a shared server, e.g. `/v1/` or `/api/v2/`. */
  pathPrefix: string
  /** Builds an error response in the provider's own envelope. */
  error(input: ErrorInput): MockResponse
  /** Checks credentials for a secured operation; `token` is the bearer token (already known to be present). */
  authenticate(token: string, operation: OperationInfo, state: S, clock: Clock): AuthOutcome | Promise<AuthOutcome>
  /** The seeded sandbox world a new session starts with. */
  createWorld(ctx: WorldContext): S
  /** A world with nothing in it (scenario option `emptyWorld`). */
  createEmptyWorld(ctx: WorldContext): S
  behaviours: Record<string, Behaviour<S>>
  /**
   * JSON pointers of secret fields in request and response bodies (an API key, a token, a signing secret shown only
   * once), redacted in the journal so it can be served and logged safely.
   */
  journalSecrets?: { request?: readonly string[]; response?: readonly string[] }
}
