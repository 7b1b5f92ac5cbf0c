// The EnfinitOS scenario catalogue: its names and areas; the tampered-pack scenarios checked with the proof core's
// verifier (exactly the catalogue's codes); the rotated-key scenario verifying. Every scenario against every operation
// it covers runs in the shared conformance cases (test/conformance/), through every runtime.
import { describe, expect, it } from 'vitest'
import type { Session } from '../mocks/core/session.js'
import type { FinalResponse } from '../mocks/core/types.js'
import { enfinitosContract } from '../mocks/enfinitos/contract.js'
import { TAMPERINGS } from '../mocks/enfinitos/proof/tamper.js'
import type { KeyDirectory, ProofPack } from '../mocks/enfinitos/proof/types.js'
import { verifyPack } from '../mocks/enfinitos/proof/verify.js'
import {
  enfinitosAreas,
  enfinitosScenarios,
  SCHEMA_INVALID_TAMPERINGS,
  TAMPER_SKIPPED_HEADER,
} from '../mocks/enfinitos/scenarios/index.js'
import type { EnfinitosState } from '../mocks/enfinitos/world.js'
import { createEngine } from './helpers/engine.js'

const engine = createEngine({ providers: ['enfinitos'] })
const newSession = () => engine.createSession('s', { seed: 7, clock: '2026-04-01T12:00:00.000Z' })
const ADMIN = 'sk_test_0123456789abcdef'

interface Req {
  method: string
  path: string
  query?: string
  body?: unknown
}

