/**
 * Rights and bases as state changes: register, issue, transition, expire. Each right change re-computes the right's
 * contentHash (proof core) and appends a signed provenance record whose afterHash is that contentHash, so a right's
 * latest provenance record always attests its current content. Preconditions (404/409/400) are the behaviours'
 * business; these functions assume them.
 */
import { immutableBody } from '../core/immutable-body.js'
import type { Derive } from '../core/types.js'
import { newId } from './ids.js'
import { contentHash } from './proof/content-hash.js'
import type { SigningKey } from './proof/keys.js'
import { appendProvenance, signProvenance } from './proof/provenance.js'
import type { ProvenanceEventType, ProvenanceRecord } from './proof/types.js'
import type { EnfinitosState, RightEntry } from './state.js'
import { iso, latest, msOf } from './time.js'
import type { Basis, BasisKind, Right, RightStatus, Substrate } from './types.js'

/**
 * The events a right's provenance records: the five documented ones plus RIGHT_EXPIRED and RIGHT_WITHDRAWN for the
 * two other documented statuses (inferred: the docs' list ends in an ellipsis), so expiry is recorded too.
 */
export type RightEvent = ProvenanceEventType

/**
 * The entity with its `contentHash` (sha256 of its sorted-key JSON without that field) filled in. It is filled in
 * place: every caller hands over an object of its own, just built (a copy of a 12-field right was a tenth of the
 * cost of hashing it).
 */
export function withContentHash<T extends { contentHash: string }>(fresh: T): T {
  fresh.contentHash = contentHash(fresh)
  return fresh
}

export interface BasisInput {
  kind: BasisKind
  description: string
  effectiveFrom: string
  effectiveUntil: string | null
}

export function registerBasis(state: EnfinitosState, derive: Derive, input: BasisInput, at: string): Basis {
  const basis = withContentHash<Basis>({
    id: newId(derive, 'basis'),
    orgId: state.orgId,
    kind: input.kind,
    description: input.description,
    effectiveFrom: input.effectiveFrom,
    effectiveUntil: input.effectiveUntil,
    contentHash: '',
    createdAt: at,
  })
  state.bases.set(basis.id, basis)
  return basis
}

/**
 * The signed provenance record of `eventType` for `right` (as it stands after the event, its contentHash filled in by
 * {@link withContentHash}), chained after `history` (occurredAt never goes back on a chain). Pure: nothing is stored. Throws NoSigningKeyError when no key of the ring
 * may sign at that time.
 */
function signedProvenance(
  state: EnfinitosState,
  right: Right,
  history: readonly ProvenanceRecord[],
  eventType: RightEvent,
  occurredAt: string,
  offerId: string | null = null,
): ProvenanceRecord {
  const last = history[history.length - 1]
  const at = last ? latest(occurredAt, last.occurredAt) : occurredAt
  return appendProvenance(
    history,
    {
      orgId: right.orgId,
      eventType,
      occurredAt: at,
      rightId: right.id,
      basisId: right.basisId,
      offerId,
      // Every caller passes a right fresh from withContentHash, so its contentHash is the hash of its content.
      afterHash: right.contentHash,
    },
    state.ring,
    // The record is signed when first read (getRight, a test, the verifier): same bytes, and an issue that is never
    // read back costs no signature. The signer is chosen now, so a key rotated later does not change it.
    { deferSignature: true },
  )
}

/** Lowers the state's next expiry check to `until` (an instant something may expire after). */
export function noteExpiry(state: EnfinitosState, until: string | null): void {
  if (until !== null) state.nextExpiryMs = Math.min(state.nextExpiryMs, msOf(until))
}

export interface RightInput {
  basisId: string
  substrate: Substrate
  scope: string
  effectiveFrom: string
  effectiveUntil: string | null
  /** Default the sandbox org. */
  orgId?: string
  parentRightId?: string | null
}

/**
 * An ACTIVE right with its first provenance record, signed but not stored (see {@link commitRight}). A root right's
 * first record is RIGHT_ISSUED; a derived right's is OFFER_ACCEPTED with the offer's id (pass `offerId`).
 */
