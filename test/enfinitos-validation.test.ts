// Request validation for every EnfinitOS operation: a missing required field, a wrong type, an out-of-range value
// and (where the operation takes a body) a malformed JSON body, each answered with a 4xx in the EnfinitOS error
// envelope whose details name the field. Operations without any input say why a case does not apply.
import { describe, expect, it } from 'vitest'
import type { FinalResponse } from '../mocks/core/types.js'
import { enfinitosContract } from '../mocks/enfinitos/contract.js'
import { createEngine } from './helpers/engine.js'

const engine = createEngine({ providers: ['enfinitos'], scenarios: 'none' })
const session = engine.createSession('v', { seed: 7, clock: '2026-04-01T12:00:00.000Z' })

interface Case {
  method: string
  path: string
  query?: string
  body?: unknown
  bodyText?: string
  /** The request field the error must name, and the status expected (default 400). */
  field: string
  status?: number
}

type Kind = 'missing' | 'wrong type' | 'out of range' | 'malformed JSON'
type Table = Record<string, Partial<Record<Kind, Case | string>>>

const without = (obj: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key))
const long = (n: number) => 'x'.repeat(n)
const MALFORMED = '{"reason": "unterminated'
const RGH = 'rgh_0000000000000000'
const OFR = 'ofr_0000000000000000'
const CHL = 'chl_0000000000000000'
const NO_BODY = 'takes no body'
const PATH_ONLY = 'its only input is a path parameter: a missing one is a different route'
const NO_REQUIRED = 'has no required input'

const basis = { kind: 'PROPERTY', description: 'Freehold title', effectiveFrom: '2026-01-01T00:00:00Z' }
const right = {
  basisId: 'bas_0000000000000000',
  substrate: 'DOOH',
  scope: 'Greater London',
  effectiveFrom: '2026-04-01T00:00:00Z',
}
const offer = { rightId: RGH, toOrgId: 'org_a17b3c9e2d4f6081', scope: 'Greater London' }
const challenge = { rightId: RGH, challengerOrgId: 'org_e3d91b7c0a5f2648', reason: 'Competing licence' }
const delivery = { rightId: RGH, spatialAnchorId: 'anchor_A', dwellMs: 3500 }
const webhook = { url: 'https://hooks.example.com/x', events: ['*'], label: 'x' }
const period = 'periodStart=2026-03-01T00:00:00Z&periodEnd=2026-04-01T00:00:00Z'

const reasonBody = (method: string, path: string): Partial<Record<Kind, Case>> => ({
  missing: { method, path, body: {}, field: '/body/reason' },
  'wrong type': { method, path, body: { reason: 5 }, field: '/body/reason' },
  'out of range': { method, path, body: { reason: long(501) }, field: '/body/reason' },
  'malformed JSON': { method, path, bodyText: MALFORMED, field: '/body' },
})

const paged = (path: string): Partial<Record<Kind, Case | string>> => ({
  missing: NO_REQUIRED,
  'wrong type': { method: 'GET', path, query: 'cursor=abc', field: '/query/cursor' },
  'out of range': { method: 'GET', path, query: 'cursor=-1', field: '/query/cursor' },
  'malformed JSON': NO_BODY,
})

const pathOnly = (method: string, template: string, param: string, bad: string, unknown: string) => ({
  missing: PATH_ONLY,
  'wrong type': { method, path: template.replace('{}', bad), field: `/path/${param}` },
  'out of range': { method, path: template.replace('{}', unknown), field: `/path/${param}`, status: 404 },
  'malformed JSON': NO_BODY,
})