async function send(session: Session, req: Req, headers: Record<string, string> = {}): Promise<FinalResponse> {
  const bodyText = req.body === undefined ? undefined : JSON.stringify(req.body)
  return engine.handle(
    {
      method: req.method,
      path: req.path,
      query: req.query ?? '',
      headers: {
        authorization: `Bearer ${ADMIN}`,
        ...(bodyText ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(bodyText === undefined ? {} : { bodyText }),
    },
    session,
  )
}

/** The requests the tests below send beside the seal, with ids from the session's world. */
const registerBasis: Req = {
  method: 'POST',
  path: '/v1/rights/bases',
  body: { kind: 'CIVIC', description: 'Consent', effectiveFrom: '2026-01-01T00:00:00Z' },
}
const issueRight = (basisId: string): Req => ({
  method: 'POST',
  path: '/v1/rights/issue',
  body: { basisId, substrate: 'DOOH', scope: 'x', effectiveFrom: '2026-04-01T00:00:00Z' },
})
const observeDelivery = (rightId: string | undefined): Req => ({
  method: 'POST',
  path: '/v1/delivery',
  body: { rightId, spatialAnchorId: 'anchor_A', dwellMs: 3500 },
})
const activeRight = (state: EnfinitosState) =>
  [...state.rights.values()].map((e) => e.right).find((r) => r.status === 'ACTIVE' && r.parentRightId === null)

const allOperations = enfinitosContract.operations.map((o) => o.operationId)

describe('the catalogue', () => {
  it('has the hand-written scenarios and an area for every operation', () => {
    const names = enfinitosScenarios.map((s) => s.name)
    for (const name of [
      'enfinitos:rights.issue.basis-not-found',
      'enfinitos:delivery.observe.right-not-active',
      'enfinitos:proof-packs.seal.nothing-to-seal',
      'enfinitos:auth.invalid-key',
      'enfinitos:auth.forbidden',
      'enfinitos:empty-world',
      'enfinitos:proof-packs.rotated-key',
      'enfinitos:rate-limited',
    ]) {
      expect(names).toContain(name)
    }
    expect(new Set(names).size).toBe(names.length)
    expect(Object.keys(enfinitosAreas).sort()).toEqual([...allOperations].sort())
    expect(enfinitosScenarios.every((s) => s.description.length > 0 && !s.description.includes('\n'))).toBe(true)
    const tampered = names.filter((n) => n.startsWith('enfinitos:proof-packs.tampered.')).map((n) => n.split('.').pop())
    expect(tampered.length).toBeGreaterThan(5)
    expect(tampered).toEqual(TAMPERINGS.map((t) => t.name).filter((n) => !SCHEMA_INVALID_TAMPERINGS.includes(n)))
  })
})

describe('tampered proof packs', () => {
  const keysOf = async (session: Session, scenario: string): Promise<KeyDirectory> =>
    (await send(session, { method: 'GET', path: '/v1/runtime-keys' }, { 'x-standin-scenario': scenario }))
      .body as never as KeyDirectory

  for (const t of TAMPERINGS.filter((x) => !SCHEMA_INVALID_TAMPERINGS.includes(x.name))) {
    const name = `enfinitos:proof-packs.tampered.${t.name}`
    it(`${t.name}: fails the audit with exactly ${t.expected.join(', ')}`, async () => {
      const session = newSession()
      const header = { 'x-standin-scenario': name }
      const state = session.state<EnfinitosState>('enfinitos')
      const original = state.packs[0] as ProofPack
      const got = await send(session, { method: 'GET', path: `/v1/proof-packs/${original.packId}` }, header)
      const served = (got.body as { data: { proofPack: ProofPack } }).data.proofPack
      expect(served).not.toEqual(original)
      expect(enfinitosContract.validate('/components/schemas/ProofPack', served)).toEqual([])
      const directory = ((await keysOf(session, name)) as unknown as { data: KeyDirectory }).data
      expect(verifyPack(served, directory).failures).toEqual([...t.expected])

      const sealed = await send(session, { method: 'POST', path: '/v1/proof-packs/seal' }, header)
      const pack = (sealed.body as { data: { pack: ProofPack } }).data.pack
      const untampered = state.packs[1] as ProofPack
      const options =
        t.name === 'genesis-before-hash-not-null' ? {} : { priorAfterHash: untampered.records[0]?.beforeHash ?? null }
      const after = ((await keysOf(session, name)) as unknown as { data: KeyDirectory }).data
      expect(verifyPack(pack, after, options).failures).toEqual([...t.expected])
      expect(verifyPack(untampered, after, { priorAfterHash: original.records.at(-1)?.afterHash ?? null }).ok).toBe(
        true,
      )

      const list = await send(session, { method: 'GET', path: '/v1/proof-packs' }, header)
      const listed = (list.body as { data: { proofPacks: ProofPack[] } }).data.proofPacks
      expect(listed.length).toBeGreaterThan(1)
      for (const p of listed) {
        expect(verifyPack(p, after, p.records[0]?.beforeHash ? options : {}).ok).toBe(false)
      }
    })
  }

  it('serves a pack too small for its tampering untampered, and says so', async () => {
    const session = newSession()
    session.use('enfinitos:empty-world')
    const state = session.state<EnfinitosState>('enfinitos')
    const issue = await send(session, registerBasis)
    const basisId = (issue.body as { data: { basis: { id: string } } }).data.basis.id
    const right = await send(session, issueRight(basisId))
    const rightId = (right.body as { data: { right: { id: string } } }).data.right.id
    expect((await send(session, observeDelivery(rightId))).status).toBe(200)
    const sealed = await send(
      session,
      { method: 'POST', path: '/v1/proof-packs/seal' },
      { 'x-standin-scenario': 'enfinitos:proof-packs.tampered.records-swapped' },
    )
    expect(sealed.headers[TAMPER_SKIPPED_HEADER]).toContain('records-swapped')
    expect(
      verifyPack(
        (sealed.body as { data: { pack: ProofPack } }).data.pack,
        state.ring.directory('2026-04-02T00:00:00.000Z'),
      ).ok,
    ).toBe(true)
  })
})

describe('rotated key', () => {
  it('packs signed by the rotated key verify against the published directory, new receipts use the new key', async () => {
    const session = newSession()
    session.use('enfinitos:proof-packs.rotated-key')
    const state = session.state<EnfinitosState>('enfinitos')
    const before = state.ring.entries[0]?.key.keyId
    const directory = (
      (await send(session, { method: 'GET', path: '/v1/runtime-keys' })).body as { data: KeyDirectory }
    ).data
    expect(directory.keys).toHaveLength(2)
    expect(directory.keys[0]).toMatchObject({ keyId: before, notAfter: '2026-04-01T12:00:00.000Z', revokedAt: null })
    const sealed = (
      (await send(session, { method: 'POST', path: '/v1/proof-packs/seal' })).body as { data: { pack: ProofPack } }
    ).data.pack
    expect(new Set(sealed.records.map((r) => r.keyId))).toEqual(new Set([before]))
    const prior = state.packs[0] as ProofPack
    const options = { priorAfterHash: prior.records.at(-1)?.afterHash ?? null }
    expect(verifyPack(sealed, directory, options).failures).toEqual([])
    expect(verifyPack(prior, directory).failures).toEqual([])
    const receipt = await send(session, observeDelivery(activeRight(state)?.id))
    expect((receipt.body as { data: { receipt: { keyId: string } } }).data.receipt.keyId).toBe(directory.keys[1]?.keyId)
    const next = (
      (await send(session, { method: 'POST', path: '/v1/proof-packs/seal' })).body as { data: { pack: ProofPack } }
    ).data.pack
    expect(verifyPack(next, directory, { priorAfterHash: sealed.records.at(-1)?.afterHash ?? null }).ok).toBe(true)
  })
})
