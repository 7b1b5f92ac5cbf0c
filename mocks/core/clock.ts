/**
 * The session clock. Every timestamp a mock emits comes from here, so a fixed start gives byte-identical output.
 * It ticks by a fixed step per handled request (default 1 s), so successive events get increasing timestamps
 * without reading the wall clock.
 */
import type { Clock } from './types.js'

export const DEFAULT_TICK_MS = 1000

export function parseInstant(instant: string | number | Date): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant)
  if (!Number.isFinite(ms)) throw new Error(`invalid clock instant: ${String(instant)}`)
  return ms
}

export function createClock(start: string | number | Date): Clock {
  let ms = parseInstant(start)
  return {
    now: () => new Date(ms),
    nowMs: () => ms,
    iso: () => new Date(ms).toISOString(),
    advance(by) {
      if (!Number.isFinite(by) || by < 0) throw new Error(`the clock only moves forward; got ${by} ms`)
      ms += by
    },
    set(instant) {
      ms = parseInstant(instant)
    },
  }
}
