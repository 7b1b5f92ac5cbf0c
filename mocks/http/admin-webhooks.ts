/**
 * The admin API's webhook endpoints (openapi/standin-admin.yaml, tag Webhooks): a session's subscriptions (never
 * their secrets), deliveries and journal of attempts, and `trigger` (`standin trigger <event>`), for the served
 * provider that sends webhooks (`Provider.outbound`). Deliveries a trigger or a clock move makes due go out in the
 * background through the server's transport (mocks/outbound.ts).
 */
import type { Engine } from '../core/engine.js'
import type { Session } from '../core/session.js'
import type { OutboundDeliveries } from '../core/types.js'
import { deliverDueNow } from '../outbound.js'

interface WebhookCall {
  session: () => Session
  // biome-ignore lint/suspicious/noExplicitAny: validated against the admin spec before the handler runs.
  query: Record<string, any>
  // biome-ignore lint/suspicious/noExplicitAny: validated against the admin spec before the handler runs.
  body: any
}

export interface WebhookAdminResponse {
  status: number
  headers: Record<string, string>
  bodyText: string
}

type Answer = (status: number, body: unknown) => WebhookAdminResponse
type NotFound = (message: string, path: string) => WebhookAdminResponse
type Handler = (call: WebhookCall) => WebhookAdminResponse

/** Delivers what is due in `session` in the background (a clock move, a trigger): the answer does not wait for it. */
export function deliverInBackground(engine: Engine, session: Session): void {
  deliverDueNow(engine, session).catch(() => undefined)
}

export function webhookHandlers(engine: Engine, json: Answer, notFound: NotFound): Record<string, Handler> {
  const provider = engine.providers.find((p) => p.outbound)
  const outbound = provider?.outbound as OutboundDeliveries<unknown> | undefined
  const served =
    (
      fn: (s: Session, state: unknown, hooks: OutboundDeliveries<unknown>, call: WebhookCall) => WebhookAdminResponse,
    ): Handler =>
    (call) => {
      if (!provider || !outbound) return notFound('no provider this server serves sends webhooks', '/path')
      const s = call.session()
      return fn(s, s.state(provider.name), outbound, call)
    }
  const listing = (what: 'deliveries' | 'attempts', key: string) =>
    served((s, state, hooks, { query }) => {
      const matching = hooks.list(state, what, query)
      const limit = query.limit as number | undefined
      const items = limit === undefined ? matching : matching.slice(-limit)
      return json(200, { session: s.id, total: matching.length, [key]: items })
    })
  return {
    listWebhookSubscriptions: served((s, state, hooks) =>
      json(200, { session: s.id, subscriptions: hooks.list(state, 'subscriptions', {}) }),
    ),
    listWebhookDeliveries: listing('deliveries', 'deliveries'),
    listWebhookAttempts: listing('attempts', 'attempts'),
    triggerWebhookEvent: served((s, state, hooks, { body }) => {
      const event = String(body.event)
      const fired = hooks.trigger(state, { clock: s.clock, derive: s.derive }, event)
      if ('missing' in fired) {
        return notFound(`this session has no ${fired.missing} to carry a ${event} event; make one first`, '/body/event')
      }
      deliverInBackground(engine, s)
      return json(200, { session: s.id, event, eventId: fired.eventId, deliveries: fired.deliveries })
    }),
  }
}
