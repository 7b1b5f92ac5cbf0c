/**
 * issueRight, listRights, getRight and the lifecycle: ACTIVE <-> SUSPENDED -> REVOKED (terminal). suspend only from
 * ACTIVE, resume only from SUSPENDED, revoke from ACTIVE or SUSPENDED; anything else is a 409 CONFLICT. Each change
 * appends a signed provenance record (RIGHT_SUSPENDED, RIGHT_REACTIVATED, RIGHT_REVOKED).
 */
import { fail, ok } from '../envelope.js'
import { issueRight, type RightEvent, transitionRight } from '../rights-model.js'
import type { RightEntry } from '../state.js'
import type { RightStatus, WebhookEventType } from '../types.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, effectiveWindow, isResponse, page } from './shared.js'

function findRight(call: Call): RightEntry | undefined {
  return call.state.rights.get(call.params.rightId ?? '')
}

function notFound(call: Call) {
  return fail(404, `no right ${call.params.rightId}`, '/path/rightId', 'names no right of this org')
}

interface Transition {
  from: readonly RightStatus[]
  to: RightStatus
  event: RightEvent
  webhook: WebhookEventType
  verb: string
}

const SUSPEND: Transition = {
  from: ['ACTIVE'],
  to: 'SUSPENDED',
  event: 'RIGHT_SUSPENDED',
  webhook: 'right.suspended',
  verb: 'suspended',
}
const RESUME: Transition = {
  from: ['SUSPENDED'],
  to: 'ACTIVE',
  event: 'RIGHT_REACTIVATED',
  webhook: 'right.resumed',
  verb: 'resumed',
}
const REVOKE: Transition = {
  from: ['ACTIVE', 'SUSPENDED'],
  to: 'REVOKED',
  event: 'RIGHT_REVOKED',
  webhook: 'right.revoked',
  verb: 'revoked',
}

function transition(call: Call, t: Transition) {
  const entry = findRight(call)
  if (!entry) return notFound(call)
  const { status, id } = entry.right
  if (!t.from.includes(status)) {
    return fail(
      409,
      `right ${id} is ${status}; only a right that is ${t.from.join(' or ')} can be ${t.verb}`,
      '/path/rightId',
      `is ${status}`,
    )
  }
  const at = call.clock.iso()
  const right = transitionRight(call.state, entry, t.to, t.event, at)
  emitEvent(call.state, call.derive, t.webhook, at)
  return ok({ right })
}

export const rightsBehaviours = {
  issueRight(call: Call) {
    const { state, derive, body } = call
    const at = call.clock.iso()
    if (!state.bases.has(body.basisId)) {
      return fail(404, `no basis ${body.basisId}`, '/body/basisId', 'names no basis of this org')
    }
    const window = effectiveWindow(body)
    if (isResponse(window)) return window
    const { effectiveFrom, effectiveUntil } = window
    const entry = issueRight(
      state,
      derive,
      { basisId: body.basisId, substrate: body.substrate, scope: body.scope, effectiveFrom, effectiveUntil },
      at,
    )
    emitEvent(state, derive, 'right.issued', at)
    return ok({ right: entry.right })
  },

  listRights(call: Call) {
    const { status, substrate } = call.query
    const rights = [...call.state.rights.values()]
      .map((entry) => entry.right)
      .filter(
        (r) => (status === undefined || r.status === status) && (substrate === undefined || r.substrate === substrate),
      )
    const { items, nextCursor, total } = page(rights, call.query)
    return ok({ rights: items, nextCursor, total })
  },

  getRight(call: Call) {
    const entry = findRight(call)
    if (!entry) return notFound(call)
    return ok({ right: entry.right, provenance: entry.provenance })
  },

  suspendRight: (call: Call) => transition(call, SUSPEND),
  resumeRight: (call: Call) => transition(call, RESUME),
  revokeRight: (call: Call) => transition(call, REVOKE),
}
