/**
 * The worlds a session starts from.
 *
 * Both worlds have the sandbox org (`org_` + 16 hex from the seed), its developer id, a signing key ring
 * and a receipt issuer derived from the session seed (so the key directory is stable across resets).
 *
 * The seeded world tells one story, every timestamp before the clock's start and in order: three bases (a TfL
 * advertising concession, a freehold title, a council consent); eight rights (four ACTIVE, one SUSPENDED after an
 * upheld challenge, one REVOKED, one EXPIRED, one derived from an accepted offer); a PROPOSED offer; an OPEN and a
 * resolved challenge; a sealed proof pack of four deliveries and three deliveries observed since (signed, chained);
 * a webhook subscription with a DELIVERED, a DEAD_LETTERED (to replay) and a PENDING (due) delivery.
 */
import type { Derive, WorldContext } from '../core/types.js'
import { commitPack, recordObservation } from './deliveries-model.js'
import { newId, proofSeed, sandboxDeveloperId, sandboxOrgId } from './ids.js'
import { acceptOffer, createOffer } from './offers-model.js'
import { KeyRing } from './proof/keys.js'
import { ReceiptIssuer } from './proof/receipt.js'
import { sealPack } from './proof/seal.js'
import type { ReceiptRecord } from './proof/types.js'
import { expireDue, issueRight, registerBasis, transitionRight } from './rights-model.js'
import type { EnfinitosState } from './state.js'
import { DAY, HOUR, iso, MINUTE, SECOND } from './time.js'
import type { Challenge, WebhookDelivery } from './types.js'
import { emptyWebhookState } from './webhook-state.js'
import { createSubscription, RETRY_DELAYS_MS, seedEvent } from './webhooks-model.js'
import { createLargeWorld } from './world-large.js'

export type { EnfinitosState } from './state.js'

/**
 * When the session's first signing key became valid: the Unix epoch, so that a test may set the session clock to any
 * instant from 1970 on (say, back to 2025 to replay an old campaign) and every right, provenance record and receipt
 * is still signed by a key the directory shows valid at that time. A session that starts before 1971 gets a key
 * valid from 400 days before its start instead. Signing at an instant before the key's notBefore is refused with a
 * 500 that says so, and nothing is written (behaviours/index.ts).
 */
export const KEY_RING_NOT_BEFORE = '1970-01-01T00:00:00.000Z'
const KEY_LEAD_DAYS = 400

function keyRingNotBefore(startMs: number): string {
  const midnight = Math.floor(startMs / DAY) * DAY
  return iso(Math.min(Date.parse(KEY_RING_NOT_BEFORE), midnight - KEY_LEAD_DAYS * DAY))
}

/** The org, keys and issuer, with no entities. */
export function createEmptyWorld(ctx: WorldContext): EnfinitosState {
  const { derive, clock } = ctx
  return {
    orgId: sandboxOrgId(derive),
    developerId: sandboxDeveloperId(derive),
    ring: KeyRing.create({ seed: proofSeed(derive, 'key-ring'), notBefore: keyRingNotBefore(clock.nowMs()) }),
    issuer: new ReceiptIssuer({ seed: proofSeed(derive, 'receipts') }),
    bases: new Map(),
    rights: new Map(),
    offers: new Map(),
    challenges: new Map(),
    nextExpiryMs: Number.POSITIVE_INFINITY,
    rightCounts: new Map(),
    receipts: [],
    observations: new Map(),
    unsealed: [],
    packs: [],
    packsById: new Map(),
    webhooks: emptyWebhookState(),
  }
}

function observe(
  state: EnfinitosState,
  derive: Derive,
  rightId: string,
  n: number,
  anchor: string,
  placement: string | null,
  at: number,
) {
  const record: ReceiptRecord = state.issuer.issue(
    {
      orgId: state.orgId,
      spatialAnchorId: anchor,
      spatialPlacementId: placement,
      correlationId: n % 2 === 0 ? `corr_${derive.hexAt('enfinitos.world-correlation', n)}` : null,
      dwellMs: derive.int('enfinitos.world-dwell', n, 2_000, 30_000),
    },
    { at: iso(at), ring: state.ring },
  )
  recordObservation(state, record, rightId, null)
  return record
}

function challenge(state: EnfinitosState, derive: Derive, fields: Omit<Challenge, 'id'>): Challenge {
  const created: Challenge = { id: newId(derive, 'challenge'), ...fields }
  state.challenges.set(created.id, created)
  return created
}

/** The UTC year of an ISO instant. */
const yearOf = (instant: string) => instant.slice(0, 4)

/** The seeded world of the session's size: the small story below, or the large world (world-large.ts). */
export function createWorld(ctx: WorldContext): EnfinitosState {
  return ctx.size === 'large' ? createLargeWorld(ctx, createEmptyWorld(ctx)) : createSmallWorld(ctx)
}

