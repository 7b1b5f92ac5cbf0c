/**
 * Typed fixture builders (`standin.enfinitos.build.*`): complete, contract-valid entities with any field overridden.
 * Ids have the right prefixes and come from their own `enfinitos.fixture.*` counters, so building fixtures never
 * shifts the ids the mock gives its own entities; `orgId` defaults to the session's sandbox org; `contentHash` is
 * recomputed after the overrides (unless `contentHash` itself is overridden, e.g. for a tampered fixture).
 * `world()` is called at build time, so fixtures follow the live session clock and seed.
 *
 * Texts are realistic and differ from fixture to fixture: each fixture draws a UK venue (venues.ts) from a Faker
 * seeded for that fixture's id alone (core/seeded-faker.ts), so its scope, description or anchor depend on the seed and
 * the fixture's id, never on what was built before it.
 */
import { entityFaker } from '../core/seeded-faker.js'
import type { WorldContext } from '../core/types.js'
import { bytesToHex } from '../platform/crypto.js'
import { newId, proofSeed, sandboxOrgId } from './ids.js'
import { DEFAULT_OFFER_LIFETIME_MS } from './offers-model.js'
import { deriveSigningKey } from './proof/keys.js'
import { signReceipt } from './proof/receipt.js'
import type { ReceiptPayload, ReceiptRecord } from './proof/types.js'
import { withContentHash } from './rights-model.js'
import { DAY, iso } from './time.js'
import type { Basis, Challenge, Offer, Right } from './types.js'
import { drawVenue, type Venue, ZONES } from './venues.js'

const FIXTURE = 'enfinitos.fixture'

function hashed<T extends { contentHash: string }>(entity: T, overrides: Partial<T>): T {
  const merged = { ...entity, ...overrides }
  return overrides.contentHash === undefined ? withContentHash(merged) : merged
}

export function createEnfinitosFactories(world: () => WorldContext) {
  const now = () => world().clock.iso()
  const midnight = () => iso(Math.floor(world().clock.nowMs() / DAY) * DAY)
  const id = (kind: Parameters<typeof newId>[1]) => newId(world().derive, kind, FIXTURE)
  /**
   * The id of the `kind` a fixture (`owner`, its id) refers to (a right's basis, an offer's counterparty), derived
   * from the owner's id: building a right never shifts the id (and so the texts) of the next basis built.
   */
  const ref = (kind: Parameters<typeof newId>[1], owner: string) =>
    newId(world().derive, kind, `${FIXTURE}.ref.${owner}`)
  /** The venue of the fixture `key` (its id), and the zone of it a scope names. */
  const venueOf = (key: string): { venue: Venue; zone: string } => {
    const f = entityFaker(world().derive, 'enfinitos.fixture.venue', key)
    const venue = drawVenue(f, 0)
    return { venue, zone: f.helpers.arrayElement(ZONES[venue.kind]) }
  }

  return {
    basis(overrides: Partial<Basis> = {}): Basis {
      const basisId = id('basis')
      const { venue } = venueOf(basisId)
      return hashed<Basis>(
        {
          id: basisId,
          orgId: sandboxOrgId(world().derive),
          kind: venue.basisKind,
          description: venue.description,
          effectiveFrom: midnight(),
          effectiveUntil: null,
          contentHash: '',
          createdAt: now(),
        },
        overrides,
      )
    },

    right(overrides: Partial<Right> = {}): Right {
      const rightId = id('right')
      const { venue, zone } = venueOf(rightId)
      return hashed<Right>(
        {
          id: rightId,
          orgId: sandboxOrgId(world().derive),
          basisId: ref('basis', rightId),
          parentRightId: null,
          substrate: 'DOOH',
          scope: `${venue.name}: ${zone}`,
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
      const offerId = id('offer')
      const { venue, zone } = venueOf(offerId)
      return hashed<Offer>(
        {
          id: offerId,
          fromOrgId: sandboxOrgId(world().derive),
          toOrgId: ref('org', offerId),
          rightId: ref('right', offerId),
          scope: `${venue.name}: ${zone}, weekday mornings`,
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
      const challengeId = id('challenge')
      const { venue, zone } = venueOf(challengeId)
      return {
        id: challengeId,
        rightId: ref('right', challengeId),
        challengerOrgId: ref('org', challengeId),
        reason: `The ${zone} at ${venue.name} are covered by our exclusive display licence (ref ${venue.postcode.split(' ')[0]}-DL-0113).`,
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
      const { venue } = venueOf(`rec_${n}`)
      const issuedAt = overrides.issuedAt ?? now()
      const dwellMs = overrides.dwellMs ?? 3500
      const payload: ReceiptPayload = {
        version: '1',
        receiptId: `rec_${n}`,
        correlationId: null,
        spatialAnchorId: venue.anchors[0] as string,
        spatialPlacementId: null,
        issuedAt,
        renderedAt: iso(Date.parse(issuedAt) - dwellMs),
        dwellMs,
        nonce: bytesToHex(derive.bytes(`${FIXTURE}.nonce`, n, 16)),
        witness: null,
        ...overrides,
      }
      return signReceipt(payload, deriveSigningKey(proofSeed(derive, 'key-ring'), 0), beforeHash)
    },
  }
}

export type EnfinitosFactories = ReturnType<typeof createEnfinitosFactories>
