/**
 * Dedit's error body, in one place. The Errors page of the Dedit docs is not public, so this shape is inferred
 * (docs/inferred.md, "error shape"): `{statusCode, error: <HTTP reason phrase>, message, details?: [{path, message}]}`,
 * NestJS-like. Every Dedit error standin produces (validation, auth, routing 404/405, scenarios, faults aside) goes
 * through `deditError`.
 */
import { STATUS_CODES } from 'node:http'
import { errorHeaders } from '../core/errors.js'
import type { ErrorInput, MockResponse } from '../core/types.js'

/** Reason phrases pinned here (the spec pins them with `const`), not taken from the running Node's table. */
const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** Seconds a 429 or 503 tells the client to wait when the caller does not say (the spec's examples use 30). */
export const DEFAULT_RETRY_AFTER_SECONDS = 30

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? STATUS_CODES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
}

export interface DeditErrorBody {
  statusCode: number
  error: string
  message: string
  details?: { path: string; message: string }[]
}

export function deditErrorBody(input: ErrorInput): DeditErrorBody {
  return {
    statusCode: input.status,
    error: reasonPhrase(input.status),
    message: input.message || reasonPhrase(input.status),
    ...(input.details && input.details.length > 0
      ? { details: input.details.map((d) => ({ path: d.path, message: d.message })) }
      : {}),
  }
}

/** An error response in Dedit's (inferred) shape; 429 and 503 always carry `retry-after`. */
export function deditError(input: ErrorInput): MockResponse {
  const headers = errorHeaders(input, {
    retryAfter429: DEFAULT_RETRY_AFTER_SECONDS,
    retryAfter503: DEFAULT_RETRY_AFTER_SECONDS,
  })
  return { status: input.status, headers, body: deditErrorBody(input) }
}
