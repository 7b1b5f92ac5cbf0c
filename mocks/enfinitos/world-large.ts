/**
 * The large seeded world (`world: 'large'`, docs/world.md): the sandbox org with 200 UK venues (one basis each),
 * 5,000 rights across them in every status, offers and challenges over them, and a month of deliveries at their
 * screens, sealed into one proof pack a day, the last day's still unsealed.
 *
 * Start-up stays fast because little is built up front. Venues and bases are built at once (200 seeded Fakers). Rights
 * are planned (id, venue, substrate, dates, lifecycle: one hash each), counted for paging and filters, and built on
 * their first read: scope drawn from their own Faker, contentHash, signed provenance (rights-model.ts, PlannedEntry).
 * The month of deliveries (receipts signed and chained by the session's issuer, packs sealed with their metering and
 * settlement) is built whole on the first read of anything that depends on it: a delivery, a seal, a pack, metering
 * or settlement. Every value derives from (seed, kind, ordinal), so the bytes are the same in any read order.
 */
import { entityFaker } from '../core/seeded-faker.js'
import type { Derive, WorldContext } from '../core/types.js'
import { commitPack, recordObservation } from './deliveries-model.js'
import { idAt, newId, reserveId } from './ids.js'
import { acceptOffer, createOffer } from './offers-model.js'
import { sealPack } from './proof/seal.js'
import { commitPlannedRights, type PlannedRight, registerBasis } from './rights-model.js'
import type { EnfinitosState, RightEntry } from './state.js'
import { DAY, HOUR, iso, MINUTE } from './time.js'
import type { Basis, Challenge, RightStatus } from './types.js'

type ChallengeStatus = Challenge['status']

import { SUBSTRATES, type Venue, venueAt, ZONES } from './venues.js'

/** The sizes of the large world. */
export const LARGE_WORLD = {
  venues: 200,
  rights: 5000,
  /** Days of deliveries: one pack sealed per day, the last day's deliveries left unsealed. */
  days: 30,
  /** Deliveries a day, at least and at most. */
  deliveriesPerDay: [80, 160] as const,
  offers: 120,
  challenges: 150,
} as const

/**
 * About what each part of the large world holds on the heap (measured with scripts/world-startup.ts and a heap
 * snapshot per part, rounded up), reported to the session as it is built (WorldContext.grow) so a server's memory
 * budget sees the world as it is: what start-up builds, the month of deliveries, each right once built.
 */
export const LARGE_WORLD_HEAP = { start: 5 * 1024 * 1024, month: 10 * 1024 * 1024, right: 1024 } as const

const DAYPARTS = ['', '', ', weekday mornings', ', weekday evenings', ', weekends', ', peak hours'] as const

/** A byte of the right's plan bytes as a number in [0, n). */
const pickOf = (bytes: Uint8Array, at: number, n: number) => ((bytes[at] ?? 0) * 256 + (bytes[at + 1] ?? 0)) % n

interface Planned extends PlannedRight {
  venue: Venue
  status: RightStatus
}

type Lifecycle = PlannedRight['events']
const ALWAYS_ACTIVE: Lifecycle = []

/** The lifecycle of a right: most stay ACTIVE; some were suspended, revoked or have expired (at effectiveUntil). */
function lifecycle(bytes: Uint8Array, createdMs: number, untilMs: number | null, nowMs: number): Lifecycle {
  if (untilMs !== null && untilMs < nowMs) return [{ status: 'EXPIRED', event: 'RIGHT_EXPIRED', atMs: untilMs }]
  const roll = pickOf(bytes, 10, 100)
  const at = (fraction: number) => createdMs + Math.floor((nowMs - createdMs) * fraction)
  if (roll < 5) return [{ status: 'SUSPENDED', event: 'RIGHT_SUSPENDED', atMs: at(0.6) }]
  if (roll < 8) {
    return [
      { status: 'SUSPENDED', event: 'RIGHT_SUSPENDED', atMs: at(0.4) },
      { status: 'REVOKED', event: 'RIGHT_REVOKED', atMs: at(0.7) },
    ]
  }
  if (roll < 10) return [{ status: 'REVOKED', event: 'RIGHT_REVOKED', atMs: at(0.5) }]
  return ALWAYS_ACTIVE
}

/**
 * Right k (1-based) of the world, planned from one derived hash: its venue, substrate, dates and lifecycle. Its scope
 * (the venue's name, which the venue's own Faker drew, a zone and a daypart picked by the right's hash) is written
 * on first read.
 */
