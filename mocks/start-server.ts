/**
 * `standin/server`: the HTTP mock server, started from code (a test's beforeAll, a dev script) instead of spawning
 * `npx standin serve`. Same engine, routes, admin API and bytes as the CLI; the returned handle drives the default
 * session (the one requests without `X-Standin-Session` reach) as `createStandin()` drives its sandbox, and
 * `session(id)` any other. A separate entry point: node:http stays out of `standin`, which bundles for the browser.
 *
 *   const server = await startStandinServer({ seed: 7, clock: '2026-04-01T12:00:00.000Z' })
 *   // point the app at server.url; server.use('enfinitos:rights.issue.basis-not-found'); server.journal.calls(...)
 *   await server.close()
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from './core/contract.js'
import type { Engine, ResponseValidation } from './core/engine.js'
import { StandinError } from './core/errors.js'
import type { Scenario } from './core/scenarios.js'
import type { SessionOptions } from './core/session.js'
import { engineFor } from './engine-for.js'
import { MAX_SESSION_ID_LENGTH } from './http/guard.js'
import type { ServerLimits } from './http/limits.js'
import { DEFAULT_SESSION } from './http/sessions.js'
import { deliverDueNow } from './outbound.js'
import { type RunningServer, startServer } from './server.js'
import { type StandinSession, sessionHandle } from './session-handle.js'
import type { ProviderName } from './typed.js'

export type { StandinClock, StandinJournal, StandinSession } from './session-handle.js'

/** The seed, clock, start-up scenarios and world size of every session (the default one and each named one). */
export type StandinServerSessionOptions = Pick<
  SessionOptions,
  'seed' | 'clock' | 'scenarios' | 'world' | 'journalLimit'
>

export interface StandinServerOptions extends StandinServerSessionOptions {
  /** Port to listen on. Default 0: any free port (read it from `url` or `port`). */
  port?: number
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  host?: string
  /** Which providers to serve. Default: both. */
  providers?: readonly ProviderName[]
  /** Extra scenarios of your own, selectable by name like the built-in ones. */
  extraScenarios?: Scenario[]
  /** `throw` (default): a response outside the contract is a 500 marked `X-Standin-Violation`. `report`: served. */
  validateResponses?: ResponseValidation
  /** How far a fixed session clock moves after each request (default 1000 ms). */
  tickMs?: number
  /** Request bodies larger than this get 413 (default 1 MiB). */
  maxBodyBytes?: number
  /** Extra latency per response: fixed ms or a [min, max] range. */
  latency?: number | [number, number]
  /** CORS for browser apps on another origin (default true, for loopback origins; `corsOrigins` to widen). */
  cors?: boolean
  corsOrigins?: readonly string[]
  /** Host names allowed besides loopback ones (docs/security.md). */
  allowedHosts?: readonly string[]
  /** Required on admin requests when set (generated when the server is reachable beyond loopback). */
  adminToken?: string
  /** Sessions, memory and journal limits (docs/limits.md). */
  limits?: Partial<ServerLimits>
  /** Webhook deliveries over HTTP: hosts plain http:// may be sent to besides loopback ones. */
  webhooks?: { allowHttpHosts?: readonly string[] }
  /** close() cuts what is still open after this many ms. Default 10 s. */
  shutdownTimeoutMs?: number
  /** One structured line per request and event; default: no log. */
  log?: (line: Record<string, unknown>) => void
}

/** A running server: its address, the controls of its default session, other sessions, and close(). */
export interface StandinServer extends StandinSession {
  /** `http://127.0.0.1:PORT`: the base URL for both providers (EnfinitOS `/v1/...`, Dedit `/api/v2/...`). */
  readonly url: string
  readonly port: number
  /** The admin token in force, if any (given, or generated because the server is reachable beyond loopback). */
  readonly adminToken: string | undefined
  /** The controls of the session `X-Standin-Session: id` reaches (created on first use, like a request would). */
  session(id: string): StandinSession
  /** Answers the requests that have arrived, closes every connection, stops. Safe to call twice. */
  close(): Promise<void>
}

const VERSION = (() => {
  try {
    return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string
  } catch {
    return '0.0.0'
  }
})()

export async function startStandinServer(options: StandinServerOptions = {}): Promise<StandinServer> {
  const engine = engineFor(options)

  const running = await startServer(engine, { ...serverOptionsOf(options), port: options.port ?? 0, version: VERSION })
  return serverHandle(engine, running)
}

/** The options startServer takes from ours: everything but the session's own, which go to every session. */
function serverOptionsOf(options: StandinServerOptions) {
  const {
    seed,
    clock,
    scenarios,
    journalLimit,
    world,
    port: _port,
    providers: _p,
    extraScenarios: _e,
    ...rest
  } = options
  const { validateResponses: _v, tickMs: _t, ...server } = rest
  const session: SessionOptions = {
    ...(seed === undefined ? {} : { seed }),
    ...(clock === undefined ? {} : { clock }),
    ...(scenarios === undefined ? {} : { scenarios }),
    ...(journalLimit === undefined ? {} : { journalLimit }),
    ...(world === undefined ? {} : { world }),
  }
  return { ...server, session }
}

/**
 * The session an id names, as `X-Standin-Session: id` would reach it: surrounding spaces dropped (HTTP drops them), an
 * empty id is the default session, and an id HTTP refuses (over MAX_SESSION_ID_LENGTH characters) is refused here too.
 */
function sessionIdFor(id: string): string {
  const trimmed = String(id).trim()
  if (trimmed === '') return DEFAULT_SESSION
  if (trimmed.length > MAX_SESSION_ID_LENGTH) {
    throw new StandinError(
      `session ids are at most ${MAX_SESSION_ID_LENGTH} characters (as over HTTP); this one has ${trimmed.length}`,
    )
  }
  return trimmed
}

function serverHandle(engine: Engine, running: RunningServer): StandinServer {
  // A clock move sends what it made due, in the background, as the admin API's clock endpoints do; close() waits for
  // the sends under way.
  const sending = new Set<Promise<unknown>>()
  const deliver = (session: Parameters<typeof deliverDueNow>[1]) => {
    const sent: Promise<unknown> = deliverDueNow(engine, session)
      .catch(() => undefined)
      .finally(() => sending.delete(sent))
    sending.add(sent)
  }
  let closed: Promise<void> | undefined
  const handleOf = (id: string) => {
    const sessionId = sessionIdFor(id)
    return sessionHandle(
      engine,
      () => {
        if (closed) throw new StandinError(`this standin server is closed (${running.url}); start another`)
        return running.session(sessionId)
      },
      deliver,
    )
  }
  return {
    ...handleOf(DEFAULT_SESSION),
    url: running.url,
    port: running.port,
    adminToken: running.adminToken,
    session: (id) => handleOf(id),
    close: () => {
      closed ??= Promise.allSettled([...sending])
        .then(() => running.close())
        .then(() => undefined)
      return closed
    },
  }
}
