/**
 * A corpus of valid and invalid requests over both providers: missing fields, wrong types, bad enums, bad formats,
 * out-of-range values, unknown fields, missing or wrong credentials, malformed bodies, and the semantic rules the
 * schemas cannot say. Each case says whether standin must accept or reject it (reject = a 4xx). The Prism agreement
 * test sends every case to standin directly and through Prism's validating proxy and compares the verdicts.
 *
 * Requests that need existing entities take their ids from a context read from the seeded world
 * (`prepareCorpusContext`), so the corpus does not hard-code ids.
 */
import { SANDBOX_API_KEY as ENFINITOS_KEY } from '../../mocks/enfinitos/conformance.js'
import type { ProviderName } from '../../mocks/typed.js'

export interface CorpusContext {
  enfinitosKey: string
  /** A basis of the seeded org. */
  basisId: string
  /** An ACTIVE right of the seeded org. */
  activeRightId: string
  /** A JWT from Dedit's login. */
  deditToken: string
  /** The checkout session id of the seeded user's active subscription. */
  deditSessionId: string
}

export interface CorpusRequest {
  method: string
  /** Path and query. */
  path: string
  headers: Record<string, string>
  /** The raw body (JSON text, or deliberately not JSON). */
  bodyText?: string
}

export interface CorpusCase {
  name: string
  provider: ProviderName
  operationId: string
  expect: 'accept' | 'reject'
  /** What makes it valid, or what is wrong with it. */
  about: string
  request(ctx: CorpusContext): CorpusRequest
}

const json = 'application/json'
const DAY0 = '2026-04-01T00:00:00.000Z'

function enf(ctx: CorpusContext, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return {
    method,
    path,
    headers: {
      authorization: `Bearer ${ctx.enfinitosKey}`,
      ...(body === undefined ? {} : { 'content-type': json }),
      ...headers,
    },
    ...(body === undefined ? {} : { bodyText: typeof body === 'string' ? body : JSON.stringify(body) }),
  }
}

function ded(ctx: CorpusContext, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return {
    method,
    path,
    headers: {
      authorization: `Bearer ${ctx.deditToken}`,
      ...(body === undefined ? {} : { 'content-type': json }),
      ...headers,
    },
    ...(body === undefined ? {} : { bodyText: typeof body === 'string' ? body : JSON.stringify(body) }),
  }
}

const basis = (over: Record<string, unknown> = {}) => ({
  kind: 'CONTRACTUAL',
  description: 'Westminster street-furniture advertising licence',
  effectiveFrom: DAY0,
  ...over,
})
const issue = (ctx: CorpusContext, over: Record<string, unknown> = {}) => ({
  basisId: ctx.basisId,
  substrate: 'DOOH',
  scope: 'Greater London',
  effectiveFrom: DAY0,
  ...over,
})
const delivery = (ctx: CorpusContext, over: Record<string, unknown> = {}) => ({
  rightId: ctx.activeRightId,
  spatialAnchorId: 'anchor_kings_cross_concourse_03',
  dwellMs: 3500,
  ...over,
})
const webhook = (over: Record<string, unknown> = {}) => ({
  url: 'https://hooks.example.com/enfinitos',
  events: ['proof_pack.sealed'],
  label: 'Reporting service',
  ...over,
})
const HASH = '8569f76a33fca5d4f404e125447e8a65e89f8f181bcfe4517907f0aa44cd14a4'
const registration = (over: Record<string, unknown> = {}) => ({
  blockchainType: 'ALGORAND',
  custody: 'false',
  description: 'Contratto di licenza v1',
  hash: HASH,
  signed: 'false',
  status: 'not_registered',
  ...over,
})
const fileMetadata = (over: Record<string, unknown> = {}) => ({
  hash: HASH,
  name: 'contratto.pdf',
  type: 'application/pdf',
  size: 248913,
  lastModified: 1774958400000,
  userId: 4127,
  walletName: 'Giulia Ferrari',
  ...over,
})
const PERIOD = 'periodStart=2026-03-01T00:00:00.000Z&periodEnd=2026-04-01T00:00:00.000Z'

