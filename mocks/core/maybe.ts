/**
 * Steps that answer at once or, when something waits, later. Most requests wait for nothing (no body to read, a
 * behaviour that answers at once); chaining them with `andThen` instead of `await` keeps such a request free of
 * promises and of the frames async functions allocate (about 4 KB a request of the 15 KB standin allocated).
 */

/** A value now, or a promise of it when it takes waiting. */
export type Maybe<T> = T | Promise<T>

/** `next(value)`: at once for a value, once it resolves for a promise (whose rejection passes through). */
export function andThen<T, R>(value: Maybe<T>, next: (value: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(next) : next(value)
}
