const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * Parses an ISO 8601 UTC timestamp with milliseconds, exactly as `Date.prototype.toISOString()` prints it,
 * into epoch milliseconds; null when `value` is not such a string.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value !== 'string') return null
  for (const slot of recent) if (slot.text === value) return slot.ms
  if (!ISO_MS.test(value)) return null
  const ms = Date.parse(value)
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== value) return null
  const slot = recent[next] as { text: string; ms: number }
  slot.text = value
  slot.ms = ms
  next = (next + 1) % recent.length
  return ms
}

// The same few instants are checked again and again (a signature checks its time, then the key ring's windows against
// it): the last valid ones, so a repeat costs a few string comparisons instead of a regex, a parse and a format.
const recent = Array.from({ length: 4 }, () => ({ text: '', ms: 0 }))
let next = 0

/** Like {@link parseTimestamp} but throws a RangeError naming `what` when the value is not a valid timestamp. */
export function requireTimestamp(value: unknown, what: string): number {
  const ms = parseTimestamp(value)
  if (ms === null) {
    throw new RangeError(`${what} must be an ISO 8601 UTC timestamp with milliseconds, got ${JSON.stringify(value)}`)
  }
  return ms
}

/** Epoch milliseconds -> `toISOString()` form. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString()
}
