/**
 * The journal: a bounded record of every exchange in a session, oldest dropped first. Tests read it to assert on what
 * their code sent; the admin API serves it.
 *
 * Entries are built from the bytes that went over the wire, or, for an answer whose objects the provider never changes
 * once answered (a receipt, a sealed pack: `MockResponse.stable`), from those objects serialised again, the same
 * bytes; readers get parsed copies, so nobody can change the state through the journal. (A custom scenario that edits
 * the objects `next()` returns edits the session's state, and with it such entries: docs/scenarios.md.) An entry is
 * built on first read (most entries are never read), its bodies parsed then. Credentials are
 * redacted in every shape (mocks/core/redact.ts): secret headers, query parameters and body fields named like secrets,
 * secrets in text that is not JSON, and the body fields each provider names as secrets (an API key, a JWT, a webhook
 * signing secret that the API shows only once).
 */

import { utf8ByteLength } from '../platform/crypto.js'
import type { SchemaViolation } from './contract.js'
import { InternTable } from './intern.js'
import { redactBody, redactHeaders, redactQuery } from './redact.js'
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
    /** Set when the request was rejected and its body was long: `body` is then its first `kept` characters. */
    truncated?: BodySummary
  }
  response: { status: number; headers: Record<string, string>; body: unknown; fault?: string }
  /** The scenario that answered, if any. */
  scenario: string | null
  /** Contract violations found in the response (empty when it conforms). */
  violations: SchemaViolation[]
}

/** What the journal keeps of a rejected request's long body besides its first characters. */
export interface BodySummary {
  /** The body's size in bytes (its Content-Length when it declared one). */
  size: number
  /** Characters kept in `body`. */
  kept: number
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
  response: { status: number; headers: Record<string, string>; bodyText: string | BodyRef; fault?: string }
  scenario: string | null
  violations: SchemaViolation[]
  /** JSON pointers of secret fields in the request and response bodies. */
  redact?: { request?: readonly string[]; response?: readonly string[] }
}

/**
 * An answer's text to be kept as the object it was serialised from (an answer marked `stable`, mocks/core/types.ts):
 * the journal keeps `body` and serialises it again, the same bytes, when someone reads the entry. `length` is the
 * text's length, which the byte cap counts as if the text were kept, so the cap means what it always meant.
 */
export class BodyRef {
  constructor(
    readonly body: unknown,
    readonly length: number,
  ) {}
}

export const DEFAULT_JOURNAL_LIMIT = 1000
/** Request and response bodies kept in all, at most; the oldest entries go first beyond it. */
export const DEFAULT_JOURNAL_BYTES = 32 * 1024 * 1024
/** Characters of a rejected request's body the journal keeps (with its size): enough to see what was sent. */
export const SUMMARY_CHARS = 1024

const encoder = new TextEncoder()
const decoder = new TextDecoder()
/** A fresh copy of `text` through its UTF-8 bytes (a cut-off surrogate pair becomes U+FFFD, as on the wire). */
const copyText = (text: string): string => decoder.decode(encoder.encode(text))

/** A body's size in bytes: its Content-Length when given (an oversized body is only read up to the limit). */
function bodySizeOf(headers: Record<string, string>, text: string): number {
  const declared = Number(headers['content-length'])
  return Number.isSafeInteger(declared) && declared >= 0 ? declared : utf8ByteLength(text)
}

/** Defines `body` on `target` as a lazily parsed, redacted copy of `text` (redacted text when it is not JSON). */
function lazyBody(target: object, text: string | undefined, secrets: readonly string[] | undefined): void {
  let parsed = false
  let value: unknown
  Object.defineProperty(target, 'body', {
    enumerable: true,
    get() {
      if (!parsed) {
        parsed = true
        // JSON parsed, or the text itself when it is not JSON (the journal shows what was really sent), redacted.
        value = redactBody(text, secrets)
      }
      return value
    },
  })
}

/**
 * `body` of an entry whose answer is kept by reference: parsed when read and kept while a reader holds it (a WeakRef),
 * then parsed again, the same value. Caching it for the entry's life would keep a parsed 3.7 MB pack per sealed
 * session once anything (the dashboard, the journal stream) has read the entry.
 */
