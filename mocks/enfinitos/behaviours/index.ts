/**
 * Every EnfinitOS operation's default behaviour. Before each one, rights and offers whose time has passed expire
 * (so the state is always what the session clock says; cheap until something is due), each expired right
 * announcing `right.expired`.
 *
 * When the session clock is set before the key ring's first key (notBefore, see world.ts), nothing can be signed at
 * that time: an operation that must sign answers 500 INTERNAL saying so, and, since behaviours sign before they store,
 * nothing is written. The other operations (reads, the key directory) answer as usual.
 */
import type { Behaviour, MockResponse } from '../../core/types.js'
import { fail } from '../envelope.js'
import { NoSigningKeyError } from '../proof/keys.js'
import { expireDue } from '../rights-model.js'
import type { EnfinitosState } from '../state.js'
import type { EnfinitosOperationId } from '../types.js'
import { deliverDue } from '../webhook-dispatch.js'
import { emitEvent } from '../webhooks-model.js'
import { basesBehaviours } from './bases.js'
import { challengesBehaviours } from './challenges.js'
import { deliveryBehaviours } from './delivery.js'
import { meteringBehaviours } from './metering.js'
import { offersBehaviours } from './offers.js'
import { proofPacksBehaviours } from './proof-packs.js'
import { rightsBehaviours } from './rights.js'
import { runtimeKeysBehaviours } from './runtime-keys.js'
import type { Call } from './shared.js'
import { webhooksBehaviours } from './webhooks.js'

const behaviours: Record<EnfinitosOperationId, (call: Call) => ReturnType<Behaviour<EnfinitosState>>> = {
  ...basesBehaviours,
  ...rightsBehaviours,
  ...offersBehaviours,
  ...challengesBehaviours,
  ...deliveryBehaviours,
  ...proofPacksBehaviours,
  ...meteringBehaviours,
  ...webhooksBehaviours,
  ...runtimeKeysBehaviours,
}

function noSigningKey(err: NoSigningKeyError): MockResponse {
  return fail(
    500,
    `standin cannot sign this: ${err.message}. The session clock is set before its signing keys are valid; set it to ${err.earliestNotBefore ?? 'a later instant'} or later.`,
  )
}

function orNoSigningKey(err: unknown): MockResponse {
  if (err instanceof NoSigningKeyError) return noSigningKey(err)
  throw err
}

/**
 * After a behaviour, the webhook deliveries it made due go out at once through the adapter's transport (planned and
 * signed now, on the call's clock; sent in the background). Without a transport nothing happens here: the pure
 * engine attempts deliveries only when processDueWebhookDeliveries is called. One comparison when nothing is due.
 */
function afterAnswer(call: Call): (answer: MockResponse) => MockResponse {
  return (answer) => {
    const transport = call.outbound
    if (transport && call.state.webhooks.nextDueMs <= call.clock.nowMs()) {
      // Never rejects in practice (the transport reports failures as outcomes); a bug must not crash the server.
      deliverDue(call.state, call.clock.iso(), transport).catch(() => undefined)
    }
    return answer
  }
}

/** Runs expiry, then the behaviour; synchronous behaviours (all but a few) answer synchronously, with no promise. */
function withExpiry(behaviour: (call: Call) => ReturnType<Behaviour<EnfinitosState>>): Behaviour<EnfinitosState> {
  return (call) => {
    try {
      const at = call.clock.iso()
      for (const expired of expireDue(call.state, at))
        emitEvent(call.state, call.derive, 'right.expired', at, expired.right)
      const answer = behaviour(call)
      if (answer instanceof Promise) return answer.then(afterAnswer(call)).catch(orNoSigningKey)
      return afterAnswer(call)(answer)
    } catch (err) {
      return orNoSigningKey(err)
    }
  }
}

export const enfinitosBehaviours: Record<EnfinitosOperationId, Behaviour<EnfinitosState>> = Object.fromEntries(
  Object.entries(behaviours).map(([operationId, behaviour]) => [operationId, withExpiry(behaviour)]),
) as Record<EnfinitosOperationId, Behaviour<EnfinitosState>>
