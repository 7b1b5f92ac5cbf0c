/**
 * The journal: a bounded record of every exchange in a session, oldest dropped first. Tests read it to assert on what
 * their code sent; the admin API serves it. Credentials are redacted before they are stored.
 */
import type { SchemaViolation } from './contract.js'

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

export const DEFAULT_JOURNAL_LIMIT = 1000

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

export class Journal {
  private entries: JournalEntry[] = []
  private seq = 0
  constructor(readonly limit = DEFAULT_JOURNAL_LIMIT) {}

  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full = { seq: ++this.seq, ...entry }
    this.entries.push(full)
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit)
    return full
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.provider === undefined || e.provider === filter.provider) &&
        (filter.operationId === undefined || e.operationId === filter.operationId) &&
        (filter.status === undefined || e.response.status === filter.status),
    )
  }

  /** Entries whose responses broke the contract. */
  violations(): JournalEntry[] {
    return this.entries.filter((e) => e.violations.length > 0)
  }

  clear(): void {
    this.entries = []
  }
}
