/**
 * The engine's plain-data contract, shared by every adapter (MSW, node:http) and every provider.
 * Adapters turn their native request into a MockRequest and a MockResponse back into bytes on their transport;
 * everything in between happens in the engine, so both adapters give the same bytes for the same inputs.
 */
import type { ProviderConformance } from './conformance.js'
import type { Contract, OperationInfo, SchemaViolation } from './contract.js'
import type { OutboundTransport } from './outbound.js'
import type { PackAudit } from './pack-audit.js'

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
  /**
   * Set by a provider on an answer whose objects are never changed once answered, though not answered again: a fresh
   * envelope around stored objects that are replaced, never mutated, when they change (a receipt, a sealed proof
   * pack). The journal may then keep the body instead of its text and serialise it again when it is read, the same
   * bytes: a sealed 1,000-delivery pack is a 3.7 MB answer whose objects the session keeps anyway. A flag on the
   * answer, not a mark on the body (a WeakSet): a weak table entry per answer cost ~40 bytes per kept delivery.
   */
  stable?: true
}

/**
 * What the engine hands back: the response plus its exact bytes, serialised once in the core, and what answered it
 * (the same facts the journal records, so an adapter never reads the journal back).
 */
export interface FinalResponse extends MockResponse {
  bodyText: string
  /** The operation the request was routed to; null for a route miss or a path no provider serves. */
  operationId: string | null
  /** The scenario that answered (`prefer:code=404` for Prism's preferences); null for the default behaviour. */
  scenario: string | null
  /** Contract violations of the response, and `keyword: 'exception'` when a behaviour threw (as journaled). */
  violations: SchemaViolation[]
  /**
   * Set when this answers standin's own failure (a behaviour threw, or a response broke the contract in `throw` mode):
   * the failure's message. The response is then a 500 in the provider's envelope, marked `x-standin-violation: 1`.
   */
  failure?: string
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
  /** Takes the next ordinal of `kind` without deriving anything: `hexAt(kind, ordinal)` gives its hex later. */
  reserve(kind: string): number
  /** The hex `nextHex` gives for the `ordinal`-th entity of `kind`. */
  hexAt(kind: string, ordinal: number, length?: number): string
  /** The bytes for (kind, ordinal), independent of any counter. */
  bytes(kind: string, ordinal: number | string, length?: number): Uint8Array
  /** A deterministic integer in [min, max] for (kind, ordinal). */
  int(kind: string, ordinal: number | string, min: number, max: number): number
}

/**
 * How much the seeded world holds (docs/world.md): `small` (default) tells one short story with a few records of each
 * kind; `large` holds thousands (5,000 rights across 200 venues, a month of sealed and unsealed deliveries), derived
 * lazily from the seed so a session still starts in well under a second.
 */
export type WorldSize = 'small' | 'large'

/** The world sizes a session accepts, for validation and help texts. */
export const WORLD_SIZES: readonly WorldSize[] = ['small', 'large']

export interface WorldContext {
  clock: Clock
  derive: Derive
  /** The size of the seeded world to build; `small` when omitted. Empty worlds ignore it. */
  size?: WorldSize
  /**
   * Tells the session that its world grew by about `bytes` of heap: a part derived lazily was built on first read.
   * The session adds it to the server's memory meter as the seeded world's weight (never as the session's own
   * writes), so the budget sees a large world as it really is, no more; calls after a reset or a release are ignored.
   */
  grow?: (bytes: number) => void
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
  /** The adapter's transport for requests the provider sends on its own (webhooks); null: simulate them. */
  outbound?: OutboundTransport | null
}

export type Behaviour<S> = (call: OperationCall<S>) => MockResponse | Promise<MockResponse>

/**
 * The home page's copy-paste examples (`curl` against a GET without path parameters). The page shows the first
 * provider whose example works as pasted (it names an `authorization`), else the first provider served.
 */
export interface HomePageExample {
  /** A header that authorises the example request as pasted, e.g. `Authorization: Bearer sk_test_0123456789abcdef`. */
  authorization?: string
  /** The scenario the examples select, e.g. `acme:rate-limited`; the catalogue's first when omitted. */
  scenario?: string
}

/**
 * What a provider that sends requests on its own (webhooks) exposes to adapters (core/outbound.ts): delivering what is
 * due (scheduler, clock moves, `deliverDue()`), and plain-JSON views and triggers for the admin API.
 */
export interface OutboundDeliveries<S> {
  /** The event types `trigger` knows (`standin trigger` lists them). */
  readonly events: readonly string[]
  /** When the next delivery is due (epoch ms); +Infinity when none is. Cheap: called on every scheduler tick. */
  nextDueMs(state: S): number
  /**
   * Attempts every delivery due at the clock's instant through `transport` (null: outcomes are simulated); resolves
   * once their outcomes are recorded, with how many attempts were made.
   */
  deliverDue(state: S, clock: Clock, transport: OutboundTransport | null): Promise<number>
  /** The subscriptions (never their secrets), the deliveries or the journal of attempts, as plain JSON. */
  list(state: S, what: 'subscriptions' | 'deliveries' | 'attempts', filter: Record<string, unknown>): unknown[]
  /**
   * Fires `event` now as if the behaviour behind it had happened: the event id (null when nobody listens) and the
   * deliveries made, or what the session lacks to carry it.
   */
  trigger(
    state: S,
    world: WorldContext,
    event: string,
  ): { eventId: string | null; deliveries: string[] } | { missing: string }
}

/** A provider plugs its contract, envelope, auth, world and behaviours into the neutral engine. */
export interface Provider<S = unknown> {
  name: string
  /** How people write its name (`EnfinitOS`), for help texts and messages; the name when omitted. */
  label?: string
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
   * Typed fixture factories for downstream tests (`standin.<name>.build.*`): contract-valid objects that read the
   * session's clock and seed at call time, so fixtures follow `reset()` and clock moves.
   */
  factories?: (world: () => WorldContext) => object
  /** How the home page of `standin serve` shows this provider in its copy-paste examples. */
  homePage?: HomePageExample
  /**
   * JSON pointers of secret fields in request and response bodies (an API key, a token, a signing secret shown only
   * once), redacted in the journal so it can be served and logged safely.
   */
  journalSecrets?: { request?: readonly string[]; response?: readonly string[] }
  /**
   * What `standin check`, `standin verify`, the tests and the benchmark ask of this provider: its conformance script
   * (one valid request per operation), its envelope check and its verify probes (core/conformance.ts).
   */
  conformance?: ProviderConformance
  /** Requests this provider sends on its own (webhooks), which adapters deliver when due (core/outbound.ts). */
  outbound?: OutboundDeliveries<S>
  /** An audit of the signed records a session serves, which the dashboard runs and shows (core/pack-audit.ts). */
  packAudit?: PackAudit
}
