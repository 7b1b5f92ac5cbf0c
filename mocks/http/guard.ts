/**
 * The first route of the table: what keeps a shared mock private (docs/security.md). It refuses, before anything else
 * runs:
 *   421 MISDIRECTED_HOST  a Host that is not one of the server's names (DNS rebinding; every route: host-check.ts)
 *   403 FORBIDDEN_ORIGIN  an admin request from a page of another origin (Origin or Sec-Fetch-Site say so): the admin
 *                         API has no CORS at all, so a page can neither read it nor change it blindly
 *   401 UNAUTHORIZED      an admin request without the admin token, when the server has one (admin-auth.ts)
 *   403 FORBIDDEN         the session list asked for by a peer beyond loopback, when the server has no token
 * and lets every other request through, adding the CORS headers when its origin may read provider answers (cors.ts).
 * Refusals are standin's own answers, in the admin API's error shape `{error: {code, message, details}}`.
 * The cost for a request that passes: a Set lookup for its Host, a prefix test and, for browsers only, the origin's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  ADMIN_TOKEN_ENV,
  ADMIN_TOKEN_HEADER,
  createTokenCheck,
  generateAdminToken,
  presentedToken,
} from './admin-auth.js'
import { addCorsHeaders, type CorsPolicy, createCorsPolicy } from './cors.js'
import { createHostCheck, type HostCheck, hostNameOf, isLoopbackHost } from './host-check.js'
import { SESSION_HEADER } from './sessions.js'

export interface GuardOptions {
  hosts: HostCheck
  /** Required on every admin request when set. */
  adminToken?: string | undefined
  /** CORS for the provider APIs; null: no CORS headers at all (`--no-cors`). */
  cors: CorsPolicy | null
  /** The admin API's path prefix (`/__standin/`). */
  adminPrefix: string
}

export interface Refusal {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * The longest session id taken (the admin spec's maxLength): the server remembers the ids of dropped sessions and
 * names them in events, so an id of header size (16 KB) would cost memory the budget does not count.
 */
export const MAX_SESSION_ID_LENGTH = 200

/** Admin paths that name every session: served to loopback peers only, unless the token is presented. */
const SESSION_LISTS = new Set(['/__standin/sessions', '/__standin/events'])

function refusal(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details: { path: string; message: string }[] = [],
): Refusal {
  const body = JSON.stringify({ error: { code, message, details } })
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }, body }
}

/** Whether an admin request comes from a page of another origin than the server's own. */
function crossOrigin(req: IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site']
  if (site === 'cross-site' || site === 'same-site') return `a page of another site (Sec-Fetch-Site: ${site})`
  const origin = req.headers.origin
  if (origin === undefined) return undefined
  const authority = origin.slice(origin.indexOf('//') + 2).toLowerCase()
  return authority === (req.headers.host ?? '').toLowerCase() ? undefined : `a page of origin ${origin}`
}

export function createGuard(options: GuardOptions) {
  const { hosts, cors, adminPrefix } = options
  const tokenMatches = options.adminToken === undefined ? undefined : createTokenCheck(options.adminToken)

  const refuseAdmin = (req: IncomingMessage, path: string): Refusal | undefined => {
    const from = crossOrigin(req)
    if (from) {
      return refusal(
        403,
        'FORBIDDEN_ORIGIN',
        `the admin API does not answer ${from}: it has no CORS; call it from your test code, a script or curl`,
      )
    }
    if (tokenMatches) {
      if (tokenMatches(presentedToken(req.headers))) return undefined
      const message = `the admin API needs the admin token: send ${ADMIN_TOKEN_HEADER}: <token> or Authorization: Bearer <token> (printed by standin serve at start, or set with --admin-token or ${ADMIN_TOKEN_ENV})`
      return refusal(401, 'UNAUTHORIZED', message, { 'www-authenticate': 'Bearer realm="standin-admin"' })
    }
    if (SESSION_LISTS.has(path) && !isLoopbackHost(req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '')) {
      return refusal(
        403,
        'FORBIDDEN',
        'the session list and the session events are served to loopback peers only, or with the admin token',
      )
    }
    return undefined
  }

  return {
    /** The refusal for this request, or undefined to let it through (CORS headers added for an allowed origin). */
    check(req: IncomingMessage, res: ServerResponse, path: string): Refusal | undefined {
      const host = req.headers.host
      if (!hosts.accepts(host)) {
        const names = ['localhost', '127.0.0.1', '[::1]', ...hosts.names].join(', ')
        const shown = (host ?? '').slice(0, 200)
        return refusal(
          421,
          'MISDIRECTED_HOST',
          `this server does not answer to Host ${shown}: it answers to ${names} and IP addresses; add the name with --allowed-host ${shown.replace(/:\d+$/, '')} if it is yours`,
        )
      }
      const session = req.headers[SESSION_HEADER]
      if (typeof session === 'string' && session.length > MAX_SESSION_ID_LENGTH) {
        const message = `session ids are at most ${MAX_SESSION_ID_LENGTH} characters; this one has ${session.length}`
        return refusal(400, 'VALIDATION_FAILED', `X-Standin-Session: ${message}`, {}, [
          { path: '/header/X-Standin-Session', message },
        ])
      }
      if (path.startsWith(adminPrefix)) return refuseAdmin(req, path)
      if (cors) addCorsHeaders(cors, req, res)
      return undefined
    },
  }
}

export type Guard = ReturnType<typeof createGuard>

export interface SecurityOptions {
  /** The address the server binds (`--host`). */
  host: string
  /** `--allowed-host` names. */
  allowedHosts?: readonly string[] | undefined
  /** `--admin-token` / STANDIN_ADMIN_TOKEN; generated when the server can be reached beyond loopback and none is given. */
  adminToken?: string | undefined
  /** CORS on (`--cors`, the default) or off (`--no-cors`). */
  cors: boolean
  /** `--cors-origin` values; default DEFAULT_CORS_ORIGINS (loopback origins). */
  corsOrigins?: readonly string[] | undefined
  adminPrefix: string
}

/**
 * The guard of one server, and the admin token in force. A token is required whenever the server can be reached
 * beyond loopback: bound to another address, or answering to an `--allowed-host` name that is not a loopback one.
 */
export function createSecurity(options: SecurityOptions) {
  const allowedHosts = options.allowedHosts ?? []
  const reachable = !isLoopbackHost(options.host) || allowedHosts.some((h) => !isLoopbackHost(hostNameOf(h) ?? h))
  const given = options.adminToken === '' ? undefined : options.adminToken
  const adminToken = given ?? (reachable ? generateAdminToken() : undefined)
  const cors = options.cors ? createCorsPolicy(options.corsOrigins) : null
  const hosts = createHostCheck({ bound: options.host, allowed: allowedHosts })
  const guard = createGuard({ hosts, adminToken, cors, adminPrefix: options.adminPrefix })
  return { guard, cors, adminToken, generated: adminToken !== undefined && given === undefined }
}
