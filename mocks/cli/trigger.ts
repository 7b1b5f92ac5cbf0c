/**
 * `standin trigger <event>`: fires a provider's webhook event in a running `standin serve`, as if the behaviour behind
 * it had happened (like `stripe trigger`), through the admin API (POST /__standin/session/webhooks/trigger). The event
 * names come from the providers that send webhooks (`Provider.outbound.events`).
 */
import { parseArgs } from 'node:util'
import { createProviders } from '../providers.js'
import { type CommandIo, processIo, UsageError, wrap } from './args.js'

/** Every event type a provider can fire. */
const WEBHOOK_EVENT_TYPES: readonly string[] = createProviders().flatMap((p) => p.outbound?.events ?? [])

export const TRIGGER_HELP = `Usage: standin trigger <event> [options]

Fires a webhook event in a running \`standin serve\`, as if the behaviour behind it had happened: every
subscription of the session listening to it gets a signed delivery at once. The event carries the session's most
recent object of its kind (the latest right for right.*, the signing key for key.*...); nothing else changes.

Events: ${wrap(WEBHOOK_EVENT_TYPES.join(', '), 107, 8)}

Options:
  --session ID   the session (X-Standin-Session) whose subscriptions receive it (default: the default session)
  --url URL      where standin serve listens (default http://127.0.0.1:4010)
  --admin-token TOKEN
                 the server's admin token, when it has one (default: $STANDIN_ADMIN_TOKEN)
  -h, --help     show this help
  -v, --version  print the version

Exit codes: 0 fired, 1 refused by the server or not reachable, 2 usage error.
`

export async function triggerCommand(args: string[], io: CommandIo = processIo): Promise<number> {
  let parsed: ReturnType<typeof parseTriggerArgs>
  try {
    parsed = parseTriggerArgs(args)
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message)
    throw err
  }
  const { event, session, url, token } = parsed
  let response: Response
  try {
    response = await fetch(new URL('/__standin/session/webhooks/trigger', url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(session ? { 'x-standin-session': session } : {}),
        ...(token ? { 'x-standin-admin-token': token } : {}),
      },
      body: JSON.stringify({ event }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (err) {
    io.err(`standin trigger: cannot reach standin serve at ${url} (${(err as Error).message}); is it running?`)
    return 1
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null
  if (!response.ok) {
    const error = (body?.error as { message?: string } | undefined)?.message ?? `HTTP ${response.status}`
    io.err(`standin trigger: ${error}`)
    return 1
  }
  const deliveries = (body?.deliveries as string[] | undefined) ?? []
  io.out(
    deliveries.length === 0
      ? `${event} fired (${body?.eventId ?? 'no event kept'}): no subscription of session "${body?.session}" listens to it`
      : `${event} fired (${body?.eventId}): ${deliveries.length} deliver${deliveries.length === 1 ? 'y' : 'ies'} (${deliveries.join(', ')}) in session "${body?.session}"`,
  )
  return 0
}

/** For parseArgs (and for the help test: every key here must be in TRIGGER_HELP). */
export const TRIGGER_FLAG_SPECS = {
  session: { type: 'string' },
  url: { type: 'string' },
  'admin-token': { type: 'string' },
} as const

function parseTriggerArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: TRIGGER_FLAG_SPECS,
    strict: true,
    allowPositionals: true,
  })
  const [event, ...extra] = positionals
  if (event === undefined) throw new UsageError(`name the event to fire: one of ${WEBHOOK_EVENT_TYPES.join(', ')}`)
  if (extra.length > 0) throw new UsageError(`one event at a time; got also ${extra.join(' ')}`)
  if (!WEBHOOK_EVENT_TYPES.includes(event)) {
    throw new UsageError(`unknown event "${event}"; events: ${WEBHOOK_EVENT_TYPES.join(', ')}`)
  }
  const url = values.url ?? 'http://127.0.0.1:4010'
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`)
  const token = values['admin-token'] ?? process.env.STANDIN_ADMIN_TOKEN
  return { event, session: values.session, url, token }
}
