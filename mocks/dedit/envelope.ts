/**
 * Dedit's error body, in one place. The Errors page of the Dedit docs is not public, so this shape is inferred
 * (docs/inferred.md, "error shape"): `{statusCode, error: <HTTP reason phrase>, message, details?: [{path, message}]}`,
 * NestJS-like. Every Dedit error standin produces (validation, auth, routing 404/405, scenarios, faults aside) goes
 * through `deditError`. Successes have no envelope (the documented bodies are the objects themselves), so
 * `checkDeditEnvelope` only looks at errors: `statusCode` must equal the HTTP status.
 */
import { describeShape, type EnvelopeProblem } from '../core/conformance.js'
import { errorHeaders } from '../core/errors.js'
import type { ErrorInput, MockResponse } from '../core/types.js'

/**
 * Reason phrases of every 4xx and 5xx status, pinned here (the spec pins the ones Dedit answers with `const`) rather
 * than read from node:http, which a browser build does not have. They are the phrases Node's STATUS_CODES gives
 * (test/browser-platform.test.ts keeps them equal), so the bytes are the same in every runtime.
 */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a Teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', // a session's storage cap in `standin serve` (inferred: docs/limits.md)
  508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded',
  510: 'Not Extended',
  511: 'Network Authentication Required',
}

/** Seconds a 429 or 503 tells the client to wait when the caller does not say (the spec's examples use 30). */
const DEFAULT_RETRY_AFTER_SECONDS = 30

function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
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
