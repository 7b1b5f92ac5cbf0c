/**
 * Deterministic values from (seed, kind, ordinal). Each kind of entity has its own counter, so issuing a right never
 * shifts the id of the next basis: unrelated calls do not disturb each other, and the same seed gives the same ids.
 */
import { hash } from 'node:crypto'
import type { Derive } from './types.js'

export function createDerive(seed: string | number): Derive {
  const seedText = String(seed)
  const counters = new Map<string, number>()
  const bytes = (kind: string, ordinal: number | string, length = 32): Buffer => {
    const out: Buffer[] = []
    for (let block = 0; out.length * 32 < length; block++) {
      // crypto.hash is the one-shot SHA-256 (Node >= 20.12): same digest as createHash, without the object per call.
      out.push(hash('sha256', `standin|${seedText}|${kind}|${ordinal}|${block}`, 'buffer'))
    }
    return Buffer.concat(out).subarray(0, length)
  }
  const reserve = (kind: string): number => {
    const ordinal = (counters.get(kind) ?? 0) + 1
    counters.set(kind, ordinal)
    return ordinal
  }
  const hexAt = (kind: string, ordinal: number, length = 16): string =>
    bytes(kind, ordinal, Math.ceil(length / 2))
      .toString('hex')
      .slice(0, length)
  return {
    seed: seedText,
    bytes,
    nextHex: (kind, length = 16) => hexAt(kind, reserve(kind), length),
    reserve,
    hexAt,
    int(kind, ordinal, min, max) {
      const span = max - min + 1
      return min + (bytes(kind, ordinal, 6).readUIntBE(0, 6) % span)
    },
  }
}
