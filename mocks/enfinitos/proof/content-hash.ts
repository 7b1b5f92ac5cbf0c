import { sha256Hex } from './hash.js'

/**
 * Compact JSON with object keys sorted recursively (plain string order, as `Array.prototype.sort` orders them);
 * arrays keep their order. Otherwise exactly JSON.stringify's rules: `toJSON` is honoured, undefined/function/symbol
 * properties are dropped, and written as `null` inside arrays. Unlike re-inserting sorted keys into an object, this
 * also orders integer-like keys ("10" before "9") as strings.
 */
export function sortedJson(value: unknown): string {
  const text = write(value)
  if (text === undefined) throw new TypeError('value has no JSON form')
  return text
}

function write(input: unknown): string | undefined {
  let value = input
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON()
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`
  const source = value as Record<string, unknown>
  const parts: string[] = []
  for (const key of Object.keys(source).sort()) {
    const text = write(source[key])
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`)
  }
  return `{${parts.join(',')}}`
}

/**
 * The `contentHash` of a rights entity (basis, right, offer): `sha256:` + hex SHA-256 of its compact JSON with keys
 * sorted recursively. The entity's own top-level `contentHash` field is left out of the input, so hashing an entity
 * that already carries its hash gives that same hash.
 */
export function contentHash(entity: Readonly<Record<string, unknown>>): string {
  const flat = flatSortedJson(entity)
  if (flat !== undefined) return `sha256:${sha256Hex(flat)}`
  const { contentHash: _ignored, ...rest } = entity
  return `sha256:${sha256Hex(sortedJson(rest))}`
}

/**
 * The sorted-key JSON of a flat entity (every value null, a string, a number or a boolean: a right, a basis, an
 * offer) without its `contentHash`: each value written by JSON.stringify after its key, in sorted key order, exactly
 * what {@link sortedJson} writes for it, with no copy of the entity. The sorted keys, already written as `"key":`, are
 * kept per list of keys (entities of a kind share one). Undefined for anything else.
 */
function flatSortedJson(entity: Readonly<Record<string, unknown>>): string | undefined {
  if (Object.getPrototypeOf(entity) !== Object.prototype) return undefined
  const keys = Object.keys(entity)
  for (const key of keys) {
    const value = entity[key]
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      return undefined
  }
  let shape = shapes.find((known) => sameKeys(known.keys, keys))
  if (shape === undefined) {
    shape = { keys, sorted: keys.filter((key) => key !== 'contentHash').sort() }
    if (shapes.length >= 16) shapes.shift()
    shapes.push(shape)
  }
  // A key list as JSON.stringify's replacer writes exactly those keys, in that order, each value as JSON.stringify
  // writes it: the sorted-key JSON, built natively in one string (no value here is an object for the list to reach).
  return JSON.stringify(entity, shape.sorted)
}

/** The entity shapes seen lately (a right, a basis, an offer...): their keys in order, and sorted. */
const shapes: { keys: string[]; sorted: string[] }[] = []

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
