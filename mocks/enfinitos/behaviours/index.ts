/**
 * Every EnfinitOS operation's default behaviour. Before each one, rights and offers whose time has passed expire
 * (so the state is always what the session clock says), each expired right announcing `right.expired`.
 */
import type { Behaviour } from '../../core/types.js'
import { expireDue } from '../rights-model.js'
import type { EnfinitosState } from '../state.js'
import type { EnfinitosOperationId } from '../types.js'
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

function withExpiry(behaviour: (call: Call) => ReturnType<Behaviour<EnfinitosState>>): Behaviour<EnfinitosState> {
  return (call) => {
    const at = call.clock.iso()
    for (const _expired of expireDue(call.state, at)) emitEvent(call.state, call.derive, 'right.expired', at)
    return behaviour(call)
  }
}

export const enfinitosBehaviours: Record<EnfinitosOperationId, Behaviour<EnfinitosState>> = Object.fromEntries(
  Object.entries(behaviours).map(([operationId, behaviour]) => [operationId, withExpiry(behaviour)]),
) as Record<EnfinitosOperationId, Behaviour<EnfinitosState>>
