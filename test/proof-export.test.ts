// Signed exports (export.v1): the metering and settlement summaries signed so that they verify offline, the verifier
// that mirrors the provider's auditor step by step, the catalogue of tampered exports and the scenarios serving them.
import { describe, expect, it } from 'vitest'
import {
  EXPORT_KINDS,
  KeyRing,
  type Metering,
  type SignedExport,
  sha256Hex,
  signExport,
  sortedJson,
  verifyExport,
  verifyText,
} from '../mocks/enfinitos/index.js'
import { EXPORT_TAMPERINGS } from '../mocks/enfinitos/proof/export-tamper.js'
import { ADMIN, engine, newSession, type Res, START } from './helpers/enfinitos.js'
import { enfinitos, responseExample } from './helpers/specs.js'

const PERIOD = `periodStart=${encodeURIComponent('2026-03-01T00:00:00.000Z')}&periodEnd=${encodeURIComponent(START)}`
const ring = KeyRing.create({ seed: 'export-test', notBefore: '2026-01-01T00:00:00.000Z' })
const metering = responseExample(enfinitos, 'getMetering', '200').data.metering as Metering
const settlement = responseExample(enfinitos, 'getSettlement', '200').data.settlement
const exportedAt = '2026-04-02T00:05:00.000Z'
const signedMetering = () =>
  signExport(EXPORT_KINDS.metering, metering, { orgId: metering.orgId, exportedAt, key: ring.signerAt(exportedAt) })

async function get(session: ReturnType<typeof newSession>, path: string, query: string, scenario?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }
  if (scenario) headers['x-standin-scenario'] = scenario
  return (await engine.handle({ method: 'GET', path, query, headers }, session)) as Res
}

describe('signing an export', () => {
  it('wraps the summary in export.v1 with the fields in the documented order', () => {
    expect(Object.keys(signedMetering())).toEqual([
      'kind',
      'envelopeVersion',
      'orgId',
      'exportedAt',
      'keyId',
      'algorithm',
      'payload',
      'payloadCanonical',
      'payloadCanonicalHash',
      'signature',
    ])
    expect(signedMetering()).toMatchObject({ kind: 'metering.export.v1', envelopeVersion: 'export.v1', exportedAt })
  })

  it('signs the payload as sorted-key compact JSON, bound to the keyId', () => {
    const e = signedMetering()
    expect(e.payloadCanonical.startsWith('{"orgId":')).toBe(true)
    expect(e.payloadCanonical).toBe(sortedJson(metering))
    expect(e.payloadCanonicalHash).toBe(sha256Hex(e.payloadCanonical))
    const key = ring.directory(exportedAt).keys[0]
    expect(verifyText(key?.publicKey ?? '', `${e.payloadCanonical}|${e.keyId}`, e.signature)).toBe(true)
    expect(verifyText(key?.publicKey ?? '', e.payloadCanonical, e.signature)).toBe(false)
  })

  it('verifies with zero failed checks, for metering and for settlement', () => {
    expect(verifyExport(signedMetering(), ring.directory(exportedAt)).failures).toEqual([])
    const s = signExport(EXPORT_KINDS.settlement, settlement, {
      orgId: settlement.orgId,
      exportedAt,
      key: ring.signerAt(exportedAt),
    })
    expect(verifyExport(s, ring.directory(exportedAt)).failures).toEqual([])
  })

  it('checks the key at exportedAt, not at the payload period', () => {
    const rotated = ring.rotate('2026-04-01T00:00:00.000Z')
    const late = signExport(EXPORT_KINDS.metering, metering, {
      orgId: metering.orgId,
      exportedAt,
      key: ring.signerAt('2026-03-01T00:00:00.000Z'),
    })
    expect(verifyExport(late, rotated.directory(exportedAt)).failures).toEqual(['KEY_OUTSIDE_VALIDITY_WINDOW'])
  })

  it('reports malformed input instead of throwing', () => {
    expect(verifyExport(null, ring.directory(exportedAt)).failures).toEqual(['FIELD_MALFORMED'])
    const wrong = { ...signedMetering(), envelopeVersion: 'export.v2', exportedAt: 'yesterday' }
    expect(verifyExport(wrong, ring.directory(exportedAt)).failures).toEqual([
      'FIELD_MALFORMED',
      'UNSUPPORTED_ENVELOPE_VERSION',
    ])
  })

  it('the spec examples are real: both signed-export examples verify against the directory example', () => {
    const directory = responseExample(enfinitos, 'getRuntimeKeys', '200').data
    for (const op of ['getMetering', 'getSettlement']) {
      const doc = enfinitos.document.paths[op === 'getMetering' ? '/v1/metering' : '/v1/settlement'].get
      const example = doc.responses['200'].content['application/json'].examples.signedExport.value
      expect(verifyExport(example.data, directory).failures, op).toEqual([])
      expect(enfinitos.validate(enfinitos.operation(op).responses[0]?.schemaPointer ?? '', example), op).toEqual([])
    }
  })
})

describe('tampered exports', () => {
  for (const t of EXPORT_TAMPERINGS) {
    it(`${t.name}: exactly ${t.expected.join(', ')}`, () => {
      const broken = t.apply(signedMetering(), ring)
      expect(verifyExport(broken, ring.directory(exportedAt)).failures).toEqual([...t.expected])
    })
  }
})

describe('GET /v1/metering and /v1/settlement with export=true', () => {
  it('answer a signed export.v1 envelope whose payload is the plain summary', async () => {
    const session = newSession()
    const keys = (await get(session, '/v1/runtime-keys', '')).body.data
    for (const [path, name] of [
      ['/v1/metering', 'metering'],
      ['/v1/settlement', 'settlement'],
    ] as const) {
      const plain = await get(session, path, PERIOD)
      const exported = await get(session, path, `${PERIOD}&export=true`)
      expect(exported.status).toBe(200)
      const e: SignedExport = exported.body.data
      expect(e).toMatchObject({ kind: `${name}.export.v1`, envelopeVersion: 'export.v1', algorithm: 'ed25519' })
      expect(e.payload).toEqual(plain.body.data[name])
      expect(e.orgId).toBe(plain.body.data[name].orgId)
      expect(keys.keys.map((k: { keyId: string }) => k.keyId)).toContain(e.keyId)
      expect(verifyExport(e, keys).failures).toEqual([])
      expect((await get(session, path, `${PERIOD}&export=false`)).body.data).toEqual(plain.body.data)
    }
  })

  it('refuses an export flag that is not a boolean, naming the parameter', async () => {
    const res = await get(newSession(), '/v1/metering', `${PERIOD}&export=yes`)
    expect(res.status).toBe(400)
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('/query/export')
  })

  for (const t of EXPORT_TAMPERINGS) {
    it(`scenario enfinitos:exports.tampered.${t.name} serves exports an audit fails with ${t.expected.join(', ')}`, async () => {
      const session = newSession()
      const scenario = `enfinitos:exports.tampered.${t.name}`
      const keys = (await get(session, '/v1/runtime-keys', '', scenario)).body.data
      for (const path of ['/v1/metering', '/v1/settlement']) {
        const res = await get(session, path, `${PERIOD}&export=true`, scenario)
        expect(res.status, path).toBe(200)
        expect(verifyExport(res.body.data, keys).failures, path).toEqual([...t.expected])
        const plain = await get(session, path, PERIOD, scenario)
        expect(plain.body.data).toEqual((await get(session, path, PERIOD)).body.data)
      }
    })
  }
})
