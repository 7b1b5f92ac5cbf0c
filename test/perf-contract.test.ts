// Behaviour pins for the precompiled specs (a start-up change, and the contract of a browser bundle):
// `npm run generate` writes each spec as JSON and its validators as ajv standalone code (generated/<name>.precompiled.ts).
// Loading them must be indistinguishable from parsing the YAML and compiling it: the same document, a precompiled
// validator for every pointer the engine compiles (a browser bundle has no ajv to compile the rest), the same
// violations for the same values; and in Node a spec edited without regenerating is read from the YAML, not from the
// stale output.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { PRECOMPILED_SPECS, type PrecompiledSpec } from '../generated/specs.js'
import * as precompiledAdmin from '../generated/standin-admin.precompiled.js'
import {
  type Contract,
  createContract,
  loadPackagedContract,
  loadPrecompiledContract,
  type OpenApiDocument,
  packageRoot,
  readSpec,
} from '../mocks/core/contract.js'
import { eventSchemaPointer, WEBHOOK_EVENT_TYPES } from '../mocks/enfinitos/webhook-events.js'
import { loadAdminContract } from '../mocks/http/admin.js'
import { allExamples } from './helpers/specs.js'

const root = packageRoot()
/** The precompiled validators of a packaged spec, by schema pointer. */
const SPECS: Record<string, PrecompiledSpec> = { ...PRECOMPILED_SPECS, 'standin-admin': precompiledAdmin }
const standaloneOf = (name: string) => (SPECS[name] as PrecompiledSpec).load().validators
/** A packaged spec as standin loads it (the admin API's outside generated/specs.ts, like mocks/http/admin.ts). */
const loadSpec = (name: string, root?: string) => loadPrecompiledContract(name, SPECS[name] as PrecompiledSpec, root)
const temps: string[] = []
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true })
})

/** Every pointer compileAll() compiles, and the webhook event bodies EnfinitOS validates before sending them. */
function enginePointers(contract: Contract): string[] {
  const out = new Set<string>()
  for (const op of contract.operations) {
    for (const p of op.parameters) out.add(p.schemaPointer)
    if (op.requestBodyPointer) out.add(op.requestBodyPointer)
    for (const r of op.responses) if (r.schemaPointer) out.add(r.schemaPointer)
  }
  if (contract.name === 'enfinitos') for (const type of WEBHOOK_EVENT_TYPES) out.add(eventSchemaPointer(type))
  return [...out]
}

/** The objects inside a value, in a fixed (depth-first) order. */
function objectsOf(value: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return
    if (!Array.isArray(node)) out.push(node as Record<string, unknown>)
    for (const child of Object.values(node)) walk(child)
  }
  walk(value)
  return out
}

const EDITS: ((o: Record<string, unknown>) => void)[] = [
  (o) => {
    const key = Object.keys(o)[0]
    if (key !== undefined) delete o[key]
  },
  (o) => {
    o.unexpectedField = true
  },
  (o) => {
    const key = Object.keys(o).at(-1)
    if (key !== undefined) o[key] = typeof o[key] === 'string' ? 12 : 'not-a-string-or-date'
  },
]

/** Values near an example: the example, other types, and copies of it with a field dropped, added or mistyped. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [value, null, 'text', 42, []]
  const count = Math.min(6, objectsOf(value).length)
  for (let i = 0; i < count; i++) {
    for (const edit of EDITS) {
      const copy = structuredClone(value)
      edit(objectsOf(copy)[i] as Record<string, unknown>)
      out.push(copy)
    }
  }
  return out
}

/** A component schema no operation uses directly, so not precompiled. */
const COMPONENT = {
  enfinitos: '/components/schemas/Right',
  dedit: '/components/schemas/Registration',
  'standin-admin': '/components/schemas/AdminIndex',
}
for (const name of ['enfinitos', 'dedit', 'standin-admin'] as const) {
  describe(`${name}: precompiled spec and validators`, () => {
    const yamlDoc = readSpec(join(root, 'openapi', `${name}.yaml`))
    const loaded = loadSpec(name)
    const compiled = createContract(name, yamlDoc)
    const standalone = standaloneOf(name)

    it('loads the same document the YAML gives', () => {
      expect(loaded.document).toEqual(yamlDoc)
    })

    it('has a precompiled validator for every pointer the engine compiles (none left for start-up or for a browser)', () => {
      const pointers = enginePointers(loaded)
      expect(pointers.length).toBeGreaterThan(name === 'dedit' ? 10 : 40)
      for (const pointer of pointers) {
        expect(standalone[pointer], pointer).toBeTypeOf('function')
        expect(loaded.validator(pointer), pointer).toBe(standalone[pointer])
      }
    })

    it('finds the same violations as validators compiled from the YAML, on examples and values near them', () => {
      let checked = 0
      for (const example of allExamples(compiled)) {
        for (const value of variants(example.value)) {
          expect(loaded.validate(example.schemaPointer, value), example.label).toEqual(
            compiled.validate(example.schemaPointer, value),
          )
          checked++
        }
      }
      expect(checked).toBeGreaterThan(100)
    })

    it('still compiles a pointer that was not precompiled (a component schema)', () => {
      const pointer = COMPONENT[name]
      expect(standalone[pointer]).toBeUndefined()
      expect(loaded.validate(pointer, {})).toEqual(compiled.validate(pointer, {}))
      expect(loaded.validate(pointer, {}).length).toBeGreaterThan(0)
    })
  })
}

