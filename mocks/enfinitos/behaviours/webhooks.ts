/**
 * createWebhook (the signing secret is in this response only, never again), replayWebhookDelivery (only a
 * DEAD_LETTERED or FAILED delivery, else 409; the attempt is simulated, see webhooks-model.ts) and
 * processDueWebhookDeliveries (the operator hook: up to `limit` due deliveries, default 10).
 */
import { fail, ok } from '../envelope.js'
import { attemptDelivery, createSubscription, DEFAULT_PROCESS_LIMIT, processDue } from '../webhooks-model.js'
import type { Call } from './shared.js'

export const webhooksBehaviours = {
  createWebhook(call: Call) {
    const { url, events, label } = call.body
    return ok(createSubscription(call.state, call.derive, { url, events, label }, call.clock.iso()))
  },

  replayWebhookDelivery(call: Call) {
    const { subscriptionId = '', deliveryId = '' } = call.params
    const { subscriptions, deliveries } = call.state.webhooks
    if (!subscriptions.has(subscriptionId)) {
      return fail(
        404,
        `no webhook subscription ${subscriptionId}`,
        '/path/subscriptionId',
        'names no subscription of this org',
      )
    }
    const delivery = deliveries.get(deliveryId)
    if (!delivery || delivery.subscriptionId !== subscriptionId) {
      return fail(
        404,
        `no delivery ${deliveryId} for subscription ${subscriptionId}`,
        '/path/deliveryId',
        'names no delivery of this subscription',
      )
    }
    if (delivery.status !== 'DEAD_LETTERED' && delivery.status !== 'FAILED') {
      return fail(
        409,
        `delivery ${deliveryId} is ${delivery.status}; only DEAD_LETTERED or FAILED deliveries can be replayed`,
        '/path/deliveryId',
        `is ${delivery.status}`,
      )
    }
    const { delivery: after, outcome } = attemptDelivery(call.state, delivery, call.clock.iso())
    return ok({ replay: { ok: outcome.ok, errorMessage: outcome.errorMessage }, delivery: after })
  },

  processDueWebhookDeliveries(call: Call) {
    const limit: number = call.body?.limit ?? DEFAULT_PROCESS_LIMIT
    return ok(processDue(call.state, limit, call.clock.iso()))
  },
}
