/** The sandbox's Dedit user, derived from the seed: a realistic Italian name (as in the docs' examples) and email. */
import type { Derive } from '../core/types.js'
import type { DeditTokenUser } from './jwt.js'

export type DeditUser = DeditTokenUser

const FIRST_NAMES = [
  'Giulia',
  'Marco',
  'Francesca',
  'Luca',
  'Chiara',
  'Alessandro',
  'Sara',
  'Matteo',
  'Elena',
  'Davide',
  'Martina',
  'Andrea',
  'Valentina',
  'Stefano',
  'Federica',
  'Paolo',
  'Silvia',
  'Lorenzo',
  'Anna',
  'Giovanni',
]
const LAST_NAMES = [
  'Ferrari',
  'Rossi',
  'Russo',
  'Bianchi',
  'Romano',
  'Gallo',
  'Costa',
  'Fontana',
  'Conti',
  'Esposito',
  'Ricci',
  'Bruno',
  'De Luca',
  'Moretti',
  'Marino',
  'Greco',
  'Barbieri',
  'Lombardi',
  'Giordano',
  'Colombo',
]

export const pick = <T>(list: readonly T[], derive: Derive, kind: string, ordinal: number | string = 0): T =>
  list[derive.int(kind, ordinal, 0, list.length - 1)] as T

/** The same user for the same seed, in the seeded and the empty world alike. */
export function sandboxUser(derive: Derive): DeditUser {
  const firstName = pick(FIRST_NAMES, derive, 'dedit.user.first-name')
  const lastName = pick(LAST_NAMES, derive, 'dedit.user.last-name')
  const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '')
  return {
    userId: derive.int('dedit.user.id', 0, 1000, 9999),
    firstName,
    lastName,
    email: `${local}@example.com`,
  }
}
