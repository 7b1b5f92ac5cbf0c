/**
 * Offers as state changes, and the scope rule.
 *
 * Scope containment (the docs say an offer's scope must lie "within" the right's scope, without defining it; standin's
 * rule, inferred): after normalising both (case-insensitive, typographic apostrophes as `'`, runs of whitespace as one
 * space, trimmed), the offered scope is within the right's scope when it equals it or contains it as a whole phrase
 * (not inside a longer word). So for a right over "Greater London", "Greater London",
 * "Greater London: King’s Cross concourse, weekday mornings" and "Weekday mornings in Greater London" are within;
 * "Greater Manchester" and "London" are not.
 */
import type { Derive } from '../core/types.js'
import { newId } from './ids.js'
import { commitRight, noteExpiry, prepareRight, withContentHash } from './rights-model.js'
import type { EnfinitosState, RightEntry } from './state.js'
import { latest } from './time.js'
import type { Offer, Right } from './types.js'

export const DEFAULT_OFFER_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000

function normalizeScope(scope: string): string {
  return scope
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}

/** See the module comment. */
export function scopeWithin(offered: string, rightScope: string): boolean {
  const inner = normalizeScope(offered)
  const outer = normalizeScope(rightScope)
  if (outer === '') return false
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c)
  for (let at = inner.indexOf(outer); at >= 0; at = inner.indexOf(outer, at + 1)) {
    if (!isWordChar(inner[at - 1]) && !isWordChar(inner[at + outer.length])) return true
  }
  return false
}

interface OfferInput {
  right: Right
  fromOrgId: string
  toOrgId: string
  scope: string
  termsRef: string | null
  expiresAt: string
}

/** A PROPOSED offer, not stored (see {@link commitOffer}). */
function prepareOffer(derive: Derive, input: OfferInput, at: string): Offer {
  return withContentHash<Offer>({
    id: newId(derive, 'offer'),
    fromOrgId: input.fromOrgId,
    toOrgId: input.toOrgId,
    rightId: input.right.id,
    scope: input.scope,
    termsRef: input.termsRef,
    status: 'PROPOSED',
    expiresAt: input.expiresAt,
    derivedRightId: null,
    contentHash: '',
    createdAt: at,
  })
}

/** Stores an offer (new or changed). */
function commitOffer(state: EnfinitosState, offer: Offer): Offer {
  state.offers.set(offer.id, offer)
  if (offer.status === 'PROPOSED') noteExpiry(state, offer.expiresAt)
  return offer
}

export function createOffer(state: EnfinitosState, derive: Derive, input: OfferInput, at: string): Offer {
  return commitOffer(state, prepareOffer(derive, input, at))
}

/** The offer with `changes` (contentHash recomputed), not stored. */
function changedOffer(offer: Offer, changes: Partial<Offer>): Offer {
  return withContentHash<Offer>({ ...offer, ...changes })
}

export function setOffer(state: EnfinitosState, offer: Offer, changes: Partial<Offer>): Offer {
  return commitOffer(state, changedOffer(offer, changes))
}

/**
 * Accepts an offer: creates the derived right (held by the party that is not the parent right's holder, scope the
 * offer's, window the parent's from now on, provenance OFFER_ACCEPTED) and marks the offer ACCEPTED. The derived
 * right is signed before anything is stored.
 */
export function acceptOffer(
  state: EnfinitosState,
  derive: Derive,
  offer: Offer,
  parent: Right,
  at: string,
): { offer: Offer; derived: RightEntry } {
  const holder = parent.orgId === offer.fromOrgId ? offer.toOrgId : offer.fromOrgId
  const derived = prepareRight(
    state,
    derive,
    {
      basisId: parent.basisId,
      substrate: parent.substrate,
      scope: offer.scope,
      effectiveFrom: latest(at, parent.effectiveFrom),
      effectiveUntil: parent.effectiveUntil,
      orgId: holder,
      parentRightId: parent.id,
    },
    at,
    offer.id,
  )
  const accepted = changedOffer(offer, { status: 'ACCEPTED', derivedRightId: derived.right.id })
  commitRight(state, derived)
  commitOffer(state, accepted)
  return { offer: accepted, derived }
}

/** Counters an offer: the original becomes COUNTERED, the counter goes the other way on the same right. */
export function counterOffer(
  state: EnfinitosState,
  derive: Derive,
  original: Offer,
  parent: Right,
  input: { scope: string; termsRef: string | null; expiresAt: string },
  at: string,
): { original: Offer; counter: Offer } {
  const countered = changedOffer(original, { status: 'COUNTERED' })
  const counter = prepareOffer(
    derive,
    { right: parent, fromOrgId: original.toOrgId, toOrgId: original.fromOrgId, ...input },
    at,
  )
  commitOffer(state, countered)
  commitOffer(state, counter)
  return { original: countered, counter }
}
