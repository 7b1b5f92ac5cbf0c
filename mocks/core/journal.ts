/**
 * The journal: a bounded record of every exchange in a session, oldest dropped first. Tests read it to assert on what
 * their code sent; the admin API serves it.
 *
 * Entries are built from the bytes that went over the wire, never from live objects, so nobody can change the state
 * through the journal. Bodies are parsed lazily on first read (most entries are never read). Credentials are
 * redacted: secret headers always, and the body fields each provider names as secrets (an API key, a JWT, a webhook
 * signing secret that the API shows only once).
 */
import type { SchemaViolation } from './contract.js'
import { parseQuery } from './request.js'
import type { MockRequest } from './types.js'

export interface JournalEntry {
  seq: number
  /** Session clock time when the request was handled. */
  at: string
  provider: string | null
  operationId: string | null
  request: {
    method: string
    path: string
    query: Record<string, string | string[]>
    headers: Record<string, string>
    body: unknown
  }
  response: { status: number; headers: Record<string, string>; body: unknown; fault?: string }
  /** The scenario that answered, if any. */
  scenario: string | null
  /** Contract violations found in the response (empty when it conforms). */
  violations: SchemaViolation[]
}

export interface JournalFilter {
  provider?: string
  operationId?: string
  status?: number
}

export interface JournalRecord {
  at: string
  provider: string | null
  operationId: string | null
  request: MockRequest
  response: { status: number; headers: Record<string, string>; bodyText: string; fault?: string }
  scenario: string | null
  violations: SchemaViolation[]
  /** JSON pointers of secret fields in the request and response bodies. */
  redact?: { request?: readonly string[]; response?: readonly string[] }
}

export const DEFAULT_JOURNAL_LIMIT = 1000
/** Request and response bodies kept in all, at most; the oldest entries go first beyond it. */
export const DEFAULT_JOURNAL_BYTES = 32 * 1024 * 1024
export const REDACTED = '[redacted]'

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'x-api-key'])

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    // Keep the scheme and the first characters so a reader can tell which key was used, never the secret itself.
    out[k] = SECRET_HEADERS.has(k)
      ? v.replace(/^(\S+\s+)?(.{0,12}).*$/s, (_m, scheme = '', head) => `${scheme}${head}…`)
      : v
  }
  return out
}

/** Replaces the value at each JSON pointer (if present) with REDACTED. */
function redactPointers(value: unknown, pointers: readonly string[] = []): unknown {
  for (const pointer of pointers) {
    const parts = pointer.split('/').slice(1)
    let node: unknown = value
    for (const [i, part] of parts.entries()) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) break
      if (i === parts.length - 1) (node as Record<string, unknown>)[part] = REDACTED
      else node = (node as Record<string, unknown>)[part]
    }
  }
  return value
}

/** Defines `body` on `target` as a lazily parsed, redacted copy of `text` (raw text when it is not JSON). */
function lazyBody(target: object, text: string | undefined, secrets: readonly string[] | undefined): void {
  let parsed = false
  let value: unknown
  Object.defineProperty(target, 'body', {
    enumerable: true,
    get() {
      if (!parsed) {
        parsed = true
        if (text) {
          try {
            value = redactPointers(JSON.parse(text), secrets)
          } catch {
            value = text // not JSON: the journal shows what was really sent
          }
        }
      }
      return value
    },
  })
}

export class Journal {
  private entries: JournalEntry[] = []
  private sizes: number[] = []
  private bytes = 0
  private seq = 0
  constructor(
    readonly limit = DEFAULT_JOURNAL_LIMIT,
    readonly maxBytes = DEFAULT_JOURNAL_BYTES,
  ) {}

  record(r: JournalRecord): JournalEntry {
    const request = {
      method: r.request.method.toUpperCase(),
      path: r.request.path,
      query: parseQuery(r.request.query),
      headers: redactHeaders(r.request.headers),
    }
    lazyBody(request, r.request.bodyText, r.redact?.request)
    const response = {
      status: r.response.status,
      headers: r.response.headers,
      ...(r.response.fault ? { fault: r.response.fault } : {}),
    }
    lazyBody(response, r.response.bodyText, r.redact?.response)
    const entry = {
      seq: ++this.seq,
      at: r.at,
      provider: r.provider,
      operationId: r.operationId,
      request,
      response,
      scenario: r.scenario,
      violations: r.violations,
    } as JournalEntry
    const size = (r.request.bodyText?.length ?? 0) + r.response.bodyText.length
    this.entries.push(entry)
    this.sizes.push(size)
    this.bytes += size
    while (this.entries.length > 1 && (this.entries.length > this.limit || this.bytes > this.maxBytes)) {
      this.entries.shift()
      this.bytes -= this.sizes.shift() ?? 0
    }
    return entry
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.provider === undefined || e.provider === filter.provider) &&
        (filter.operationId === undefined || e.operationId === filter.operationId) &&
        (filter.status === undefined || e.response.status === filter.status),
    )
  }

  /** The newest entry, without copying the list. */
  last(): JournalEntry | undefined {
    return this.entries[this.entries.length - 1]
  }

  /** Entries whose responses broke the contract. */
  violations(): JournalEntry[] {
    return this.entries.filter((e) => e.violations.length > 0)
  }

  clear(): void {
    this.entries = []
    this.sizes = []
    this.bytes = 0
  }
}
