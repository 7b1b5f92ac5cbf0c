/**
 * Proof-pack scenarios: nothing to seal; one scenario per tampering of the proof core's catalogue (the served packs
 * are wire-valid, they validate against the ProofPack schema, but fail an audit with exactly the catalogue's codes);
 * and a key rotation that leaves every pack verifiable with the published directory.
 */
import type { components } from '../../../generated/enfinitos.js'
import type { Scenario } from '../../core/scenarios.js'
import type { Derive } from '../../core/types.js'
import type { KeyRing } from '../proof/keys.js'
import { TAMPERINGS, TamperError, type Tampering, type TamperingName } from '../proof/tamper.js'
import type { ProofPack } from '../proof/types.js'
import type { EnfinitosState } from '../state.js'
import { emitEvent } from '../webhooks-model.js'
import { custom, editSuccess, respond } from './actions.js'

type WirePack = components['schemas']['ProofPack']

/**
 * Tamperings left out: `signature-padded` makes the signature 87 characters with `=`, which the contract's
 * Ed25519Signature (`^[A-Za-z0-9_-]{86}$`) rejects, so a pack carrying it is not wire-valid and the mock may not serve
 * it (the verifier's SIGNATURE_MALFORMED stays covered by the proof core's own tests).
 */
export const SCHEMA_INVALID_TAMPERINGS: readonly TamperingName[] = ['signature-padded']

/** The header a tampered-pack scenario adds when a pack is too small for its tampering (served untampered). */
export const TAMPER_SKIPPED_HEADER = 'x-standin-tamper-skipped'

// The wire type (generated) and the proof core's type describe the same JSON; the core's is stricter (witness JSON).
const toCore = (pack: WirePack) => pack as unknown as ProofPack
const toWire = (pack: ProofPack) => pack as unknown as WirePack

function tamper(t: Tampering, pack: WirePack, ring: KeyRing): { pack: WirePack; skipped?: string } {
  try {
    return { pack: toWire(t.apply(toCore(pack), ring).pack) }
  } catch (err) {
    if (err instanceof TamperError) return { pack, skipped: `${t.name}: ${err.message}` }
    throw err
  }
}

const skippedHeaders = (skipped: (string | undefined)[]): Record<string, string> => {
  const reasons = skipped.filter((s): s is string => s !== undefined)
  return reasons.length ? { [TAMPER_SKIPPED_HEADER]: reasons.join('; ') } : {}
}

/**
 * The directory when packs are re-signed by a key revoked before their records: the tampering publishes that key
 * (revokedAt set), one per pack, so the auditor sees KEY_REVOKED_BEFORE_ISSUANCE rather than UNKNOWN_KEY_ID.
 */
function ringWithTamperKeys(t: Tampering, state: EnfinitosState): KeyRing {
  let ring = state.ring
  for (const pack of state.packs) {
    try {
      ring = t.apply(pack, ring).ring
    } catch (err) {
      if (!(err instanceof TamperError)) throw err
    }
  }
  return ring
}

function tamperedPackScenario(t: Tampering): Scenario {
  return {
    name: `enfinitos:proof-packs.tampered.${t.name}`,
    description: `Proof packs are served tampered (${t.description}); an auditor reports ${t.expected.join(', ')}.`,
    provider: 'enfinitos',
    operations: {
      ...editSuccess('getProofPack', (body, call) => {
        const out = tamper(t, body.data.proofPack, call.state.ring)
        return { body: { ...body, data: { proofPack: out.pack } }, headers: skippedHeaders([out.skipped]) }
      }),
      ...editSuccess('sealProofPack', (body, call) => {
        if (body.data.pack === null) return { body }
        const out = tamper(t, body.data.pack, call.state.ring)
        return { body: { ...body, data: { ...body.data, pack: out.pack } }, headers: skippedHeaders([out.skipped]) }
      }),
      ...editSuccess('listProofPacks', (body, call) => {
        const outs = body.data.proofPacks.map((pack) => tamper(t, pack, call.state.ring))
        return {
          body: { ...body, data: { ...body.data, proofPacks: outs.map((o) => o.pack) } },
          headers: skippedHeaders(outs.map((o) => o.skipped)),
        }
      }),
      ...(t.name === 'signed-by-revoked-key'
        ? editSuccess('getRuntimeKeys', (body, call) => ({
            body: { ...body, data: ringWithTamperKeys(t, call.state).directory(body.data.issuedAt) },
          }))
        : {}),
    },
  }
}

/**
 * The ring rotated now, once per world: the old key stays published with notAfter set. Announced by `key.issued`
 * and `key.rotated` webhooks, both carrying the new key.
 */
function ensureRotated(state: EnfinitosState, derive: Derive, at: string): void {
  if (state.ring.entries.length !== 1) return
  state.ring = state.ring.rotate(at)
  const key = state.ring.directory(at).keys.at(-1)
  emitEvent(state, derive, 'key.issued', at, key)
  emitEvent(state, derive, 'key.rotated', at, key)
}

const rotatedKey: Scenario = {
  name: 'enfinitos:proof-packs.rotated-key',
  description:
    'The signing key is rotated when this scenario first answers: packs signed by the old key still verify against the published directory (old key with notAfter), new receipts are signed by the new key.',
  provider: 'enfinitos',
  operations: Object.fromEntries(
    (['getRuntimeKeys', 'sealProofPack', 'listProofPacks', 'getProofPack', 'observeDelivery'] as const).flatMap((op) =>
      Object.entries(
        custom(op, (call, next) => {
          ensureRotated(call.state, call.derive, call.clock.iso())
          return next()
        }),
      ),
    ),
  ),
}

export const proofPackScenarios: Scenario[] = [
  {
    name: 'enfinitos:proof-packs.seal.nothing-to-seal',
    description: 'POST /v1/proof-packs/seal finds nothing observed since the last seal: `pack: null, sealed: false`.',
    provider: 'enfinitos',
    operations: respond('sealProofPack', 200, {
      ok: true,
      data: { pack: null, sealed: false },
      contractVersion: 'v1.0',
    }),
  },
  ...TAMPERINGS.filter((t) => !SCHEMA_INVALID_TAMPERINGS.includes(t.name)).map(tamperedPackScenario),
  rotatedKey,
]
