/**
 * Webhook scenarios: at-least-once delivery as receivers meet it. Each one applies to the events emitted by the calls
 * it covers (every operation that emits one) while it is active; deliveries go out as usual (docs/webhooks.md).
 */
import type { Scenario } from '../../core/scenarios.js'
import type { DeliveryQuirk } from '../webhook-state.js'
import { custom } from './actions.js'

/** Every operation whose behaviour emits a webhook event. */
const EMITTING = [
  'registerBasis',
  'issueRight',
  'suspendRight',
  'resumeRight',
  'revokeRight',
  'proposeOffer',
  'acceptOffer',
  'rejectOffer',
  'counterOffer',
  'openChallenge',
  'resolveChallenge',
  'observeDelivery',
  'sealProofPack',
] as const

function quirk(name: string, applied: DeliveryQuirk, description: string): Scenario {
  return {
    name,
    description,
    provider: 'enfinitos',
    operations: Object.fromEntries(
      EMITTING.flatMap((op) =>
        Object.entries(
          custom(op, async (call, next) => {
            call.state.webhooks.quirk = applied
            try {
              return await next()
            } finally {
              call.state.webhooks.quirk = null
            }
          }),
        ),
      ),
    ),
  }
}

export const webhookScenarios: Scenario[] = [
  quirk(
    'enfinitos:webhooks.duplicate-delivery',
    'duplicate',
    'Every webhook event is delivered twice to each subscription listening to it: two deliveries, the same event id and body (at-least-once); a receiver must deduplicate on the event id.',
  ),
  quirk(
    'enfinitos:webhooks.out-of-order',
    'reorder',
    'Webhook events arrive out of order: the deliveries of an event are held back until the next event is emitted, then sent after it (the later event first); a receiver must not assume order (compare createdAt or the object).',
  ),
]