function planRight(
  derive: Derive,
  k: number,
  org: string,
  venues: readonly Venue[],
  bases: readonly Basis[],
  now: number,
) {
  const bytes = derive.bytes('enfinitos.large.right', k, 16)
  const v = pickOf(bytes, 0, venues.length)
  const venue = venues[v] as Venue
  // Issued in order over the year before the month of deliveries and the month itself, after every basis.
  const createdMs =
    now - 380 * DAY + Math.floor(((k - 1) * (379 * DAY)) / LARGE_WORLD.rights) + pickOf(bytes, 2, 60) * MINUTE
  const fromMs = Math.floor(createdMs / DAY) * DAY
  const untilMs = pickOf(bytes, 4, 10) < 3 ? null : fromMs + (180 + pickOf(bytes, 6, 900)) * DAY + DAY - MINUTE
  const substrate = SUBSTRATES[pickOf(bytes, 8, SUBSTRATES.length)] ?? 'DOOH'
  const events = lifecycle(bytes, createdMs, untilMs, now)
  const plan: Planned = {
    id: idAt(derive, 'right', reserveId(derive, 'right')),
    orgId: org,
    basisId: (bases[v] as Basis).id,
    substrate,
    scope: () => {
      const zones = ZONES[venue.kind]
      const zone = zones[pickOf(bytes, 12, zones.length)]
      const proximity = substrate === 'MOBILE' ? ' (Bluetooth proximity)' : ''
      return `${venue.name}: ${zone}${DAYPARTS[pickOf(bytes, 14, DAYPARTS.length)]}${proximity}`
    },
    createdMs,
    fromMs,
    untilMs,
    events,
    venue,
    status: events[events.length - 1]?.status ?? 'ACTIVE',
  }
  return plan
}

/** Venues and their bases, registered in order over the 20 days before the first right. */
function venuesAndBases(state: EnfinitosState, derive: Derive, now: number) {
  const venues: Venue[] = []
  const bases: Basis[] = []
  for (let n = 1; n <= LARGE_WORLD.venues; n++) {
    const venue = venueAt(derive, n)
    const createdMs = now - 400 * DAY + Math.floor((n * 20 * DAY) / LARGE_WORLD.venues)
    const fromMs = Math.floor(createdMs / DAY) * DAY
    venues.push(venue)
    bases.push(
      registerBasis(
        state,
        derive,
        {
          kind: venue.basisKind,
          description: venue.description,
          effectiveFrom: iso(fromMs),
          effectiveUntil: venue.basisKind === 'PROPERTY' ? null : iso(fromMs + 5 * 365 * DAY - MINUTE),
        },
        iso(createdMs),
      ),
    )
  }
  return { venues, bases }
}

/** A few ACTIVE rights' offers (some accepted, with their derived right) and challenges, after the rights. */
function offersAndChallenges(state: EnfinitosState, derive: Derive, plans: readonly Planned[], now: number) {
  const active = plans.filter((p) => p.status === 'ACTIVE' && p.untilMs === null)
  const partners = Array.from({ length: 12 }, () => newId(derive, 'org'))
  const step = Math.max(1, Math.floor(active.length / LARGE_WORLD.offers))
  for (let i = 0; i < LARGE_WORLD.offers && i * step < active.length; i++) {
    const plan = active[i * step] as Planned
    const entry = state.rights.get(plan.id) as RightEntry
    // Proposed within the last week (none has expired yet), one in three accepted half an hour later.
    const at = iso(now - (LARGE_WORLD.offers - i) * 80 * MINUTE)
    const f = entityFaker(derive, 'enfinitos.offer', i)
    const offer = createOffer(
      state,
      derive,
      {
        right: entry.right,
        fromOrgId: state.orgId,
        toOrgId: partners[i % partners.length] as string,
        scope: `${entry.right.scope}, ${f.helpers.arrayElement(['screens 1-2', 'weekday mornings', 'weekends only', 'evenings after 18:00'])}`,
        termsRef: `terms/${at.slice(0, 4)}/${plan.venue.town.toLowerCase().replace(/[^a-z]+/g, '-')}-${String(i + 1).padStart(3, '0')}-v${f.number.int({ min: 1, max: 3 })}`,
        expiresAt: iso(Date.parse(at) + 7 * DAY),
      },
      at,
    )
    if (i % 3 === 0) acceptOffer(state, derive, offer, entry.right, iso(Date.parse(at) + 30 * MINUTE))
  }
  const statuses: ChallengeStatus[] = ['OPEN', 'OPEN', 'RESOLVED_OVERTURNED', 'RESOLVED_UPHELD', 'WITHDRAWN']
  const cstep = Math.max(1, Math.floor(plans.length / LARGE_WORLD.challenges))
  for (let i = 0; i < LARGE_WORLD.challenges; i++) {
    const plan = plans[(i * cstep + 7) % plans.length] as Planned
    const status = statuses[i % statuses.length] as ChallengeStatus
    const createdMs = now - (LARGE_WORLD.challenges - i) * 4 * HOUR
    const f = entityFaker(derive, 'enfinitos.challenge', i)
    const licence = `${plan.venue.town.slice(0, 2).toUpperCase()}-DL-${String(f.number.int({ min: 1, max: 9999 })).padStart(4, '0')}`
    const id = newId(derive, 'challenge')
    state.challenges.set(id, {
      id,
      rightId: plan.id,
      challengerOrgId: partners[(i * 5) % partners.length] as string,
      reason: `${f.person.fullName()} of ${f.person.lastName()} Media says the screens at ${plan.venue.name} are covered by their display licence ${licence}.`,
      status,
      resolvedAt: status === 'OPEN' ? null : iso(createdMs + 3 * HOUR),
      resolution:
        status === 'OPEN'
          ? null
          : status === 'WITHDRAWN'
            ? 'Withdrawn by the challenger.'
            : status === 'RESOLVED_UPHELD'
              ? `Licence ${licence} confirmed by the venue.`
              : `Licence ${licence} does not cover these screens.`,
      createdAt: iso(createdMs),
    })
  }
}

