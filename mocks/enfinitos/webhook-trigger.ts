/**
 * `standin trigger <event>`: fires a webhook event as if the behaviour behind it had happened (like `stripe trigger`).
 * The event carries the session's most recent object of its kind, as the API shows it now; nothing else changes. It
 * is how a receiver meets the events no operation of the documented API causes (offer.withdrawn,
 * challenge.withdrawn, key.issued, key.revoked; key.rotated and key.issued are also emitted when the signing key is
 * rotated, see scenarios/proof-packs.ts).
 */
import type { Derive } from '../core/types.js'
import type { EnfinitosState } from './state.js'
import type { WebhookEventType } from './types.js'
import { deliveriesOf, emitEvent } from './webhooks-model.js'

const lastOf = <T>(values: Iterable<T>): T | undefined => {
  let last: T | undefined
  for (const value of values) last = value
  return last
}

/** The object an event of `type` would carry in this session, or what is missing. */
export function triggerObject(
  state: EnfinitosState,
  type: WebhookEventType,
  at: string,
): { object: unknown } | { missing: string } {
  const kind = type.slice(0, type.indexOf('.'))
  const found = (object: unknown, what: string) => (object === undefined ? { missing: what } : { object })
  switch (kind) {
    case 'right':
      return found(lastOf(state.rights.values())?.right, 'right')
    case 'basis':
      return found(lastOf(state.bases.values()), 'basis')
    case 'offer':
      return found(lastOf(state.offers.values()), 'offer')
    case 'challenge':
      return found(lastOf(state.challenges.values()), 'challenge')
    case 'delivery':
      return found(state.receipts.at(-1), 'observed delivery (receipt)')
    case 'proof_pack':
      return found(state.packs.at(-1), 'sealed proof pack')
    default:
      return found(state.ring.directory(at).keys.at(-1), 'signing key')
  }
}

/** Fires `type` now; the deliveries it made (none when nobody listens), or what the session lacks to carry it. */
export function triggerEvent(
  state: EnfinitosState,
  derive: Derive,
  type: WebhookEventType,
  at: string,
): { eventId: string | null; deliveries: string[] } | { missing: string } {
  const picked = triggerObject(state, type, at)
  if ('missing' in picked) return picked
  const before = new Set(deliveriesOf(state).keys())
  emitEvent(state, derive, type, at, picked.object)
  const deliveries = [...deliveriesOf(state).keys()].filter((id) => !before.has(id))
  const eventId = deliveries.length === 0 ? null : (state.webhooks.eventOf.get(deliveries[0] as string) ?? null)
  return { eventId, deliveries }
}
