/**
 * Attempts of webhook deliveries, in two steps so the provider stays pure and deterministic:
 *
 * 1. plan (synchronous, on the session clock): which deliveries are due, the exact body and the `Enfinitos-Signature`
 *    at the attempt's instant (`t` = its unix seconds). Planned deliveries are marked in flight.
 * 2. an adapter's transport POSTs it (core/outbound.ts) and reports status, latency and error; the outcome updates the
 *    delivery: 2xx DELIVERED; anything else FAILED with the next attempt at the documented offset from the attempt's
 *    instant (30 s, 2 min, 10 min, 1 h), or DEAD_LETTERED after the 5th failure (a failed replay stays DEAD_LETTERED).
 *
 * Ordering: due deliveries are planned by due time, then queue order; those of one subscription are sent one after
 * another (the next starts when the previous ended), different subscriptions in parallel. Without a transport, or for
 * a subscription nobody registered in this session (the seeded world's), the outcome is simulated (webhooks-model.ts).
 */
import { type OutboundOutcome, type OutboundTransport, reservedDocumentationHost } from '../core/outbound.js'
import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from './proof/webhook-signature.js'
import type { EnfinitosState } from './state.js'
import { iso, msOf, SECOND } from './time.js'
import type { WebhookDelivery } from './types.js'
import { EVENT_BODY_KEPT_CHARS, eventText, eventViolations } from './webhook-events.js'
import type { SentWebhook, WebhookAttempt, WebhookEventRecord } from './webhook-state.js'
import {
  ATTEMPT_JOURNAL_LIMIT,
  deliveriesOf,
  MAX_ATTEMPTS,
  RETRY_DELAYS_MS,
  WEBHOOK_TIMEOUT_MS,
} from './webhooks-model.js'

/** One attempt, decided and signed, not sent yet. */
export interface PlannedAttempt {
  delivery: WebhookDelivery
  url: string
  attempt: number
  at: string
  eventId: string
  /** The body and signature to send; null when the body cannot be made (the attempt fails with `error`). */
  sent: SentWebhook | null
  /** Whether `sent` was made now (a request that goes out) or is made when read (one nobody receives). */
  made: boolean
  error: string | null
  /** No request is made: the outcome is simulated. */
  simulated: boolean
}

export interface DeliveryCounts {
  processed: number
  delivered: number
  failed: number
  deadLettered: number
}

const isDue = (d: WebhookDelivery, now: number) =>
  (d.status === 'PENDING' || d.status === 'FAILED') && d.nextAttemptAt !== null && msOf(d.nextAttemptAt) <= now

/** The earliest due time of the `live` deliveries (+Infinity when none), kept in the state. */
export function refreshNextDue(state: EnfinitosState): number {
  let next = Number.POSITIVE_INFINITY
  for (const id of state.webhooks.live) {
    const at = state.webhooks.deliveries.get(id)?.nextAttemptAt
    if (at) next = Math.min(next, msOf(at))
  }
  state.webhooks.nextDueMs = next
  return next
}

/**
 * Plans up to `limit` due deliveries at `at` (earliest due first, then queue order) and marks them in flight: only
 * the `live` ones (registered subscriptions; cheap, the adapters' rounds), or `all` (processDueWebhookDeliveries).
 */
export function planDue(
  state: EnfinitosState,
  at: string,
  limit: number,
  transport: boolean,
  scope: 'live' | 'all' = 'live',
): PlannedAttempt[] {
  const now = msOf(at)
  const hooks = state.webhooks
  if (scope === 'live' && hooks.nextDueMs > now) return []
  const candidates =
    scope === 'live'
      ? [...hooks.live].flatMap((id) => hooks.deliveries.get(id) ?? [])
      : [...deliveriesOf(state).values()]
  const due = candidates
    .filter((d) => isDue(d, now) && !hooks.inFlight.has(d.id))
    .sort((a, b) => msOf(a.nextAttemptAt ?? at) - msOf(b.nextAttemptAt ?? at))
    .slice(0, limit)
  return due.map((delivery) => planAttempt(state, delivery, at, transport))
}

