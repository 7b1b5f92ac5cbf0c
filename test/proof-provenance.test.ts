import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadPackagedContract } from '../mocks/core/contract.js'
import {
  appendProvenance,
  contentHash,
  KeyRing,
  type ProvenanceRecord,
  provenancePayloadCanonical,
  sortedJson,
  verifyProvenance,
  verifyText,
} from '../mocks/enfinitos/index.js'

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const ORG = 'org_00000000000000aa'
const ring = KeyRing.create({ seed: 'prov', notBefore: '2026-01-01T00:00:00.000Z' })
const directory = ring.directory('2026-05-01T00:00:00.000Z')

const right = {
  id: 'rgh_3a91f8c20b6d4e75',
  orgId: ORG,
  basisId: 'bas_8f2c1a9b4e7d0c63',
  parentRightId: null,
  scope: ['Greater London', 'DOOH'],
  effectiveFrom: '2026-04-01T00:00:00.000Z',
  effectiveUntil: null,
  status: 'ACTIVE',
  createdAt: '2026-04-01T00:00:00.000Z',
}

function history(): ProvenanceRecord[] {
  const records: ProvenanceRecord[] = []
  const steps = [
    ['RIGHT_ISSUED', 'ACTIVE', '2026-04-01T00:00:00.000Z'],
    ['RIGHT_SUSPENDED', 'SUSPENDED', '2026-04-02T00:00:00.000Z'],
    ['RIGHT_REACTIVATED', 'ACTIVE', '2026-04-03T00:00:00.000Z'],
    ['RIGHT_REVOKED', 'REVOKED', '2026-04-04T00:00:00.000Z'],
  ] as const
  for (const [eventType, status, occurredAt] of steps) {
    records.push(
      appendProvenance(
        records,
        { orgId: ORG, eventType, occurredAt, rightId: right.id, basisId: right.basisId, subject: { ...right, status } },
        ring,
      ),
    )
  }
  return records
}

describe('content hash', () => {
  it('is sha256: + hex of compact JSON with keys sorted recursively, arrays in order, contentHash left out', () => {
    const entity = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'é' }, contentHash: 'sha256:old', '10': true, '9': false }
    const expected = '{"10":true,"9":false,"a":{"c":"é","d":[3,{"y":2,"z":1}]},"b":1}'
    expect(sortedJson({ ...entity, contentHash: undefined })).toBe(expected)
    expect(contentHash(entity)).toBe(`sha256:${sha(expected)}`)
    expect(contentHash({ ...entity, contentHash: 'sha256:other' })).toBe(contentHash(entity))
  })

  it('hashes a flat entity (a right, a basis, an offer) exactly as the recursive rule does', () => {
    // A flat entity takes a faster path (its sorted keys as JSON.stringify's key list): same text, same hash.
    const flat = {
      z: 'quote " backslash \\ newline \n tab \t and \u2028 é 😀',
      '10': true,
      '9': null,
      a: -0,
      b: 1e21,
      c: 0.1,
      contentHash: 'sha256:old',
      'key with "quotes"': 'x',
      __proto__x: 'y',
    }
    const { contentHash: _old, ...rest } = flat
    expect(contentHash(flat)).toBe(`sha256:${sha(sortedJson(rest))}`)
    expect(sortedJson(rest)).toBe(
      '{"10":true,"9":null,"__proto__x":"y","a":0,"b":1e+21,"c":0.1,"key with \\"quotes\\"":"x","z":"quote \\" backslash \\\\ newline \\n tab \\t and \u2028 é 😀"}',
    )
  })

  it('follows JSON.stringify for undefined, toJSON and nulls', () => {
    expect(sortedJson({ b: undefined, a: [undefined, null], d: new Date(0) })).toBe(
      '{"a":[null,null],"d":"1970-01-01T00:00:00.000Z"}',
    )
  })
})