const TABLE: Table = {
  registerBasis: {
    missing: { method: 'POST', path: '/v1/rights/bases', body: without(basis, 'kind'), field: '/body/kind' },
    'wrong type': {
      method: 'POST',
      path: '/v1/rights/bases',
      body: { ...basis, description: 42 },
      field: '/body/description',
    },
    'out of range': {
      method: 'POST',
      path: '/v1/rights/bases',
      body: { ...basis, description: long(501) },
      field: '/body/description',
    },
    'malformed JSON': { method: 'POST', path: '/v1/rights/bases', bodyText: MALFORMED, field: '/body' },
  },
  listBases: {
    missing: 'takes no input',
    'wrong type': 'takes no input',
    'out of range': 'takes no input',
    'malformed JSON': NO_BODY,
  },
  issueRight: {
    missing: { method: 'POST', path: '/v1/rights/issue', body: without(right, 'substrate'), field: '/body/substrate' },
    'wrong type': { method: 'POST', path: '/v1/rights/issue', body: { ...right, scope: 7 }, field: '/body/scope' },
    'out of range': {
      method: 'POST',
      path: '/v1/rights/issue',
      body: { ...right, substrate: 'BILLBOARD' },
      field: '/body/substrate',
    },
    'malformed JSON': { method: 'POST', path: '/v1/rights/issue', bodyText: MALFORMED, field: '/body' },
  },
  listRights: paged('/v1/rights'),
  getRight: pathOnly('GET', '/v1/rights/{}', 'rightId', 'right-1', RGH),
  suspendRight: reasonBody('POST', `/v1/rights/${RGH}/suspend`),
  resumeRight: pathOnly('POST', '/v1/rights/{}/resume', 'rightId', 'rgh_XYZ', RGH),
  revokeRight: reasonBody('POST', `/v1/rights/${RGH}/revoke`),
  proposeOffer: {
    missing: { method: 'POST', path: '/v1/offers/propose', body: without(offer, 'rightId'), field: '/body/rightId' },
    'wrong type': {
      method: 'POST',
      path: '/v1/offers/propose',
      body: { ...offer, toOrgId: 5 },
      field: '/body/toOrgId',
    },
    'out of range': { method: 'POST', path: '/v1/offers/propose', body: { ...offer, scope: '' }, field: '/body/scope' },
    'malformed JSON': { method: 'POST', path: '/v1/offers/propose', bodyText: MALFORMED, field: '/body' },
  },
  acceptOffer: pathOnly('POST', '/v1/offers/{}/accept', 'offerId', 'offer-1', OFR),
  rejectOffer: reasonBody('POST', `/v1/offers/${OFR}/reject`),
  counterOffer: {
    missing: { method: 'POST', path: `/v1/offers/${OFR}/counter`, body: { termsRef: null }, field: '/body/scope' },
    'wrong type': {
      method: 'POST',
      path: `/v1/offers/${OFR}/counter`,
      body: { scope: 'x', termsRef: 5 },
      field: '/body/termsRef',
    },
    'out of range': { method: 'POST', path: `/v1/offers/${OFR}/counter`, body: { scope: '' }, field: '/body/scope' },
    'malformed JSON': { method: 'POST', path: `/v1/offers/${OFR}/counter`, bodyText: MALFORMED, field: '/body' },
  },
  openChallenge: {
    missing: {
      method: 'POST',
      path: '/v1/challenges/open',
      body: without(challenge, 'challengerOrgId'),
      field: '/body/challengerOrgId',
    },
    'wrong type': {
      method: 'POST',
      path: '/v1/challenges/open',
      body: { ...challenge, reason: 5 },
      field: '/body/reason',
    },
    'out of range': {
      method: 'POST',
      path: '/v1/challenges/open',
      body: { ...challenge, reason: long(501) },
      field: '/body/reason',
    },
    'malformed JSON': { method: 'POST', path: '/v1/challenges/open', bodyText: MALFORMED, field: '/body' },
  },
  resolveChallenge: {
    missing: {
      method: 'POST',
      path: `/v1/challenges/${CHL}/resolve`,
      body: { resolution: 'x' },
      field: '/body/upheld',
    },
    'wrong type': {
      method: 'POST',
      path: `/v1/challenges/${CHL}/resolve`,
      body: { upheld: 'yes', resolution: 'x' },
      field: '/body/upheld',
    },
    'out of range': {
      method: 'POST',
      path: `/v1/challenges/${CHL}/resolve`,
      body: { upheld: true, resolution: long(1001) },
      field: '/body/resolution',
    },
    'malformed JSON': { method: 'POST', path: `/v1/challenges/${CHL}/resolve`, bodyText: MALFORMED, field: '/body' },
  },
  listChallenges: {
    ...paged('/v1/challenges'),
    'wrong type': { method: 'GET', path: '/v1/challenges', query: 'status=open', field: '/query/status' },
  },
  observeDelivery: {
    missing: { method: 'POST', path: '/v1/delivery', body: without(delivery, 'dwellMs'), field: '/body/dwellMs' },
    'wrong type': {
      method: 'POST',
      path: '/v1/delivery',
      body: { ...delivery, dwellMs: '3500' },
      field: '/body/dwellMs',
    },
    'out of range': {
      method: 'POST',
      path: '/v1/delivery',
      body: { ...delivery, dwellMs: -1 },
      field: '/body/dwellMs',
    },
    'malformed JSON': { method: 'POST', path: '/v1/delivery', bodyText: MALFORMED, field: '/body' },
  },
  sealProofPack: {
    missing: NO_REQUIRED,
    'wrong type': { method: 'POST', path: '/v1/proof-packs/seal', body: { label: 5 }, field: '/body/label' },
    'out of range': { method: 'POST', path: '/v1/proof-packs/seal', body: { label: long(201) }, field: '/body/label' },
    'malformed JSON': { method: 'POST', path: '/v1/proof-packs/seal', bodyText: MALFORMED, field: '/body' },
  },
  listProofPacks: paged('/v1/proof-packs'),
  getProofPack: pathOnly('GET', '/v1/proof-packs/{}', 'packId', 'pack-1', 'ppk_0000000000000000'),
  getMetering: {
    missing: {
      method: 'GET',
      path: '/v1/metering',
      query: 'periodEnd=2026-04-01T00:00:00Z',
      field: '/query/periodStart',
    },
    'wrong type': {
      method: 'GET',
      path: '/v1/metering',
      query: 'periodStart=2026-03-01T00:00:00Z&periodEnd=yesterday',
      field: '/query/periodEnd',
    },
    'out of range': {
      method: 'GET',
      path: '/v1/metering',
      query: 'periodStart=2026-04-01T00:00:00Z&periodEnd=2026-03-01T00:00:00Z',
      field: '/query/periodEnd',
    },
    'malformed JSON': NO_BODY,
  },
  getSettlement: {
    missing: {
      method: 'GET',
      path: '/v1/settlement',
      query: 'periodStart=2026-03-01T00:00:00Z',
      field: '/query/periodEnd',
    },
    'wrong type': { method: 'GET', path: '/v1/settlement', query: `${period}&currency=gbp`, field: '/query/currency' },
    'out of range': {
      method: 'GET',
      path: '/v1/settlement',
      query: 'periodStart=2026-04-01T00:00:00Z&periodEnd=2026-03-31T23:59:59Z',
      field: '/query/periodEnd',
    },
    'malformed JSON': NO_BODY,
  },
  createWebhook: {
    missing: { method: 'POST', path: '/v1/webhooks', body: without(webhook, 'url'), field: '/body/url' },
    'wrong type': {
      method: 'POST',
      path: '/v1/webhooks',
      body: { ...webhook, events: 'right.issued' },
      field: '/body/events',
    },
    'out of range': {
      method: 'POST',
      path: '/v1/webhooks',
      body: { ...webhook, label: long(61) },
      field: '/body/label',
    },
    'malformed JSON': { method: 'POST', path: '/v1/webhooks', bodyText: MALFORMED, field: '/body' },
  },
  replayWebhookDelivery: {
    missing: PATH_ONLY,
    'wrong type': {
      method: 'POST',
      path: '/v1/webhooks/whs_0000000000000000/deliveries/delivery-1/replay',
      field: '/path/deliveryId',
    },
    'out of range': {
      method: 'POST',
      path: '/v1/webhooks/whs_0000000000000000/deliveries/dlv_0000000000000000/replay',
      field: '/path/subscriptionId',
      status: 404,
    },
    'malformed JSON': NO_BODY,
  },
  processDueWebhookDeliveries: {
    missing: { method: 'POST', path: '/v1/webhooks/deliveries/process-due', field: '/body' },
    'wrong type': {
      method: 'POST',
      path: '/v1/webhooks/deliveries/process-due',
      body: { limit: 'ten' },
      field: '/body/limit',
    },
    'out of range': {
      method: 'POST',
      path: '/v1/webhooks/deliveries/process-due',
      body: { limit: 51 },
      field: '/body/limit',
    },
    'malformed JSON': {
      method: 'POST',
      path: '/v1/webhooks/deliveries/process-due',
      bodyText: MALFORMED,
      field: '/body',
    },
  },
  getRuntimeKeys: {
    missing: 'takes no input',
    'wrong type': 'takes no input',
    'out of range': 'takes no input',
    'malformed JSON': NO_BODY,
  },
}