export function prepareRight(
  state: EnfinitosState,
  derive: Derive,
  input: RightInput,
  at: string,
  offerId: string | null = null,
): RightEntry {
  const right = withContentHash<Right>({
    id: newId(derive, 'right'),
    orgId: input.orgId ?? state.orgId,
    basisId: input.basisId,
    parentRightId: input.parentRightId ?? null,
    substrate: input.substrate,
    scope: input.scope,
    status: 'ACTIVE',
    effectiveFrom: input.effectiveFrom,
    effectiveUntil: input.effectiveUntil,
    contentHash: '',
    createdAt: at,
  })
  const event = offerId === null ? 'RIGHT_ISSUED' : 'OFFER_ACCEPTED'
  // The signer is chosen now (NoSigningKeyError before anything is stored); the record itself is built when read.
  return new StoredRight(right, state.ring.signerAt(at), event, offerId)
}

/**
 * A stored right and its provenance, compact until its history is read. Most rights a busy mock issues are never read
 * back, so the first record (RIGHT_ISSUED or OFFER_ACCEPTED: a derived proof id, a canonical text, a deferred
 * signature, ~0.8 KB of heap) is built on the first read of `provenance`, from what was fixed at issue: the right as
 * issued, the signer chosen then and the event. It is the record an eager build gives, byte for byte: the same
 * inputs, with no earlier record to chain from (beforeHash null), at the right's createdAt.
 */
class StoredRight implements RightEntry {
  private history: ProvenanceRecord[] | undefined
  /** The right as issued, until the first record is built (a transition reads the history first). */
  private issued: Right | undefined

  constructor(
    public right: Right,
    private signer: SigningKey | undefined,
    private readonly event: RightEvent,
    private readonly offerId: string | null,
  ) {
    this.issued = right
  }

  get provenance(): ProvenanceRecord[] {
    if (this.history === undefined) {
      const right = this.issued as Right
      const first = signProvenance(
        {
          orgId: right.orgId,
          eventType: this.event,
          occurredAt: right.createdAt,
          rightId: right.id,
          basisId: right.basisId,
          offerId: this.offerId,
          afterHash: right.contentHash,
          beforeHash: null,
        },
        this.signer as SigningKey,
        { deferSignature: true },
      )
      this.history = [first]
      this.issued = undefined
      this.signer = undefined
    }
    return this.history
  }

  /** As a plain entry would serialise: `{right, provenance}`, not the compact fields. */
  toJSON(): RightEntry {
    return { right: this.right, provenance: this.provenance }
  }

  set provenance(records: ProvenanceRecord[]) {
    this.history = records
    this.issued = undefined
    this.signer = undefined
  }
}

const reads = new WeakMap<RightEntry, { right: Right; records: number; body: object }>()

/**
 * The answer body of a read of `entry` (getRight): `build`'s object, kept and handed out again, unchanged, until the
 * right or its history changes (a transition replaces `entry.right` and appends a record), and marked immutable so the
 * engine serialises and validates it once (core/immutable-body.ts).
 */
export function rightReadBody(entry: RightEntry, build: () => object): object {
  const records = entry.provenance.length
  const hit = reads.get(entry)
  if (hit !== undefined && hit.right === entry.right && hit.records === records) return hit.body
  const body = immutableBody(build())
  reads.set(entry, { right: entry.right, records, body })
  return body
}

/** Per state: a number that changes whenever a right is stored or changes (what a cached list page depends on). */
const versions = new WeakMap<EnfinitosState, number>()
const bump = (state: EnfinitosState) => versions.set(state, (versions.get(state) ?? 0) + 1)

/** The list pages answered since the rights last changed, by query: at most this many kept per state. */
const MAX_KEPT_PAGES = 32
const pages = new WeakMap<EnfinitosState, { version: number; byQuery: Map<string, object> }>()

/**
 * The answer body of a list of rights (listRights) for `query` (the caller's org and the query's filters and window):
 * `build`'s object, kept and handed out again while no right has been stored or changed, and marked immutable so the
 * engine serialises and validates it once (core/immutable-body.ts). A change drops every kept page.
 */
export function rightsPageBody(state: EnfinitosState, query: string, build: () => object): object {
  const version = versions.get(state) ?? 0
  let kept = pages.get(state)
  if (kept === undefined || kept.version !== version) {
    kept = { version, byQuery: new Map() }
    pages.set(state, kept)
  }
  const hit = kept.byQuery.get(query)
  if (hit !== undefined) return hit
  const body = immutableBody(build())
  if (kept.byQuery.size >= MAX_KEPT_PAGES) kept.byQuery.clear()
  kept.byQuery.set(query, body)
  return body
}

