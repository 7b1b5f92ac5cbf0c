/**
 * Deterministic values from (seed, kind, ordinal). Each kind of entity has its own counter, so issuing a right never
 * shifts the id of the next basis: unrelated calls do not disturb each other, and the same seed gives the same ids.
 *
 * Every value is SHA-256 of `standin|<seed>|<kind>|<ordinal>|<block>` (32 bytes a block), from the platform module:
 * node:crypto in Node, @noble/hashes in a browser build, same bytes.
 */
import { sha256Bytes, sha256Hex } from '../platform/crypto.js'
import type { Derive } from './types.js'

export function createDerive(seed: string | number): Derive {
  const seedText = String(seed)
  const counters = new Map<string, number>()
  const material = (kind: string, ordinal: number | string, block: number) =>
    `standin|${seedText}|${kind}|${ordinal}|${block}`
  const bytes = (kind: string, ordinal: number | string, length = 32): Uint8Array => {
    const blocks = Math.ceil(length / 32)
    const out = new Uint8Array(blocks * 32)
    for (let block = 0; block < blocks; block++) out.set(sha256Bytes(material(kind, ordinal, block)), block * 32)
    return out.subarray(0, length)
  }
  /** The first `length` hex digits of bytes(kind, ordinal): hashed straight to hex, the common (short) case. */
  const hex = (kind: string, ordinal: number | string, length: number): string => {
    let out = ''
    for (let block = 0; out.length < length; block++) out += sha256Hex(material(kind, ordinal, block))
    return out.length === length ? out : out.slice(0, length)
  }
  const reserve = (kind: string): number => {
    const ordinal = (counters.get(kind) ?? 0) + 1
    counters.set(kind, ordinal)
    return ordinal
  }
  const hexAt = (kind: string, ordinal: number, length = 16): string => hex(kind, ordinal, length)
  return {
    seed: seedText,
    bytes,
    nextHex: (kind, length = 16) => hexAt(kind, reserve(kind), length),
    reserve,
    hexAt,
    int(kind, ordinal, min, max) {
      const span = max - min + 1
      // The first 6 bytes as a big-endian integer (48 bits: exact in a double).
      return min + (Number.parseInt(hex(kind, ordinal, 12), 16) % span)
    },
  }
}