function rereadBody(target: object, kept: unknown, secrets: readonly string[] | undefined): void {
  let last: WeakRef<object> | undefined
  Object.defineProperty(target, 'body', {
    enumerable: true,
    get() {
      const alive = last?.deref()
      if (alive !== undefined) return alive
      const value = redactBody(JSON.stringify(kept), secrets)
      if (typeof value === 'object' && value !== null) last = new WeakRef(value)
      return value
    },
  })
}

/** An entry's own copy of headers the journal keeps (and may share between entries), secrets redacted. */
function ownHeaders(kept: Record<string, string>): Record<string, string> {
  const redacted = redactHeaders(kept)
  return redacted === kept ? { ...kept } : redacted
}

/** The violations of every conforming answer the journal keeps (never handed out: entries get an array of their own). */
const NO_VIOLATIONS: SchemaViolation[] = []

/**
 * One recorded exchange, flat: what the engine handed over, and the entry built from it the first time anyone reads it.
 * One object of plain fields rather than the record and its request and response objects: a session may keep a
 * thousand entries, most never read, and each object costs its header and a pointer (about 200 bytes an entry saved).
 */
class Slot {
  entry: JournalEntry | undefined = undefined

  constructor(
    readonly seq: number,
    readonly at: string,
    readonly provider: string | null,
    readonly operationId: string | null,
    readonly scenario: string | null,
    readonly violations: SchemaViolation[],
    readonly redact: JournalRecord['redact'],
    /** The request as it was when recorded (the caller may reuse its objects and change them afterwards). */
    readonly method: string,
    readonly path: string,
    readonly query: string,
    readonly requestHeaders: Record<string, string>,
    readonly requestText: string | undefined,
    readonly truncated: BodySummary | undefined,
    readonly status: number,
    readonly responseHeaders: Record<string, string>,
    /** The answer's text; undefined when it is kept by reference (BodyRef), as `responseObject`. */
    readonly responseText: string | undefined,
    readonly responseObject: unknown,
    readonly fault: string | undefined,
    /** Body characters counted against the byte cap. */
    readonly size: number,
  ) {}
}

/** Builds the entry a reader sees (redacted headers, parsed query, lazily parsed and redacted bodies). */
function entryOf(slot: Slot): JournalEntry {
  const request = {
    method: slot.method.toUpperCase(),
    path: slot.path,
    query: redactQuery(parseQuery(slot.query)),
    headers: ownHeaders(slot.requestHeaders),
    ...(slot.truncated ? { truncated: slot.truncated } : {}),
  }
  lazyBody(request, slot.requestText, slot.redact?.request)
  const response = {
    status: slot.status,
    headers: ownHeaders(slot.responseHeaders),
    ...(slot.fault ? { fault: slot.fault } : {}),
  }
  if (slot.responseText === undefined) rereadBody(response, slot.responseObject, slot.redact?.response)
  else lazyBody(response, slot.responseText, slot.redact?.response)
  return {
    seq: slot.seq,
    at: slot.at,
    provider: slot.provider,
    operationId: slot.operationId,
    request,
    response,
    scenario: slot.scenario,
    violations: slot.violations === NO_VIOLATIONS ? [] : slot.violations,
  } as JournalEntry
}

/**
 * Strings and header objects the entries of one journal share. A client sends the same headers, path and method
 * request after request, each a fresh string over HTTP: kept once, a thousand entries of a 1,000-delivery job hold one
 * copy instead of a thousand (about 0.6 KB an entry). Bounded: at most MAX_SHARED strings of at most
 * MAX_SHARED_CHARS characters each (at most ~70 KB a session), forgotten all at once when full (an entry never
 * loses its own copy).
 */
class SharedText {
  private strings = new InternTable(MAX_SHARED, MAX_SHARED_CHARS)
  /** The last copy of each side's headers (requests and answers alternate, so each keeps its own). */
  private last: Record<'request' | 'response', Record<string, string> | undefined> = {
    request: undefined,
    response: undefined,
  }

  /** `value`, or the equal string kept before. */
  text(value: string): string {
    return this.strings.intern(value)
  }

