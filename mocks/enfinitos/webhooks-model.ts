/**
 * Webhook subscriptions and events. An event enqueues one PENDING delivery per active subscription that listens to it
 * (or to `*`), due at once; webhook-dispatch.ts attempts due deliveries (signed, retried on the documented schedule,
 * dead-lettered after the 5th failure). Emitting costs nothing when no subscription exists (one size check), and the
 * body is built at the first attempt, not here (webhook-events.ts).
 *
 * Which subscriptions get real HTTP requests: only those registered through createWebhook (or `standin trigger`'s
 * session) in this session (`state.webhooks.registered`), and only when an adapter passed a transport in. The seeded
 * world's subscription (hooks.example.com) was registered by nobody: its attempts are simulated, the outcome decided
 * by the URL's host (a host under the reserved `.invalid` TLD never answers; any other answers 200). So standin never
 * sends a request to a host the user did not name.
 */
import { isLoopbackHost } from '../core/outbound.js'
import type { Derive } from '../core/types.js'
import { idAt, newId, newWebhookSecret, reserveId } from './ids.js'
import type { EnfinitosState } from './state.js'
import { HOUR, MINUTE, msOf, SECOND } from './time.js'
import type { WebhookDelivery, WebhookEventSelector, WebhookEventType, WebhookSubscription } from './types.js'
import { EVENT_KIND, newEventId } from './webhook-events.js'
import type { WebhookEventRecord } from './webhook-state.js'

/** The documented retry schedule: about 30 s, 2 min, 10 min, 1 h after attempts 1-4. */
export const RETRY_DELAYS_MS = [30 * SECOND, 2 * MINUTE, 10 * MINUTE, HOUR] as const
/** After this many failed attempts a delivery is DEAD_LETTERED (replayable). */
export const MAX_ATTEMPTS = 5
/** The documented timeout of one attempt. */
export const WEBHOOK_TIMEOUT_MS = 10 * SECOND
export const DEFAULT_PROCESS_LIMIT = 10
/** Attempts kept in a session's journal of attempts (the oldest are dropped beyond it). */
export const ATTEMPT_JOURNAL_LIMIT = 1000

/**
 * Why standin refuses to send to `url`, or null when it may: the docs say HTTPS only; standin also allows plain
 * http:// to loopback hosts and to the hosts named with `--webhook-allow-http` (`allowHttpHosts`).
 */
export function refusedWebhookUrl(url: string, allowHttpHosts: readonly string[]): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return `${url} is not a URL`
  }
  if (parsed.protocol === 'https:') return null
  if (parsed.protocol !== 'http:') return `must be an https:// URL, got ${parsed.protocol}`
  const host = parsed.hostname.toLowerCase()
  if (isLoopbackHost(host) || allowHttpHosts.some((allowed) => allowed.toLowerCase() === host)) return null
  return `must be an https:// URL: EnfinitOS delivers to HTTPS endpoints only; standin accepts http:// only for a loopback host (localhost, 127.0.0.1, [::1]) or a host named with \`standin serve --webhook-allow-http ${host}\``
}

export function createSubscription(
  state: EnfinitosState,
  derive: Derive,
  input: { url: string; events: WebhookEventSelector[]; label: string },
  at: string,
  registered = false,
): { subscription: WebhookSubscription; signingSecret: string } {
  const subscription: WebhookSubscription = {
    subscriptionId: newId(derive, 'webhookSubscription'),
    developerId: state.developerId,
    url: input.url,
    events: [...input.events],
    label: input.label,
    active: true,
    createdAt: at,
    lastDeliveredAt: null,
    secretLastRotatedAt: null,
  }
  const signingSecret = newWebhookSecret(derive)
  state.webhooks.subscriptions.set(subscription.subscriptionId, subscription)
  state.webhooks.secrets.set(subscription.subscriptionId, signingSecret)
  if (registered) state.webhooks.registered.add(subscription.subscriptionId)
  return { subscription, signingSecret }
}

const listens = (subscription: WebhookSubscription, event: WebhookEventType) =>
  subscription.active && subscription.events.some((selector) => selector === '*' || selector === event)

/**
 * Announces `event` about `object` (the affected object as the API returns it) at `at`: one PENDING delivery per
 * active subscription listening to it, due at once (two under the `duplicate` quirk). Nothing at all is done or kept
 * when nobody listens. When only simulated subscriptions listen (the seeded world's), the event is kept compact and
 * built on first read (`deliveriesOf`): the same ids and deliveries, without the work on every call.
 */
export function emitEvent(
  state: EnfinitosState,
  derive: Derive,
  event: WebhookEventType,
  at: string,
  object: unknown,
): void {
  const hooks = state.webhooks
  if (hooks.subscriptions.size === 0) return
  const listeners: WebhookSubscription[] = []
  for (const subscription of hooks.subscriptions.values())
    if (listens(subscription, event)) listeners.push(subscription)
  if (listeners.length === 0) return
  if (
    hooks.quirk === null &&
    hooks.held.length === 0 &&
    !listeners.some((l) => hooks.registered.has(l.subscriptionId))
  ) {
    defer(state, derive, event, at, object, listeners)
    return
  }
  settleDeferred(state) // the events before this one keep their place in the queue
  const record: WebhookEventRecord = { id: newEventId(derive), type: event, createdAt: at, object }
  const created: string[] = []
  for (const subscription of listeners) {
    const copies = hooks.quirk === 'duplicate' ? 2 : 1
    for (let copy = 0; copy < copies; copy++)
      created.push(enqueue(state, newId(derive, 'webhookDelivery'), subscription.subscriptionId, record.id, event, at))
  }
  hooks.events.set(record.id, record)
  releaseHeld(state, created, at)
}

