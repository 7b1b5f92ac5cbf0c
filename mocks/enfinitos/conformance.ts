/**
 * The EnfinitOS conformance script: every operation once or more on the seeded sandbox org, in an order where each
 * request is valid (a basis before the right issued on it, a proposed offer before it is accepted), every id taken
 * from an earlier answer. `standin check`, the tests and the benchmark replay it through the engine, MSW, `fetch` or
 * HTTP (core/conformance.ts).
 */
import type { ConformanceScript, SampleRequest } from '../core/conformance.js'

/** An API key of the seeded sandbox org, with every scope. */
export const SANDBOX_API_KEY = 'sk_test_0123456789abcdef'

const DAY = 86_400_000

export const enfinitosScript: ConformanceScript = async (send) => {
  const headers = { authorization: `Bearer ${SANDBOX_API_KEY}`, 'content-type': 'application/json' }
  const e = async (operationId: string, method: string, path: string, body?: unknown) => {
    const req: SampleRequest = {
      provider: 'enfinitos',
      operationId,
      method,
      path,
      headers,
      ...(body === undefined ? {} : { body }),
    }
    return (await send(req)).body
  }
  // Dates count in days from the session's today (the key directory is issued as of now), so the same requests are
  // valid on a fixed clock (standin check's 2026-04-01) and on a live one (the benchmark).
  const keys = await e('getRuntimeKeys', 'GET', '/v1/runtime-keys')
  const now = Date.parse(keys?.data?.issuedAt ?? '')
  const today = Number.isFinite(now) ? now - (now % DAY) : Date.UTC(2026, 3, 1)
  const at = (days: number) => new Date(today + days * DAY).toISOString()
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
