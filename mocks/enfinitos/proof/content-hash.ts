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
  const { contentHash: _ignored, ...rest } = entity
  return `sha256:${sha256Hex(sortedJson(rest))}`
}
