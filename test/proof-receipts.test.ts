import { describe, expect, it } from 'vitest'
import { loadPackagedContract } from '../mocks/core/contract.js'
import {
  canonicalPayload,
  KeyRing,
  ReceiptIssuer,
  ReceiptIssuerError,
  sealPack,
  signReceipt,
  verifyPack,
  verifyText,
} from '../mocks/enfinitos/index.js'

const ring = KeyRing.create({ seed: 'receipts', notBefore: '2026-01-01T00:00:00.000Z' })
const ORG = 'org_0000000000000001'
const OTHER = 'org_0000000000000002'
const at = (second: number) => new Date(Date.UTC(2026, 3, 1, 12, 0, second)).toISOString()

describe('receipt issuer', () => {
  it('issues signed records whose hash, canonical form and signature follow the rules', () => {
    const issuer = new ReceiptIssuer({ seed: 1 })
    const record = issuer.issue(
      { orgId: ORG, spatialAnchorId: 'anchor_A', spatialPlacementId: 'place_A', correlationId: 'c-1', dwellMs: 3500 },
      { at: at(0), ring },
    )
    expect(record.payload).toMatchObject({
      version: '1',
      receiptId: expect.stringMatching(/^rec_[0-9a-f]{16}$/),
      issuedAt: at(0),
      renderedAt: '2026-04-01T11:59:56.500Z',
      dwellMs: 3500,
      witness: null,
    })
    expect(record.payloadCanonical).toBe(canonicalPayload(record.payload))
    expect(record.beforeHash).toBeNull()
    const key = ring.signingKey(record.keyId)
    expect(key && verifyText(key.publicKey, `${record.payloadCanonical}|${record.keyId}`, record.signature)).toBe(true)
    expect(loadPackagedContract('enfinitos').validate('/components/schemas/ReceiptRecord', record)).toEqual([])
  })

  it('chains each receipt to the org previous receipt at issuance, per org', () => {
    const issuer = new ReceiptIssuer({ seed: 1 })
    const a = issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(0), ring })
    const other = issuer.issue({ orgId: OTHER, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(0), ring })
    const b = issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(1), ring })
    expect(b.beforeHash).toBe(a.afterHash)
    expect(other.beforeHash).toBeNull()
    expect(issuer.lastAfterHash(ORG)).toBe(b.afterHash)
  })

  it('derives unique nonces and receipt ids per org, the same for the same seed', () => {
    const one = new ReceiptIssuer({ seed: 9 })
    const two = new ReceiptIssuer({ seed: 9 })
    const nonces = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const r1 = one.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: i }, { at: at(i % 60), ring })
      const r2 = two.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: i }, { at: at(i % 60), ring })
      expect(r2).toEqual(r1)
      nonces.add(r1.payload.nonce)
    }
    expect(nonces.size).toBe(1000)
    const third = new ReceiptIssuer({ seed: 10 }).issue(
      { orgId: ORG, spatialAnchorId: 'x', dwellMs: 0 },
      { at: at(0), ring },
    )
    expect(third.payload.nonce).not.toBe(
      new ReceiptIssuer({ seed: 9 }).issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 0 }, { at: at(0), ring })
        .payload.nonce,
    )
  })

  it('rejects an explicit nonce the org already used, and stays usable afterwards', () => {
    const issuer = new ReceiptIssuer({ seed: 1 })
    issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1, nonce: 'n1' }, { at: at(0), ring })
    expect(() =>
      issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1, nonce: 'n1' }, { at: at(1), ring }),
    ).toThrow(expect.objectContaining({ name: 'ReceiptIssuerError', code: 'NONCE_REUSED' }))
    // another org may use the same nonce
    expect(
      issuer.issue({ orgId: OTHER, spatialAnchorId: 'x', dwellMs: 1, nonce: 'n1' }, { at: at(1), ring }).payload.nonce,
    ).toBe('n1')
    expect(issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(2), ring }).payload.issuedAt).toBe(
      at(2),
    )
  })

  it('clamps an issue time earlier than the org last issuedAt, so issuedAt never decreases', () => {
    const issuer = new ReceiptIssuer({ seed: 1 })
    issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(5), ring })
    const late = issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(1), ring })
    expect(late.payload.issuedAt).toBe(at(5))
    expect(issuer.issue({ orgId: OTHER, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(1), ring }).payload.issuedAt).toBe(
      at(1),
    )
  })

  it('rejects a negative or fractional dwellMs and malformed times', () => {
    const issuer = new ReceiptIssuer({ seed: 1 })
    for (const dwellMs of [-1, 1.5, Number.NaN]) {
      expect(() => issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs }, { at: at(0), ring })).toThrow(
        ReceiptIssuerError,
      )
    }
    expect(() => issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1 }, { at: '2026-04-01', ring })).toThrow(
      RangeError,
    )
  })
})

