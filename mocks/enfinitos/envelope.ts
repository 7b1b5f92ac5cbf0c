/**
 * EnfinitOS bodies in one place. Success is documented: `{ok: true, data, contractVersion: "v1.0"}`. The error body
 * is not documented, so its shape and codes are inferred (docs/inferred.md, "error envelope", "error codes"):
 * `{ok: false, error: {code, message, details: [{path, message}]}, contractVersion: "v1.0"}`, `details` always an
 * array. Every EnfinitOS error standin produces (routing, auth, validation, behaviours, scenarios) goes through
 * `enfinitosError`; `checkEnfinitosEnvelope` tells whether a body someone else produced is in these envelopes.
 */
import { describeShape, type EnvelopeProblem } from '../core/conformance.js'
import { errorHeaders, type RetryAfterDefaults } from '../core/errors.js'
import type { ErrorDetail, ErrorInput, MockResponse } from '../core/types.js'

const CONTRACT_VERSION = 'v1.0'

/** The default error code per HTTP status (a caller may pass another, e.g. MALFORMED_JSON for a 400). */
const DEFAULT_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  507: 'INSUFFICIENT_STORAGE', // a session's storage cap in `standin serve` (inferred: docs/limits.md)
}

/** Seconds a 429 or 503 tells the client to wait when the caller does not say. */
const DEFAULT_RETRY_AFTER: Readonly<RetryAfterDefaults> = { retryAfter429: 30, retryAfter503: 5 }

interface EnfinitosErrorBody {
  ok: false
  error: { code: string; message: string; details: ErrorDetail[] }
  contractVersion: typeof CONTRACT_VERSION
}

function defaultCode(status: number): string {
  return DEFAULT_ERROR_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED')
}

function enfinitosErrorBody(input: ErrorInput): EnfinitosErrorBody {
  const code = input.code ?? defaultCode(input.status)
  return {
    ok: false,
    error: {
      code,
      message: input.message || code,
      details: (input.details ?? []).map((d) => ({ path: d.path, message: d.message })),
    },
    contractVersion: CONTRACT_VERSION,
  }
}

/** An error response in the (inferred) EnfinitOS envelope; 429 and 503 always carry `retry-after`. */
export function enfinitosError(input: ErrorInput): MockResponse {
  return { status: input.status, headers: errorHeaders(input, DEFAULT_RETRY_AFTER), body: enfinitosErrorBody(input) }
}

/** The documented success envelope around a route payload. */
function successBody<T>(data: T): { ok: true; data: T; contractVersion: typeof CONTRACT_VERSION } {
  return { ok: true, data, contractVersion: CONTRACT_VERSION }
}

/** A 200 with the success envelope. */
export function ok<T>(data: T): MockResponse {
  return { status: 200, headers: {}, body: successBody(data) }
}

/**
 * A 200 with the success envelope around objects the session never changes once answered (a receipt, a sealed pack:
 * replaced, never mutated): marked stable, so the journal keeps the objects rather than a copy of their text
 * (`MockResponse.stable`).
 */
export function okStable<T>(data: T): MockResponse {
  return { status: 200, headers: {}, body: successBody(data), stable: true }
}

/** Shorthand for behaviours: an error with one detail naming the request field at `path`. */
export function fail(status: number, message: string, path?: string, detail?: string): MockResponse {
  return enfinitosError({ status, message, details: path ? [{ path, message: detail ?? message }] : [] })
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether a body is in the success (status < 400) or error envelope; null when it is. */
export function checkEnfinitosEnvelope(status: number, body: unknown): EnvelopeProblem | null {
  const success = status < 400
  const expected = success ? '{ok: true, data, contractVersion}' : '{ok: false, error, contractVersion}'
  if (!isObject(body)) return { message: 'the body is not a JSON object', expected, found: describeShape(body) }
  const missing = (success ? ['ok', 'data', 'contractVersion'] : ['ok', 'error', 'contractVersion']).filter(
    (k) => !(k in body),
  )
  if (missing.length > 0) {
    return {
      message: `the body is not in the EnfinitOS ${success ? 'success' : 'error'} envelope (missing ${missing.join(', ')})`,
      expected,
      found: describeShape(body),
    }
  }
  if (body.ok !== success) {
    return {
      message: `ok is ${JSON.stringify(body.ok)} on a ${status} response`,
      expected: `ok: ${success}`,
      found: `ok: ${JSON.stringify(body.ok)}`,
    }
  }
  return null
}
