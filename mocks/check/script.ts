/**
 * A request script that reaches every operation of both providers on the seeded default world, in an order where
 * each call is valid (a proposed offer exists before it is accepted, a registration is requested before it is
 * completed). Ids come from the responses themselves, so the script also works over HTTP. `standin check` replays it
 * (through the engine, or over HTTP through Prism) and the test suites use it for conformance and parity.
 */

export interface ScriptRequest {
  provider: 'enfinitos' | 'dedit'
  operationId: string
  method: string
  /** Path and query, e.g. `/v1/rights?limit=2`. */
  path: string
  body?: unknown
  headers?: Record<string, string>
}

export const ENFINITOS_KEY = 'sk_test_0123456789abcdef'
export const DOCUMENT_HASH = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely here; the tests validate them.
type Json = any
export type Send = (req: ScriptRequest) => Promise<{ status: number; body: Json; text?: string }>

const at = (days: number) => new Date(Date.UTC(2026, 3, 1 + days)).toISOString()

/**
 * Runs the script with `send` and returns every request and response, in order. `send` adds nothing: the script sets
 * the auth and content-type headers itself, so the same requests can go through MSW, `standin.fetch` or HTTP.
 */
export interface Exchange {
  req: ScriptRequest
  status: number
  body: Json
  text?: string
}

export interface ScriptOptions {
  /** Which providers' parts to run (default both); each part only depends on its own responses. */
  providers?: readonly ('enfinitos' | 'dedit')[]
}

export async function runScript(send: Send, options: ScriptOptions = {}): Promise<Exchange[]> {
  const providers = options.providers ?? ['enfinitos', 'dedit']
  const log: Exchange[] = []
  const enf = { authorization: `Bearer ${ENFINITOS_KEY}`, 'content-type': 'application/json' }
  const call = async (req: ScriptRequest) => {
    const res = await send(req)
    log.push({ req, ...res })
    return res.body
  }
  const e = (operationId: string, method: string, path: string, body?: unknown) =>
    call({ provider: 'enfinitos', operationId, method, path, headers: enf, ...(body === undefined ? {} : { body }) })
  if (providers.includes('enfinitos')) await enfinitosPart(e)
  if (providers.includes('dedit')) await deditPart(call)
  return log
}

type Call = (req: ScriptRequest) => Promise<Json>
type EnfinitosCall = (operationId: string, method: string, path: string, body?: unknown) => Promise<Json>