function createSmallWorld(ctx: WorldContext): EnfinitosState {
  const { derive, clock } = ctx
  const state = createEmptyWorld(ctx)
  const start = clock.nowMs()
  const midnight = Math.floor(start / DAY) * DAY
  const day = (n: number, hours = 0, minutes = 0) => iso(midnight + n * DAY + hours * HOUR + minutes * MINUTE)
  const [partnerA, partnerB, partnerC] = [newId(derive, 'org'), newId(derive, 'org'), newId(derive, 'org')] as const

  const tfl = registerBasis(
    state,
    derive,
    {
      kind: 'CONTRACTUAL',
      // The years follow the session clock, like the dates: the text never contradicts the effective period.
      description: `Transport for London advertising concession ${yearOf(day(-120))}: Underground and Overground station estate (contract TfL/CM/${yearOf(day(-120))}/0117)`,
      effectiveFrom: day(-120),
      effectiveUntil: day(245, 23, 59),
    },
    day(-125, 9, 15),
  )
  const kingsCross = registerBasis(
    state,
    derive,
    {
      kind: 'PROPERTY',
      description: 'Freehold title to the King’s Cross concourse screens (HM Land Registry title NGL123456)',
      effectiveFrom: day(-200),
      effectiveUntil: null,
    },
    day(-124, 10, 2),
  )
  issueRight(
    state,
    derive,
    {
      basisId: kingsCross.id,
      substrate: 'DOOH',
      scope: 'London Bridge station: seasonal campaign screens',
      effectiveFrom: day(-122),
      effectiveUntil: day(-20, 23, 59),
    },
    day(-123, 11, 30),
  )
  const london = issueRight(
    state,
    derive,
    {
      basisId: tfl.id,
      substrate: 'DOOH',
      scope: 'Greater London',
      effectiveFrom: day(-120),
      effectiveUntil: day(245, 23, 59),
    },
    day(-118, 16, 42),
  )
  const concourse = issueRight(
    state,
    derive,
    {
      basisId: kingsCross.id,
      substrate: 'DOOH',
      scope: 'King’s Cross concourse',
      effectiveFrom: day(-110),
      effectiveUntil: null,
    },
    day(-110, 9),
  )
  const camden = issueRight(
    state,
    derive,
    {
      basisId: tfl.id,
      substrate: 'CTV',
      scope: 'Camden and Islington',
      effectiveFrom: day(-100),
      effectiveUntil: day(245, 23, 59),
    },
    day(-100, 13, 20),
  )
  const zoneOne = issueRight(
    state,
    derive,
    {
      basisId: tfl.id,
      substrate: 'MOBILE',
      scope: 'Zone 1 stations (Bluetooth proximity)',
      effectiveFrom: day(-90),
      effectiveUntil: day(245, 23, 59),
    },
    day(-90, 11),
  )
  const westminster = registerBasis(
    state,
    derive,
    {
      kind: 'CIVIC',
      description:
        'Westminster City Council advertisement consent for street furniture on Oxford Street and Regent Street (ref 26/00418/ADV)',
      effectiveFrom: day(-60),
      effectiveUntil: day(305, 23, 59),
    },
    day(-61, 14),
  )
  issueRight(
    state,
    derive,
    {
      basisId: westminster.id,
      substrate: 'GLASSES',
      scope: 'Oxford Street and Regent Street',
      effectiveFrom: day(-60),
      effectiveUntil: day(305, 23, 59),
    },
    day(-60, 10),
  )
  const oxfordStreet = issueRight(
    state,
    derive,
    {
      basisId: westminster.id,
      substrate: 'DOOH',
      scope: 'Oxford Street',
      effectiveFrom: day(-55),
      effectiveUntil: day(305, 23, 59),
    },
    day(-55, 10),
  )
  transitionRight(state, zoneOne, 'SUSPENDED', 'RIGHT_SUSPENDED', day(-40, 9))
  transitionRight(state, zoneOne, 'REVOKED', 'RIGHT_REVOKED', day(-35, 17))

  const { subscription } = createSubscription(
    state,
    derive,
    {
      url: 'https://hooks.example.com/enfinitos/events',
      events: ['right.issued', 'right.suspended', 'right.revoked', 'proof_pack.sealed', 'delivery.observed'],
      label: 'Rights, deliveries and proof packs',
    },
    day(-30, 12),
  )

  // A competing licence, upheld: the CTV right over Camden and Islington is suspended.
  challenge(state, derive, {
    rightId: camden.right.id,
    challengerOrgId: partnerC,
    reason: 'The Camden Town screens are covered by our exclusive 2025-2028 display licence (ref CT-DL-0442).',
    status: 'RESOLVED_UPHELD',
    resolvedAt: day(-14, 11),
    resolution: 'Licence CT-DL-0442 confirmed by the venue; the right is suspended pending renegotiation.',
    createdAt: day(-15, 16),
  })
  transitionRight(state, camden, 'SUSPENDED', 'RIGHT_SUSPENDED', day(-14, 12))
  const suspendedNotice: WebhookDelivery = {
    id: newId(derive, 'webhookDelivery'),
    subscriptionId: subscription.subscriptionId,
    event: 'right.suspended',
    status: 'DELIVERED',
    attempts: 1,
    nextAttemptAt: null,
    lastAttemptAt: iso(Date.parse(day(-14, 12)) + 850),
    lastResponseStatus: 200,
    createdAt: day(-14, 12),
  }
  state.webhooks.deliveries.set(suspendedNotice.id, suspendedNotice)
  seedEvent(state, derive, suspendedNotice, state.rights.get(camden.right.id)?.right)
  state.webhooks.subscriptions.set(subscription.subscriptionId, {
    ...subscription,
    lastDeliveredAt: suspendedNotice.lastAttemptAt,
  })

  const offer = createOffer(
    state,
    derive,
    {
      right: london.right,
      fromOrgId: state.orgId,
      toOrgId: partnerA,
      scope: 'Greater London: King’s Cross St Pancras station, weekday mornings',
      termsRef: 'terms/2026/kx-weekday-mornings-v2',
      expiresAt: day(-3),
    },
    day(-10, 15),
  )
  acceptOffer(state, derive, offer, london.right, day(-9, 10, 30))

  // The right each delivery was observed against: the concourse's, Oxford Street's, or TfL's Greater London one.
  const rightAt = (anchor: string) =>
    anchor.startsWith('anchor_kgx')
      ? concourse.right.id
      : anchor.startsWith('anchor_oxst')
        ? oxfordStreet.right.id
        : london.right.id
  // Four deliveries sealed into the org's first pack; the endpoint was down, so its webhook is dead-lettered.
  const anchors = ['anchor_kgx_concourse_01', 'anchor_kgx_concourse_02', 'anchor_oxst_0112', 'anchor_lbg_0007']
  anchors.forEach((anchor, n) => {
    observe(
      state,
      derive,
      rightAt(anchor),
      n,
      anchor,
      n % 2 === 0 ? `place_${anchor.slice(7)}_a` : null,
      start - 3 * DAY + n * 90 * SECOND,
    )
  })
  const pack = sealPack({ orgId: state.orgId, records: state.unsealed, issuedAt: iso(start - 3 * DAY + HOUR) })
  commitPack(state, pack)
  let lastAttempt = Date.parse(pack.issuedAt)
  for (const delay of RETRY_DELAYS_MS) lastAttempt += delay
  const deadLettered: WebhookDelivery = {
    id: newId(derive, 'webhookDelivery'),
    subscriptionId: subscription.subscriptionId,
    event: 'proof_pack.sealed',
    status: 'DEAD_LETTERED',
    attempts: 5,
    nextAttemptAt: null,
    lastAttemptAt: iso(lastAttempt),
    lastResponseStatus: 503,
    createdAt: pack.issuedAt,
  }
  state.webhooks.deliveries.set(deadLettered.id, deadLettered)
  seedEvent(state, derive, deadLettered, pack)

  createOffer(
    state,
    derive,
    {
      right: concourse.right,
      fromOrgId: state.orgId,
      toOrgId: partnerB,
      scope: 'King’s Cross concourse: screens 1-4, weekday evenings',
      termsRef: 'terms/2026/kx-concourse-evenings-v1',
      expiresAt: day(5, 12),
    },
    day(-2, 11),
  )
  challenge(state, derive, {
    rightId: concourse.right.id,
    challengerOrgId: partnerC,
    reason: 'Screens 5-8 of the concourse are covered by our display licence KX-DL-0113 (2025-2028).',
    status: 'OPEN',
    resolvedAt: null,
    resolution: null,
    createdAt: day(-1, 9, 45),
  })

  // Three deliveries observed in the last hours, not sealed yet; the last one's webhook is due.
  const recent: [string, string | null][] = [
    ['anchor_kgx_concourse_01', 'place_kgx_concourse_01_a'],
    ['anchor_kgx_concourse_03', null],
    ['anchor_oxst_0112', 'place_oxst_0112_b'],
  ]
  recent.forEach(([anchor, placement], i) => {
    observe(state, derive, rightAt(anchor), anchors.length + i, anchor, placement, start - (3 - i) * HOUR)
  })
  const due: WebhookDelivery = {
    id: newId(derive, 'webhookDelivery'),
    subscriptionId: subscription.subscriptionId,
    event: 'delivery.observed',
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: iso(start - HOUR),
    lastAttemptAt: null,
    lastResponseStatus: null,
    createdAt: iso(start - HOUR),
  }
  state.webhooks.deliveries.set(due.id, due)
  seedEvent(state, derive, due, state.receipts[state.receipts.length - 1])

  // The Christmas campaign right ended 20 days ago: EXPIRED, recorded at its effectiveUntil.
  expireDue(state, iso(start))
  return state
}
