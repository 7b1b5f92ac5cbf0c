/**
 * openChallenge, resolveChallenge, listChallenges. A challenge by another org (`challengerOrgId`) is recorded against
 * a right the caller's org holds (404 unknown, 403 held by another org) that is not REVOKED (409 otherwise); only an
 * OPEN challenge can be resolved (409 otherwise), to RESOLVED_UPHELD or RESOLVED_OVERTURNED.
 */
import { fail, ok } from '../envelope.js'
import { newId } from '../ids.js'
import type { Challenge } from '../types.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, heldRight, isResponse, pageMatching } from './shared.js'

export const challengesBehaviours = {
  openChallenge(call: Call) {
    const { state, body } = call
    const held = heldRight(call, body.rightId, '/body/rightId', 'record a challenge against')
    if (isResponse(held)) return held
    const { right } = held
    if (right.status === 'REVOKED') {
      return fail(
        409,
        `right ${right.id} is REVOKED; a revoked right cannot be challenged`,
        '/body/rightId',
        'is REVOKED',
      )
    }
    const at = call.clock.iso()
    const challenge: Challenge = {
      id: newId(call.derive, 'challenge'),
      rightId: right.id,
      challengerOrgId: body.challengerOrgId,
      reason: body.reason,
      status: 'OPEN',
      resolvedAt: null,
      resolution: null,
      createdAt: at,
    }
    state.challenges.set(challenge.id, challenge)
    emitEvent(state, call.derive, 'challenge.opened', at, challenge)
    return ok({ challenge })
  },

  resolveChallenge(call: Call) {
    const { state } = call
    const found = state.challenges.get(call.params.challengeId ?? '')
    if (!found)
      return fail(404, `no challenge ${call.params.challengeId}`, '/path/challengeId', 'names no challenge of this org')
    if (found.status !== 'OPEN') {
      return fail(
        409,
        `challenge ${found.id} is ${found.status}; only an OPEN challenge can be resolved`,
        '/path/challengeId',
        `is ${found.status}`,
      )
    }
    const at = call.clock.iso()
    const challenge: Challenge = {
      ...found,
      status: call.body.upheld ? 'RESOLVED_UPHELD' : 'RESOLVED_OVERTURNED',
      resolvedAt: at,
      resolution: call.body.resolution,
    }
    state.challenges.set(challenge.id, challenge)
    emitEvent(state, call.derive, 'challenge.resolved', at, challenge)
    return ok({ challenge })
  },

  listChallenges(call: Call) {
    const { status } = call.query
    const { items, nextCursor, total } = pageMatching(
      call.state.challenges.values(),
      (c) => status === undefined || c.status === status,
      (c) => c,
      call.query,
    )
    return ok({ challenges: items, nextCursor, total })
  },
}
