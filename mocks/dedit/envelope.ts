/**
 * Dedit's error body, in one place. The Errors page of the Dedit docs is not public, so this shape is inferred
 * (docs/inferred.md, "error shape"): `{statusCode, error: <HTTP reason phrase>, message, details?: [{path, message}]}`,
 * NestJS-like. Every Dedit error standin produces (validation, auth, routing 404/405, scenarios, faults aside) goes
 * through `deditError`. Successes have no envelope (the documented bodies are the objects themselves), so
 * `checkDeditEnvelope` only looks at errors: `statusCode` must equal the HTTP status.
 */
import { STATUS_CODES } from 'node:http'
import { describeShape, type EnvelopeProblem } from '../core/conformance.js'
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
  507: 'Insufficient Storage', // a session's storage cap in `standin serve` (inferred: docs/limits.md)
}

/** Seconds a 429 or 503 tells the client to wait when the caller does not say (the spec's examples use 30). */
const DEFAULT_RETRY_AFTER_SECONDS = 30

function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? STATUS_CODES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
}

interface DeditErrorBody {
  statusCode: number
  error: string
  message: string
  details?: { path: string; message: string }[]
}

function deditErrorBody(input: ErrorInput): DeditErrorBody {
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

/** Whether an error body is in Dedit's error shape; null when it is (and for every success: they have no envelope). */
export function checkDeditEnvelope(status: number, body: unknown): EnvelopeProblem | null {
  if (status < 400) return null
  const expected = `{statusCode: ${status}, error, message}`
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { message: 'the error body is not a JSON object', expected, found: describeShape(body) }
  const statusCode = (body as Record<string, unknown>).statusCode
  if (statusCode !== status) {
    return {
      message:
        'statusCode' in body
          ? `statusCode ${JSON.stringify(statusCode)} differs from the HTTP status ${status}`
          : 'the error body is not in the Dedit error shape (missing statusCode)',
      expected,
      found: 'statusCode' in body ? `statusCode: ${JSON.stringify(statusCode)}` : describeShape(body),
    }
  }
  return null
}
