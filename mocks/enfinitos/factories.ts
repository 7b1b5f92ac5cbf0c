/**
 * Typed fixture builders (`standin.enfinitos.build.*`): complete, contract-valid entities with any field overridden.
 * Ids have the right prefixes and come from their own `enfinitos.fixture.*` counters, so building fixtures never
 * shifts the ids the mock gives its own entities; `orgId` defaults to the session's sandbox org; `contentHash` is
 * recomputed after the overrides (unless `contentHash` itself is overridden, e.g. for a tampered fixture).
 * `world()` is called at build time, so fixtures follow the live session clock and seed.
 */
import type { WorldContext } from '../core/types.js'
import { newId, proofSeed, sandboxOrgId } from './ids.js'
import { DEFAULT_OFFER_LIFETIME_MS } from './offers-model.js'
import { deriveSigningKey } from './proof/keys.js'
import { signReceipt } from './proof/receipt.js'
import type { ReceiptPayload, ReceiptRecord } from './proof/types.js'
import { withContentHash } from './rights-model.js'
import { DAY, iso } from './time.js'
import type { Basis, Challenge, Offer, Right } from './types.js'

const FIXTURE = 'enfinitos.fixture'

function hashed<T extends { contentHash: string }>(entity: T, overrides: Partial<T>): T {
  const merged = { ...entity, ...overrides }
  return overrides.contentHash === undefined ? withContentHash(merged) : merged
}

export function createEnfinitosFactories(world: () => WorldContext) {
  const now = () => world().clock.iso()
  const midnight = () => iso(Math.floor(world().clock.nowMs() / DAY) * DAY)
  const id = (kind: Parameters<typeof newId>[1]) => newId(world().derive, kind, FIXTURE)

  return {
    basis(overrides: Partial<Basis> = {}): Basis {
      return hashed<Basis>(
        {
          id: id('basis'),
          orgId: sandboxOrgId(world().derive),
          kind: 'PROPERTY',
          description: 'Freehold title to the King’s Cross concourse screens (HM Land Registry title NGL123456)',
          effectiveFrom: midnight(),
          effectiveUntil: null,
          contentHash: '',
          createdAt: now(),
        },
        overrides,
      )
    },

    right(overrides: Partial<Right> = {}): Right {
      return hashed<Right>(
        {
          id: id('right'),
          orgId: sandboxOrgId(world().derive),
          basisId: id('basis'),
          parentRightId: null,
          substrate: 'DOOH',
          scope: 'Greater London',
          status: 'ACTIVE',
          effectiveFrom: midnight(),
          effectiveUntil: null,
          contentHash: '',
          createdAt: now(),
        },
        overrides,
      )
    },

    offer(overrides: Partial<Offer> = {}): Offer {
      return hashed<Offer>(
        {
          id: id('offer'),
          fromOrgId: sandboxOrgId(world().derive),
          toOrgId: id('org'),
          rightId: id('right'),
          scope: 'Greater London: King’s Cross concourse, weekday mornings',
          termsRef: null,
          status: 'PROPOSED',
          expiresAt: iso(world().clock.nowMs() + DEFAULT_OFFER_LIFETIME_MS),
          derivedRightId: null,
          contentHash: '',
          createdAt: now(),
        },
        overrides,
      )
    },

    challenge(overrides: Partial<Challenge> = {}): Challenge {
      return {
        id: id('challenge'),
        rightId: id('right'),
        challengerOrgId: id('org'),
        reason: 'The concourse screens are covered by our exclusive 2025-2028 display licence (ref KX-DL-0113).',
        status: 'OPEN',
        resolvedAt: null,
        resolution: null,
        createdAt: now(),
        ...overrides,
      }
    },

    /**
     * A signed receipt record, signed by the session's first runtime key (the one `GET /v1/runtime-keys` publishes
     * first), so it verifies against the mock's directory. Payload fields may be overridden; `beforeHash` defaults to
     * null (genesis).
     */
    receipt(overrides: Partial<ReceiptPayload> = {}, beforeHash: string | null = null): ReceiptRecord {
      const { derive } = world()
      const n = derive.nextHex(`${FIXTURE}.receipt`)
      const issuedAt = overrides.issuedAt ?? now()
      const dwellMs = overrides.dwellMs ?? 3500
      const payload: ReceiptPayload = {
        version: '1',
        receiptId: `rec_${n}`,
        correlationId: null,
        spatialAnchorId: 'anchor_kgx_concourse_01',
        spatialPlacementId: null,
        issuedAt,
        renderedAt: iso(Date.parse(issuedAt) - dwellMs),
        dwellMs,
        nonce: derive.bytes(`${FIXTURE}.nonce`, n, 16).toString('hex'),
        witness: null,
        ...overrides,
      }
      return signReceipt(payload, deriveSigningKey(proofSeed(derive, 'key-ring'), 0), beforeHash)
    },
  }
}

export type EnfinitosFactories = ReturnType<typeof createEnfinitosFactories>
