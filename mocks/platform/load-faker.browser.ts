/**
 * @faker-js/faker in the browser build (package.json `browser` maps load-faker.js here): a static import, which
 * bundlers resolve and tree-shake, and no Node built-ins. Same exports as load-faker.ts.
 */
import type { Faker } from '@faker-js/faker'
import { faker } from '@faker-js/faker/locale/en_GB'

/** The en_GB Faker (`faker` of `@faker-js/faker/locale/en_GB`). */
export function loadFakerEnGB(): Faker {
  return faker
}
