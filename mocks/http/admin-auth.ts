/**
 * The admin token: when set, every admin request (`/__standin/...`, and only those: provider traffic keeps its own
 * Authorization) must carry it, as `X-Standin-Admin-Token: <token>` or `Authorization: Bearer <token>`. It is required
 * whenever the server can be reached beyond loopback (bound to another address, or answering to `--allowed-host`
 * names): given with `--admin-token` or STANDIN_ADMIN_TOKEN, or else generated at start and printed once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const ADMIN_TOKEN_HEADER = 'x-standin-admin-token'
export const ADMIN_TOKEN_ENV = 'STANDIN_ADMIN_TOKEN'

/** A fresh token: 192 random bits, base64url, with a prefix secret scanners and people can recognise. */
export function generateAdminToken(): string {
  return `sta_${randomBytes(24).toString('base64url')}`
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** The token a request carries, from the dedicated header first, then a Bearer Authorization. */
export function presentedToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const own = headers[ADMIN_TOKEN_HEADER]
  if (typeof own === 'string' && own !== '') return own.trim()
  const auth = headers.authorization
  const m = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null
  return m?.[1]
}

/** Whether `presented` is the token, compared in constant time (of the digests: lengths leak nothing either). */
export function createTokenCheck(token: string): (presented: string | undefined) => boolean {
  const expected = digest(token)
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected)
}
