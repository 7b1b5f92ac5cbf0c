/** What every EnfinitOS behaviour shares: the call type, offset paging, request timestamps. */
import type { MockResponse, OperationCall } from '../../core/types.js'
import { fail } from '../envelope.js'
import type { EnfinitosState } from '../state.js'
import { msOf, normalizeTimestamp } from '../time.js'

export type Call = OperationCall<EnfinitosState>

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 200

export interface Page<T> {
  items: T[]
  nextCursor: number | null
  total: number
}

/**
 * Offset paging (documented): `cursor` is the zero-based offset (default 0), `limit` defaults to 50 and is clamped to
 * 1..200 rather than rejected; `nextCursor` is the offset of the next page, null on the last one.
 */
export function page<T>(items: readonly T[], query: Record<string, unknown>): Page<T> {
  const cursor = typeof query.cursor === 'number' ? query.cursor : 0
  const asked = typeof query.limit === 'number' ? query.limit : DEFAULT_PAGE_SIZE
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(asked)))
  const slice = items.slice(cursor, cursor + limit)
  const end = cursor + slice.length
  return { items: slice, nextCursor: end < items.length ? end : null, total: items.length }
}

/** A request timestamp normalised to `toISOString()` form, or the 400 naming its field. */
export function timestampAt(text: string, path: string): string | MockResponse {
  const normalized = normalizeTimestamp(text)
  return (
    normalized ??
    fail(
      400,
      `${path.split('/').pop()} is not a representable instant: ${text}`,
      path,
      'is not a representable instant',
    )
  )
}

export function isResponse(value: unknown): value is MockResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value
}

/**
 * Reads `effectiveFrom` and the optional `effectiveUntil` of a request body (bases and rights share the rule):
 * both normalised to the toISOString form, and `effectiveUntil` must not predate `effectiveFrom` (400 naming it).
 */
export function effectiveWindow(body: {
  effectiveFrom: string
  effectiveUntil?: string | null
}): { effectiveFrom: string; effectiveUntil: string | null } | MockResponse {
  const effectiveFrom = timestampAt(body.effectiveFrom, '/body/effectiveFrom')
  if (isResponse(effectiveFrom)) return effectiveFrom
  const rawUntil = body.effectiveUntil ?? null
  const effectiveUntil = rawUntil === null ? null : timestampAt(rawUntil, '/body/effectiveUntil')
  if (isResponse(effectiveUntil)) return effectiveUntil
  if (effectiveUntil !== null && msOf(effectiveUntil) < msOf(effectiveFrom)) {
    return fail(
      400,
      `effectiveUntil ${effectiveUntil} predates effectiveFrom ${effectiveFrom}`,
      '/body/effectiveUntil',
      'must not predate effectiveFrom',
    )
  }
  return { effectiveFrom, effectiveUntil }
}
