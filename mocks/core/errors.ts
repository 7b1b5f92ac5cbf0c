/**
 * What every provider's error envelope shares, whatever its body looks like: header names in lower case (the engine's
 * convention) and a `retry-after` on 429 and 503 when the caller did not give one. Each provider passes its own
 * defaults (EnfinitOS: 30 s / 5 s, Dedit: 30 s / 30 s); the body stays the provider's business.
 */
import type { ErrorInput } from './types.js'

/** Seconds a 429 and a 503 tell the client to wait when the error itself does not say. */
export interface RetryAfterDefaults {
  retryAfter429: number
  retryAfter503: number
}

/** The headers of an error response: the input's headers in lower case, plus the default `retry-after` on 429/503. */
export function errorHeaders(input: Pick<ErrorInput, 'status' | 'headers'>, defaults: RetryAfterDefaults) {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value
  const retryAfter =
    input.status === 429 ? defaults.retryAfter429 : input.status === 503 ? defaults.retryAfter503 : undefined
  if (retryAfter !== undefined && headers['retry-after'] === undefined) headers['retry-after'] = String(retryAfter)
  return headers
}
