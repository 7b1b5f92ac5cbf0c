/**
 * @faker-js/faker's British English locale, loaded the first time a realistic value is drawn (Node). Only the typed
 * factories and the worlds' names and places use it, and importing it costs about 27 ms, which `import 'standin'`
 * should not pay up front. Drawing values is synchronous, so this loads it with require(): faker 10 is ESM only, and
 * Node >= 20.19 (package.json `engines`) loads an ES module that has no top-level await with require(), as the same
 * module instance an `import` gets. The browser build swaps this file for load-faker.browser.ts (package.json `browser`
 * field), where bundlers want a static import.
 */
import { createRequire } from 'node:module'
import type { Faker } from '@faker-js/faker'
import { StandinError } from '../core/errors.js'

const require = createRequire(import.meta.url)
const SPECIFIER = '@faker-js/faker/locale/en_GB'

let enGB: Faker | undefined

/** The en_GB Faker (`faker` of `@faker-js/faker/locale/en_GB`), loaded on the first call. */
export function loadFakerEnGB(): Faker {
  enGB ??= load()
  return enGB
}

function load(): Faker {
  try {
    return (require(SPECIFIER) as { faker: Faker }).faker
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw err
    // An older Node than `engines` allows: say so instead of a loader error about a dependency.
    throw new StandinError(
      `standin draws realistic values with ${SPECIFIER}, an ES module this Node.js (${process.version}) cannot load with require(): standin needs Node.js 20.19 or later`,
      { cause: err },
    )
  }
}
