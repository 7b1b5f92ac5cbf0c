/**
 * The browser side of specs.ts (swapped in by package.json's `browser` field): no file system and no ajv. The
 * precompiled specs of generated/ are the contract as they are; every schema the engine validates against is
 * precompiled (test/perf-contract.test.ts), so nothing is compiled in the page.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js'

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is arbitrary JSON until validated by Spectral.
type Document = Record<string, any>

const NO_FILES =
  'standin in a browser has no package files: the specs come precompiled from generated/ (docs/browser.md)'

export function packageRoot(): string {
  throw new Error(NO_FILES)
}

export function readSpec(_file: string): Document {
  throw new Error(NO_FILES)
}

/** Always null: there is no YAML to compare, the precompiled spec stands. */
export function changedPackagedSpec(_name: string, _generatedFromSha256: string, _root?: string): Document | null {
  return null
}

export function newAjv(): Ajv2020 {
  throw new Error(
    'standin in a browser validates with the validators precompiled by `npm run generate` only (no ajv in the bundle); this schema has none',
  )
}
