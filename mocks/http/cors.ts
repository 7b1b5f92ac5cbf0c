/**
 * CORS for the provider APIs, so browser apps on a dev server can call the mock, and only them: an answer carries
 * `Access-Control-Allow-Origin` (the request's own origin, never `*` unless asked for) when its Origin is allowed, and a
 * preflight (`OPTIONS` with `Access-Control-Request-Method`) from an origin that is not is refused with 403. The admin
 * API never gets CORS headers (mocks/http/guard.ts refuses cross-origin admin requests before they get here).
 *
 * Allowed origins (`--cors-origin`, repeatable) are exact origins or patterns with `*` for a port (`:*`) or for the
 * labels of a host (`http://*.localhost:*`); `*` alone allows every origin (standin's behaviour before 0.2, sent as
 * `Access-Control-Allow-Origin: *`). The default allows the loopback origins dev servers run on: localhost,
 * 127.0.0.1, [::1] and *.localhost, on any port, over http or https. `null` (file:// pages, sandboxed frames) is
 * allowed only when listed: any site can make a frame whose origin is `null`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export const DEFAULT_CORS_ORIGINS: readonly string[] = [
  'http://localhost:*',
  'http://127.0.0.1:*',
  'http://[::1]:*',
  'http://*.localhost:*',
  'https://localhost:*',
  'https://127.0.0.1:*',
  'https://[::1]:*',
  'https://*.localhost:*',
]

/** Response headers a page may read besides the CORS-safelisted ones (standin's own among them). */
const EXPOSED =
  'allow, location, retry-after, x-standin-violation, x-standin-limit, x-standin-session-recreated, x-standin-unsealed-remaining'
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'
const DEFAULT_ALLOWED_HEADERS =
  'authorization, content-type, idempotency-key, prefer, x-standin-scenario, x-standin-session'
/** A header list as a browser sends it in Access-Control-Request-Headers: tokens separated by commas. */
const HEADER_LIST = /^[\w!#$%&'*+.^`|~-]+(\s*,\s*[\w!#$%&'*+.^`|~-]+)*$/

export interface CorsPolicy {
  /** Whether a page of this origin may read provider answers. */
  allows(origin: string): boolean
  /** The Access-Control-Allow-Origin value for an allowed origin: `*` when every origin is, else the origin. */
  allowOriginFor(origin: string): string
  /** The patterns in force, as given (for messages and the banner). */
  readonly origins: readonly string[]
}

/** Checks each `--cors-origin` value; returns a message for the first one that is not an origin or pattern. */
export function invalidCorsOrigin(origins: readonly string[]): string | undefined {
  for (const origin of origins) {
    if (origin === '*' || origin === 'null') continue
    if (!/^https?:\/\/(\*\.)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:(\d{1,5}|\*))?$/.test(origin)) {
      return `--cors-origin must be an origin such as http://localhost:5173, a pattern such as http://*.localhost:* or *, got "${origin}"`
    }
  }
  return undefined
}

function patternOf(origin: string): RegExp {
  const escaped = origin.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  const source = escaped
    .replace(/^(https?:\/\/)\*\\\./, '$1(?:[a-z0-9-]+\\.)+') // *.host: one label or more before it
    .replace(/:\*$/, '(?::\\d{1,5})?') // :* any port, or none
  return new RegExp(`^${source}$`)
}

export function createCorsPolicy(origins: readonly string[] = DEFAULT_CORS_ORIGINS): CorsPolicy {
  const any = origins.includes('*')
  const patterns = origins.filter((o) => o !== '*').map(patternOf)
  const seen = new Map<string, boolean>() // origins repeat: a page makes many calls
  const allows = (origin: string): boolean => {
    if (any) return true
    let allowed = seen.get(origin)
    if (allowed === undefined) {
      allowed = patterns.some((p) => p.test(origin.toLowerCase()))
      if (seen.size < 1000) seen.set(origin, allowed)
    }
    return allowed
  }
  return { allows, allowOriginFor: (origin) => (any ? '*' : origin), origins }
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && Boolean(req.headers['access-control-request-method'])
}

/**
 * Adds the CORS headers to the answer being prepared for an allowed origin (they merge with what writeHead sends).
 * Requests without Origin (every non-browser client) cost one property read.
 */
export function addCorsHeaders(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin
  if (origin === undefined) return
  res.setHeader('vary', 'origin')
  if (!policy.allows(origin)) return
  res.setHeader('access-control-allow-origin', policy.allowOriginFor(origin))
  res.setHeader('access-control-expose-headers', EXPOSED)
}

/**
 * A preflight: 204 allowing every method and the headers asked for (when they are a well-formed list), cached for 10
 * minutes; 403 with a JSON body saying how to allow the origin when it is not allowed (the browser then blocks the
 * call, and its network panel shows why).
 */
export function answerPreflight(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin ?? ''
  if (!policy.allows(origin)) {
    const message = `origin ${origin || '(none)'} may not call this mock from a browser; allow it with --cors-origin ${origin || 'ORIGIN'} (allowed: ${policy.origins.join(', ')})`
    const body = JSON.stringify({ error: { code: 'FORBIDDEN_ORIGIN', message, details: [] } })
    res.writeHead(403, {
      'content-type': 'application/json',
      vary: 'origin',
      'content-length': Buffer.byteLength(body),
    })
    res.end(body)
    return
  }
  const asked = req.headers['access-control-request-headers']
  const allow = typeof asked === 'string' && HEADER_LIST.test(asked.trim()) ? asked.trim() : DEFAULT_ALLOWED_HEADERS
  res.writeHead(204, {
    'access-control-allow-origin': policy.allowOriginFor(origin),
    'access-control-allow-methods': METHODS,
    'access-control-allow-headers': allow,
    'access-control-max-age': '600',
    vary: 'origin, access-control-request-headers',
  })
  res.end()
}
