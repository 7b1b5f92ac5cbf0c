/**
 * Webhook subscriptions and the delivery queue. The mock makes no outbound HTTP call: an attempt is simulated, and
 * its outcome is deterministic from the subscription URL (standin convention): a host under the reserved `.invalid`
 * TLD (RFC 2606) never answers (attempt fails, no status); any other endpoint answers 200.
 * Retries follow the docs: about 30 s, 2 min, 10 min, 1 h after attempts 1-4; after the 5th failed attempt the
 * delivery is DEAD_LETTERED (replayable). Events enqueue one PENDING delivery per active subscription that listens
 * to them (or to `*`).
 *
 * Every attempt is signed as the docs say (`Enfinitos-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">`, keyed with the subscription's whsec_ secret); the last request of each delivery (body and
 * header) is kept in `state.webhooks.sent`, so a test can check a receiver against it. The event body is inferred
 * (the docs do not show it): `{"id": <delivery id>, "event": <type>, "createdAt": <when the event happened>}`.
 */
import type { Derive } from '../core/types.js'
import { newId, newWebhookSecret } from './ids.js'
import { signWebhook } from './proof/webhook-signature.js'
import type { EnfinitosState, SentWebhook } from './state.js'
import { HOUR, iso, MINUTE, msOf, SECOND } from './time.js'
import type { WebhookDelivery, WebhookEventSelector, WebhookEventType, WebhookSubscription } from './types.js'

export const RETRY_DELAYS_MS = [30 * SECOND, 2 * MINUTE, 10 * MINUTE, HOUR] as const
const MAX_ATTEMPTS = 5
export const DEFAULT_PROCESS_LIMIT = 10

interface AttemptOutcome {
  ok: boolean
  status: number | null
  errorMessage: string | null
}

export function createSubscription(
  state: EnfinitosState,
  derive: Derive,
  input: { url: string; events: WebhookEventSelector[]; label: string },
  at: string,
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
  return { subscription, signingSecret }
}

/** Enqueues `event` for every active subscription listening to it. */
export function emitEvent(state: EnfinitosState, derive: Derive, event: WebhookEventType, at: string): void {
  for (const subscription of state.webhooks.subscriptions.values()) {
    if (!subscription.active) continue
    if (!subscription.events.some((selector) => selector === '*' || selector === event)) continue
    const delivery: WebhookDelivery = {
      id: newId(derive, 'webhookDelivery'),
      subscriptionId: subscription.subscriptionId,
      event,
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: at,
      lastAttemptAt: null,
      lastResponseStatus: null,
      createdAt: at,
    }
    state.webhooks.deliveries.set(delivery.id, delivery)
  }
}

/** The simulated outcome of posting to `url` (see the module comment). */
function simulateEndpoint(url: string): AttemptOutcome {
  let host = ''
  try {
    host = new URL(url).hostname
  } catch {
    return { ok: false, status: null, errorMessage: `invalid endpoint URL ${url}` }
  }
  if (host.endsWith('.invalid')) return { ok: false, status: null, errorMessage: `getaddrinfo ENOTFOUND ${host}` }
  return { ok: true, status: 200, errorMessage: null }
}

/**
 * One attempt at `at`. Success -> DELIVERED. Failure -> FAILED with the next retry scheduled, or DEAD_LETTERED once
 * the attempts reach the maximum; a replay of a DEAD_LETTERED delivery that fails again leaves it DEAD_LETTERED.
 */
export function attemptDelivery(
  state: EnfinitosState,
  delivery: WebhookDelivery,
  at: string,
): { delivery: WebhookDelivery; outcome: AttemptOutcome } {
  const subscription = state.webhooks.subscriptions.get(delivery.subscriptionId)
  const outcome = subscription
    ? simulateEndpoint(subscription.url)
    : { ok: false, status: null, errorMessage: 'the subscription no longer exists' }
  const attempts = delivery.attempts + 1
  const secret = subscription ? state.webhooks.secrets.get(subscription.subscriptionId) : undefined
  const sent = secret === undefined ? null : signedRequest(delivery, secret, attempts, at)
  let next: WebhookDelivery
  if (outcome.ok) {
    next = {
      ...delivery,
      status: 'DELIVERED',
      attempts,
      nextAttemptAt: null,
      lastAttemptAt: at,
      lastResponseStatus: outcome.status,
    }
    if (subscription)
      state.webhooks.subscriptions.set(subscription.subscriptionId, { ...subscription, lastDeliveredAt: at })
  } else {
    const dead = delivery.status === 'DEAD_LETTERED' || attempts >= MAX_ATTEMPTS
    const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? HOUR
    next = {
      ...delivery,
      status: dead ? 'DEAD_LETTERED' : 'FAILED',
      attempts,
      nextAttemptAt: dead ? null : iso(msOf(at) + delay),
      lastAttemptAt: at,
      lastResponseStatus: outcome.status,
    }
  }
  state.webhooks.deliveries.set(next.id, next)
  if (sent !== null) state.webhooks.sent.set(next.id, sent)
  return { delivery: next, outcome }
}

/** The raw body of a delivery's event (see the module comment). */
function webhookBody(delivery: WebhookDelivery): string {
  return JSON.stringify({ id: delivery.id, event: delivery.event, createdAt: delivery.createdAt })
}

/**
 * Keeps the request attempt number `attempt` of `delivery` sent at `at` (signed with its subscription's secret) as
 * the delivery's last one. For worlds that set up deliveries with attempts already made.
 */
export function recordSent(state: EnfinitosState, delivery: WebhookDelivery, attempt: number, at: string): void {
  const secret = state.webhooks.secrets.get(delivery.subscriptionId)
  if (secret !== undefined) state.webhooks.sent.set(delivery.id, signedRequest(delivery, secret, attempt, at))
}

/** The request an attempt sends: the event body signed with the subscription's secret at `at`. */
function signedRequest(delivery: WebhookDelivery, secret: string, attempt: number, at: string): SentWebhook {
  const body = webhookBody(delivery)
  // A session clock before 1970 signs as of the epoch (unix seconds are not negative).
  return { attempt, at, body, signature: signWebhook(secret, body, Math.max(0, Math.floor(msOf(at) / SECOND))) }
}

/** Attempts up to `limit` due deliveries (PENDING or FAILED, nextAttemptAt <= at), earliest due first. */
export function processDue(
  state: EnfinitosState,
  limit: number,
  at: string,
): { processed: number; delivered: number; failed: number; deadLettered: number; batchLimit: number } {
  const now = msOf(at)
  const due = [...state.webhooks.deliveries.values()]
    .filter(
      (d) =>
        (d.status === 'PENDING' || d.status === 'FAILED') && d.nextAttemptAt !== null && msOf(d.nextAttemptAt) <= now,
    )
    .sort((a, b) => msOf(a.nextAttemptAt ?? at) - msOf(b.nextAttemptAt ?? at))
    .slice(0, limit)
  const counts = { processed: 0, delivered: 0, failed: 0, deadLettered: 0, batchLimit: limit }
  for (const delivery of due) {
    const { delivery: after } = attemptDelivery(state, delivery, at)
    counts.processed += 1
    if (after.status === 'DELIVERED') counts.delivered += 1
    else if (after.status === 'DEAD_LETTERED') counts.deadLettered += 1
    else counts.failed += 1
  }
  return counts
}
