/**
 * The journal: a bounded record of every exchange in a session, oldest dropped first. Tests read it to assert on what
 * their code sent; the admin API serves it.
 *
 * Entries are built from the bytes that went over the wire, never from live objects, so nobody can change the state
 * through the journal. An entry is built on first read (most entries are never read), its bodies parsed then. Credentials are
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

/** One recorded exchange: what the engine handed over, and the entry built from it the first time anyone reads it. */
interface Slot {
  seq: number
  record: JournalRecord
  /** The request as it was when recorded (the caller may reuse its objects and change them afterwards). */
  request: MockRequest
  size: number
  entry?: JournalEntry
}

/** Builds the entry a reader sees (redacted headers, parsed query, lazily parsed and redacted bodies). */
function entryOf(slot: Slot): JournalEntry {
  const r = slot.record
  const request = {
    method: slot.request.method.toUpperCase(),
    path: slot.request.path,
    query: parseQuery(slot.request.query),
    headers: redactHeaders(slot.request.headers),
  }
  lazyBody(request, slot.request.bodyText, r.redact?.request)
  const response = {
    status: r.response.status,
    headers: r.response.headers,
    ...(r.response.fault ? { fault: r.response.fault } : {}),
  }
  lazyBody(response, r.response.bodyText, r.redact?.response)
  return {
    seq: slot.seq,
    at: r.at,
    provider: r.provider,
    operationId: r.operationId,
    request,
    response,
    scenario: r.scenario,
    violations: r.violations,
  } as JournalEntry
}

/**
 * The exchanges of a session, bounded by count and by body bytes. Recording keeps what the engine hands over (the
 * request as received and the bytes answered); the entry users read is built from it on first read and kept, so a
 * busy server that nobody inspects does not build, redact and parse a thousand entries it then throws away.
 */
export class Journal {
  private slots: Slot[] = []
  private bytes = 0
  private seq = 0
  constructor(
    readonly limit = DEFAULT_JOURNAL_LIMIT,
    readonly maxBytes = DEFAULT_JOURNAL_BYTES,
  ) {}

  record(r: JournalRecord): void {
    const size = (r.request.bodyText?.length ?? 0) + r.response.bodyText.length
    const { method, path, query, headers, bodyText } = r.request
    const request = { method, path, query, headers: { ...headers }, bodyText }
    this.slots.push({ seq: ++this.seq, record: r, request, size })
    this.bytes += size
    while (this.slots.length > 1 && (this.slots.length > this.limit || this.bytes > this.maxBytes)) {
      this.bytes -= (this.slots.shift() as Slot).size
    }
  }

  private entry(slot: Slot): JournalEntry {
    slot.entry ??= entryOf(slot)
    return slot.entry
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = []
    for (const slot of this.slots) {
      const r = slot.record
      if (
        (filter.provider === undefined || r.provider === filter.provider) &&
        (filter.operationId === undefined || r.operationId === filter.operationId) &&
        (filter.status === undefined || r.response.status === filter.status)
      )
        out.push(this.entry(slot))
    }
    return out
  }

  /** The newest entry, without copying the list. */
  last(): JournalEntry | undefined {
    const slot = this.slots[this.slots.length - 1]
    return slot && this.entry(slot)
  }

  /** What answered the newest exchange (for a request log line), without building its entry. */
  lastAnswer(): { operationId: string | null; scenario: string | null } | undefined {
    const r = this.slots[this.slots.length - 1]?.record
    return r && { operationId: r.operationId, scenario: r.scenario }
  }

  /** Entries whose responses broke the contract. */
  violations(): JournalEntry[] {
    return this.slots.filter((slot) => slot.record.violations.length > 0).map((slot) => this.entry(slot))
  }

  clear(): void {
    this.slots = []
    this.bytes = 0
  }
}
