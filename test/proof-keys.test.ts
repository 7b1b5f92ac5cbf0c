import { describe, expect, it } from 'vitest'
import { loadPackagedContract } from '../mocks/core/contract.js'
import {
  deriveSigningKey,
  KeyRing,
  ReceiptIssuer,
  sealPack,
  signReceipt,
  signText,
  verifyPack,
  verifyText,
} from '../mocks/enfinitos/index.js'

const T0 = '2026-04-01T00:00:00.000Z'
const T1 = '2026-04-01T12:00:00.000Z'
const T2 = '2026-04-02T12:00:00.000Z'
const ORG = 'org_00000000000000aa'

describe('deterministic key ring', () => {
  it('the same seed derives the same keys; another seed, other keys', () => {
    const a = KeyRing.create({ seed: 7, notBefore: T0 }).rotate(T1)
    const b = KeyRing.create({ seed: '7', notBefore: T0 }).rotate(T1)
    const c = KeyRing.create({ seed: 8, notBefore: T0 }).rotate(T1)
    expect(a.directory(T2)).toEqual(b.directory(T2))
    expect(a.entries.map((e) => e.key.publicKey)).not.toEqual(c.entries.map((e) => e.key.publicKey))
    expect(deriveSigningKey(7, 1).keyId).toBe(a.entries[1]?.key.keyId)
  })

  it('keyIds are rtk_ + 16 hex, public keys unpadded base64url of 32 bytes, and they sign and verify', () => {
    const ring = KeyRing.create({ seed: 'x', notBefore: T0 })
    const key = ring.signerAt(T1)
    expect(key.keyId).toMatch(/^rtk_[0-9a-f]{16}$/)
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(key.publicKey, 'base64url')).toHaveLength(32)
    const signature = signText(key, 'héllo')
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/)
    expect(verifyText(key.publicKey, 'héllo', signature)).toBe(true)
    expect(verifyText(key.publicKey, 'hello', signature)).toBe(false)
    expect(verifyText(key.publicKey, 'héllo', `${signature}=`)).toBe(false)
  })

  it('the directory has the documented shape: notAfter and revokedAt always present, issuedAt, snapshotId', () => {
    const directory = KeyRing.create({ seed: 1, notBefore: T0 }).directory(T1)
    expect(directory).toEqual({
      keys: [
        {
          keyId: expect.stringMatching(/^rtk_/),
          algorithm: 'ed25519',
          publicKey: expect.any(String),
          notBefore: T0,
          notAfter: null,
          revokedAt: null,
          purpose: 'proof-signing',
        },
      ],
      issuedAt: T1,
      snapshotId: expect.stringMatching(/^rks_[0-9a-f]{16}$/),
    })
    expect(loadPackagedContract('enfinitos').validate('/components/schemas/KeyDirectory', directory)).toEqual([])
  })

  it('rotation keeps the old key published with notAfter set and makes the new key the signer; rings are immutable', () => {
    const ring = KeyRing.create({ seed: 1, notBefore: T0 })
    const rotated = ring.rotate(T1)
    expect(ring.entries).toHaveLength(1)
    expect(ring.entries[0]?.notAfter).toBeNull()
    const [old, next] = rotated.entries
    expect(old).toMatchObject({ notBefore: T0, notAfter: T1, revokedAt: null })
    expect(next).toMatchObject({ notBefore: T1, notAfter: null, revokedAt: null })
    expect(rotated.signerAt('2026-04-01T11:59:59.999Z').keyId).toBe(old?.key.keyId)
    expect(rotated.signerAt(T1).keyId).toBe(next?.key.keyId)
    expect(rotated.active?.key.keyId).toBe(next?.key.keyId)
    const again = rotated.rotate(T2)
    expect(again.directory(T2).keys.map((k) => k.notAfter)).toEqual([T1, T2, null])
    expect(() => rotated.rotate(T0)).toThrow(RangeError)
  })

  it('revocation sets revokedAt and leaves notAfter alone; with no valid key left, signing throws until a rotation', () => {
    const ring = KeyRing.create({ seed: 1, notBefore: T0 })
    const keyId = ring.entries[0]?.key.keyId ?? ''
    const revoked = ring.revoke(keyId, T1)
    expect(revoked.entries[0]).toMatchObject({ notAfter: null, revokedAt: T1 })
    expect(revoked.signerAt('2026-04-01T06:00:00.000Z').keyId).toBe(keyId)
    expect(() => revoked.signerAt(T2)).toThrow(/no key/)
    expect(revoked.rotate(T1).signerAt(T2).keyId).not.toBe(keyId)
    expect(() => revoked.revoke(keyId, T2)).toThrow(/already revoked/)
    expect(() => ring.revoke('rtk_nope', T1)).toThrow(/unknown keyId/)
  })

  it('packs signed before a rotation still verify against the later directory', () => {
    let ring = KeyRing.create({ seed: 3, notBefore: T0 })
    const issuer = new ReceiptIssuer({ seed: 3 })
    const before = issuer.issue({ orgId: ORG, spatialAnchorId: 'a', dwellMs: 10 }, { at: T1, ring })
    ring = ring.rotate('2026-04-01T18:00:00.000Z')
    const after = issuer.issue({ orgId: ORG, spatialAnchorId: 'a', dwellMs: 10 }, { at: T2, ring })
    expect(before.keyId).not.toBe(after.keyId)
    const pack = sealPack({ orgId: ORG, records: [before, after], issuedAt: T2 })
    expect(verifyPack(pack, ring.directory(T2)).failures).toEqual([])
  })

  it('a record signed by a rotated-out key after its notAfter fails with KEY_OUTSIDE_VALIDITY_WINDOW only', () => {
    const ring = KeyRing.create({ seed: 3, notBefore: T0 }).rotate(T1)
    const oldKey = ring.entries[0]?.key
    if (!oldKey) throw new Error('no key')
    const issuer = new ReceiptIssuer({ seed: 3 })
    const record = issuer.issue({ orgId: ORG, spatialAnchorId: 'a', dwellMs: 10 }, { at: T2, ring })
    const stale = signReceipt(record.payload, oldKey, null)
    const pack = sealPack({ orgId: ORG, records: [stale], issuedAt: T2 })
    expect(verifyPack(pack, ring.directory(T2)).failures).toEqual(['KEY_OUTSIDE_VALIDITY_WINDOW'])
  })

  it('a record issued after its key was revoked fails with KEY_REVOKED_BEFORE_ISSUANCE only; one issued at revokedAt passes', () => {
    const ring = KeyRing.create({ seed: 4, notBefore: T0 })
    const key = ring.entries[0]?.key
    if (!key) throw new Error('no key')
    const issuer = new ReceiptIssuer({ seed: 4 })
    const atRevocation = issuer.issue({ orgId: ORG, spatialAnchorId: 'a', dwellMs: 1 }, { at: T1, ring })
    const late = issuer.issue({ orgId: ORG, spatialAnchorId: 'a', dwellMs: 1 }, { at: T2, ring })
    const revoked = ring.revoke(key.keyId, T1)
    const ok = sealPack({ orgId: ORG, records: [atRevocation], issuedAt: T2 })
    expect(verifyPack(ok, revoked.directory(T2)).failures).toEqual([])
    const bad = sealPack({ orgId: ORG, records: [late], issuedAt: T2 })
    expect(verifyPack(bad, revoked.directory(T2)).failures).toEqual(['KEY_REVOKED_BEFORE_ISSUANCE'])
  })

  it('withKey adds a deterministic extra key with an explicit window', () => {
    const ring = KeyRing.create({ seed: 1, notBefore: T0 })
    const a = ring.withKey({ label: 'x', notBefore: T0, revokedAt: T1 })
    const b = ring.withKey({ label: 'x', notBefore: T0, revokedAt: T1 })
    expect(a.entries[1]?.key.keyId).toBe(b.entries[1]?.key.keyId)
    expect(a.entries[1]).toMatchObject({ notBefore: T0, notAfter: null, revokedAt: T1 })
    expect(() => KeyRing.fromEntries(1, [...a.entries, ...a.entries])).toThrow(/duplicate keyId/)
  })
})
