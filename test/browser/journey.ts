// The journey test/browser-standin.test.ts runs twice: in Chromium (test/browser/page.ts: the packaged standin bundled
// for the browser, requests through MSW's service worker, noble crypto) and in Node (the sources, `standin.fetch`,
// node:crypto). Everything it returns must be identical: the exact bytes of every response and the verifier's
// verdicts. It only uses what it is handed, so the same code runs against either build.
import type * as Enfinitos from '../../mocks/enfinitos/index.js'

export const API = 'https://sandbox.api.enfinitos.com'
export const SEED = 'browser-journey'
export const CLOCK = '2026-04-01T12:00:00.000Z'
const KEY = 'sk_test_0123456789abcdef'
const DEDIT = 'https://app.dedit.io'
const DEDIT_KEY = 'dk_live_7f3c9a1e52b84d0c9e6a2f71b8d4c3e0'

/** What the journey needs from standin/enfinitos: the verifier, the sample chains, tamperings, webhook signatures. */
export type JourneyLibrary = Pick<
  typeof Enfinitos,
  'verifyPack' | 'verifyPackChain' | 'buildSampleChain' | 'TAMPERINGS' | 'signWebhook'
>

export interface Exchange {
  step: string
  status: number
  /** The response body exactly as received. */
  text: string
}

export interface JourneyResult {
  exchanges: Exchange[]
  /** The sealed pack as the seal call returned it (its exact text is in `exchanges`). */
  packId: string
  /** The verdict on the sealed pack, verified in the org's series of packs against `GET /v1/runtime-keys`. */
  verdict: { ok: boolean; failures: string[]; checks: number }
  /** The verdicts on every pack of the series, oldest first. */
  series: boolean[]
  /** A sample chain built here: the JSON of its packs (signed here) and their verdicts. */
  sample: { packs: string; verdicts: boolean[] }
  /** Every catalogued tampering applied here to the sample's first pack, with the reason codes found here. */
  tamperings: { name: string; expected: string[]; failures: string[] }[]
  /** A webhook signature computed here (HMAC-SHA256). */
  webhookSignature: string
}

/**
 * Registers a basis, issues a right, observes a delivery, seals a pack, reads it back and verifies it in the org's
 * series; logs in to Dedit and uses the token; builds and verifies a sample chain and every catalogued tampering.
 */
export async function journey(fetchFn: typeof fetch, lib: JourneyLibrary): Promise<JourneyResult> {
  const exchanges: Exchange[] = []
  const call = async (step: string, method: string, path: string, body?: unknown, bearer = KEY, api = API) => {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}` }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetchFn(`${api}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    exchanges.push({ step, status: res.status, text })
    if (res.status !== 200) throw new Error(`${step}: ${res.status} ${text}`)
    return JSON.parse(text)
  }
  const basis = await call('register a basis', 'POST', '/v1/rights/bases', {
    kind: 'CONTRACTUAL',
    description: 'Westminster street-furniture advertising licence',
    effectiveFrom: '2026-04-01T00:00:00.000Z',
  })
  const right = await call('issue a right', 'POST', '/v1/rights/issue', {
    basisId: basis.data.basis.id,
    substrate: 'DOOH',
    scope: 'Greater London',
    effectiveFrom: '2026-04-01T00:00:00.000Z',
  })
  await call('observe a delivery', 'POST', '/v1/delivery', {
    rightId: right.data.right.id,
    spatialAnchorId: 'anchor_A',
    dwellMs: 3500,
  })
  const sealed = await call('seal a pack', 'POST', '/v1/proof-packs/seal')
  const pack = sealed.data.pack
  await call('read the pack back', 'GET', `/v1/proof-packs/${pack.packId}`)
  const keys = await call('read the runtime keys', 'GET', '/v1/runtime-keys')
  // The seeded world sealed packs before this one: the auditor checks the org's whole series, oldest first, so the
  // new pack's first beforeHash must be the previous pack's last afterHash.
  const listed = await call('list the packs', 'GET', '/v1/proof-packs?limit=100')
  const series = [...listed.data.proofPacks].reverse()
  if (series.at(-1)?.packId !== pack.packId) throw new Error('the new pack is not the newest one listed')
  const reports = lib.verifyPackChain(series, keys.data)
  const report = reports.at(-1) as ReturnType<JourneyLibrary['verifyPack']>

  // Dedit: a JWT signed (HS256, jose on WebCrypto in a browser) and then verified on the next call.
  const { token } = await call('log in to Dedit', 'POST', '/api/v2/auth/login', { apiKey: DEDIT_KEY }, '', DEDIT)
  await call('read the Dedit subscription', 'GET', '/api/v2/payment/subscription/active', undefined, token, DEDIT)

  const chain = lib.buildSampleChain({ seed: SEED, packs: 2, deliveriesPerPack: 4 })
  const first = chain.packs[0]
  if (first === undefined) throw new Error('the sample chain has no pack')
  const verdicts = lib.verifyPackChain(chain.packs, chain.keyDirectory).map((r) => r.ok)
  const tamperings = lib.TAMPERINGS.map((t) => {
    const outcome = t.apply(first, chain.ring)
    const failures = lib.verifyPack(outcome.pack, outcome.keyDirectory, outcome.verifyOptions).failures
    return { name: t.name, expected: [...t.expected], failures: [...failures] }
  })
  return {
    exchanges,
    packId: pack.packId,
    verdict: { ok: report.ok, failures: [...report.failures], checks: report.checks.length },
    series: reports.map((r) => r.ok),
    sample: { packs: JSON.stringify(chain.packs), verdicts },
    tamperings,
    webhookSignature: lib.signWebhook('whsec_journey', exchanges[3]?.text ?? '', 1_775_044_800),
  }
}
