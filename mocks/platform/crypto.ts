/**
 * Hashing for Node. The browser build swaps this file for crypto.browser.ts (package.json `browser` field): both export
 * the same functions and give the same bytes for the same input.
 */
import { hash } from 'node:crypto'

/** SHA-256 of a UTF-8 string or of bytes, as lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex')
}
