// The schemas are strict where the facts are precise: the wrong prefix, a missing nullable field, a number where a
// decimal string belongs, a hash one character short, each is rejected, and the rejection names the JSON path.
import { describe, expect, it } from 'vitest'
import { dedit, enfinitos, responseExample, responsePointer } from './helpers/specs.js'

const violationsOf = (...args: Parameters<typeof enfinitos.validate>) => enfinitos.validate(...args)

describe('EnfinitOS schemas reject what the facts forbid', () => {
  it('rejects a right whose id has the wrong prefix', () => {
    const body = responseExample(enfinitos, 'issueRight', '200')
    expect(violationsOf(responsePointer(enfinitos, 'issueRight', '200'), body)).toEqual([])
    body.data.right.id = body.data.right.id.replace(/^rgh_/, 'rgx_')
    expect(violationsOf(responsePointer(enfinitos, 'issueRight', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/data/right/id', keyword: 'pattern' }),
    )
  })

  it('rejects a proof-pack record without beforeHash (nullable fields are sent as null, never left out)', () => {
    const body = responseExample(enfinitos, 'getProofPack', '200')
    delete body.data.proofPack.records[0].beforeHash
    expect(violationsOf(responsePointer(enfinitos, 'getProofPack', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/data/proofPack/records/0/beforeHash', keyword: 'required' }),
    )
  })

  it('rejects a receipt payload missing one of its ten keys', () => {
    const body = responseExample(enfinitos, 'observeDelivery', '200')
    delete body.data.receipt.payload.witness
    expect(violationsOf(responsePointer(enfinitos, 'observeDelivery', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/data/receipt/payload/witness', keyword: 'required' }),
    )
  })

  it('rejects a settlement line whose share is a number instead of a 6-dp string', () => {
    const body = responseExample(enfinitos, 'getSettlement', '200')
    body.data.settlement.lines[0].share = 0.7
    expect(violationsOf(responsePointer(enfinitos, 'getSettlement', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/data/settlement/lines/0/share', keyword: 'type' }),
    )
  })

  it('rejects a meter unitCount without exactly six decimals', () => {
    const body = responseExample(enfinitos, 'getMetering', '200')
    body.data.metering.records[0].unitCount = '3.5'
    expect(violationsOf(responsePointer(enfinitos, 'getMetering', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/data/metering/records/0/unitCount', keyword: 'pattern' }),
    )
  })

  it('rejects a success envelope with ok: false, another contractVersion, or an extra top-level key', () => {
    const pointer = responsePointer(enfinitos, 'getRight', '200')
    const body = responseExample(enfinitos, 'getRight', '200')
    expect(violationsOf(pointer, { ...body, ok: false }).length).toBeGreaterThan(0)
    expect(violationsOf(pointer, { ...body, contractVersion: 'v1.1' }).length).toBeGreaterThan(0)
    expect(violationsOf(pointer, { ...body, extra: 1 }).length).toBeGreaterThan(0)
  })

  it('rejects a key directory entry that leaves out notAfter or revokedAt', () => {
    const body = responseExample(enfinitos, 'getRuntimeKeys', '200')
    delete body.data.keys[0].revokedAt
    expect(violationsOf(responsePointer(enfinitos, 'getRuntimeKeys', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/data/keys/0/revokedAt', keyword: 'required' }),
    )
  })

  it('pins the error code of each shared error response', () => {
    const body = responseExample(enfinitos, 'getRight', '404')
    expect(body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    body.error.code = 'CONFLICT'
    expect(violationsOf(responsePointer(enfinitos, 'getRight', '404'), body).length).toBeGreaterThan(0)
  })

  it('rejects an issueRight body with an unknown field, naming the field', () => {
    const pointer = enfinitos.operation('issueRight').requestBodyPointer as string
    const violations = violationsOf(pointer, {
      basisId: 'bas_8f2c1a9b4e7d0c63',
      substrate: 'DOOH',
      scope: 'Greater London',
      effectiveFrom: '2026-04-01T00:00:00.000Z',
      scpoe: 'typo',
    })
    expect(violations).toContainEqual(expect.objectContaining({ path: '/scpoe', keyword: 'additionalProperties' }))
  })
})

describe('Dedit schemas reject what the facts forbid', () => {
  it('rejects a registration whose hash is 63 characters', () => {
    const body = responseExample(dedit, 'completeRegistration', '200')
    expect(dedit.validate(responsePointer(dedit, 'completeRegistration', '200'), body)).toEqual([])
    body.hash = body.hash.slice(1)
    expect(dedit.validate(responsePointer(dedit, 'completeRegistration', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/hash' }),
    )
  })

  it('rejects a registration whose creationDate is in seconds rather than milliseconds', () => {
    const body = responseExample(dedit, 'completeRegistration', '200')
    body.creationDate = Math.floor(body.creationDate / 1000)
    expect(dedit.validate(responsePointer(dedit, 'completeRegistration', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/creationDate' }),
    )
  })

  it('rejects a subscription that spells customer as the docs table does (custumer)', () => {
    const body = responseExample(dedit, 'getActiveSubscription', '200')
    body.custumer = body.customer
    delete body.customer
    const violations = dedit.validate(responsePointer(dedit, 'getActiveSubscription', '200'), body)
    expect(violations).toContainEqual(expect.objectContaining({ path: '/customer', keyword: 'required' }))
    expect(violations).toContainEqual(expect.objectContaining({ path: '/custumer', keyword: 'additionalProperties' }))
  })

  it('rejects subscription periods in milliseconds where the docs give epoch seconds', () => {
    const body = responseExample(dedit, 'getActiveSubscription', '200')
    body.currentPeriodEnd = body.currentPeriodEnd * 1000
    expect(dedit.validate(responsePointer(dedit, 'getActiveSubscription', '200'), body)).toContainEqual(
      expect.objectContaining({ path: '/currentPeriodEnd' }),
    )
  })
})
