/**
 * Rights and bases as state changes: register, issue, transition, expire. Each right change re-computes the right's
 * contentHash (proof core) and appends a signed provenance record whose afterHash is that contentHash, so a right's
 * latest provenance record always attests its current content. Preconditions (404/409/400) are the behaviours'
 * business; these functions assume them.
 */
import type { Derive } from '../core/types.js'
import { newId } from './ids.js'
import { contentHash } from './proof/content-hash.js'
import { appendProvenance } from './proof/provenance.js'
import type { ProvenanceEventType } from './proof/types.js'
import type { EnfinitosState, RightEntry } from './state.js'
import { latest, msOf } from './time.js'
import type { Basis, BasisKind, Right, RightStatus, Substrate } from './types.js'

/**
 * The events a right's provenance records: the five documented ones plus RIGHT_EXPIRED and RIGHT_WITHDRAWN for the
 * two other documented statuses (inferred: the docs' list ends in an ellipsis), so expiry is recorded too.
 */
export type RightEvent = ProvenanceEventType

/** The entity with its `contentHash` (sha256 of its sorted-key JSON without that field) filled in. */
export function withContentHash<T extends { contentHash: string }>(entity: T): T {
  return { ...entity, contentHash: contentHash(entity) }
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

/** Appends a signed provenance record for the right as it now stands (occurredAt never goes back on a chain). */
export function recordProvenance(
  state: EnfinitosState,
  entry: RightEntry,
  eventType: RightEvent,
  occurredAt: string,
  offerId: string | null = null,
): void {
  const last = entry.provenance[entry.provenance.length - 1]
  const at = last ? latest(occurredAt, last.occurredAt) : occurredAt
  const record = appendProvenance(
    entry.provenance,
    {
      orgId: entry.right.orgId,
      eventType,
      occurredAt: at,
      rightId: entry.right.id,
      basisId: entry.right.basisId,
      offerId,
      subject: entry.right,
    },
    state.ring,
  )
  entry.provenance.push(record)
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
 * Creates an ACTIVE right. A root right's first provenance record is RIGHT_ISSUED; a derived right's is
 * OFFER_ACCEPTED with the offer's id (pass `offerId`).
 */
export function issueRight(
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
  const entry: RightEntry = { right, provenance: [] }
  state.rights.set(right.id, entry)
  recordProvenance(state, entry, offerId === null ? 'RIGHT_ISSUED' : 'OFFER_ACCEPTED', at, offerId)
  return entry
}

/** Moves a right to `status` and records `event`. */
export function transitionRight(
  state: EnfinitosState,
  entry: RightEntry,
  status: RightStatus,
  event: RightEvent,
  at: string,
): Right {
  entry.right = withContentHash<Right>({ ...entry.right, status })
  recordProvenance(state, entry, event, at)
  return entry.right
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
 * always what the clock says. Returns the rights that expired now.
 */
export function expireDue(state: EnfinitosState, at: string): RightEntry[] {
  const now = msOf(at)
  const expired: RightEntry[] = []
  for (const entry of state.rights.values()) {
    const { status, effectiveUntil } = entry.right
    if ((status === 'ACTIVE' || status === 'SUSPENDED') && effectiveUntil !== null && msOf(effectiveUntil) < now) {
      transitionRight(state, entry, 'EXPIRED', 'RIGHT_EXPIRED', effectiveUntil)
      expired.push(entry)
    }
  }
  for (const offer of state.offers.values()) {
    if (offer.status === 'PROPOSED' && msOf(offer.expiresAt) < now) {
      state.offers.set(offer.id, withContentHash({ ...offer, status: 'EXPIRED' }))
    }
  }
  return expired
}