/** Stores a prepared right. */
export function commitRight(state: EnfinitosState, entry: RightEntry): RightEntry {
  bump(state)
  state.rights.set(entry.right.id, entry)
  countRight(state, entry.right, 1)
  noteExpiry(state, entry.right.effectiveUntil)
  return entry
}

/**
 * The orgs that see `right` (see behaviours/shared.ts, `visibleTo`): its holder, and the holder of its parent when
 * that is another org (the grantor of a derived right).
 */
function viewersOf(state: EnfinitosState, right: Counted): string[] {
  const grantor = right.parentRightId === null ? undefined : state.rights.get(right.parentRightId)?.right.orgId
  return grantor === undefined || grantor === right.orgId ? [right.orgId] : [right.orgId, grantor]
}

/** The key for any status or any substrate in {@link EnfinitosState.rightCounts}. */
const ANY = '*'

/** What {@link countRight} reads of a right. */
type Counted = Pick<Right, 'orgId' | 'parentRightId' | 'status' | 'substrate'>

/** Adds `delta` to the counts `right` is part of: per viewing org, for its status or any, its substrate or any. */
function countRight(state: EnfinitosState, right: Counted, delta: 1 | -1): void {
  for (const org of viewersOf(state, right)) {
    let byStatus = state.rightCounts.get(org)
    if (byStatus === undefined) {
      byStatus = new Map()
      state.rightCounts.set(org, byStatus)
    }
    for (const status of [right.status, ANY]) {
      let bySubstrate = byStatus.get(status)
      if (bySubstrate === undefined) {
        bySubstrate = new Map()
        byStatus.set(status, bySubstrate)
      }
      for (const substrate of [right.substrate, ANY])
        bySubstrate.set(substrate, (bySubstrate.get(substrate) ?? 0) + delta)
    }
  }
}

/** How many rights `org` sees with this status and substrate (undefined: any), without scanning them. */
export function visibleRightCount(
  state: EnfinitosState,
  org: string,
  status: string | undefined,
  substrate: string | undefined,
): number {
  return (
    state.rightCounts
      .get(org)
      ?.get(status ?? ANY)
      ?.get(substrate ?? ANY) ?? 0
  )
}

/** Creates an ACTIVE right: {@link prepareRight} then {@link commitRight}. */
export function issueRight(
  state: EnfinitosState,
  derive: Derive,
  input: RightInput,
  at: string,
  offerId: string | null = null,
): RightEntry {
  return commitRight(state, prepareRight(state, derive, input, at, offerId))
}

/** Moves a right to `status` and records `event`: the new content is hashed and signed before the entry changes. */
export function transitionRight(
  state: EnfinitosState,
  entry: RightEntry,
  status: RightStatus,
  event: RightEvent,
  at: string,
): Right {
  const right = withContentHash<Right>({ ...entry.right, status })
  const record = signedProvenance(state, right, entry.provenance, event, at)
  bump(state)
  countRight(state, entry.right, -1)
  entry.right = right
  countRight(state, right, 1)
  entry.provenance.push(record)
  if (status === 'ACTIVE' || status === 'SUSPENDED') noteExpiry(state, right.effectiveUntil)
  return right
}

/** Is the right's effective window open at `at` (effectiveFrom <= at <= effectiveUntil)? */
export function inEffectiveWindow(right: Right, at: string): boolean {
  const t = msOf(at)
  if (t < msOf(right.effectiveFrom)) return false
  return right.effectiveUntil === null || t <= msOf(right.effectiveUntil)
}

/**
 * Rights whose effectiveUntil has passed become EXPIRED (from ACTIVE or SUSPENDED; REVOKED stays terminal), recorded
 * at their effectiveUntil; PROPOSED offers past expiresAt become EXPIRED. Run before every request, so the state is
 * always what the clock says, and cheap: nothing is scanned until the clock passes `state.nextExpiryMs`, which the
 * scan then moves to the next instant something can expire. Returns the rights that expired now.
 */
