/**
 * standin's errors, one hierarchy, and what every provider's error envelope shares.
 *
 *   StandinError                 the root: `err instanceof StandinError` tells standin's own errors from anything else
 *   └ HttpError                  knows its answer: an HTTP status and the input of the provider's error envelope
 *     ├ ContractViolationError   a response outside the contract (500)
 *     ├ InternalError            a behaviour, or any step of the pipeline, threw: a standin bug (500)
 *     └ UnknownScenarioError     a scenario name no provider knows, or one of a provider not served (400)
 *   └ ScenarioDefinitionError    a scenario that names a provider, operation or status that does not exist, or is
 *                                malformed: thrown when it is defined or registered, never answered
 *
 * An HttpError is turned into bytes once, by the provider that answers (`provider.error(err.input)`, in the engine),
 * never by an adapter (Hono's `HTTPException`, with the body left to the provider's envelope). Envelope helpers: header
 * names in lower case (the engine's convention) and a `retry-after` on 429 and 503 when the caller did not give one.
 * Each provider passes its own defaults (EnfinitOS: 30 s / 5 s, Dedit: 30 s / 30 s); the body stays its business.
 */
import type { SchemaViolation } from './contract.js'
import type { ErrorDetail, ErrorInput } from './types.js'

export class StandinError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

export interface HttpErrorOptions {
  /** Provider error code; the provider picks the default for the status when omitted. */
  code?: string
  details?: ErrorDetail[]
  headers?: Record<string, string>
  cause?: unknown
}

export class HttpError extends StandinError {
  readonly code: string | undefined
  readonly details: ErrorDetail[]
  readonly headers: Record<string, string> | undefined

  constructor(
    readonly status: number,
    message: string,
    options: HttpErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = options.code
    this.details = options.details ?? []
    this.headers = options.headers
  }

  /** What the provider's error envelope is built from: `provider.error(err.input)`. */
  get input(): ErrorInput {
    return {
      status: this.status,
      message: this.message,
      ...(this.code === undefined ? {} : { code: this.code }),
      ...(this.details.length === 0 ? {} : { details: this.details }),
      ...(this.headers === undefined ? {} : { headers: this.headers }),
    }
  }
}

/** A response outside the contract: thrown by the engine in `validateResponses: 'throw'` mode, answered with a 500. */
export class ContractViolationError extends HttpError {
  constructor(
    readonly provider: string,
    readonly operationId: string,
    /** The status of the response that broke the contract (the error itself is answered with 500). */
    readonly responseStatus: number,
    readonly violations: SchemaViolation[],
  ) {
    super(
      500,
      `standin answered ${provider}.${operationId} with status ${responseStatus} outside the contract: ${violations
        .slice(0, 5)
        .map((v) => `${v.path} ${v.message}`)
        .join('; ')}`,
    )
  }
}

/** A behaviour (or any step of the pipeline) threw while answering an operation: a standin bug, answered with a 500. */
export class InternalError extends HttpError {
  constructor(
    readonly operationId: string,
    cause: unknown,
  ) {
    super(500, `standin internal error in ${operationId}: ${messageOf(cause)}`, { cause })
  }
}

/** A scenario name no provider knows; the message lists the close matches. */
export class UnknownScenarioError extends HttpError {
  constructor(
    readonly scenario: string,
    readonly suggestions: string[],
    /** Why the name cannot be selected here when it is known (its provider is not served); replaces the message. */
    reason?: string,
  ) {
    super(
      400,
      reason ??
        `unknown scenario "${scenario.length > 200 ? `${scenario.slice(0, 200)}…` : scenario}"${suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''} (list them with \`standin scenarios\`)`,
    )
  }
}

/** What part of a scenario definition is wrong. */
export type ScenarioDefinitionField = 'name' | 'description' | 'provider' | 'operation' | 'status' | 'step'

/**
 * A scenario that could never answer as written: an unknown provider or operationId, a status the operation does not
 * declare, a malformed name or sequence. Thrown by `defineScenario` and when an engine registers its scenarios
 * (`createStandin({ extraScenarios })`, the server), so a typo fails loudly instead of silently doing nothing. The
 * message names the scenario, the field, and the close matches when there are any.
 */
export class ScenarioDefinitionError extends StandinError {
  constructor(
    /** The scenario's name (as given; may itself be the problem). */
    readonly scenario: string,
    readonly field: ScenarioDefinitionField,
    /** The offending value, as a string. */
    readonly value: string,
    /** Close matches for `value` (edit distance), best first; empty when nothing is close. */
    readonly suggestions: string[],
    problem: string,
  ) {
    const hint = suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''
    super(`scenario "${clip(scenario)}": ${problem}${hint}`)
  }
}

const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s)

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

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
