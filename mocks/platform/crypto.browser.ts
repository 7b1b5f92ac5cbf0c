/**
 * Hashing for the browser (no Node built-ins): @noble/hashes, audited, synchronous. Same bytes as crypto.ts.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/** SHA-256 of a UTF-8 string or of bytes, as lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data))
}
