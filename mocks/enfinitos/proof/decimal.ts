/**
 * Fixed-point decimals with exactly six places, as the metering and settlement formats write them ("3.500000").
 * Values are held as bigint micro-units (× 10^6) so that no arithmetic ever goes through a float.
 */

/** 10^6: one unit in micro-units. */
export const MICRO = 1_000_000n

const DECIMAL6 = /^(0|[1-9][0-9]*)\.[0-9]{6}$/

/** Parses a non-negative 6-dp decimal string ("0.700000") into micro-units; null when it is not exactly that form. */
export function parseDecimal6(text: unknown): bigint | null {
  if (typeof text !== 'string' || !DECIMAL6.test(text)) return null
  const [whole = '0', fraction = '000000'] = text.split('.')
  return BigInt(whole) * MICRO + BigInt(fraction)
}

/** Like {@link parseDecimal6} but throws a RangeError naming `what`. */
export function requireDecimal6(text: unknown, what: string): bigint {
  const value = parseDecimal6(text)
  if (value === null)
    throw new RangeError(`${what} must be a non-negative decimal with 6 places, got ${JSON.stringify(text)}`)
  return value
}

/** Writes non-negative micro-units as a 6-dp decimal string (3_500_000n -> "3.500000"). */
export function formatDecimal6(micro: bigint): string {
  if (micro < 0n) throw new RangeError(`negative decimal ${micro}`)
  const whole = micro / MICRO
  const fraction = (micro % MICRO).toString().padStart(6, '0')
  return `${whole}.${fraction}`
}

/** Converts bigint cents to a number, refusing anything beyond Number.MAX_SAFE_INTEGER. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} exceeds the safe integer range`)
  }
  return Number(value)
}
