/**
 * What the contract needs from Node: the package's files (the YAML specs, found from this module both in the sources
 * and in dist/) and ajv, loaded on first need. A browser build swaps this file for specs.browser.ts (package.json
 * `browser` field), which has no file system and no ajv: there the precompiled specs of generated/ are the contract.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { sha256Hex } from './crypto.js'

// ajv and yaml are loaded on first need (a validator that was not precompiled, a spec read from YAML): a server
// started from the precompiled specs never loads them. Both are CommonJS-compatible, so a synchronous require works.
const require = createRequire(import.meta.url)

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is arbitrary JSON until validated by Spectral.
type Document = Record<string, any>
// ajv-formats is CommonJS with a default export; under NodeNext the default import is the module object.
type AddFormats = (ajv: Ajv2020) => unknown
type FormatCheck = (text: string) => boolean

/** The folder holding the package's `openapi/` specs, found from this file both in the sources and in `dist/`. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      if (pkg.name === 'standin') return dir
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir)
  }
  throw new Error('standin: cannot find the package root (package.json named "standin")')
}

/** Reads and parses a YAML spec. */
export function readSpec(file: string): Document {
  const { parse } = require('yaml') as typeof import('yaml')
  return parse(readFileSync(file, 'utf8')) as Document
}

/**
 * `openapi/<name>.yaml` parsed, when it is not the YAML the precompiled spec was generated from (its SHA-256 differs:
 * the spec was edited and `npm run generate` not run yet), so the YAML stays the source of truth; null when it is the
 * same YAML, or when there is no YAML to read (standin bundled into one file): the precompiled spec then stands.
 * `root` is the package root (another checkout, for tests).
 */
export function changedPackagedSpec(name: string, generatedFromSha256: string, root?: string): Document | null {
  let yamlText: Buffer
  try {
    yamlText = readFileSync(join(root ?? packageRoot(), 'openapi', `${name}.yaml`))
  } catch {
    return null
  }
  if (sha256Hex(yamlText) === generatedFromSha256) return null
  const { parse } = require('yaml') as typeof import('yaml')
  return parse(yamlText.toString('utf8')) as Document
}

/**
 * A pure string check remembered for the last strings seen (at most 1,024, then it starts afresh). ajv-formats' full
 * date-time check splits the string and runs two regular expressions; the same timestamps come back in every list
 * and every right, so most checks become a lookup. scripts/generate.mjs gives the precompiled validators the same.
 */
function rememberFormat(check: FormatCheck): FormatCheck {
  let seen = new Map<string, boolean>()
  return (text) => {
    let ok = seen.get(text)
    if (ok === undefined) {
      ok = check(text)
      if (seen.size >= 1024) seen = new Map()
      seen.set(text, ok)
    }
    return ok
  }
}

/** An ajv instance with the options the precompiled validators were generated with (scripts/generate.mjs). */
export function newAjv(): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')
  const addFormatsModule = require('ajv-formats') as { default?: AddFormats } & AddFormats
  const addFormats: AddFormats = addFormatsModule.default ?? addFormatsModule
  const { fullFormats } = require('ajv-formats/dist/formats.js') as typeof import('ajv-formats/dist/formats.js')
  const ajv = new Ajv({
    strict: false, // OpenAPI adds keywords (example, discriminator, x-*) that are not JSON Schema.
    allErrors: true, // every violation, not just the first: users fix all of them in one go
    validateFormats: true,
    // Checking an OpenAPI document against the JSON Schema meta-schema checks next to nothing (its schemas sit under
    // `paths` and `components`, which are not keywords) and compiling the meta-schema took a tenth of the start-up.
    // The specs are linted by Spectral, and scripts/generate.mjs compiles them with the check on.
    validateSchema: false,
  })
  addFormats(ajv)
  const dateTime = fullFormats['date-time'] as { validate: FormatCheck; compare: (a: string, b: string) => number }
  ajv.addFormat('date-time', { ...dateTime, validate: rememberFormat(dateTime.validate) })
  return ajv
}