/** Decides and signs one attempt of `delivery` at `at` (a replay too), and marks it in flight. */
export function planAttempt(
  state: EnfinitosState,
  delivery: WebhookDelivery,
  at: string,
  transport: boolean,
): PlannedAttempt {
  const hooks = state.webhooks
  const subscription = hooks.subscriptions.get(delivery.subscriptionId)
  const secret = hooks.secrets.get(delivery.subscriptionId)
  const eventId = hooks.eventOf.get(delivery.id) ?? ''
  const event = hooks.events.get(eventId)
  const attempt = delivery.attempts + 1
  hooks.inFlight.add(delivery.id)
  const plan = {
    delivery,
    url: subscription?.url ?? '',
    attempt,
    at,
    eventId,
    simulated: !transport || !hooks.registered.has(delivery.subscriptionId),
  }
  const failed = (error: string) => ({ ...plan, sent: null, made: false, error })
  if (!subscription || secret === undefined) return failed('the subscription no longer exists')
  if (!event) return failed(`standin kept no event for delivery ${delivery.id}`)
  const refused = eventViolations(state, event)
  if (refused !== null) return failed(refused)
  // A request nobody will receive (simulated, or to a reserved documentation domain) is made only if read.
  const made = !plan.simulated && reservedDocumentationHost(plan.url) === null
  const sent = made
    ? signedRequest(eventText(state, event), secret, attempt, at)
    : unsentRequest(state, event, secret, attempt, at)
  return { ...plan, sent, made, error: null }
}

/** The request an attempt sends: `body` signed with `secret` at `at` (unix seconds; never negative). */
function signedRequest(body: string, secret: string, attempt: number, at: string): SentWebhook {
  return { attempt, at, body, signature: signatureAt(secret, body, at) }
}

const signatureAt = (secret: string, body: string, at: string) =>
  signWebhook(secret, body, Math.max(0, Math.floor(msOf(at) / SECOND)))

/**
 * The request an attempt would send, made when read: the same bytes and signature (the event never changes; the
 * secret and time are this attempt's). A sealed pack's event is ~3.7 MB: serialising and signing it for an attempt
 * that goes nowhere would be work and garbage for nothing. One read of body and signature serialises once: the text is
 * kept while it is in use (a WeakRef), not for the life of the attempts' journal.
 */
function unsentRequest(
  state: EnfinitosState,
  event: WebhookEventRecord,
  secret: string,
  attempt: number,
  at: string,
): SentWebhook {
  let last: WeakRef<{ text: string }> | undefined
  const text = () => {
    const alive = last?.deref()
    if (alive !== undefined) return alive.text
    const made = { text: eventText(state, event) }
    last = new WeakRef(made)
    return made.text
  }
  return {
    attempt,
    at,
    get body() {
      return text()
    },
    get signature() {
      return signatureAt(secret, text(), at)
    },
  }
}

/** The simulated outcome of posting to `url`: a `.invalid` host (RFC 2606) never answers, any other answers 200. */
export function simulateEndpoint(url: string): OutboundOutcome {
  let host = ''
  try {
    host = new URL(url).hostname
  } catch {
    return { status: null, error: `invalid endpoint URL ${url}`, latencyMs: 0 }
  }
  if (host.endsWith('.invalid')) return { status: null, error: `getaddrinfo ENOTFOUND ${host}`, latencyMs: 0 }
  return { status: 200, error: null, latencyMs: 0 }
}

/**
 * Carries out a planned attempt: simulated, failed before sending (no body), or through the transport. Resolves with
 * the outcome, or null when the transport was at capacity (nothing sent; the delivery stays due).
 */