async function enfinitosPart(e: EnfinitosCall): Promise<void> {
  await e('getRuntimeKeys', 'GET', '/v1/runtime-keys')
  const bases = await e('listBases', 'GET', '/v1/rights/bases')
  const basis = await e('registerBasis', 'POST', '/v1/rights/bases', {
    kind: 'PROPERTY',
    description: 'Canary Wharf estate media rights 2026',
    effectiveFrom: at(0),
    effectiveUntil: at(270),
  })
  const issued = await e('issueRight', 'POST', '/v1/rights/issue', {
    basisId: basis.data?.basis?.id ?? bases.data.bases[0].id,
    substrate: 'DOOH',
    scope: 'Greater London',
    effectiveFrom: at(0),
  })
  const rightId = issued.data.right.id
  await e('listRights', 'GET', '/v1/rights?status=ACTIVE&limit=2')
  await e('getRight', 'GET', `/v1/rights/${rightId}`)
  for (const dwellMs of [3500, 12_000, 800]) {
    await e('observeDelivery', 'POST', '/v1/delivery', {
      rightId,
      spatialAnchorId: 'anchor_kings_cross_concourse_03',
      spatialPlacementId: 'placement_kx_digital_6sheet_12',
      dwellMs,
      telemetry: { speedMph: 2.5 },
    })
  }
  const sealed = await e('sealProofPack', 'POST', '/v1/proof-packs/seal')
  await e('listProofPacks', 'GET', '/v1/proof-packs?limit=5')
  await e('getProofPack', 'GET', `/v1/proof-packs/${sealed.data.pack.packId}`)
  await e('getMetering', 'GET', `/v1/metering?periodStart=${at(-30)}&periodEnd=${at(30)}`)
  await e('getSettlement', 'GET', `/v1/settlement?periodStart=${at(-30)}&periodEnd=${at(30)}&currency=GBP`)

  const offerA = await e('proposeOffer', 'POST', '/v1/offers/propose', {
    rightId,
    toOrgId: 'org_7d1e5a9c3b8f2046',
    scope: 'Greater London',
    termsRef: 'terms/2026/q2-resale',
  })
  await e('acceptOffer', 'POST', `/v1/offers/${offerA.data.offer.id}/accept`)
  const offerB = await e('proposeOffer', 'POST', '/v1/offers/propose', {
    rightId,
    toOrgId: 'org_7d1e5a9c3b8f2046',
    scope: 'Greater London',
  })
  await e('rejectOffer', 'POST', `/v1/offers/${offerB.data.offer.id}/reject`, {
    reason: 'Price outside the agreed band',
  })
  const offerC = await e('proposeOffer', 'POST', '/v1/offers/propose', {
    rightId,
    toOrgId: 'org_7d1e5a9c3b8f2046',
    scope: 'Greater London',
  })
  await e('counterOffer', 'POST', `/v1/offers/${offerC.data.offer.id}/counter`, {
    scope: 'Greater London',
    termsRef: 'terms/2026/q2-counter',
  })

  const challenge = await e('openChallenge', 'POST', '/v1/challenges/open', {
    rightId,
    challengerOrgId: 'org_7d1e5a9c3b8f2046',
    reason: 'Overlapping concession on the same placements',
  })
  await e('listChallenges', 'GET', '/v1/challenges?status=OPEN')
  await e('resolveChallenge', 'POST', `/v1/challenges/${challenge.data.challenge.id}/resolve`, {
    upheld: false,
    resolution: 'The concession boundaries do not overlap.',
  })

  await e('suspendRight', 'POST', `/v1/rights/${rightId}/suspend`, { reason: 'Planning review of the site' })
  await e('resumeRight', 'POST', `/v1/rights/${rightId}/resume`)
  await e('revokeRight', 'POST', `/v1/rights/${rightId}/revoke`, { reason: 'Concession ended early' })

  const hook = await e('createWebhook', 'POST', '/v1/webhooks', {
    url: 'https://hooks.example.com/enfinitos',
    events: ['proof_pack.sealed', 'right.revoked'],
    label: 'Reporting service',
  })
  await e('processDueWebhookDeliveries', 'POST', '/v1/webhooks/deliveries/process-due', { limit: 10 })
  // The seeded world holds a dead-lettered delivery; a replay of an unknown one must be a declared 404.
  await e(
    'replayWebhookDelivery',
    'POST',
    `/v1/webhooks/${hook.data.subscription.subscriptionId}/deliveries/dlv_0000000000000000/replay`,
  )
}

/** Dedit: login, notarize a hash, file metadata, subscriptions. */
async function deditPart(call: Call): Promise<void> {
  const login = await call({
    provider: 'dedit',
    operationId: 'login',
    method: 'POST',
    path: '/api/v2/auth/login',
    headers: { 'content-type': 'application/json' },
    body: { apiKey: 'dedit-test-key' },
  })
  const ded = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' }
  const d = (operationId: string, method: string, path: string, body?: unknown) =>
    call({ provider: 'dedit', operationId, method, path, headers: ded, ...(body === undefined ? {} : { body }) })
  const subscription = await d('requestRegistration', 'POST', '/api/v2/registration/?subscription=true', {
    blockchainType: 'ALGORAND',
    custody: 'false',
    description: 'Proof pack Q2 2026',
    hash: DOCUMENT_HASH,
    signed: 'false',
    status: 'not_registered',
  })
  await d('completeRegistration', 'POST', `/api/v2/registration/${DOCUMENT_HASH}/forfait`, subscription)
  await d('uploadFileMetadata', 'PUT', `/api/v2/file/${DOCUMENT_HASH}`, {
    hash: DOCUMENT_HASH,
    name: 'proof-pack-q2.json',
    type: 'application/json',
    size: 48213,
    lastModified: 1775044800000,
    userId: JSON.parse(Buffer.from(String(login.token).split('.')[1] ?? '', 'base64url').toString()).userId,
    walletName: 'reporting',
  })
  const active = await d('getActiveSubscription', 'GET', '/api/v2/payment/subscription/active')
  await d('getSubscription', 'GET', `/api/v2/subscription/${active.sessionId}`)
}

/** Turns a script request into a fetch Request against an origin. */
export function toRequest(origin: string, req: ScriptRequest): Request {
  return new Request(`${origin}${req.path}`, {
    method: req.method,
    headers: req.headers ?? {},
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  })
}

/** A `Send` over fetch, reading each body as text then JSON (empty bodies as null). */
export function fetchSender(
  fetchFn: (r: Request) => Promise<Response>,
  originOf: (req: ScriptRequest) => string,
): Send {
  return async (req) => {
    const res = await fetchFn(toRequest(originOf(req), req))
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null, text }
  }
}