/** The deliveries of this session, every deferred event built first (read them through this, never directly). */
export function deliveriesOf(state: EnfinitosState): Map<string, WebhookDelivery> {
  if (state.webhooks.deferred.length > 0) settleDeferred(state)
  return state.webhooks.deliveries
}

/** Keeps an event only simulated subscriptions listen to, compact: its ids reserved, nothing derived or built yet. */
function defer(
  state: EnfinitosState,
  derive: Derive,
  type: WebhookEventType,
  createdAt: string,
  object: unknown,
  listeners: WebhookSubscription[],
): void {
  const hooks = state.webhooks
  hooks.deferredDerive = derive
  const eventOrdinal = derive.reserve(EVENT_KIND)
  // The delivery ids' ordinals are reserved one after another, so the first says where the others are.
  const firstDeliveryOrdinal = reserveId(derive, 'webhookDelivery')
  for (let i = 1; i < listeners.length; i++) reserveId(derive, 'webhookDelivery')
  const previous = hooks.deferred[hooks.deferred.length - 1]?.subscriptionIds
  const subscriptionIds =
    previous !== undefined &&
    previous.length === listeners.length &&
    listeners.every((l, i) => l.subscriptionId === previous[i])
      ? previous
      : listeners.map((l) => l.subscriptionId)
  hooks.deferred.push({ type, createdAt, object, eventOrdinal, subscriptionIds, firstDeliveryOrdinal })
}

/** Builds every deferred event and its deliveries, oldest first, with the ids reserved when they were emitted. */
function settleDeferred(state: EnfinitosState): void {
  const hooks = state.webhooks
  const derive = hooks.deferredDerive
  if (derive === null || hooks.deferred.length === 0) return
  for (const e of hooks.deferred) {
    const record: WebhookEventRecord = {
      id: `evt_${derive.hexAt(EVENT_KIND, e.eventOrdinal)}`,
      type: e.type,
      createdAt: e.createdAt,
      object: e.object,
    }
    hooks.events.set(record.id, record)
    e.subscriptionIds.forEach((subscriptionId, i) => {
      const id = idAt(derive, 'webhookDelivery', e.firstDeliveryOrdinal + i)
      enqueue(state, id, subscriptionId, record.id, e.type, e.createdAt)
    })
  }
  hooks.deferred = []
}

function enqueue(
  state: EnfinitosState,
  id: string,
  subscriptionId: string,
  eventId: string,
  event: WebhookEventType,
  at: string,
): string {
  const delivery: WebhookDelivery = {
    id,
    subscriptionId,
    event,
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: at,
    lastAttemptAt: null,
    lastResponseStatus: null,
    createdAt: at,
  }
  state.webhooks.deliveries.set(delivery.id, delivery)
  state.webhooks.eventOf.set(delivery.id, eventId)
  if (state.webhooks.registered.has(subscriptionId)) {
    state.webhooks.live.add(delivery.id)
    state.webhooks.nextDueMs = Math.min(state.webhooks.nextDueMs, msOf(at))
  }
  return delivery.id
}

/**
 * The `reorder` quirk: the deliveries of an event are held (not due) until the next event is emitted; then they are
 * queued again behind that event's, so a receiver gets the later event first. Without the quirk, anything held is
 * released behind the new deliveries too.
 */
function releaseHeld(state: EnfinitosState, created: string[], at: string): void {
  const hooks = state.webhooks
  const released = hooks.held
  hooks.held = []
  for (const id of released) {
    const delivery = hooks.deliveries.get(id)
    if (!delivery) continue
    // Re-inserted after the new deliveries: due deliveries go out in due time, then insertion order.
    hooks.deliveries.delete(id)
    hooks.deliveries.set(id, { ...delivery, nextAttemptAt: at })
    if (hooks.live.delete(id)) {
      hooks.live.add(id) // behind the new deliveries in the live queue too
      hooks.nextDueMs = Math.min(hooks.nextDueMs, msOf(at))
    }
  }
  if (hooks.quirk === 'reorder' && released.length === 0) {
    for (const id of created) {
      const delivery = hooks.deliveries.get(id)
      if (delivery) hooks.deliveries.set(id, { ...delivery, nextAttemptAt: null })
    }
    hooks.held = created
  }
}

/** Links a delivery the world seeds to the event it carries (about `object`), so its requests have a body. */
export function seedEvent(
  state: EnfinitosState,
  derive: Derive,
  delivery: WebhookDelivery,
  object: unknown,
): WebhookEventRecord {
  const record: WebhookEventRecord = {
    id: newEventId(derive),
    type: delivery.event,
    createdAt: delivery.createdAt,
    object,
  }
  state.webhooks.events.set(record.id, record)
  state.webhooks.eventOf.set(delivery.id, record.id)
  return record
}
