/**
 * CORS, so browser apps on another origin can call the mock: the headers every answer carries, and the answer to a
 * preflight (`OPTIONS` with `Access-Control-Request-Method`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'allow, location, retry-after, x-standin-violation',
}

const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-max-age': '600',
}
const DEFAULT_ALLOWED_HEADERS = 'authorization, content-type, prefer, x-standin-scenario, x-standin-session'
/** A header list as a browser sends it in Access-Control-Request-Headers: tokens separated by commas. */
const HEADER_LIST = /^[\w!#$%&'*+.^`|~-]+(\s*,\s*[\w!#$%&'*+.^`|~-]+)*$/

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && Boolean(req.headers['access-control-request-method'])
}

/** 204 allowing every method and the headers asked for (when they are a well-formed list), cached for 10 minutes. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const asked = req.headers['access-control-request-headers']
  const allow = typeof asked === 'string' && HEADER_LIST.test(asked.trim()) ? asked.trim() : DEFAULT_ALLOWED_HEADERS
  res.writeHead(204, {
    ...PREFLIGHT_HEADERS,
    'access-control-allow-headers': allow,
    vary: 'access-control-request-headers',
  })
  res.end()
}