export const CORPUS: CorpusCase[] = [
  // EnfinitOS: valid
  {
    name: 'enfinitos: register a basis',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'accept',
    about: 'every required field, well formed',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', basis()),
  },
  {
    name: 'enfinitos: register a basis with an offset timestamp',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'accept',
    about: 'requests accept any RFC 3339 offset',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', basis({ effectiveFrom: '2026-04-01T01:00:00+01:00' })),
  },
  {
    name: 'enfinitos: issue a right',
    provider: 'enfinitos',
    operationId: 'issueRight',
    expect: 'accept',
    about: 'on an existing basis',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/issue', issue(ctx)),
  },
  {
    name: 'enfinitos: list ACTIVE rights',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'accept',
    about: 'documented filter and paging',
    request: (ctx) => enf(ctx, 'GET', '/v1/rights?status=ACTIVE&limit=10&cursor=0'),
  },
  {
    name: 'enfinitos: list rights with limit 500',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'accept',
    about: 'limit is clamped to 1..200, not rejected',
    request: (ctx) => enf(ctx, 'GET', '/v1/rights?limit=500'),
  },
  {
    name: 'enfinitos: metering for a period',
    provider: 'enfinitos',
    operationId: 'getMetering',
    expect: 'accept',
    about: 'both period bounds',
    request: (ctx) => enf(ctx, 'GET', `/v1/metering?${PERIOD}`),
  },
  {
    name: 'enfinitos: observe a delivery',
    provider: 'enfinitos',
    operationId: 'observeDelivery',
    expect: 'accept',
    about: 'against an ACTIVE right, with open telemetry',
    request: (ctx) => enf(ctx, 'POST', '/v1/delivery', delivery(ctx, { telemetry: { speedMph: 2.5 } })),
  },
  {
    name: 'enfinitos: create a webhook',
    provider: 'enfinitos',
    operationId: 'createWebhook',
    expect: 'accept',
    about: 'https url, one event, a label',
    request: (ctx) => enf(ctx, 'POST', '/v1/webhooks', webhook()),
  },
  {
    name: 'enfinitos: runtime keys without credentials',
    provider: 'enfinitos',
    operationId: 'getRuntimeKeys',
    expect: 'accept',
    about: 'the key directory is public',
    request: () => ({ method: 'GET', path: '/v1/runtime-keys', headers: {} }),
  },
  {
    name: 'enfinitos: rights with "bearer" in lower case',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'accept',
    about: 'HTTP auth schemes are case-insensitive (RFC 7235 section 2.1)',
    request: (ctx) => ({ method: 'GET', path: '/v1/rights', headers: { authorization: `bearer ${ctx.enfinitosKey}` } }),
  },
  {
    name: 'enfinitos: rights at /v1/rights/',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'accept',
    about: 'a trailing slash names the same collection',
    request: (ctx) => enf(ctx, 'GET', '/v1/rights/'),
  },
  // EnfinitOS: invalid
  {
    name: 'enfinitos: basis without description',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'missing required field',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', { kind: 'CONTRACTUAL', effectiveFrom: DAY0 }),
  },
  {
    name: 'enfinitos: basis kind LEASE',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'bad enum',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', basis({ kind: 'LEASE' })),
  },
  {
    name: 'enfinitos: basis description is a number',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'wrong type',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', basis({ description: 42 })),
  },
  {
    name: 'enfinitos: basis description of 501 characters',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'maxLength 500',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', basis({ description: 'x'.repeat(501) })),
  },
  {
    name: 'enfinitos: basis effectiveFrom "yesterday"',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'bad date-time format',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', basis({ effectiveFrom: 'yesterday' })),
  },
  {
    name: 'enfinitos: basis with an unknown field',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'closed request body (additionalProperties: false)',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', basis({ colour: 'blue' })),
  },
  {
    name: 'enfinitos: basis that is not JSON',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'malformed JSON body',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', '{"kind": "CONTRACTUAL",'),
  },
  {
    name: 'enfinitos: basis sent as text/plain',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'undeclared content type',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', JSON.stringify(basis()), { 'content-type': 'text/plain' }),
  },
  {
    name: 'enfinitos: right on basisId "basis-1"',
    provider: 'enfinitos',
    operationId: 'issueRight',
    expect: 'reject',
    about: 'bad id pattern (bas_ + 16 hex)',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/issue', issue(ctx, { basisId: 'basis-1' })),
  },
  {
    name: 'enfinitos: right with substrate BILLBOARD',
    provider: 'enfinitos',
    operationId: 'issueRight',
    expect: 'reject',
    about: 'bad enum',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/issue', issue(ctx, { substrate: 'BILLBOARD' })),
  },
  {
    name: 'enfinitos: right with an empty scope',
    provider: 'enfinitos',
    operationId: 'issueRight',
    expect: 'reject',
    about: 'minLength 1',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/issue', issue(ctx, { scope: '' })),
  },
  {
    name: 'enfinitos: right ending before it starts',
    provider: 'enfinitos',
    operationId: 'issueRight',
    expect: 'reject',
    about: 'effectiveUntil must not predate effectiveFrom (a rule across two fields)',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/issue', issue(ctx, { effectiveUntil: '2026-03-01T00:00:00.000Z' })),
  },
  {
    name: 'enfinitos: rights with status LIVE',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'reject',
    about: 'bad enum in a query parameter',
    request: (ctx) => enf(ctx, 'GET', '/v1/rights?status=LIVE'),
  },
  {
    name: 'enfinitos: rights from cursor -1',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'reject',
    about: 'query integer below its minimum',
    request: (ctx) => enf(ctx, 'GET', '/v1/rights?cursor=-1'),
  },
  {
    name: 'enfinitos: rights from cursor 1e2',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'reject',
    about: 'an integer query value written in exponent notation',
    request: (ctx) => enf(ctx, 'GET', '/v1/rights?cursor=1e2'),
  },
  {
    name: 'enfinitos: basis effective at a leap second',
    provider: 'enfinitos',
    operationId: 'registerBasis',
    expect: 'reject',
    about: 'an RFC 3339 instant (23:59:60) that toISOString() cannot represent',
    request: (ctx) => enf(ctx, 'POST', '/v1/rights/bases', basis({ effectiveFrom: '2016-12-31T23:59:60Z' })),
  },
  {
    name: 'enfinitos: delivery with telemetry nested 70 deep',
    provider: 'enfinitos',
    operationId: 'observeDelivery',
    expect: 'reject',
    about: 'JSON nested deeper than 64 levels',
    request: (ctx) =>
      enf(
        ctx,
        'POST',
        '/v1/delivery',
        JSON.stringify(delivery(ctx)).replace(/}$/, `,"telemetry":${'{"a":'.repeat(70)}1${'}'.repeat(70)}}`),
      ),
  },
  {
    name: 'enfinitos: right "rgh_XYZ"',
    provider: 'enfinitos',
    operationId: 'getRight',
    expect: 'reject',
    about: 'bad path id pattern',
    request: (ctx) => enf(ctx, 'GET', '/v1/rights/rgh_XYZ'),
  },
  {
    name: 'enfinitos: metering without periodEnd',
    provider: 'enfinitos',
    operationId: 'getMetering',
    expect: 'reject',
    about: 'missing required query parameter',
    request: (ctx) => enf(ctx, 'GET', '/v1/metering?periodStart=2026-03-01T00:00:00.000Z'),
  },
  {
    name: 'enfinitos: settlement in "gbp"',
    provider: 'enfinitos',
    operationId: 'getSettlement',
    expect: 'reject',
    about: 'currency pattern ^[A-Z]{3}$',
    request: (ctx) => enf(ctx, 'GET', `/v1/settlement?${PERIOD}&currency=gbp`),
  },
  {
    name: 'enfinitos: delivery with dwellMs -1',
    provider: 'enfinitos',
    operationId: 'observeDelivery',
    expect: 'reject',
    about: 'integer below its minimum',
    request: (ctx) => enf(ctx, 'POST', '/v1/delivery', delivery(ctx, { dwellMs: -1 })),
  },
  {
    name: 'enfinitos: delivery with dwellMs "3500"',
    provider: 'enfinitos',
    operationId: 'observeDelivery',
    expect: 'reject',
    about: 'a string where an integer is required',
    request: (ctx) => enf(ctx, 'POST', '/v1/delivery', delivery(ctx, { dwellMs: '3500' })),
  },
  {
    name: 'enfinitos: webhook on http://',
    provider: 'enfinitos',
    operationId: 'createWebhook',
    expect: 'reject',
    about: 'url must be https unless the host is loopback (a rule on the host, not in the pattern)',
    request: (ctx) => enf(ctx, 'POST', '/v1/webhooks', webhook({ url: 'http://hooks.example.com/enfinitos' })),
  },
  {
    name: 'enfinitos: webhook without events',
    provider: 'enfinitos',
    operationId: 'createWebhook',
    expect: 'reject',
    about: 'minItems 1',
    request: (ctx) => enf(ctx, 'POST', '/v1/webhooks', webhook({ events: [] })),
  },
  {
    name: 'enfinitos: process-due with limit 51',
    provider: 'enfinitos',
    operationId: 'processDueWebhookDeliveries',
    expect: 'reject',
    about: 'maximum 50',
    request: (ctx) => enf(ctx, 'POST', '/v1/webhooks/deliveries/process-due', { limit: 51 }),
  },
  {
    name: 'enfinitos: resolve a challenge with upheld "yes"',
    provider: 'enfinitos',
    operationId: 'resolveChallenge',
    expect: 'reject',
    about: 'a string where a boolean is required',
    request: (ctx) =>
      enf(ctx, 'POST', '/v1/challenges/chl_0000000000000000/resolve', { upheld: 'yes', resolution: 'No overlap.' }),
  },
  {
    name: 'enfinitos: rights without credentials',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'reject',
    about: 'missing Authorization header',
    request: () => ({ method: 'GET', path: '/v1/rights', headers: {} }),
  },
  {
    name: 'enfinitos: rights with Basic credentials',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'reject',
    about: 'Authorization is not a bearer token',
    request: () => ({ method: 'GET', path: '/v1/rights', headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
  },
  {
    name: 'enfinitos: rights with a bearer that is not an API key',
    provider: 'enfinitos',
    operationId: 'listRights',
    expect: 'reject',
    about: 'the key has none of the sk_live_/sk_sandbox_/sk_test_ prefixes',
    request: () => ({ method: 'GET', path: '/v1/rights', headers: { authorization: 'Bearer not-an-api-key' } }),
  },
  // Dedit: valid
  {
    name: 'dedit: log in',
    provider: 'dedit',
    operationId: 'login',
    expect: 'accept',
    about: 'an API key',
    request: () => ({
      method: 'POST',
      path: '/api/v2/auth/login',
      headers: { 'content-type': json },
      bodyText: JSON.stringify({ apiKey: 'dk_test_corpus' }),
    }),
  },
  {
    name: 'dedit: request a registration as documented',
    provider: 'dedit',
    operationId: 'requestRegistration',
    expect: 'accept',
    about: "the docs' example (custody and signed as strings)",
    request: (ctx) => ded(ctx, 'POST', '/api/v2/registration/?subscription=true', registration()),
  },
  {
    name: 'dedit: the active subscription',
    provider: 'dedit',
    operationId: 'getActiveSubscription',
    expect: 'accept',
    about: 'a valid token',
    request: (ctx) => ded(ctx, 'GET', '/api/v2/payment/subscription/active'),
  },
  {
    name: 'dedit: a subscription by session id',
    provider: 'dedit',
    operationId: 'getSubscription',
    expect: 'accept',
    about: "the user's own checkout session",
    request: (ctx) => ded(ctx, 'GET', `/api/v2/subscription/${ctx.deditSessionId}`),
  },
  // Dedit: invalid
  {
    name: 'dedit: log in without apiKey',
    provider: 'dedit',
    operationId: 'login',
    expect: 'reject',
    about: 'missing required field',
    request: () => ({ method: 'POST', path: '/api/v2/auth/login', headers: { 'content-type': json }, bodyText: '{}' }),
  },
  {
    name: 'dedit: log in with an empty apiKey',
    provider: 'dedit',
    operationId: 'login',
    expect: 'reject',
    about: 'minLength 1',
    request: () => ({
      method: 'POST',
      path: '/api/v2/auth/login',
      headers: { 'content-type': json },
      bodyText: JSON.stringify({ apiKey: '' }),
    }),
  },
  {
    name: 'dedit: log in with an extra field',
    provider: 'dedit',
    operationId: 'login',
    expect: 'reject',
    about: 'closed request body',
    request: () => ({
      method: 'POST',
      path: '/api/v2/auth/login',
      headers: { 'content-type': json },
      bodyText: JSON.stringify({ apiKey: 'dk_test_corpus', remember: true }),
    }),
  },
  {
    name: 'dedit: registration of a 63-character hash',
    provider: 'dedit',
    operationId: 'requestRegistration',
    expect: 'reject',
    about: 'hash is 64 lowercase hex',
    request: (ctx) =>
      ded(ctx, 'POST', '/api/v2/registration/?subscription=true', registration({ hash: HASH.slice(1) })),
  },
  {
    name: 'dedit: registration on ETHEREUM',
    provider: 'dedit',
    operationId: 'requestRegistration',
    expect: 'reject',
    about: 'blockchainType const ALGORAND',
    request: (ctx) =>
      ded(ctx, 'POST', '/api/v2/registration/?subscription=true', registration({ blockchainType: 'ETHEREUM' })),
  },
  {
    name: 'dedit: registration with custody "maybe"',
    provider: 'dedit',
    operationId: 'requestRegistration',
    expect: 'reject',
    about: 'custody is a boolean or "true"/"false"',
    request: (ctx) => ded(ctx, 'POST', '/api/v2/registration/?subscription=true', registration({ custody: 'maybe' })),
  },
  {
    name: 'dedit: registration with subscription=false',
    provider: 'dedit',
    operationId: 'requestRegistration',
    expect: 'reject',
    about: 'the subscription query flag must be true',
    request: (ctx) => ded(ctx, 'POST', '/api/v2/registration/?subscription=false', registration()),
  },
  {
    name: 'dedit: registration without credentials',
    provider: 'dedit',
    operationId: 'requestRegistration',
    expect: 'reject',
    about: 'missing Authorization header',
    request: () => ({
      method: 'POST',
      path: '/api/v2/registration/?subscription=true',
      headers: { 'content-type': json },
      bodyText: JSON.stringify(registration()),
    }),
  },
  {
    name: 'dedit: active subscription with a forged token',
    provider: 'dedit',
    operationId: 'getActiveSubscription',
    expect: 'reject',
    about: 'a bearer that is not a JWT signed by Dedit',
    request: () => ({
      method: 'GET',
      path: '/api/v2/payment/subscription/active',
      headers: { authorization: 'Bearer aGVhZGVy.cGF5bG9hZA.c2lnbmF0dXJl' },
    }),
  },
  {
    name: 'dedit: subscription "sess_123"',
    provider: 'dedit',
    operationId: 'getSubscription',
    expect: 'reject',
    about: 'session id pattern cs_(live|test)_...',
    request: (ctx) => ded(ctx, 'GET', '/api/v2/subscription/sess_123'),
  },
  {
    name: 'dedit: file metadata with lastModified in seconds',
    provider: 'dedit',
    operationId: 'uploadFileMetadata',
    expect: 'reject',
    about: 'lastModified is epoch milliseconds (minimum 10^11)',
    request: (ctx) => ded(ctx, 'PUT', `/api/v2/file/${HASH}`, fileMetadata({ lastModified: 1774958400 })),
  },
]

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely.
type Json = any

/** Reads the ids the corpus needs from the seeded world, through `send` (any transport). */
export async function prepareCorpusContext(
  send: (req: CorpusRequest) => Promise<{ status: number; body: Json }>,
): Promise<CorpusContext> {
  const auth = { authorization: `Bearer ${ENFINITOS_KEY}` }
  const bases = await send({ method: 'GET', path: '/v1/rights/bases', headers: auth })
  const rights = await send({ method: 'GET', path: '/v1/rights?status=ACTIVE&limit=1', headers: auth })
  const login = await send({
    method: 'POST',
    path: '/api/v2/auth/login',
    headers: { 'content-type': json },
    bodyText: JSON.stringify({ apiKey: 'dk_test_corpus' }),
  })
  const active = await send({
    method: 'GET',
    path: '/api/v2/payment/subscription/active',
    headers: { authorization: `Bearer ${login.body?.token}` },
  })
  const ctx = {
    enfinitosKey: ENFINITOS_KEY,
    basisId: bases.body?.data?.bases?.[0]?.id,
    activeRightId: rights.body?.data?.rights?.[0]?.id,
    deditToken: login.body?.token,
    deditSessionId: active.body?.sessionId,
  }
  for (const [k, v] of Object.entries(ctx))
    if (typeof v !== 'string') throw new Error(`corpus context: no ${k} in the seeded world`)
  return ctx as CorpusContext
}
