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
