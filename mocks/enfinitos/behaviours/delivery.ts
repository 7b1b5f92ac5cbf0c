/**
 * observeDelivery: a delivery against a right that the caller's org holds, ACTIVE and in effect now, yields a signed
 * receipt chained after the org's last receipt (proof core's ReceiptIssuer: derived receiptId and nonce, issuedAt
 * never decreasing, Ed25519 signature by the key valid now). Documented 412 PRECONDITION_FAILED when the right is not
 * ACTIVE or not in effect; 404 for an unknown right, 403 for one another org holds (shared.ts, `heldRight`).
 * `telemetry` is accepted (an open object) and kept with the delivery (`state.observations`), not interpreted: the
 * rights carry no device constraints, and it is not part of the signed payload (exactly ten keys).
 */
import { recordObservation } from '../deliveries-model.js'
import { fail, okStable } from '../envelope.js'
import { ReceiptIssuerError } from '../proof/receipt.js'
import { inEffectiveWindow } from '../rights-model.js'
import { emitEvent } from '../webhooks-model.js'
import { type Call, heldRight, isResponse } from './shared.js'

export const deliveryBehaviours = {
  observeDelivery(call: Call) {
    const { state, body } = call
    const at = call.clock.iso()
    const entry = heldRight(call, body.rightId, '/body/rightId', 'observe deliveries on')
    if (isResponse(entry)) return entry
    const { right } = entry
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
    let receipt: ReturnType<typeof state.issuer.issue>
    try {
      receipt = state.issuer.issue(
        {
          orgId: right.orgId,
          spatialAnchorId: body.spatialAnchorId,
          dwellMs: body.dwellMs,
          spatialPlacementId: body.spatialPlacementId ?? null,
          correlationId: body.correlationId ?? null,
        },
        { at, ring: state.ring },
      )
    } catch (err) {
      // The contract bounds dwellMs, so this is a second line of defence: the issuer refused, nothing was stored.
      if (err instanceof ReceiptIssuerError && err.code === 'INVALID_OBSERVATION') {
        return fail(400, err.message, '/body/dwellMs', 'cannot be carried by a receipt')
      }
      throw err
    }
    recordObservation(state, receipt, right.id, body.telemetry ?? null)
    emitEvent(state, call.derive, 'delivery.observed', at, receipt)
    return okStable({ receipt })
  },
}