export function expireDue(state: EnfinitosState, at: string): RightEntry[] {
  const now = msOf(at)
  if (!(now > state.nextExpiryMs)) return []
  const expired: RightEntry[] = []
  let next = Number.POSITIVE_INFINITY
  for (const entry of state.rights.values()) {
    const { status, effectiveUntil } = entry.right
    if ((status !== 'ACTIVE' && status !== 'SUSPENDED') || effectiveUntil === null) continue
    const until = msOf(effectiveUntil)
    if (until < now) {
      transitionRight(state, entry, 'EXPIRED', 'RIGHT_EXPIRED', effectiveUntil)
      expired.push(entry)
    } else next = Math.min(next, until)
  }
  for (const offer of state.offers.values()) {
    if (offer.status !== 'PROPOSED') continue
    const until = msOf(offer.expiresAt)
    if (until < now) state.offers.set(offer.id, withContentHash({ ...offer, status: 'EXPIRED' }))
    else next = Math.min(next, until)
  }
  state.nextExpiryMs = next
  return expired
}

/**
 * A right of a large world as planned from the seed: everything the counts, the expiry check and the index need, with
 * its `scope` drawn (realistic text, a seeded Faker) and its content hashed and provenance built only when first read.
 */
export interface PlannedRight {
  id: string
  orgId: string
  basisId: string
  substrate: Substrate
  /** Drawn on first read. */
  scope: () => string
  /** Epoch ms of createdAt, effectiveFrom and effectiveUntil (null: open-ended): turned into text when first read. */
  createdMs: number
  fromMs: number
  untilMs: number | null
  /** The lifecycle after issue, oldest first (SUSPENDED, then REVOKED...); the last one's status is the right's. */
  events: readonly { status: RightStatus; event: RightEvent; atMs: number }[]
}

/** The status a planned right ends in. */
const finalStatus = (plan: PlannedRight): RightStatus => plan.events[plan.events.length - 1]?.status ?? 'ACTIVE'

/**
 * A planned right, stored: counted and indexed now, built on first read of `right` or `provenance`, byte for byte
 * what {@link issueRight} then {@link transitionRight} for each event would have stored (the same inputs, signers chosen
 * at the same instants, signatures deferred as theirs are).
 */
class PlannedEntry implements RightEntry {
  private built: StoredRight | undefined

  constructor(
    private readonly state: EnfinitosState,
    private plan: PlannedRight | undefined,
    private readonly onBuilt: (() => void) | undefined,
  ) {}

  private entry(): StoredRight {
    if (this.built === undefined) {
      const plan = this.plan as PlannedRight
      const { state } = this
      const createdAt = iso(plan.createdMs)
      const issued = withContentHash<Right>({
        id: plan.id,
        orgId: plan.orgId,
        basisId: plan.basisId,
        parentRightId: null,
        substrate: plan.substrate,
        scope: plan.scope(),
        status: 'ACTIVE',
        effectiveFrom: iso(plan.fromMs),
        effectiveUntil: plan.untilMs === null ? null : iso(plan.untilMs),
        contentHash: '',
        createdAt,
      })
      const entry = new StoredRight(issued, state.ring.signerAt(createdAt), 'RIGHT_ISSUED', null)
      for (const { status, event, atMs } of plan.events) {
        const right = withContentHash<Right>({ ...entry.right, status })
        entry.provenance.push(signedProvenance(state, right, entry.provenance, event, iso(atMs)))
        entry.right = right
      }
      this.built = entry
      this.plan = undefined
      this.onBuilt?.()
    }
    return this.built
  }

  get right(): Right {
    return this.entry().right
  }

  set right(right: Right) {
    this.entry().right = right
  }

  get provenance(): ProvenanceRecord[] {
    return this.entry().provenance
  }

  set provenance(records: ProvenanceRecord[]) {
    this.entry().provenance = records
  }

  toJSON(): RightEntry {
    return this.entry().toJSON()
  }
}

/**
 * Stores planned rights (a large world's), in order, without building them: each is counted (status, substrate,
 * viewing org) and noted for expiry from its plan, and built on its first read (then `onBuilt` is called). Its
 * ordinal must have been reserved (ids.ts, `reserveId`) so rights issued later get the ids they would have had anyway.
 */
export function commitPlannedRights(state: EnfinitosState, plans: Iterable<PlannedRight>, onBuilt?: () => void): void {
  bump(state)
  for (const plan of plans) {
    const status = finalStatus(plan)
    state.rights.set(plan.id, new PlannedEntry(state, plan, onBuilt))
    countRight(state, { orgId: plan.orgId, parentRightId: null, status, substrate: plan.substrate }, 1)
    if ((status === 'ACTIVE' || status === 'SUSPENDED') && plan.untilMs !== null)
      state.nextExpiryMs = Math.min(state.nextExpiryMs, plan.untilMs)
  }
}
