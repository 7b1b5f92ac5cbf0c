const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * Parses an ISO 8601 UTC timestamp with milliseconds, exactly as `Date.prototype.toISOString()` prints it,
 * into epoch milliseconds; null when `value` is not such a string.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value !== 'string' || !ISO_MS.test(value)) return null
  const ms = Date.parse(value)
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== value) return null
  return ms
}

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