async function send(c: Case): Promise<FinalResponse> {
  const bodyText = c.bodyText ?? (c.body === undefined ? undefined : JSON.stringify(c.body))
  const headers: Record<string, string> = { authorization: 'Bearer sk_test_0123456789abcdef' }
  if (bodyText !== undefined) headers['content-type'] = 'application/json'
  return engine.handle(
    { method: c.method, path: c.path, query: c.query ?? '', headers, ...(bodyText === undefined ? {} : { bodyText }) },
    session,
  )
}

describe('request validation for every operation', () => {
  it('covers all 25 operations', () => {
    expect(Object.keys(TABLE).sort()).toEqual(enfinitosContract.operations.map((o) => o.operationId).sort())
    expect(Object.keys(TABLE)).toHaveLength(25)
  })

  for (const [operationId, cases] of Object.entries(TABLE)) {
    describe(operationId, () => {
      const op = enfinitosContract.operation(operationId)
      for (const kind of ['missing', 'wrong type', 'out of range', 'malformed JSON'] as const) {
        const c = cases[kind]
        if (c === undefined) throw new Error(`${operationId}: no ${kind} case`)
        if (typeof c === 'string') {
          it(`${kind}: not applicable (${c})`, () => {
            if (kind === 'malformed JSON') expect(op.requestBodyPointer).toBeUndefined()
            if (c === 'takes no input') expect([op.parameters.length, op.requestBodyPointer]).toEqual([0, undefined])
            if (c === NO_REQUIRED) expect(op.parameters.every((p) => !p.required) && !op.requestBodyRequired).toBe(true)
            if (c === PATH_ONLY) expect(op.parameters.every((p) => p.in === 'path')).toBe(true)
          })
          continue
        }
        it(`${kind}: ${c.status ?? 400} naming ${c.field}`, async () => {
          const res = await send(c)
          const body = res.body as { ok: boolean; error: { code: string; details: { path: string }[] } }
          expect(res.status).toBe(c.status ?? 400)
          expect(body.ok).toBe(false)
          if (kind === 'malformed JSON') expect(body.error.code).toBe('MALFORMED_JSON')
          expect(body.error.details.map((d) => d.path)).toContain(c.field)
        })
      }
    })
  }

  it('answers an unknown field, a wrong content type and an oversized body in the envelope', async () => {
    const unknown = await send({
      method: 'POST',
      path: '/v1/rights/bases',
      body: { ...basis, colour: 'red' },
      field: '',
    })
    expect((unknown.body as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe('/body/colour')
    const typed = await engine.handle(
      {
        method: 'POST',
        path: '/v1/webhooks',
        query: '',
        headers: { authorization: 'Bearer sk_test_0123456789abcdef', 'content-type': 'text/plain' },
        bodyText: 'x',
      },
      session,
    )
    expect(typed.status).toBe(415)
    expect((typed.body as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const big = await send({
      method: 'POST',
      path: '/v1/delivery',
      body: { ...delivery, telemetry: { blob: long(1_100_000) } },
      field: '',
    })
    expect(big.status).toBe(413)
    expect((big.body as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE')
    const method = await engine.handle({ method: 'DELETE', path: '/v1/rights', query: '', headers: {} }, session)
    expect(method.status).toBe(405)
    expect((method.body as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED')
  })
})
