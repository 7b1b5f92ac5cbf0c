// The README stays true: the scenario catalogue it links is the one the definitions produce, and its library example is the
// file test/readme-example.test.ts (which the suite runs), character for character.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../mocks/core/contract.js'
import { committedCatalogue, renderCatalogue } from '../scripts/docs.js'

const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8')

describe('README', () => {
  it('links the scenario catalogue, which is generated from the definitions (run `npm run docs` after changing one)', () => {
    expect(readme).toContain('(docs/scenario-catalogue.md)')
    expect(committedCatalogue()).toBe(renderCatalogue())
  })

  it.each(['readme-example.test.ts', 'readme-vitest-example.test.ts'])(
    'shows the example in test/%s as the suite runs it',
    (file) => {
      const example = readFileSync(join(packageRoot(), 'test', file), 'utf8')
      const body = example
        .slice(example.indexOf('// README:start') + '// README:start'.length, example.indexOf('// README:end'))
        .trim()
      expect(readme).toContain(
        body.replaceAll("'../mocks/index.js'", "'standin'").replaceAll("'../mocks/vitest.js'", "'standin/vitest'"),
      )
    },
  )
})