  /**
   * A copy of `headers` the journal may keep (the caller may change its object afterwards): the previous copy when
   * the headers are the same, else a new one of shared strings. Never handed out: entries get copies (ownHeaders).
   */
  headers(side: 'request' | 'response', headers: Record<string, string>): Record<string, string> {
    const last = this.last[side]
    if (last !== undefined && sameHeaders(last, headers)) return last
    const copy: Record<string, string> = {}
    for (const name of Object.keys(headers)) {
      const value = headers[name]
      // As a spread would copy them: a value that is not a string as it is, a header named __proto__ as a header.
      const kept = typeof value === 'string' ? this.text(value) : value
      if (name === '__proto__') Object.defineProperty(copy, name, { value: kept, enumerable: true, writable: true })
      else copy[name] = kept as string
    }
    this.last[side] = copy
    return copy
  }
}

const MAX_SHARED = 256
const MAX_SHARED_CHARS = 256

function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = Object.keys(b)
  if (names.length !== Object.keys(a).length) return false
  for (const name of names) if (!Object.hasOwn(a, name) || a[name] !== b[name]) return false
  return true
}

/**
 * The exchanges of a session, bounded by count and by body bytes. Recording keeps what the engine hands over (the
 * request as received and the bytes answered); the entry users read is built from it on first read and kept, so a
 * busy server that nobody inspects does not build, redact and parse a thousand entries it then throws away.
 */
export class Journal {
  private slots: Slot[] = []
  private shared = new SharedText()
  private bytes = 0
  private seq = 0
  constructor(
    readonly limit = DEFAULT_JOURNAL_LIMIT,
    readonly maxBytes = DEFAULT_JOURNAL_BYTES,
    /** The server's meter of session memory (mocks/core/budget.ts): told of every byte kept and dropped. */
    private meter?: { add(bytes: number): void },
  ) {}

  /** Leaves the server's meter (the session was dropped): its bytes are no longer counted, nor are later ones. */
  detach(): void {
    this.meter?.add(-this.bytes)
    this.meter = undefined
  }

  /** Body bytes held now (the count the byte cap applies to). */
  get size(): number {
    return this.bytes
  }

  record(r: JournalRecord): void {
    const { method, path, query, headers } = r.request
    // A rejected request keeps a bounded summary of its body, never the whole of it (a flood of refused 1 MB bodies
    // must not fill the journal): its first SUMMARY_CHARS characters (redacted on read like any unparseable body).
    const full = r.request.bodyText
    const cut = r.response.status >= 400 && full !== undefined && full.length > SUMMARY_CHARS
    // A copy, not `slice`: V8 would keep a slice pointing into the whole body, which would then stay in memory.
    const requestText = cut ? copyText(full.slice(0, SUMMARY_CHARS)) : full
    const answer = r.response.bodyText
    const size = (requestText?.length ?? 0) + answer.length
    const slot = new Slot(
      ++this.seq,
      r.at,
      r.provider,
      r.operationId,
      r.scenario,
      r.violations.length === 0 ? NO_VIOLATIONS : r.violations, // most answers conform: one array for them all
      r.redact,
      this.shared.text(method),
      this.shared.text(path),
      this.shared.text(query),
      this.shared.headers('request', headers),
      requestText,
      cut ? { size: bodySizeOf(headers, full), kept: SUMMARY_CHARS } : undefined,
      r.response.status,
      this.shared.headers('response', r.response.headers),
      typeof answer === 'string' ? answer : undefined,
      typeof answer === 'string' ? undefined : answer.body,
      r.response.fault,
      size,
    )
    this.slots.push(slot)
    this.bytes += size
    let freed = 0
    while (this.slots.length > 1 && (this.slots.length > this.limit || this.bytes > this.maxBytes)) {
      const dropped = (this.slots.shift() as Slot).size
      this.bytes -= dropped
      freed += dropped
    }
    this.meter?.add(size - freed)
  }

  private entry(slot: Slot): JournalEntry {
    slot.entry ??= entryOf(slot)
    return slot.entry
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = []
    for (const slot of this.slots) {
      if (
        (filter.provider === undefined || slot.provider === filter.provider) &&
        (filter.operationId === undefined || slot.operationId === filter.operationId) &&
        (filter.status === undefined || slot.status === filter.status)
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
    const slot = this.slots[this.slots.length - 1]
    return slot && { operationId: slot.operationId, scenario: slot.scenario }
  }

  /** Entries whose responses broke the contract. */
  violations(): JournalEntry[] {
    return this.slots.filter((slot) => slot.violations.length > 0).map((slot) => this.entry(slot))
  }

  clear(): void {
    this.meter?.add(-this.bytes)
    this.slots = []
    this.bytes = 0
  }
}
