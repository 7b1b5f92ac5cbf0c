// The example of docs/scenarios.md, run as it is shown: the page imports 'standin', this file the sources; the last
// test checks that the page shows exactly this code (imports aside) and imports only names these modules export.
import { readFileSync } from 'node:fs'
import { afterEach, expect, it } from 'vitest'
import * as defineScenarioModule from '../mocks/define-scenario.js'
import { defineScenario, providerError, sequence } from '../mocks/define-scenario.js'
import * as standinModule from '../mocks/standin.js'
import { createStandin } from '../mocks/standin.js'

// docs/scenarios.md:start
const busyOnce = defineScenario({
  name: 'team:rights.list.busy-once',
  provider: 'enfinitos',
  description: 'GET /v1/rights answers 429 with Retry-After: 1 once, then behaves normally.',
  responses: {
    listRights: sequence([
      providerError({ status: 429, message: 'slow down', headers: { 'Retry-After': '1' } }),
      'default',
    ]),
  },
})

const standin = createStandin({ seed: 7, clock: '2026-04-01T12:00:00.000Z', extraScenarios: [busyOnce] })
afterEach(() => standin.reset()) // the sequence starts again with the next test

/** The client under test: retries once after a 429, waiting as long as Retry-After says. */
async function listRights(wait: (ms: number) => Promise<void>) {
  const headers = { authorization: 'Bearer sk_test_0123456789abcdef' }
  const first = await standin.fetch('/v1/rights', { headers })
  if (first.status !== 429) return first
  await wait(Number(first.headers.get('retry-after')) * 1000)
  return standin.fetch('/v1/rights', { headers })
}

it('retries once after a 429 and gets the list', async () => {
  standin.use('team:rights.list.busy-once')
  const waits: number[] = []
  const res = await listRights(async (ms) => {
    waits.push(ms)
  })
  expect(res.status).toBe(200)
  expect(waits).toEqual([1000])
  expect(standin.journal.entries().map((e) => e.response.status)).toEqual([429, 200])
})

it('a typo fails at once, naming the close match', () => {
  expect(() =>
    defineScenario({
      name: 'team:typo',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: enfinitos has no operation listRigths
      responses: { listRigths: 'default' },
    }),
  ).toThrow('enfinitos has no operation "listRigths"; did you mean "listRights"?')
})
// docs/scenarios.md:end

it('is the code docs/scenarios.md shows, importing names standin exports', () => {
  const page = readFileSync(new URL('../docs/scenarios.md', import.meta.url), 'utf8')
  const block = /<!-- example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- example:end -->/.exec(page)?.[1]
  expect(block, 'docs/scenarios.md has an example block').toBeDefined()
  const lines = (block as string).split('\n')
  const imports = lines.filter((l) => l.startsWith('import '))
  const shown = lines
    .filter((l) => !l.startsWith('import '))
    .join('\n')
    .trim()
  const source = readFileSync(new URL(import.meta.url), 'utf8')
  const region = /\/\/ docs\/scenarios\.md:start\n([\s\S]*?)\n\/\/ docs\/scenarios\.md:end/.exec(source)?.[1] ?? ''
  expect(shown).toBe(region.trim())
  const fromStandin = imports
    .filter((l) => l.endsWith("from 'standin'"))
    .flatMap((l) => /\{([^}]*)\}/.exec(l)?.[1]?.split(',') ?? [])
    .map((n) => n.trim())
  expect(fromStandin.length).toBeGreaterThan(0)
  const exported = new Set([...Object.keys(defineScenarioModule), ...Object.keys(standinModule)])
  expect(fromStandin.filter((n) => !exported.has(n))).toEqual([])
})
