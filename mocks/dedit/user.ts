/**
 * The sandbox's Dedit user: the user of the spec's examples (Giulia Ferrari, userId 4127), in every seed. Dedit
 * requests carry the caller's `userId` in their bodies (`uploadFileMetadata` must name the caller), so a user that
 * changed with the seed would make the spec's own examples fail against the seeded world. Everything else (Stripe
 * ids, hashes, dates) still derives from the seed.
 */
import type { Derive } from '../core/types.js'
import type { DeditTokenUser } from './jwt.js'

export type DeditUser = DeditTokenUser

export const pick = <T>(list: readonly T[], derive: Derive, kind: string, ordinal: number | string = 0): T =>
  list[derive.int(kind, ordinal, 0, list.length - 1)] as T

/** The user every accepted API key logs in as: the one the spec's examples (and the docs' JWT claims) describe. */
const SANDBOX_USER: Readonly<DeditUser> = Object.freeze({
  userId: 4127,
  firstName: 'Giulia',
  lastName: 'Ferrari',
  email: 'giulia.ferrari@example.com',
})

/** The same user in every seed, in the seeded and the empty world alike. */
export function sandboxUser(): DeditUser {
  return { ...SANDBOX_USER }
}
