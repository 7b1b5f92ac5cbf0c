/**
 * observeDelivery: a delivery against a right that is ACTIVE and in effect now yields a signed receipt chained after
 * the org's last receipt (proof core's ReceiptIssuer: derived receiptId and nonce, issuedAt never decreasing, Ed25519
 * signature by the key valid now). Documented 412 PRECONDITION_FAILED when the right is not ACTIVE or not in effect;
 * 404 for an unknown right. Telemetry is accepted and not interpreted (the rights carry no device constraints).
 */
import { fail, ok } from '../envelope.js'
import { inEffectiveWindow } from '../rights-model.js'
import { emitEvent } from '../webhooks-model.js'
import type { Call } from './shared.js'

export const deliveryBehaviours = {
  observeDelivery(call: Call) {
    const { state, body } = call
    const at = call.clock.iso()
    const right = state.rights.get(body.rightId)?.right
    if (!right) return fail(404, `no right ${body.rightId}`, '/body/rightId', 'names no right of this org')
    if (right.status !== 'ACTIVE') {
      return fail(
        412,
        `right ${right.id} is ${right.status}; deliveries need an ACTIVE right`,
        '/body/rightId',
        `is ${right.status}, not ACTIVE`,
      )
    }
    if (!inEffectiveWindow(right, at)) {
      const window = `${right.effectiveFrom} .. ${right.effectiveUntil ?? 'open-ended'}`
      return fail(
        412,
        `right ${right.id} is not in effect at ${at} (effective ${window})`,
        '/body/rightId',
        'is not in effect now',
      )
    }
    const receipt = state.issuer.issue(
      {
        orgId: state.orgId,
        spatialAnchorId: body.spatialAnchorId,
        dwellMs: body.dwellMs,
        spatialPlacementId: body.spatialPlacementId ?? null,
        correlationId: body.correlationId ?? null,
      },
      { at, ring: state.ring },
    )
    state.receipts.push(receipt)
    state.unsealed.push(receipt)
    emitEvent(state, call.derive, 'delivery.observed', at)
    return ok({ receipt })
  },
}
