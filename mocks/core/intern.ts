/**
 * Equal strings kept once. A string parsed from each request is a fresh copy even when its text repeats (a client's
 * headers, a venue's anchor ids): kept through a table, a thousand stored records hold one copy instead of a thousand.
 * Bounded: at most `max` strings of at most `maxChars` characters each, forgotten all at once when full (a record never
 * loses its own copy, and a table that outgrows its use costs nothing more than no table).
 */
export class InternTable {
  private readonly strings = new Map<string, string>()

  constructor(
    private readonly max: number,
    private readonly maxChars: number,
  ) {}

  /** `value`, or the equal string kept before. */
  intern(value: string): string {
    if (value.length > this.maxChars) return value
    const kept = this.strings.get(value)
    if (kept !== undefined) return kept
    if (this.strings.size >= this.max) this.strings.clear()
    this.strings.set(value, value)
    return value
  }
}
