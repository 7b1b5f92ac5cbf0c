/**
 * The webhook part of an EnfinitOS session's state: subscriptions and their secrets, events, deliveries, the attempts
 * made (a bounded journal) and what is in flight. Types only, and the empty state (webhooks-model.ts changes it).
 */
import type { Derive } from '../core/types.js'
import type { WebhookDelivery, WebhookEventType, WebhookSubscription } from './types.js'

/** One event, as kept until its deliveries are done. */
export interface WebhookEventRecord {
  id: string
  type: WebhookEventType
  createdAt: string
  /** The affected object as the API returns it (a Right, an Offer, a ReceiptRecord, a RuntimeKey...). */
  object: unknown
  /** The serialised body, made at the first attempt and reused by every later one (short bodies only). */
  body?: string
  /** Set once the body has been validated against its schema (the object does not change). */
  checked?: boolean
}

/** One attempt, as the journal of attempts keeps it (admin API, `standin.webhooks.attempts()`). */
export interface WebhookAttempt {
  /** 1-based order of the attempt in this session. */
  seq: number
  deliveryId: string
  subscriptionId: string
  eventId: string
  event: WebhookEventType
  /** 1-based attempt number of this delivery (replays included). */
  attempt: number
  /** The session-clock instant of the attempt; the signature's `t` is its unix seconds. */
  at: string
  url: string
  /** The exact body sent. */
  body: string
  /** The `Enfinitos-Signature` header sent. */
  signature: string
  /** The receiver's status; null when none came back (timeout, refused connection, unknown host). */
  status: number | null
  ok: boolean
  error: string | null
  latencyMs: number
  /** The delivery's status after this attempt. */
  outcome: 'DELIVERED' | 'FAILED' | 'DEAD_LETTERED'
  nextAttemptAt: string | null
  /** true when no request was sent: the subscription is the seeded world's, or no transport was given. */
  simulated: boolean
}

/**
 * An event that only simulated subscriptions (the seeded world's) listen to, kept compact: its ids are reserved (so
 * every later id is what an eager emission would give) but derived, and its deliveries built, only when something
 * reads the deliveries (webhooks-model.ts `deliveriesOf`). Issuing a right in the seeded world then costs a counter
 * and one small record instead of two hashes, a delivery and three map entries.
 */
export interface DeferredEvent {
  type: WebhookEventType
  createdAt: string
  object: unknown
  eventOrdinal: number
  /**
   * The listening subscriptions, in subscription order; the same array as the previous deferred event's when they are
   * the same (one array for a thousand events, not one each). Never changed once kept.
   */
  subscriptionIds: readonly string[]
  /** The reserved ordinal of the first subscription's delivery id; the others follow it, one each, in order. */
  firstDeliveryOrdinal: number
}

/** Ways to misbehave on purpose (scenarios `enfinitos:webhooks.*`), applied to the events emitted meanwhile. */
export type DeliveryQuirk = 'duplicate' | 'reorder'

export interface WebhookState {
  subscriptions: Map<string, WebhookSubscription>
  /** subscriptionId -> signing secret. Signs every delivery; returned once, by createWebhook, never again. */
  secrets: Map<string, string>
  deliveries: Map<string, WebhookDelivery>
  /** Subscriptions registered in this session (createWebhook): the only ones real requests are sent to. */
  registered: Set<string>
  /** eventId -> the event; deliveryId -> its event's id. */
  events: Map<string, WebhookEventRecord>
  eventOf: Map<string, string>
  /** Deliveries with an attempt under way (not attempted again until it ends). */
  inFlight: Set<string>
  /**
   * Deliveries to registered subscriptions still to attempt (PENDING or FAILED): the ones that go out on their own
   * (after each call, on clock moves, on the scheduler). The others wait for processDueWebhookDeliveries.
   */
  live: Set<string>
  /** The earliest nextAttemptAt of a `live` delivery (ms); +Infinity when none. */
  nextDueMs: number
  /** Every attempt, oldest first (at most ATTEMPT_JOURNAL_LIMIT (webhooks-model.ts)). */
  attempts: WebhookAttempt[]
  attemptSeq: number
  quirk: DeliveryQuirk | null
  /** Deliveries held back by the `reorder` quirk until the next event is emitted. */
  held: string[]
  /** Events not built yet, oldest first (see DeferredEvent); `deliveriesOf` builds them. */
  deferred: DeferredEvent[]
  /** The session's derive, kept by the first deferred event to build the ids later. */
  deferredDerive: Derive | null
}

/** The last request standin sent (or simulated) for a webhook delivery. */
export interface SentWebhook {
  /** The attempt number (1-based) this request was made for. */
  attempt: number
  /** When it was sent (the session clock). */
  at: string
  /** The raw JSON body, byte for byte what the signature covers. */
  body: string
  /** The `Enfinitos-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
  signature: string
}

export function emptyWebhookState(): WebhookState {
  return {
    subscriptions: new Map(),
    secrets: new Map(),
    deliveries: new Map(),
    registered: new Set(),
    events: new Map(),
    eventOf: new Map(),
    inFlight: new Set(),
    live: new Set(),
    nextDueMs: Number.POSITIVE_INFINITY,
    attempts: [],
    attemptSeq: 0,
    quirk: null,
    held: [],
    deferred: [],
    deferredDerive: null,
  }
}
