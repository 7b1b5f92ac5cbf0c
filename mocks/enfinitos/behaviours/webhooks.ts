/**
 * createWebhook (the signing secret is in this response only, never again; an http:// URL that is not a loopback
 * host or a `--webhook-allow-http` host is refused with 400), replayWebhookDelivery (only a DEAD_LETTERED or FAILED
 * delivery with no attempt under way, else 409; attempted now) and processDueWebhookDeliveries (the operator hook: up
 * to `limit` due deliveries, default 10). Attempts go through the adapter's transport when there is one (real POSTs,
 * answered once their outcomes are known), else their outcome is simulated (webhook-dispatch.ts).
 */
import { fail, ok } from '../envelope.js'
import { planAttempt, planDue, runPlans, runSimulated } from '../webhook-dispatch.js'
import { createSubscription, DEFAULT_PROCESS_LIMIT, deliveriesOf, refusedWebhookUrl } from '../webhooks-model.js'
import type { Call } from './shared.js'

/** Why a replay made no attempt: the transport had no room (a bounded number of deliveries in flight). */
const TRANSPORT_FULL = 'no attempt was made: too many webhook deliveries are in flight; replay again later'

export const webhooksBehaviours = {
  createWebhook(call: Call) {
    const { url, events, label } = call.body
    const refused = refusedWebhookUrl(url, call.outbound?.allowHttpHosts ?? [])
    if (refused !== null) return fail(400, `url ${refused}`, '/body/url', refused)
    return ok(createSubscription(call.state, call.derive, { url, events, label }, call.clock.iso(), true))
  },

  replayWebhookDelivery(call: Call) {
    const { subscriptionId = '', deliveryId = '' } = call.params
    const { subscriptions, inFlight } = call.state.webhooks
    const deliveries = deliveriesOf(call.state)
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
    if ((delivery.status !== 'DEAD_LETTERED' && delivery.status !== 'FAILED') || inFlight.has(deliveryId)) {
      const why = inFlight.has(deliveryId) ? 'an attempt is under way' : `it is ${delivery.status}`
      return fail(
        409,
        `delivery ${deliveryId} cannot be replayed: ${why}; only a DEAD_LETTERED or FAILED delivery with no attempt under way can be replayed`,
        '/path/deliveryId',
        why,
      )
    }
    const plan = planAttempt(call.state, delivery, call.clock.iso(), Boolean(call.outbound))
    const answer = () => {
      const after = call.state.webhooks.deliveries.get(deliveryId) ?? delivery
      const last = call.state.webhooks.attempts.at(-1)
      const made = last?.deliveryId === deliveryId && last.attempt === plan.attempt
      const errorMessage = after.status === 'DELIVERED' ? null : made ? last.error : TRANSPORT_FULL
      return ok({ replay: { ok: after.status === 'DELIVERED', errorMessage }, delivery: after })
    }
    if (!call.outbound) {
      runSimulated(call.state, [plan])
      return answer()
    }
    return runPlans(call.state, [plan], call.outbound).then(answer)
  },

  processDueWebhookDeliveries(call: Call) {
    const limit: number = call.body?.limit ?? DEFAULT_PROCESS_LIMIT
    const plans = planDue(call.state, call.clock.iso(), limit, Boolean(call.outbound), 'all')
    if (!call.outbound) return ok({ ...runSimulated(call.state, plans), batchLimit: limit })
    return runPlans(call.state, plans, call.outbound).then((counts) => ok({ ...counts, batchLimit: limit }))
  },
}