describe('a receipt as the issuer keeps it', () => {
  const KEYS = ['payload', 'keyId', 'algorithm', 'signature', 'payloadCanonical', 'beforeHash', 'afterHash']

  it('derives its canonical text from its payload when read, and reads, copies and serialises as a plain record', () => {
    const issuer = new ReceiptIssuer({ seed: 3 })
    const record = issuer.issue(
      { orgId: ORG, spatialAnchorId: 'anchor "quoted" é', correlationId: 'c-9', dwellMs: 12 },
      { at: at(0), ring },
    )
    const descriptor = Object.getOwnPropertyDescriptor(record, 'payloadCanonical')
    expect(descriptor?.get).toBeTypeOf('function') // not kept: ~350 bytes a delivery
    expect(descriptor?.enumerable).toBe(true)
    expect(record.payloadCanonical).toBe(canonicalPayload(record.payload))
    expect(Object.keys(record)).toEqual(KEYS)
    const text = JSON.stringify(record)
    expect(Object.keys(JSON.parse(text))).toEqual(KEYS)
    expect(JSON.parse(text).payloadCanonical).toBe(canonicalPayload(record.payload))
    expect(JSON.stringify({ ...record })).toBe(text)
    expect(JSON.stringify(structuredClone(record))).toBe(text)
  })

  it('keeps its own canonical text when plain JSON of its payload is not the canonical form', () => {
    const issued = new ReceiptIssuer({ seed: 3 }).issue(
      { orgId: ORG, spatialAnchorId: 'a', dwellMs: 1 },
      { at: at(0), ring },
    )
    const { witness, version, ...rest } = issued.payload
    const reordered = { witness, ...rest, version } as typeof issued.payload // same payload, keys out of order
    const record = signReceipt(reordered, ring.signerAt(at(0)))
    expect(JSON.stringify(reordered)).not.toBe(canonicalPayload(reordered))
    expect(Object.getOwnPropertyDescriptor(record, 'payloadCanonical')?.value).toBe(canonicalPayload(reordered))
    expect(record.payloadCanonical).toBe(issued.payloadCanonical)
    expect(record.signature).toBe(issued.signature)
  })
})

describe('a sealed pack and the receipts it seals', () => {
  it('shares a receipt that already carries its beforeHash, and re-links a copy of one that does not', () => {
    const issuer = new ReceiptIssuer({ seed: 4 })
    const a = issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(0), ring })
    const b = issuer.issue({ orgId: ORG, spatialAnchorId: 'x', dwellMs: 1 }, { at: at(1), ring })
    const both = sealPack({ orgId: ORG, records: [a, b], issuedAt: at(2), previousPack: null })
    expect(both.records[0]).toBe(a)
    expect(both.records[1]).toBe(b)

    const alone = sealPack({ orgId: ORG, records: [b], issuedAt: at(2), previousPack: null })
    const copy = alone.records[0]
    expect(copy).not.toBe(b)
    expect(copy?.beforeHash).toBeNull()
    expect(b.beforeHash).toBe(a.afterHash) // the receipt itself is not changed
    expect(JSON.stringify(copy)).toBe(JSON.stringify({ ...b, beforeHash: null }))
    expect(verifyPack(alone, ring.directory(at(2))).ok).toBe(true)
  })
})
