// Behaviour pins for the deferred provenance signature and the copy-free content hash (performance changes): a record signed on first read is, to
// every reader, the record an eager signature gives: same keys in the same order, same JSON bytes, same value through
// a spread or deep equality, a real Ed25519 signature that verifies; the signer is chosen when the event happens.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createClock } from '../mocks/core/clock.js'
import { createDerive } from '../mocks/core/derive.js'
import {
  appendProvenance,
  contentHash,
  KeyRing,
  NoSigningKeyError,
  sortedJson,
  verifyProvenance,
  verifyText,
} from '../mocks/enfinitos/index.js'
import { issueRight, transitionRight } from '../mocks/enfinitos/rights-model.js'
import { createEmptyWorld } from '../mocks/enfinitos/world.js'

const ORG = 'org_00000000000000aa'
const ring = KeyRing.create({ seed: 'perf', notBefore: '2026-01-01T00:00:00.000Z' })
const event = {
  orgId: ORG,
  eventType: 'RIGHT_ISSUED' as const,
  occurredAt: '2026-04-01T00:00:00.000Z',
  rightId: 'rgh_3a91f8c20b6d4e75',
  basisId: 'bas_8f2c1a9b4e7d0c63',
  afterHash: `sha256:${'ab'.repeat(32)}`,
}

describe('deferred provenance signatures', () => {
  it('give the same keys, order, JSON bytes, spread and deep value as an eager signature', () => {
    const eager = appendProvenance([], event, ring)
    const deferred = appendProvenance([], event, ring, { deferSignature: true })
    expect(Object.keys(deferred)).toEqual(Object.keys(eager))
    expect(JSON.stringify(deferred)).toBe(JSON.stringify(eager))
    expect({ ...deferred }).toStrictEqual({ ...eager })
    expect(deferred).toStrictEqual(eager)
    expect(deferred.signature).toBe(eager.signature)
    expect(verifyText(ring.signerAt(event.occurredAt).publicKey, deferred.payloadCanonical, deferred.signature)).toBe(
      true,
    )
  })

  it('sign once: the second read returns the value of the first', () => {
    const deferred = appendProvenance([], event, ring, { deferSignature: true })
    const first = deferred.signature
    expect(deferred.signature).toBe(first)
  })

  it('sign the text and with the key fixed when the event happened', () => {
    const deferred = appendProvenance([], event, ring, { deferSignature: true })
    const eager = appendProvenance([], event, ring)
    // A reader that changes payloadCanonical before the first read does not change what was signed.
    deferred.payloadCanonical = 'tampered'
    expect(deferred.signature).toBe(eager.signature)
  })

  it('store what a test writes into the signature (tampering), before or after the first read', () => {
    const before = appendProvenance([], event, ring, { deferSignature: true })
    before.signature = 'x'.repeat(86)
    expect(before.signature).toBe('x'.repeat(86))
    expect(JSON.parse(JSON.stringify(before)).signature).toBe('x'.repeat(86))
    const after = appendProvenance([], event, ring, { deferSignature: true })
    void after.signature
    after.signature = 'y'.repeat(86)
    expect(after.signature).toBe('y'.repeat(86))
  })

  it('still refuse at once when no key may sign at that time (nothing to store)', () => {
    expect(() =>
      appendProvenance([], { ...event, occurredAt: '2025-01-01T00:00:00.000Z' }, ring, { deferSignature: true }),
    ).toThrow(NoSigningKeyError)
  })

  it('rights issued and transitioned by the model carry chains that verify', () => {
    const clock = createClock(Date.parse('2026-04-01T12:00:00.000Z'))
    const derive = createDerive(3)
    const state = createEmptyWorld({ clock, derive })
    const basisId = 'bas_0000000000000001'
    const entry = issueRight(
      state,
      derive,
      { basisId, substrate: 'DOOH', scope: 'Greater London', effectiveFrom: clock.iso(), effectiveUntil: null },
      clock.iso(),
    )
    transitionRight(state, entry, 'SUSPENDED', 'RIGHT_SUSPENDED', '2026-04-01T13:00:00.000Z')
    const report = verifyProvenance(entry.provenance, state.ring.directory('2026-04-02T00:00:00.000Z'), {
      subjects: [entry.right],
    })
    expect(report.failures).toEqual([])
    expect(entry.provenance.map((r) => r.provenanceAfterHash).at(-1)).toBe(entry.right.contentHash)
  })
})

describe('contentHash of flat entities (written without a copy)', () => {
  const reference = (entity: Record<string, unknown>) => {
    const { contentHash: _ignored, ...rest } = entity
    return `sha256:${createHash('sha256').update(sortedJson(rest), 'utf8').digest('hex')}`
  }
  it('is the SHA-256 of the sorted-key JSON without contentHash, for rights and for awkward keys and values', () => {
    const clock = createClock(Date.parse('2026-04-01T12:00:00.000Z'))
    const state = createEmptyWorld({ clock, derive: createDerive(4) })
    const right = issueRight(
      state,
      createDerive(4),
      {
        basisId: 'bas_0000000000000001',
        substrate: 'DOOH',
        scope: 'x',
        effectiveFrom: clock.iso(),
        effectiveUntil: null,
      },
      clock.iso(),
    ).right
    const entities: Record<string, unknown>[] = [
      right,
      { ...right, scope: 'Greater London: “King’s Cross”\n\\ \u2028 \ud800' },
      { b: 1, a: 'x', contentHash: 'ignored', c: null, d: true, '10': 1, '9': 2 },
      { n: Number.NaN, i: Number.POSITIVE_INFINITY, z: -0 },
      { 'a\u0000b': 1 },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      {},
      { contentHash: 'only' },
      { nested: { b: 1, a: 2 }, list: [3, { y: 1, x: 2 }] },
      { skipped: undefined, kept: 1 },
    ]
    for (let round = 0; round < 2; round++)
      for (const entity of entities) expect(contentHash(entity), JSON.stringify(entity)).toBe(reference(entity))
    expect(right.contentHash).toBe(reference(right))
  })
})
