/** How the verifier reads and shows values: plain objects, JSON pointers, 6-dp decimals, counts. */

export const DECIMAL6 = /^(0|[1-9][0-9]*)\.[0-9]{6}$/
export const MICRO = 1_000_000n

export type Obj = Record<string, unknown>

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function pointer(...parts: (string | number)[]): string {
  return parts.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')
}

export function show(value: unknown): string {
  if (value === undefined) return 'undefined'
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

export function decimal6(text: unknown): bigint | null {
  if (typeof text !== 'string' || !DECIMAL6.test(text)) return null
  const [whole = '0', fraction = '0'] = text.split('.')
  return BigInt(whole) * MICRO + BigInt(fraction)
}

export function formatDecimal6(micro: bigint): string {
  return `${micro / MICRO}.${(micro % MICRO).toString().padStart(6, '0')}`
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}