export function carryOut(plan: PlannedAttempt, transport: OutboundTransport | null): Promise<OutboundOutcome> | null {
  if (plan.sent === null) return Promise.resolve({ status: null, error: plan.error, latencyMs: 0 })
  if (plan.simulated || transport === null) return Promise.resolve(simulateEndpoint(plan.url))
  // A documentation domain has no receiver (RFC 2606): no runtime sends there, in-process or over HTTP.
  const reserved = reservedDocumentationHost(plan.url)
  if (reserved !== null) {
    const error = `not sent: ${reserved} is a reserved documentation domain (RFC 2606, RFC 6761), where no receiver listens`
    return Promise.resolve({ status: null, error, latencyMs: 0 })
  }
  return transport.send({
    url: plan.url,
    headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: plan.sent.signature },
    body: plan.sent.body,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    label: `webhook ${plan.delivery.id} (${plan.delivery.event}, attempt ${plan.attempt})`,
  })
}

/** Drops the in-flight mark of an attempt that was not made (transport at capacity). */
export function abandon(state: EnfinitosState, plan: PlannedAttempt): void {
  state.webhooks.inFlight.delete(plan.delivery.id)
}

/** Records the outcome of a planned attempt: the delivery's new status, its last request, the journal of attempts. */
export function recordOutcome(state: EnfinitosState, plan: PlannedAttempt, outcome: OutboundOutcome): WebhookDelivery {
  const hooks = state.webhooks
  hooks.inFlight.delete(plan.delivery.id)
  const current = hooks.deliveries.get(plan.delivery.id) ?? plan.delivery
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300
  const dead = !ok && (current.status === 'DEAD_LETTERED' || plan.attempt >= MAX_ATTEMPTS)
  const delay = RETRY_DELAYS_MS[Math.min(plan.attempt, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0]
  const next: WebhookDelivery = {
    ...current,
    status: ok ? 'DELIVERED' : dead ? 'DEAD_LETTERED' : 'FAILED',
    attempts: plan.attempt,
    nextAttemptAt: ok || dead ? null : iso(msOf(plan.at) + delay),
    lastAttemptAt: plan.at,
    lastResponseStatus: outcome.status,
  }
  hooks.deliveries.set(next.id, next)
  const subscription = hooks.subscriptions.get(next.subscriptionId)
  if (ok && subscription)
    hooks.subscriptions.set(subscription.subscriptionId, { ...subscription, lastDeliveredAt: plan.at })
  if (next.nextAttemptAt === null) hooks.live.delete(next.id)
  else if (hooks.registered.has(next.subscriptionId)) {
    hooks.live.add(next.id)
    hooks.nextDueMs = Math.min(hooks.nextDueMs, msOf(next.nextAttemptAt))
  }
  journal(state, plan, outcome, next, ok)
  return next
}

function journal(
  state: EnfinitosState,
  plan: PlannedAttempt,
  outcome: OutboundOutcome,
  after: WebhookDelivery,
  ok: boolean,
): void {
  const hooks = state.webhooks
  hooks.attemptSeq += 1
  const attempt: WebhookAttempt = {
    seq: hooks.attemptSeq,
    deliveryId: after.id,
    subscriptionId: after.subscriptionId,
    eventId: plan.eventId,
    event: after.event,
    attempt: plan.attempt,
    at: plan.at,
    url: plan.url,
    body: '',
    signature: '',
    status: outcome.status,
    ok,
    error: ok ? null : (outcome.error ?? `endpoint answered ${outcome.status}`),
    latencyMs: outcome.latencyMs,
    outcome: after.status as WebhookAttempt['outcome'],
    nextAttemptAt: after.nextAttemptAt,
    simulated: plan.simulated,
  }
  hooks.attempts.push(bodyByReference(state, plan, attempt))
  if (hooks.attempts.length > ATTEMPT_JOURNAL_LIMIT)
    hooks.attempts.splice(0, hooks.attempts.length - ATTEMPT_JOURNAL_LIMIT)
}

/**
 * The attempt as the journal of attempts keeps it. Its body and signature are read from the event when they were not
 * made (an unsent request) or when the body is too long to keep (EVENT_BODY_KEPT_CHARS): the same bytes, not a copy
 * per attempt held by the journal.
 */
function bodyByReference(state: EnfinitosState, plan: PlannedAttempt, attempt: WebhookAttempt): WebhookAttempt {
  const sent = plan.sent
  const event = state.webhooks.events.get(plan.eventId)
  if (sent === null || event === undefined) return attempt
  if (plan.made) {
    attempt.signature = sent.signature
    if (sent.body.length <= EVENT_BODY_KEPT_CHARS) attempt.body = sent.body
    else readOnRead(attempt, 'body', () => eventText(state, event))
  } else {
    readOnRead(attempt, 'body', () => sent.body)
    readOnRead(attempt, 'signature', () => sent.signature)
  }
  return attempt
}

/**
 * `key` of `attempt` read through `read` each time. Assigning it behaves as on a plain object: the property becomes a
 * data property holding the value assigned (users get these objects from `standin.webhooks.attempts()`).
 */
function readOnRead(attempt: WebhookAttempt, key: 'body' | 'signature', read: () => string): void {
  Object.defineProperty(attempt, key, {
    enumerable: true,
    configurable: true,
    get: read,
    set(value: string) {
      Object.defineProperty(attempt, key, { value, writable: true, enumerable: true, configurable: true })
    },
  })
}

/** Attempts planned deliveries synchronously with simulated outcomes (no transport: the pure engine). */
export function runSimulated(state: EnfinitosState, plans: PlannedAttempt[]): DeliveryCounts {
  const counts = { processed: 0, delivered: 0, failed: 0, deadLettered: 0 }
  for (const plan of plans) {
    const outcome = plan.sent === null ? { status: null, error: plan.error, latencyMs: 0 } : simulateEndpoint(plan.url)
    count(counts, recordOutcome(state, plan, outcome))
  }
  refreshNextDue(state)
  return counts
}

function count(counts: DeliveryCounts, after: WebhookDelivery): void {
  counts.processed += 1
  if (after.status === 'DELIVERED') counts.delivered += 1
  else if (after.status === 'DEAD_LETTERED') counts.deadLettered += 1
  else counts.failed += 1
}

/**
 * Carries out planned attempts through `transport`: one subscription's one after another, subscriptions in parallel.
 * An attempt the transport has no room for is abandoned (still due), and so are the ones behind it, to keep order.
 */
export async function runPlans(
  state: EnfinitosState,
  plans: PlannedAttempt[],
  transport: OutboundTransport | null,
): Promise<DeliveryCounts> {
  const counts = { processed: 0, delivered: 0, failed: 0, deadLettered: 0 }
  const bySubscription = new Map<string, PlannedAttempt[]>()
  for (const plan of plans) {
    const queue = bySubscription.get(plan.delivery.subscriptionId) ?? []
    queue.push(plan)
    bySubscription.set(plan.delivery.subscriptionId, queue)
  }
  const runQueue = async (queue: PlannedAttempt[]) => {
    for (const [index, plan] of queue.entries()) {
      const pending = carryOut(plan, transport)
      if (pending === null) {
        for (const left of queue.slice(index)) abandon(state, left)
        return
      }
      count(counts, recordOutcome(state, plan, await pending))
    }
  }
  await Promise.all([...bySubscription.values()].map(runQueue))
  refreshNextDue(state)
  return counts
}

/**
 * Every delivery due at `at`, attempted (the adapters' entry: scheduler, clock moves, `deliverDue()`, and the kick
 * after each request). The plan is made synchronously, before the first await, so the attempts' instants and
 * signatures are those of the clock at the call.
 */
export function deliverDue(
  state: EnfinitosState,
  at: string,
  transport: OutboundTransport | null,
  limit = Number.POSITIVE_INFINITY,
): Promise<DeliveryCounts> {
  const room = transport?.room?.() ?? Number.POSITIVE_INFINITY
  const plans = room > 0 ? planDue(state, at, Math.min(limit, room), transport !== null) : []
  if (plans.length === 0) return Promise.resolve({ processed: 0, delivered: 0, failed: 0, deadLettered: 0 })
  return runPlans(state, plans, transport)
}
