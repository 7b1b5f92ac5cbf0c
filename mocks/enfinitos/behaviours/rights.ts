/**
 * issueRight, listRights, getRight and the lifecycle: ACTIVE <-> SUSPENDED -> REVOKED (terminal). suspend only from
 * ACTIVE, resume only from SUSPENDED, revoke from ACTIVE or SUSPENDED; anything else is a 409 CONFLICT. Each change
 * appends a signed provenance record (RIGHT_SUSPENDED, RIGHT_REACTIVATED, RIGHT_REVOKED). The org sees the rights it
 * holds and those it granted; only the holder changes a right (see shared.ts, `visibleTo` and `heldRight`).
 */
import { fail, ok } from '../envelope.js'
import {
  issueRight,
  type RightEvent,
  rightReadBody,
  rightsPageBody,
  transitionRight,
  visibleRightCount,
} from '../rights-model.js'
import type { RightStatus, Substrate, WebhookEventType } from '../types.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, callerOrg, effectiveWindow, heldRight, isResponse, pageFromCount, visibleTo } from './shared.js'

interface Transition {
  from: readonly RightStatus[]
  to: RightStatus
  event: RightEvent
  webhook: WebhookEventType
  /** The verb, and its past participle. */
  verb: string
  done: string
}

const SUSPEND: Transition = {
  from: ['ACTIVE'],
  to: 'SUSPENDED',
  event: 'RIGHT_SUSPENDED',
  webhook: 'right.suspended',
  verb: 'suspend',
  done: 'suspended',
}
const RESUME: Transition = {
  from: ['SUSPENDED'],
  to: 'ACTIVE',
  event: 'RIGHT_REACTIVATED',
  webhook: 'right.resumed',
  verb: 'resume',
  done: 'resumed',
}
const REVOKE: Transition = {
  from: ['ACTIVE', 'SUSPENDED'],
  to: 'REVOKED',
  event: 'RIGHT_REVOKED',
  webhook: 'right.revoked',
  verb: 'revoke',
  done: 'revoked',
}

function transition(call: Call, t: Transition) {
  const entry = heldRight(call, call.params.rightId ?? '', '/path/rightId', t.verb)
  if (isResponse(entry)) return entry
  const { status, id } = entry.right
  if (!t.from.includes(status)) {
    return fail(
      409,
      `right ${id} is ${status}; only a right that is ${t.from.join(' or ')} can be ${t.done}`,
      '/path/rightId',
      `is ${status}`,
    )
  }
  const at = call.clock.iso()
  const right = transitionRight(call.state, entry, t.to, t.event, at)
  emitEvent(call.state, call.derive, t.webhook, at, right)
  return ok({ right })
}

export const rightsBehaviours = {
  issueRight(call: Call) {
    const { state, derive, body } = call
    const at = call.clock.iso()
    if (state.bases.get(body.basisId)?.orgId !== callerOrg(call)) {
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
    emitEvent(state, derive, 'right.issued', at, entry.right)
    return ok({ right: entry.right })
  },

  listRights(call: Call) {
    const { state } = call
    const status = call.query.status as RightStatus | undefined
    const substrate = call.query.substrate as Substrate | undefined
    const org = callerOrg(call)
    // The same page, while no right has changed, is the same object: serialised and validated once (rightsPageBody).
    const key = `${org}|${status ?? ''}|${substrate ?? ''}|${call.query.cursor ?? ''}|${call.query.limit ?? ''}`
    const body = rightsPageBody(state, key, () => {
      // The total is counted as rights change (rights-model.ts), so only the page is looked for: the scan stops at
      // its last item (for the first page of 30,000 rights, after about 50 of them).
      const { items, nextCursor, total } = pageFromCount(
        visibleRightCount(state, org, status, substrate),
        state.rights.values(),
        ({ right: r }) =>
          (status === undefined || r.status === status) &&
          (substrate === undefined || r.substrate === substrate) &&
          visibleTo(state, r, org),
        (entry) => entry.right,
        call.query,
      )
      return ok({ rights: items, nextCursor, total }).body as object
    })
    return { status: 200, headers: {}, body }
  },

  getRight(call: Call) {
    const entry = call.state.rights.get(call.params.rightId ?? '')
    if (!entry || !visibleTo(call.state, entry.right, callerOrg(call))) {
      return fail(404, `no right ${call.params.rightId}`, '/path/rightId', 'names no right of this org')
    }
    // The same bytes until the right changes: serialised and validated once (rights-model.ts, rightReadBody).
    const body = rightReadBody(entry, () => ok({ right: entry.right, provenance: entry.provenance }).body as object)
    return { status: 200, headers: {}, body }
  },

  suspendRight: (call: Call) => transition(call, SUSPEND),
  resumeRight: (call: Call) => transition(call, RESUME),
  revokeRight: (call: Call) => transition(call, REVOKE),
}
