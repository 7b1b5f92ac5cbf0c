/**
 * Webhook event bodies. The docs name the events but do not show a body; standin's choice (INFERRED, described once in
 * docs/inferred.md "webhook event body" and in the spec's `webhooks` section):
 *
 *   {"id":"evt_<16 hex>","type":"right.suspended","createdAt":"<when it happened>","orgId":"org_…",
 *    "data":{"object":<the affected object, exactly as the API returns it>}}
 *
 * The event id is the same in every delivery of one event (one per subscription, and duplicates), so receivers can
 * deduplicate on it. An event keeps a reference to its object (objects are replaced, never mutated, when they change)
 * and is serialised once, at its first attempt, so emitting costs no JSON work and every attempt sends the same bytes.
 * Every body is validated against the spec's schema for its type before it is sent (validators compiled once).
 */
import type { Derive } from '../core/types.js'
import { enfinitosContract } from './contract.js'
import type { EnfinitosState } from './state.js'
import type { WebhookEventType } from './types.js'
import type { WebhookEventRecord } from './webhook-state.js'

/** Every documented event type, grouped by the schema (openapi/enfinitos.yaml) that describes its body. */
export const WEBHOOK_EVENT_SCHEMAS: Readonly<Record<WebhookEventType, string>> = {
  'right.issued': 'RightWebhookEvent',
  'right.suspended': 'RightWebhookEvent',
  'right.resumed': 'RightWebhookEvent',
  'right.revoked': 'RightWebhookEvent',
  'right.expired': 'RightWebhookEvent',
  'basis.registered': 'BasisWebhookEvent',
  'offer.proposed': 'OfferWebhookEvent',
  'offer.accepted': 'OfferWebhookEvent',
  'offer.rejected': 'OfferWebhookEvent',
  'offer.countered': 'OfferWebhookEvent',
  'offer.withdrawn': 'OfferWebhookEvent',
  'challenge.opened': 'ChallengeWebhookEvent',
  'challenge.resolved': 'ChallengeWebhookEvent',
  'challenge.withdrawn': 'ChallengeWebhookEvent',
  'delivery.observed': 'DeliveryObservedWebhookEvent',
  'proof_pack.sealed': 'ProofPackWebhookEvent',
  'key.issued': 'KeyWebhookEvent',
  'key.revoked': 'KeyWebhookEvent',
  'key.rotated': 'KeyWebhookEvent',
}

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_SCHEMAS) as WebhookEventType[]

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENT_SCHEMAS, value)
}

/** `evt_` + 16 hex from the session's Derive (a counter of its own: emitting never shifts other ids). */
/** The derive kind of event ids (webhooks-model.ts reserves ordinals of it for deferred events). */
export const EVENT_KIND = 'enfinitos.webhookEvent'

export function newEventId(derive: Derive): string {
  return `evt_${derive.nextHex(EVENT_KIND)}`
}

/** The schema pointer of an event type's body in the EnfinitOS spec. */
export function eventSchemaPointer(type: WebhookEventType): string {
  return `/components/schemas/${WEBHOOK_EVENT_SCHEMAS[type]}`
}

/**
 * Event bodies up to this many characters are kept after their first attempt, so every retry sends the same string.
 * A longer one (a sealed 1,000-delivery pack's event is ~3.7 MB) is serialised again for each attempt from the same
 * unchanged object: the same bytes, without holding a copy of the pack as text for as long as the session lives.
 */
export const EVENT_BODY_KEPT_CHARS = 64 * 1024

/**
 * Why `event`'s body cannot be sent (its contract violations: a standin bug, the attempt then fails with this message
 * rather than send a body outside the contract), or null. Validated once: the object never changes once emitted
 * (objects are replaced), so the verdict holds for every attempt.
 */
export function eventViolations(state: EnfinitosState, event: WebhookEventRecord): string | null {
  if (event.checked) return null
  const violations = enfinitosContract.validate(eventSchemaPointer(event.type), eventValue(state, event))
  if (violations.length > 0) {
    const first = violations
      .slice(0, 3)
      .map((v) => `${v.path || '/'} ${v.message}`)
      .join('; ')
    return `standin did not send a ${event.type} body that breaks the spec's schema: ${first}`
  }
  event.checked = true
  return null
}

/** The exact text of `event`'s body: kept after the first time when short (EVENT_BODY_KEPT_CHARS), else made again. */
export function eventText(state: EnfinitosState, event: WebhookEventRecord): string {
  if (event.body !== undefined) return event.body
  const body = JSON.stringify(eventValue(state, event))
  if (body.length <= EVENT_BODY_KEPT_CHARS) event.body = body
  return body
}

function eventValue(state: EnfinitosState, event: WebhookEventRecord) {
  return {
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    orgId: state.orgId,
    data: { object: event.object },
  }
}