describe('precompiled date-time checks', () => {
  it('concern EnfinitOS alone: Dedit has no date-time strings (its times are numbers)', () => {
    expect(JSON.stringify(loadPackagedContract('dedit').document)).not.toContain('"date-time"')
    expect(JSON.stringify(loadPackagedContract('enfinitos').document)).toContain('"date-time"')
  })

  it('check EnfinitOS date-times as ajv-formats does, the first time and when the same strings come back', () => {
    const loaded = loadPackagedContract('enfinitos')
    const compiled = createContract('enfinitos', readSpec(join(root, 'openapi', 'enfinitos.yaml')))
    const standalone = standaloneOf('enfinitos')
    const pointer = loaded.operation('issueRight').requestBodyPointer as string
    expect(loaded.validator(pointer)).toBe(standalone[pointer])
    const timestamps = [
      '2026-04-01T12:00:00.000Z',
      '2026-02-29T12:00:00.000Z', // not a leap year: a valid-looking string the format refuses
      '2028-02-29T12:00:00.000Z',
      '2026-04-31T12:00:00.000Z',
      '2026-04-01T24:00:00.000Z',
      '2026-12-31T23:59:60Z',
      '2026-04-01 12:00:00Z',
    ]
    const body = (effectiveFrom: string) => ({
      basisId: 'bas_0000000000000001',
      substrate: 'DOOH',
      scope: 'x',
      effectiveFrom,
    })
    for (let round = 0; round < 3; round++)
      for (const t of timestamps)
        expect(loaded.validate(pointer, body(t)), t).toEqual(compiled.validate(pointer, body(t)))
    expect(loaded.validate(pointer, body('2026-02-29T12:00:00.000Z'))).toContainEqual(
      expect.objectContaining({ keyword: 'format', path: '/effectiveFrom' }),
    )
    expect(loaded.validate(pointer, body('2028-02-29T12:00:00.000Z'))).toEqual([])
  })
})

describe('a spec edited without `npm run generate`', () => {
  it('is read from the YAML: the edit takes effect, the stale precompiled output is ignored', async () => {
    const work = await mkdtemp(join(tmpdir(), 'standin-precompiled-'))
    temps.push(work)
    await cp(join(root, 'openapi'), join(work, 'openapi'), { recursive: true })
    const fresh = loadPackagedContract('dedit', work)
    expect(fresh.document).toEqual(readSpec(join(root, 'openapi', 'dedit.yaml')))
    const login0 = fresh.operation('login').requestBodyPointer as string
    expect(fresh.validator(login0)).toBe(standaloneOf('dedit')[login0]) // the YAML as generated: precompiled

    const file = join(work, 'openapi', 'dedit.yaml')
    const doc = parse(await readFile(file, 'utf8')) as OpenApiDocument
    const login = doc.paths['/api/v2/auth/login'].post
    login.summary = 'edited without regenerating'
    await writeFile(file, stringify(doc))
    const stale = loadPackagedContract('dedit', work)
    expect(stale.operation(login.operationId).summary).toBe('edited without regenerating')
    const pointer = stale.operation(login.operationId).requestBodyPointer as string
    expect(stale.validator(pointer)).not.toBe(standaloneOf('dedit')[pointer])
  })
})

describe('the admin API', () => {
  it('validates with its precompiled validators (none compiled on the first admin request)', () => {
    const admin = loadAdminContract()
    const pointers = admin.operations.flatMap((op) => op.responses.flatMap((r) => r.schemaPointer ?? []))
    expect(pointers.length).toBeGreaterThan(40)
    for (const pointer of pointers)
      expect(admin.validator(pointer), pointer).toBe(standaloneOf('standin-admin')[pointer])
  })
})
