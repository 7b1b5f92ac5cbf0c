/**
 * Answers that do not change, serialised and validated once. A provider marks a body it will hand out again unchanged
 * (the same object, never mutated: a stored right read back before it changes) with {@link immutableBody}; the engine
 * then keeps that object's JSON text and its response-validation result (per operation, status and content type) and
 * reuses them on every later answer with the same object. Validation stays on: its result for an object that cannot
 * change is the same every time. A body not marked, and every fresh object, is serialised and validated as before.
 */
import type { SchemaViolation } from './contract.js'

export interface KeptBody {
  /** The JSON text, once serialised. */
  text?: string
  /** Which operation, status and content type `violations` was computed for. */
  checkedFor?: string
  violations?: SchemaViolation[]
}

const kept = new WeakMap<object, KeptBody>()

/** Marks `body` as never changing (see above) and returns it. */
export function immutableBody<T extends object>(body: T): T {
  if (!kept.has(body)) kept.set(body, {})
  return body
}

/** What the engine keeps for a marked body; undefined for any other. */
export function keptFor(body: unknown): KeptBody | undefined {
  return typeof body === 'object' && body !== null ? kept.get(body) : undefined
}

/**
 * Answers that are never changed once answered, though not answered again: a fresh envelope around stored objects
 * that are replaced, never mutated, when they change (a receipt, a sealed proof pack). A provider marks such a body
 * with {@link stableBody}; the journal may then keep the object instead of its text and serialise it again when it is
 * read, which gives the same bytes. A sealed 1,000-delivery pack is a 3.7 MB answer whose objects the session keeps
 * anyway: kept by reference, its journal entry costs a few bytes instead of a second copy of the text.
 */
const stable = new WeakSet<object>()

/** Marks `body` as never changed once answered (see above) and returns it. */
export function stableBody<T extends object>(body: T): T {
  stable.add(body)
  return body
}

/** Whether `body` was marked with {@link stableBody}. */
export function isStableBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && stable.has(body)
}
