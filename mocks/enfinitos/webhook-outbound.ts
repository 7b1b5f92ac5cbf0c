/**
 * What the EnfinitOS provider exposes to adapters about its webhooks (core/types.ts `OutboundDeliveries`): deliver
 * what is due, the admin API's views (subscriptions without secrets, deliveries with their event id, the journal of
 * attempts) and triggers.
 */
import type { OutboundDeliveries } from '../core/types.js'
import type { EnfinitosState } from './state.js'
import { deliverDue } from './webhook-dispatch.js'
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from './webhook-events.js'
import { triggerEvent } from './webhook-trigger.js'
import { deliveriesOf } from './webhooks-model.js'

function list(
  state: EnfinitosState,
  what: 'subscriptions' | 'deliveries' | 'attempts',
  filter: Record<string, unknown>,
) {
  const hooks = state.webhooks
  if (what === 'subscriptions') {
    return [...hooks.subscriptions.values()].map((sub) => ({
      subscriptionId: sub.subscriptionId,
      url: sub.url,
      events: sub.events,
      label: sub.label,
      active: sub.active,
      createdAt: sub.createdAt,
      lastDeliveredAt: sub.lastDeliveredAt,
      registered: hooks.registered.has(sub.subscriptionId),
    }))
  }
  if (what === 'deliveries') {
    return [...deliveriesOf(state).values()]
      .filter((d) => filter.status === undefined || d.status === filter.status)
      .map((d) => ({ ...d, eventId: hooks.eventOf.get(d.id) ?? null, inFlight: hooks.inFlight.has(d.id) }))
  }
  return hooks.attempts.filter((a) => filter.deliveryId === undefined || a.deliveryId === filter.deliveryId)
}

export const enfinitosOutbound: OutboundDeliveries<EnfinitosState> = {
  events: WEBHOOK_EVENT_TYPES,
  nextDueMs: (state) => state.webhooks.nextDueMs,
  deliverDue: (state, clock, transport) => deliverDue(state, clock.iso(), transport).then((counts) => counts.processed),
  list,
  trigger(state, world, event) {
    if (!isWebhookEventType(event)) return { missing: `event type ${event}` }
    return triggerEvent(state, world.derive, event, world.clock.iso())
  },
}
