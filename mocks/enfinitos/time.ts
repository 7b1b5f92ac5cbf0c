/** Timestamp helpers: every instant the mock emits is in `toISOString()` form (UTC, milliseconds). */

export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * A request timestamp (RFC 3339, any offset) normalised to UTC with milliseconds, or null when it has no such form
 * (unparseable, or outside years 0000..9999, which `toISOString()` would print with a sign).
 */
export function normalizeTimestamp(text: string): string | null {
  // A client sends the same instant request after request (an effectiveFrom): the last answer is kept.
  if (text === last.text) return last.normalized
  const ms = Date.parse(text)
  const iso = Number.isFinite(ms) ? new Date(ms).toISOString() : ''
  last = { text, normalized: ISO_MS.test(iso) ? iso : null }
  return last.normalized
}
let last: { text: string; normalized: string | null } = { text: '', normalized: null }

export function msOf(iso: string): number {
  return Date.parse(iso)
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** The later of two instants (for monotonic event times). */
export function latest(a: string, b: string): string {
  return msOf(a) >= msOf(b) ? a : b
}
