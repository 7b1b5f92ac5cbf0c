/**
 * Realistic names and places from `@faker-js/faker` (British English), seeded per entity: the generator is re-seeded
 * from (session seed, entity kind, entity key) before each entity's values are drawn, so an entity's values depend on
 * nothing else. Reading, adding or skipping one entity never shifts another's, the same seed gives the same values in
 * any order, and a world can derive an entity only when it is first read.
 *
 * Faker's own generator (Mersenne Twister) costs ~50 us to seed, which a world seeding hundreds of entities at
 * start-up feels; this Faker draws from sfc32 instead (a small, well-tested 128-bit generator: seeding is four
 * assignments), seeded with 16 bytes of the session's Derive. Plain 32-bit integer arithmetic, so the same values in
 * Node and in a browser.
 *
 * One Faker serves every entity: draw an entity's values right after `entityFaker` returns, before asking for another
 * entity (everything here is synchronous, so nothing can interleave).
 */
import type { Faker } from '@faker-js/faker'
import { loadFakerEnGB } from '../platform/load-faker.js'
import type { Derive } from './types.js'

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) as Faker's `Randomizer`: `next` is a float in [0, 1);
 * `seed` takes four 32-bit words. Closures, not methods: Faker calls `next` unbound.
 */
function sfc32() {
  let a = 0
  let b = 0
  let c = 0
  let d = 1
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  const seed = (words: number | number[]): void => {
    const w = Array.isArray(words) ? words : [words]
    a = (w[0] ?? 0) | 0
    b = (w[1] ?? 0) | 0
    c = (w[2] ?? 0) | 0
    d = (w[3] ?? 1) | 0
    // Mixed a dozen rounds before use, as the generator's authors do.
    for (let i = 0; i < 12; i++) next()
  }
  return { next, seed }
}

const randomizer = sfc32()
let seeded: Faker | undefined

/**
 * The en_GB locale's Faker, built again over the fast generator (its constructor and `fakerCore.locale` are public),
 * on first use: faker is loaded only when a value is drawn (platform/load-faker.ts), not by `import 'standin'`.
 */
function seededFaker(): Faker {
  if (seeded) return seeded
  const enGB = loadFakerEnGB()
  const FakerClass = enGB.constructor as new (options: ConstructorParameters<typeof Faker>[0]) => Faker
  const { locale } = (enGB as unknown as { fakerCore: { locale: ConstructorParameters<typeof Faker>[0]['locale'] } })
    .fakerCore
  seeded = new FakerClass({ locale, randomizer })
  return seeded
}

/** The en_GB Faker, seeded for the entity (`kind`, `key`) of this session's seed. */
export function entityFaker(derive: Derive, kind: string, key: number | string): Faker {
  const bytes = derive.bytes(`faker.${kind}`, key, 16)
  const word = (i: number) =>
    ((bytes[i] ?? 0) << 24) | ((bytes[i + 1] ?? 0) << 16) | ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0) | 0
  const faker = seededFaker()
  randomizer.seed([word(0), word(4), word(8), word(12)])
  return faker
}
