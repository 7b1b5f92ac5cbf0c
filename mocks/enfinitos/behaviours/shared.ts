/** What every EnfinitOS behaviour shares: the call type, the caller's org and its rights, offset paging, timestamps. */
import type { MockResponse, OperationCall } from '../../core/types.js'
import { fail } from '../envelope.js'
import type { EnfinitosState, RightEntry } from '../state.js'
import { msOf, normalizeTimestamp } from '../time.js'
import type { Right } from '../types.js'

export type Call = OperationCall<EnfinitosState>

const DEFAULT_PAGE_SIZE = 50
const MAX_PAGE_SIZE = 200

interface Page<T> {
  items: T[]
  nextCursor: number | null
  total: number
}

/**
 * Offset paging (documented): `cursor` is the zero-based offset (default 0), `limit` defaults to 50 and is clamped to
 * 1..200 rather than rejected; `nextCursor` is the offset of the next page, null on the last one.
 */
export function page<T>(items: readonly T[], query: Record<string, unknown>): Page<T> {
  return pageBy(items.length, (index) => items[index] as T, query)
}

/** {@link page} over `total` items read by position, so a list need not be copied (e.g. read newest first). */
export function pageBy<T>(total: number, at: (index: number) => T, query: Record<string, unknown>): Page<T> {
  const { cursor, limit } = pageWindow(query)
  const end = Math.min(total, cursor + limit)
  const items: T[] = []
  for (let index = cursor; index < end; index++) items.push(at(index))
  return { items, nextCursor: end < total ? end : null, total }
}

/**
 * {@link page} over the items of `source` that `matches` accepts, in one pass that keeps only the page: the total is
 * counted, the rest is not copied (a session with 30,000 rights lists 50 of them without building a 30,000-item list).
 */
export function pageMatching<S, T>(
  source: Iterable<S>,
  matches: (item: S) => boolean,
  pick: (item: S) => T,
  query: Record<string, unknown>,
): Page<T> {
  const { cursor, limit } = pageWindow(query)
  const end = cursor + limit
  const items: T[] = []
  let total = 0
  for (const item of source) {
    if (!matches(item)) continue
    if (total >= cursor && total < end) items.push(pick(item))
    total++
  }
  return { items, nextCursor: end < total ? end : null, total }
}

/**
 * {@link pageMatching} when the number of matching items is already known (`total`): the scan stops at the page's
 * last item, or at the last match, instead of going through every item to count them.
 */
export function pageFromCount<S, T>(
  total: number,
  source: Iterable<S>,
  matches: (item: S) => boolean,
  pick: (item: S) => T,
  query: Record<string, unknown>,
): Page<T> {
  const { cursor, limit } = pageWindow(query)
  const end = Math.min(total, cursor + limit)
  const items: T[] = []
  let seen = 0
  if (cursor < end) {
    for (const item of source) {
      if (!matches(item)) continue
      if (seen >= cursor) items.push(pick(item))
      seen++
      if (seen >= end) break
    }
  }
  return { items, nextCursor: end < total ? end : null, total }
}

function pageWindow(query: Record<string, unknown>): { cursor: number; limit: number } {
  const cursor = typeof query.cursor === 'number' ? query.cursor : 0
  const asked = typeof query.limit === 'number' ? query.limit : DEFAULT_PAGE_SIZE
  return { cursor, limit: Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(asked))) }
}

/** The org the caller's key belongs to ("each key belongs to one tenant (org)"): the sandbox org. */
export function callerOrg(call: Call): string {
  const { orgId } = call.principal
  return typeof orgId === 'string' ? orgId : call.state.orgId
}

/**
 * Can `org` see `right`? INFERRED (the docs only say each key belongs to one org): an org sees the rights it holds
 * and the rights derived from them that it granted through an accepted offer (it holds their parent), since the
 * grantor has the offer, got the derived right in the accept response and has a stake in its provenance.
 */
export function visibleTo(state: EnfinitosState, right: Right, org: string): boolean {
  if (right.orgId === org) return true
  return right.parentRightId !== null && state.rights.get(right.parentRightId)?.right.orgId === org
}

/**
 * The right `rightId` when the caller's org holds it. Otherwise 404 "names no right of this org" when the org cannot
 * see it at all, and 403 FORBIDDEN when it can (one it granted) but another org holds it: INFERRED, only the
 * holder's keys act on a right (suspend, resume, revoke, observe a delivery, offer it, record a challenge against it).
 */
export function heldRight(call: Call, rightId: string, path: string, verb: string): RightEntry | MockResponse {
  const org = callerOrg(call)
  const entry = call.state.rights.get(rightId)
  if (!entry || !visibleTo(call.state, entry.right, org)) {
    return fail(404, `no right ${rightId}`, path, 'names no right of this org')
  }
  if (entry.right.orgId !== org) {
    return fail(
      403,
      `right ${rightId} is held by ${entry.right.orgId}; only its holder can ${verb} it`,
      path,
      'is held by another org',
    )
  }
  return entry
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
