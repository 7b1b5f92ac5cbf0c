/**
 * The session clock. Every timestamp a mock emits comes from here.
 *
 * - `fixed` (a start instant was given): moves only when told, plus a fixed tick per routed request (default 1 s), so
 *   successive events get increasing timestamps and the same script gives the same bytes.
 * - `live` (no start given, e.g. `standin serve` without --clock): follows the wall clock from the moment the session
 *   was created, so a Dedit token expires after 10 real hours, not after 36,000 requests. `advance` and `set` still
 *   move it, for tests that need to jump ahead.
 */
import type { Clock } from './types.js'

export const DEFAULT_TICK_MS = 1000

export function parseInstant(instant: string | number | Date): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant)
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new Error(`invalid clock instant: ${String(instant)}`)
  return ms
}

export function createClock(start: string | number | Date, mode: 'fixed' | 'live' = 'fixed'): Clock {
  // For a live clock, `offset` is the distance between the session's time and the wall clock.
  let ms = parseInstant(start)
  let offset = ms - Date.now()
  const nowMs = () => (mode === 'live' ? Date.now() + offset : ms)
  return {
    mode,
    now: () => new Date(nowMs()),
    nowMs,
    iso: () => new Date(nowMs()).toISOString(),
    advance(by) {
      if (!Number.isFinite(by) || by < 0) throw new Error(`the clock only moves forward; got ${by} ms`)
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
