/**
 * proposeOffer, acceptOffer, rejectOffer, counterOffer. Offer lifecycle: PROPOSED -> ACCEPTED | REJECTED | COUNTERED
 * (or EXPIRED once expiresAt passes); acting on an offer that is not PROPOSED is a 409. An offer's scope must lie
 * within its right's scope (rule in offers-model.ts) and its expiresAt in the future (400 naming the field); only
 * the right's holder can offer it (403 otherwise, shared.ts `heldRight`). The sandbox has keys for its own org only,
 * so its key also answers for the counterparty of an offer (accept, reject, counter).
 */
import type { MockResponse } from '../../core/types.js'
import { fail, ok } from '../envelope.js'
import {
  acceptOffer,
  counterOffer,
  createOffer,
  DEFAULT_OFFER_LIFETIME_MS,
  scopeWithin,
  setOffer,
} from '../offers-model.js'
import { iso, msOf } from '../time.js'
import type { Offer, Right } from '../types.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, heldRight, isResponse, timestampAt } from './shared.js'

/** The expiry asked for (must be after now), or now + 7 days. */
function expiryOf(call: Call): string | MockResponse {
  const at = call.clock.nowMs()
  if (call.body.expiresAt === undefined) return iso(at + DEFAULT_OFFER_LIFETIME_MS)
  const expiresAt = timestampAt(call.body.expiresAt, '/body/expiresAt')
  if (isResponse(expiresAt)) return expiresAt
  if (msOf(expiresAt) <= at) {
    return fail(
      400,
      `expiresAt ${expiresAt} is not in the future (now ${call.clock.iso()})`,
      '/body/expiresAt',
      'must be in the future',
    )
  }
  return expiresAt
}

function scopeCheck(scope: string, right: Right): MockResponse | null {
  if (scopeWithin(scope, right.scope)) return null
  return fail(
    400,
    `scope "${scope}" is not within the scope "${right.scope}" of right ${right.id}`,
    '/body/scope',
    "must lie within the right's scope",
  )
}

/** The offer named in the path, PROPOSED, with its right; or the 404/409. */
function proposedOffer(call: Call): { offer: Offer; right: Right } | MockResponse {
  const offer = call.state.offers.get(call.params.offerId ?? '')
  if (!offer) return fail(404, `no offer ${call.params.offerId}`, '/path/offerId', 'names no offer of this org')
  if (offer.status !== 'PROPOSED') {
    return fail(
      409,
      `offer ${offer.id} is ${offer.status}; only a PROPOSED offer can change`,
      '/path/offerId',
      `is ${offer.status}`,
    )
  }
  const right = call.state.rights.get(offer.rightId)?.right
  if (!right)
    return fail(
      409,
      `the right ${offer.rightId} of offer ${offer.id} no longer exists`,
      '/path/offerId',
      'its right is gone',
    )
  return { offer, right }
}

export const offersBehaviours = {
  proposeOffer(call: Call) {
    const { state, derive, body } = call
    const held = heldRight(call, body.rightId, '/body/rightId', 'offer')
    if (isResponse(held)) return held
    const { right } = held
    if (right.status !== 'ACTIVE') {
      return fail(
        409,
        `right ${right.id} is ${right.status}; only an ACTIVE right can be offered`,
        '/body/rightId',
        `is ${right.status}`,
      )
    }
    if (body.toOrgId === right.orgId) {
      return fail(
        400,
        `right ${right.id} is already held by ${right.orgId}`,
        '/body/toOrgId',
        'must be another org than the holder',
      )
    }
    const outOfScope = scopeCheck(body.scope, right)
    if (outOfScope) return outOfScope
    const expiresAt = expiryOf(call)
    if (isResponse(expiresAt)) return expiresAt
    const at = call.clock.iso()
    const offer = createOffer(
      state,
      derive,
      {
        right,
        fromOrgId: right.orgId,
        toOrgId: body.toOrgId,
        scope: body.scope,
        termsRef: body.termsRef ?? null,
        expiresAt,
      },
      at,
    )
    emitEvent(state, derive, 'offer.proposed', at, offer)
    return ok({ offer })
  },

  acceptOffer(call: Call) {
    const found = proposedOffer(call)
    if (isResponse(found)) return found
    if (found.right.status !== 'ACTIVE') {
      return fail(
        409,
        `the offered right ${found.right.id} is ${found.right.status}`,
        '/path/offerId',
        `its right is ${found.right.status}`,
      )
    }
    const at = call.clock.iso()
    const { offer, derived } = acceptOffer(call.state, call.derive, found.offer, found.right, at)
    emitEvent(call.state, call.derive, 'offer.accepted', at, offer)
    return ok({ offer, derivedRight: derived.right })
  },

  rejectOffer(call: Call) {
    const found = proposedOffer(call)
    if (isResponse(found)) return found
    const offer = setOffer(call.state, found.offer, { status: 'REJECTED' })
    emitEvent(call.state, call.derive, 'offer.rejected', call.clock.iso(), offer)
    return ok({ offer })
  },

  counterOffer(call: Call) {
    const found = proposedOffer(call)
    if (isResponse(found)) return found
    const outOfScope = scopeCheck(call.body.scope, found.right)
    if (outOfScope) return outOfScope
    const expiresAt = expiryOf(call)
    if (isResponse(expiresAt)) return expiresAt
    const termsRef: string | null = 'termsRef' in call.body ? call.body.termsRef : found.offer.termsRef
    const at = call.clock.iso()
    const result = counterOffer(
      call.state,
      call.derive,
      found.offer,
      found.right,
      { scope: call.body.scope, termsRef, expiresAt },
      at,
    )
    emitEvent(call.state, call.derive, 'offer.countered', at, result.counter)
    return ok(result)
  },
}
