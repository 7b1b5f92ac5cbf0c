/**
 * The session clock. Every timestamp a mock emits comes from here.
 *
 * - `fixed` (a start instant was given): moves only when told, plus a fixed tick per routed request (default 1 s), so
 *   successive events get increasing timestamps and the same script gives the same bytes.
 * - `live` (no start given, e.g. `standin serve` without --clock): follows the wall clock from the moment the session
 *   was created, so a Dedit token expires after 10 real hours, not after 36,000 requests. `advance` and `set` still
 *   move it, for tests that need to jump ahead.
 *
 * The clock is bounded to what the providers' wire formats can carry (docs/clock.md has the derivation): an instant
 * outside [CLOCK_MIN, CLOCK_MAX] is refused with a ClockRangeError (400), never accepted and then answered with a 500.
 */
import { HttpError } from './errors.js'
import type { Clock } from './types.js'

export const DEFAULT_TICK_MS = 1000

const DAY_MS = 86_400_000

/**
 * The narrowest time format on the wire is a 10-digit Unix time in seconds (Stripe-style fields, schema bounds
 * 1000000000..9999999999: 2001-09-09T01:46:40Z .. 2286-11-20T17:46:39Z); ISO 8601 with a 4-digit year carries
 * 0000..9999 and a 13-digit millisecond time the same range as the seconds. From "now", the providers compute instants
 * at most 31 days ahead (the end of a monthly billing period; a JWT's exp is 10 h, an offer's expiry 7 days, a webhook
 * retry 1 h) and at most 401 days back (the seeded subscription's creation). So the clock can carry
 *   now >= 2001-09-09T01:46:40Z + 401 days = 2002-10-15T01:46:40Z   and   now <= 2286-11-20T17:46:39Z - 31 days,
 * rounded inwards to whole years: the upper bound leaves ~292 days of headroom for the ticks and advances that follow
 * (25 million requests at the default 1 s tick) and for rights and offers a client makes valid for some months.
 */
export const CLOCK_MIN = '2003-01-01T00:00:00.000Z'
export const CLOCK_MAX = '2286-01-01T00:00:00.000Z'
export const CLOCK_MIN_MS = Date.parse(CLOCK_MIN)
export const CLOCK_MAX_MS = Date.parse(CLOCK_MAX)
/** The furthest ahead and behind "now" that a provider computes an instant (see above); exported for the tests. */
export const CLOCK_HORIZON = { aheadMs: 31 * DAY_MS, behindMs: 401 * DAY_MS } as const
/** The instants the formats carry (Unix seconds, 10 digits): the bound above is checked against them. */
export const FORMAT_RANGE_MS = { min: 1_000_000_000_000, max: 9_999_999_999_999 } as const

/** An instant outside what the providers' formats carry: 400 from the admin API, thrown by the library. */
export class ClockRangeError extends HttpError {
  constructor(
    readonly instant: string,
    /** JSON pointer of the request field that asked for it (`/body/now`, `/body/ms`), for the admin API's answer. */
    path = '/body/now',
  ) {
    const message = `the session clock can be set from ${CLOCK_MIN} to ${CLOCK_MAX} (what the providers' timestamp formats carry, with room to compute expiries; see docs/clock.md), got ${instant}`
    super(400, message, { details: [{ path, message: `must be between ${CLOCK_MIN} and ${CLOCK_MAX}` }] })
  }
}

/** Epoch milliseconds of an instant; throws on an unparseable one and a ClockRangeError outside the clock's range. */
export function parseInstant(instant: string | number | Date, path?: string): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant)
  if (!Number.isFinite(ms)) {
    // A StandinError like every error standin throws (an HttpError: the admin API answers it as a 400 as it is).
    const message = `invalid clock instant: ${String(instant)} (an ISO 8601 instant, epoch ms or a Date)`
    throw new HttpError(400, message, { details: [{ path: path ?? '/body/now', message: 'must be an instant' }] })
  }
  checkInRange(ms, path)
  return ms
}

function checkInRange(ms: number, path?: string): void {
  if (ms >= CLOCK_MIN_MS && ms <= CLOCK_MAX_MS) return
  // Outside ±8.64e15 a Date cannot print it: name the number then.
  const shown = Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms since 1970`
  throw new ClockRangeError(shown, path)
}

export function createClock(start: string | number | Date, mode: 'fixed' | 'live' = 'fixed'): Clock {
  // For a live clock, `offset` is the distance between the session's time and the wall clock.
  let ms = parseInstant(start)
  let offset = ms - Date.now()
  const nowMs = () => (mode === 'live' ? Date.now() + offset : ms)
  // A request reads the time several times (the engine, the behaviour, the journal, each record it signs): the
  // instant is formatted once per distinct millisecond, not once per read.
  let isoMs = Number.NaN
  let isoText = ''
  const iso = () => {
    const t = nowMs()
    if (t !== isoMs) {
      isoMs = t
      isoText = new Date(t).toISOString()
    }
    return isoText
  }
  return {
    mode,
    now: () => new Date(nowMs()),
    nowMs,
    iso,
    advance(by) {
      if (!Number.isFinite(by) || by < 0) {
        const message = `the clock only moves forward; got ${by} ms`
        throw new HttpError(400, message, { details: [{ path: '/body/ms', message: 'must be a number >= 0' }] })
      }
      checkInRange(nowMs() + by, '/body/ms')
      if (mode === 'live') offset += by
      else ms += by
    },
    set(instant) {
      const to = parseInstant(instant)
      if (mode === 'live') offset = to - Date.now()
      else ms = to
    },
    tick(by) {
      if (mode === 'fixed') ms += by
    },
  }
}