/** The month of deliveries, receipts issued by the session's issuer in time order and sealed once a day. */
function buildMonth(state: EnfinitosState, derive: Derive, plans: readonly Planned[], now: number) {
  const month = { receipts: state.receipts, unsealed: state.unsealed, observations: state.observations }
  const packs = { packs: state.packs, packsById: state.packsById, unsealed: month.unsealed }
  const live = plans.filter((p) => p.status === 'ACTIVE')
  const firstMs = now - LARGE_WORLD.days * DAY
  const [least, most] = LARGE_WORLD.deliveriesPerDay
  let n = 0
  for (let day = 0; day < LARGE_WORLD.days; day++) {
    const dayStart = firstMs + day * DAY
    const count = derive.int('enfinitos.large.deliveries-per-day', day, least, most)
    for (let i = 0; i < count; i++, n++) {
      const bytes = derive.bytes('enfinitos.large.delivery', n, 16)
      const at = dayStart + Math.floor(((i + pickOf(bytes, 0, 1000) / 1000) * (DAY - HOUR)) / count)
      // A right of the org, ACTIVE throughout, in effect at the delivery's time (most are).
      let plan = live[pickOf(bytes, 2, live.length)] as Planned
      for (let tries = 1; plan.fromMs > at && tries < 8; tries++) {
        plan = live[pickOf(bytes, 2 + tries, live.length)] as Planned
      }
      const anchor = plan.venue.anchors[pickOf(bytes, 12, plan.venue.anchors.length)] as string
      const record = state.issuer.issue(
        {
          orgId: state.orgId,
          spatialAnchorId: anchor,
          spatialPlacementId: pickOf(bytes, 14, 2) === 0 ? `place_${anchor.slice(7)}_${'ab'[n % 2]}` : null,
          correlationId: n % 3 === 0 ? `corr_${derive.hexAt('enfinitos.large.correlation', n)}` : null,
          dwellMs: 1500 + pickOf(bytes, 10, 28_501),
        },
        { at: iso(at), ring: state.ring },
      )
      recordObservation(month, record, plan.id, null)
    }
    if (day === LARGE_WORLD.days - 1) break // today: observed, not sealed yet
    const pack = sealPack({
      orgId: state.orgId,
      records: packs.unsealed,
      issuedAt: iso(dayStart + DAY - 30 * MINUTE),
      previousPack: state.packs[state.packs.length - 1] ?? null,
      sequence: state.packs.length + 1,
    })
    commitPack(packs, pack)
    month.unsealed = packs.unsealed
  }
  return month.unsealed
}

/** The state's delivery fields, built by `build` on the first read of any of them, then plain data. */
function deferDeliveries(state: EnfinitosState, build: () => void): void {
  const fields = ['issuer', 'receipts', 'observations', 'unsealed', 'packs', 'packsById'] as const
  const initial = Object.fromEntries(fields.map((f) => [f, state[f]]))
  let built = false
  const settle = () => {
    if (built) return
    built = true
    for (const f of fields) Object.defineProperty(state, f, { value: initial[f], writable: true, enumerable: true })
    build()
  }
  for (const f of fields) {
    Object.defineProperty(state, f, {
      configurable: true,
      enumerable: true,
      get: () => {
        settle()
        return state[f]
      },
      set: (value) => {
        settle()
        Object.defineProperty(state, f, { value, writable: true, enumerable: true })
      },
    })
  }
}

/** The large world, built over `state` (an empty world of the session: org, key ring, issuer). */
export function createLargeWorld(ctx: WorldContext, state: EnfinitosState): EnfinitosState {
  const { derive, clock } = ctx
  const now = clock.nowMs()
  const { venues, bases } = venuesAndBases(state, derive, now)
  const plans: Planned[] = []
  for (let k = 1; k <= LARGE_WORLD.rights; k++) plans.push(planRight(derive, k, state.orgId, venues, bases, now))
  const grow = ctx.grow ?? (() => undefined)
  grow(LARGE_WORLD_HEAP.start)
  commitPlannedRights(state, plans, () => grow(LARGE_WORLD_HEAP.right))
  offersAndChallenges(state, derive, plans, now)
  deferDeliveries(state, () => {
    state.unsealed = buildMonth(state, derive, plans, now)
    grow(LARGE_WORLD_HEAP.month)
  })
  return state
}
