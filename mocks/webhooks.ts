/**
 * `standin.webhooks`: EnfinitOS webhook deliveries in-process. Each attempt is a real POST through `fetch` (the
 * global one at delivery time, so MSW's `setupServer` or a test's own handler receives it), or a call of the handler
 * registered with `onDelivery(fn)`. The bodies and signatures are those `standin serve` sends for the same seed,
 * clock and calls, byte for byte: the provider decides them on the session clock, this file only carries them.
 *
 * When attempts go out: the first one as soon as the call that caused the event is answered (in the background);
 * retries when the clock passes their due time and then `clock.advance()`/`clock.set()` or `deliverDue()` is called
 * (in-process there is no timer: a test decides when time passes). `settled()` waits for attempts under way.
 */

import type { Engine } from './core/engine.js'
import type { OutboundOutcome, OutboundRequest, OutboundTransport } from './core/outbound.js'
import type { Session } from './core/session.js'
import type { EnfinitosState } from './enfinitos/state.js'
import type { WebhookDelivery, WebhookEventType, WebhookSubscription } from './enfinitos/types.js'
import type { WebhookAttempt } from './enfinitos/webhook-state.js'
import { triggerEvent } from './enfinitos/webhook-trigger.js'
import { deliveriesOf } from './enfinitos/webhooks-model.js'
import { deliverDueNow } from './outbound.js'

export type { WebhookAttempt }

/**
 * A test's own receiver: gets each attempt as a Fetch API `Request` (method POST, the `Enfinitos-Signature` and
 * `Content-Type` headers, the exact body) and answers a `Response`, a status number, or nothing (200). A throw or a
 * rejection is a failed attempt with no status, like a refused connection.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing answers 200.
export type WebhookHandler = (request: Request) => Response | number | void | Promise<Response | number | void>

export interface WebhookAttemptFilter {
  event?: WebhookEventType
  deliveryId?: string
  subscriptionId?: string
  /** Only attempts the receiver answered 2xx (true) or not (false). */
  ok?: boolean
}

export interface StandinWebhooks {
  /** Sends every attempt to `handler` instead of `fetch`; returns a function that goes back to `fetch`. */
  onDelivery(handler: WebhookHandler): () => void
  /** Attempts every delivery due at the session clock now, waits for the outcomes; resolves with the attempts made. */
  deliverDue(): Promise<number>
  /** Resolves once no attempt is under way (those started by calls, clock moves or `deliverDue()`). */
  settled(): Promise<void>
  /** The journal of attempts (oldest first, the last 1,000), each with the exact body and signature sent. */
  attempts(filter?: WebhookAttemptFilter): WebhookAttempt[]
  /** Every delivery, oldest first. */
  deliveries(): WebhookDelivery[]
  /** Every subscription (never its secret). */
  subscriptions(): WebhookSubscription[]
  /**
   * Fires `event` as if its behaviour had happened (like `standin trigger`): carries the session's most recent object
   * of its kind; the deliveries go out at once. Throws when the session has no such object.
   */
  trigger(event: WebhookEventType): { eventId: string | null; deliveries: string[] }
}

export interface InProcessTransport extends OutboundTransport {
  handler: WebhookHandler | null
  /** Attempts under way. */
  readonly pending: Set<Promise<OutboundOutcome>>
}

function failure(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : ''
    return `${err.name === 'TimeoutError' ? 'timed out' : err.message}${cause}`
  }
  return String(err)
}

async function attempt(transport: InProcessTransport, req: OutboundRequest): Promise<OutboundOutcome> {
  const started = Date.now()
  const done = (status: number | null, error: string | null) => ({ status, error, latencyMs: Date.now() - started })
  const signal = AbortSignal.timeout(req.timeoutMs)
  const init = { method: 'POST', headers: req.headers, body: req.body, signal, redirect: 'manual' as const }
  try {
    let answer: Awaited<ReturnType<WebhookHandler>>
    if (transport.handler) {
      const timeout = new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error(`timed out after ${req.timeoutMs} ms`))),
      )
      timeout.catch(() => undefined) // the handler may win the race; the timer's rejection is then nobody's
      answer = await Promise.race([transport.handler(new Request(req.url, init)), timeout])
    } else answer = await globalThis.fetch(req.url, init)
    const status = answer === undefined ? 200 : typeof answer === 'number' ? answer : answer.status
    if (answer instanceof Response) await answer.body?.cancel().catch(() => undefined)
    if (status >= 200 && status < 300) return done(status, null)
    // A redirect is not followed (`redirect: 'manual'`): a 3xx is a failed attempt. Node's fetch reports it as is.
    return done(status === 0 ? null : status, status === 0 ? 'redirect not followed' : `endpoint answered ${status}`)
  } catch (err) {
    return done(null, failure(err))
  }
}

export function createInProcessTransport(allowHttpHosts: readonly string[] = []): InProcessTransport {
  const transport: InProcessTransport = {
    handler: null,
    pending: new Set(),
    allowHttpHosts: [...allowHttpHosts],
    send(req) {
      const run = attempt(transport, req)
      transport.pending.add(run)
      run.finally(() => transport.pending.delete(run))
      return run
    },
  }
  return transport
}

/** Lets the event loop run once (setImmediate in Node; a zero-delay timer where there is none, as in browsers). */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)))

/** Waits until nothing is under way: an outcome may start the next attempt of the same subscription (bounded). */
async function settle(transport: InProcessTransport, session: Session): Promise<void> {
  const state = () => session.state<EnfinitosState>('enfinitos')
  for (let round = 0; round < 1000; round++) {
    if (transport.pending.size > 0) await Promise.allSettled([...transport.pending])
    else if (state().webhooks.inFlight.size > 0) await nextTurn()
    else return
  }
}

export function createStandinWebhooks(
  engine: Engine,
  session: Session,
  transport: InProcessTransport,
): StandinWebhooks {
  const served = engine.providers.some((p) => p.name === 'enfinitos')
  const state = () => {
    if (!served) throw new TypeError("standin.webhooks: EnfinitOS is not among this standin's providers")
    return session.state<EnfinitosState>('enfinitos')
  }
  return {
    onDelivery(handler) {
      transport.handler = handler
      return () => {
        if (transport.handler === handler) transport.handler = null
      }
    },
    async deliverDue() {
      await settle(transport, session)
      const made = await deliverDueNow(engine, session)
      await settle(transport, session)
      return made
    },
    settled: () => (served ? settle(transport, session) : Promise.resolve()),
    attempts(filter = {}) {
      return state().webhooks.attempts.filter(
        (a) =>
          (filter.event === undefined || a.event === filter.event) &&
          (filter.deliveryId === undefined || a.deliveryId === filter.deliveryId) &&
          (filter.subscriptionId === undefined || a.subscriptionId === filter.subscriptionId) &&
          (filter.ok === undefined || a.ok === filter.ok),
      )
    },
    deliveries: () => [...deliveriesOf(state()).values()],
    subscriptions: () => [...state().webhooks.subscriptions.values()],
    trigger(event) {
      const fired = triggerEvent(state(), session.derive, event, session.clock.iso())
      if ('missing' in fired) throw new TypeError(`this standin has no ${fired.missing} to carry a ${event} event`)
      deliverDueNow(engine, session).catch(() => undefined)
      return fired
    },
  }
}
