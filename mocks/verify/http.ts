/**
 * The HTTP client of `standin verify`: one request at a time, a timeout per request, and bounded retries with backoff
 * on 429 and 503 that honour `Retry-After` (seconds or an HTTP date). Other statuses, and requests that time out or
 * get no answer, are not retried: a probe must not repeat a write the provider may have done.
 */

interface HttpClientOptions {
  baseUrl: string
  /** Per request, in milliseconds. */
  timeoutMs: number
  /** Retries after a 429 or 503 (0: none). */
  retries: number
  /** The longest single wait before a retry, in milliseconds; a longer Retry-After is cut to it. */
  maxRetryWaitMs: number
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof fetch
}

/** A wait before a retry, as it starts: for the progress a person sees while nothing seems to happen. */
export interface RetryWait {
  /** The status that is retried (429 or 503). */
  status: number
  /** The retry about to be waited for (1-based), and how many there can be. */
  retry: number
  retries: number
  waitMs: number
  /** The Retry-After header as sent, when there was one. */
  retryAfter?: string
  /** The provider asked for longer than the cap (maxRetryWaitMs): the wait is the cap. */
  capped: boolean
}

interface HttpRequest {
  method: string
  /** Path and query, appended to the base URL. */
  path: string
  headers?: Record<string, string>
  body?: unknown
  /** Told before each wait, so the wait is never silent. */
  onWait?: (wait: RetryWait) => void
}

export interface HttpResult {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  bodyText: string
  attempts: number
  /** The waits before each retry, in milliseconds. */
  waits: number[]
  /** Set when no answer arrived (timeout, refused, reset). */
  error?: string
  /** Set when the last answer was still 429/503 after every retry (the probe could not see the real answer). */
  retriesExhausted?: boolean
}

const RETRY_STATUSES = new Set([429, 503])
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isFinite(date) ? Math.max(0, date - now) : null
}

/** The wait before retry number `attempt` (1-based): Retry-After when given, else 1 s, 2 s, 4 s...; capped. */
export function retryWait(attempt: number, retryAfter: string | undefined, maxWaitMs: number): number {
  const asked = retryAfterMs(retryAfter)
  const wait = asked ?? 1000 * 2 ** (attempt - 1)
  return Math.min(wait, maxWaitMs)
}

function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`
}

export function createHttpClient(options: HttpClientOptions) {
  const sleep = options.sleep ?? defaultSleep
  const fetchFn = options.fetch ?? fetch
  return async function request(req: HttpRequest): Promise<HttpResult> {
    const waits: number[] = []
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json', ...(req.headers ?? {}) }
      let body: string | undefined
      if (req.body !== undefined) {
        body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body)
        headers['content-type'] ??= 'application/json'
      }
      let res: Response
      let bodyText: string
      try {
        res = await fetchFn(joinUrl(options.baseUrl, req.path), {
          method: req.method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.timeout(options.timeoutMs),
        })
        bodyText = await res.text()
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } }
        const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError'
        const error = timedOut
          ? `no answer within ${options.timeoutMs} ms (--timeout)`
          : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : e.cause?.message ? ` (${e.cause.message})` : ''}`
        return { status: 0, headers: {}, bodyText: '', attempts: attempt, waits, error }
      }
      const out: Record<string, string> = {}
      res.headers.forEach((value, key) => {
        out[key.toLowerCase()] = value
      })
      if (RETRY_STATUSES.has(res.status) && attempt <= options.retries) {
        const retryAfter = out['retry-after']
        const wait = retryWait(attempt, retryAfter, options.maxRetryWaitMs)
        waits.push(wait)
        const asked = retryAfter === undefined ? null : retryAfterMs(retryAfter)
        req.onWait?.({
          status: res.status,
          retry: attempt,
          retries: options.retries,
          waitMs: wait,
          ...(retryAfter === undefined ? {} : { retryAfter }),
          capped: asked !== null && asked > options.maxRetryWaitMs,
        })
        await sleep(wait)
        continue
      }
      return {
        status: res.status,
        headers: out,
        bodyText,
        attempts: attempt,
        waits,
        ...(RETRY_STATUSES.has(res.status) ? { retriesExhausted: true } : {}),
      }
    }
  }
}

export type HttpClient = ReturnType<typeof createHttpClient>