describe('rights provenance', () => {
  it('chains records per right: beforeHash = previous afterHash, null first; afterHash = contentHash after the event', () => {
    const records = history()
    expect(records.map((r) => r.provenanceBeforeHash)).toEqual([
      null,
      records[0]?.provenanceAfterHash,
      records[1]?.provenanceAfterHash,
      records[2]?.provenanceAfterHash,
    ])
    expect(records[3]?.provenanceAfterHash).toBe(contentHash({ ...right, status: 'REVOKED' }))
    expect(records[0]?.provenanceAfterHash).toBe(records[2]?.provenanceAfterHash)
    for (const record of records) {
      expect(record.proofId).toMatch(/^prv_[0-9a-f]{16}$/)
      expect(loadPackagedContract('enfinitos').validate('/components/schemas/ProvenanceRecord', record)).toEqual([])
    }
  })

  it('payloadCanonical is the nine |-separated fields with - for null, and the signature covers exactly it', () => {
    const [issued] = history()
    if (!issued) throw new Error('no record')
    expect(issued.payloadCanonical).toBe(
      `rightProvenance.v1|${ORG}|RIGHT_ISSUED|${right.id}|${right.basisId}|-|-|${issued.provenanceAfterHash}|${issued.signerKeyId}`,
    )
    expect(provenancePayloadCanonical({ ...issued, offerId: '' })).toBe(issued.payloadCanonical)
    const key = ring.signingKey(issued.signerKeyId)
    expect(key && verifyText(key.publicKey, issued.payloadCanonical, issued.signature)).toBe(true)
  })

  it('a genuine history verifies, including against the current right', () => {
    const report = verifyProvenance(history(), directory, { subjects: [{ ...right, status: 'REVOKED' }] })
    expect(report.failures).toEqual([])
    expect(report.checks.some((c) => c.code === 'CONTENT_HASH_MISMATCH' && c.ok)).toBe(true)
  })

  it('an edited afterHash breaks the canonical form, the signature and the next link', () => {
    const records = history()
    const edited = records.map((r, i) => (i === 1 ? { ...r, provenanceAfterHash: `sha256:${'0'.repeat(64)}` } : r))
    expect(verifyProvenance(edited, directory).failures).toEqual([
      'CHAIN_LINK_MISMATCH',
      'PAYLOAD_CANONICAL_MISMATCH',
      'SIGNATURE_INVALID',
    ])
  })

  it('a dropped event breaks the chain; a stale right is a CONTENT_HASH_MISMATCH; an unknown signer is reported', () => {
    const records = history()
    expect(verifyProvenance([records[0], records[2], records[3]] as ProvenanceRecord[], directory).failures).toEqual([
      'CHAIN_LINK_MISMATCH',
    ])
    expect(verifyProvenance(records, directory, { subjects: [right] }).failures).toEqual(['CONTENT_HASH_MISMATCH'])
    const otherRing = KeyRing.create({ seed: 'other', notBefore: '2026-01-01T00:00:00.000Z' })
    expect(verifyProvenance(records, otherRing.directory('2026-05-01T00:00:00.000Z')).failures).toEqual([
      'UNKNOWN_KEY_ID',
    ])
  })

  it('an OFFER_ACCEPTED record for a derived right starts its own chain', () => {
    const derived = { ...right, id: 'rgh_00000000000000d1', parentRightId: right.id }
    const records = history()
    const accepted = appendProvenance(
      records,
      {
        orgId: 'org_00000000000000bb',
        eventType: 'OFFER_ACCEPTED',
        occurredAt: '2026-04-05T00:00:00.000Z',
        rightId: derived.id,
        offerId: 'ofr_00000000000000f1',
        subject: derived,
      },
      ring,
    )
    expect(accepted.provenanceBeforeHash).toBeNull()
    expect(accepted.payloadCanonical).toContain('|OFFER_ACCEPTED|rgh_00000000000000d1|-|ofr_00000000000000f1|-|sha256:')
    expect(verifyProvenance([...records, accepted], directory).ok).toBe(true)
  })
})
