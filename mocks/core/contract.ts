/**
 * The contract: an OpenAPI 3.1 document loaded once, with an index of its operations and JSON Schema validators
 * compiled from it. Knows nothing of any provider: it is handed a document and a name.
 *
 * Validators are compiled lazily on first use and cached, and `compileAll()` compiles every request and response
 * schema up front, so the engine pays the cost once at start-up and never per request.
 *
 * The package's own specs are precompiled by `npm run generate` (generated/<name>.spec.json and
 * generated/<name>.validators.cjs, ajv standalone code with the same options as below): loading them skips parsing
 * the YAML and compiling with ajv, the bulk of start-up. They are used only when the SHA-256 of the YAML matches the
 * one they were generated from; otherwise the YAML is parsed and compiled as before, so the spec stays the source.
 */

import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Ajv2020 } from 'ajv/dist/2020.js'

// ajv and yaml are loaded on first need (a validator that was not precompiled, a spec read from YAML): a server
// started from the precompiled specs never loads them. Both are CommonJS-compatible, so a synchronous require works.
const require = createRequire(import.meta.url)

// ajv-formats is CommonJS with a default export; under NodeNext the default import is the module object.
type AddFormats = (ajv: Ajv2020) => unknown
type FormatCheck = (text: string) => boolean

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

function newAjv(): Ajv2020 {
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

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace'
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is arbitrary JSON until validated by Spectral.
export type OpenApiDocument = Record<string, any>

export interface ParameterInfo {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  /** JSON pointer to the parameter's schema inside the document. */
  schemaPointer: string
}

export interface ResponseInfo {
  status: string
  /** JSON pointer to the `application/json` schema, if the response has a body. */
  schemaPointer?: string
  contentTypes: string[]
}

export interface OperationInfo {
  operationId: string
  method: HttpMethod
  /** The path template as written in the spec, e.g. `/v1/rights/{rightId}`. */
  path: string
  summary: string
  secured: boolean
  parameters: ParameterInfo[]
  /** JSON pointer to the request body's `application/json` schema, if any. */
  requestBodyPointer?: string
  requestBodyRequired: boolean
  responses: ResponseInfo[]
  /** Vendor extensions on the operation (`x-standin-source`, `x-standin-scopes`, ...). */
  extensions: Record<string, unknown>
}

/** The response an operation declares for a status: the exact code, else its `NXX` range, else `default`. */
export function declaredResponse(op: OperationInfo, status: number | string): ResponseInfo | undefined {
  const code = String(status)
  return (
    op.responses.find((r) => r.status === code) ??
    op.responses.find((r) => r.status.toUpperCase() === `${code[0]}XX`) ??
    op.responses.find((r) => r.status === 'default')
  )
}

export interface SchemaViolation {
  /** JSON pointer into the validated value, e.g. `/data/right/id`. */
  path: string
  message: string
  keyword: string
}

export interface Contract {
  name: string
  document: OpenApiDocument
  operations: OperationInfo[]
  operation(operationId: string): OperationInfo
  /** A validator for the schema at a JSON pointer inside the document (compiled once, then cached). */
  validator(pointer: string): ValidateFunction
  /** Validates a value against the schema at `pointer` and returns every violation (empty when valid). */
  validate(pointer: string, value: unknown): SchemaViolation[]
  /** Compiles every parameter, request body and response schema now, so no request pays for compilation. */
  compileAll(): void
}

export interface ContractOptions {
  /**
   * Validators compiled ahead of time for this very document, by schema pointer (ajv standalone code generated with
   * the same options). A pointer not in the map is compiled at run time.
   */
  precompiled?: Readonly<Record<string, ValidateFunction>>
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

export function toViolations(errors: ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((e) => {
    // Make "required" and "additionalProperties" errors point at the field itself, which is what a user wants to read.
    let path = e.instancePath
    if (e.keyword === 'required') path += `/${pointerSegment(String(e.params.missingProperty))}`
    if (e.keyword === 'additionalProperties') path += `/${pointerSegment(String(e.params.additionalProperty))}`
    return { path: path || '/', message: describe(e), keyword: e.keyword }
  })
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return 'is required'
    case 'additionalProperties':
      return 'is not an allowed property'
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'const':
      return `must be ${JSON.stringify(e.params.allowedValue)}`
    default:
      return e.message ?? `fails ${e.keyword}`
  }
}

export function createContract(name: string, document: OpenApiDocument, options: ContractOptions = {}): Contract {
  const precompiled = options.precompiled ?? {}
  let ajv: Ajv2020 | undefined
  const compile = (pointer: string): ValidateFunction | undefined => {
    if (!ajv) {
      ajv = newAjv()
      ajv.addSchema(document, name)
    }
    return ajv.getSchema(`${name}#${pointer}`)
  }

  const cache = new Map<string, ValidateFunction>()
  const validator = (pointer: string): ValidateFunction => {
    let fn = cache.get(pointer)
    if (!fn) {
      fn = Object.hasOwn(precompiled, pointer) ? precompiled[pointer] : compile(pointer)
      if (!fn) throw new Error(`${name}: no schema at ${pointer}`)
      cache.set(pointer, fn)
    }
    return fn
  }

  const operations = indexOperations(document)
  const byId = new Map(operations.map((op) => [op.operationId, op]))

  return {
    name,
    document,
    operations,
    operation(operationId) {
      const op = byId.get(operationId)
      if (!op) throw new Error(`${name}: no operation ${operationId}`)
      return op
    },
    validator,
    validate(pointer, value) {
      const fn = validator(pointer)
      return fn(value) ? [] : toViolations(fn.errors)
    },
    compileAll() {
      for (const op of operations) {
        for (const p of op.parameters) validator(p.schemaPointer)
        if (op.requestBodyPointer) validator(op.requestBodyPointer)
        for (const r of op.responses) if (r.schemaPointer) validator(r.schemaPointer)
      }
    },
  }
}

/** Follows a local `$ref` (`#/components/...`) to the object it names; other objects are returned as they are. */
export function resolveRef<T = OpenApiDocument>(document: OpenApiDocument, node: OpenApiDocument): [T, string | null] {
  const ref = node?.$ref
  if (typeof ref !== 'string') return [node as T, null]
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`)
  let target: OpenApiDocument = document
  for (const raw of ref.slice(2).split('/')) {
    target = target?.[raw.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  if (target === undefined) throw new Error(`dangling $ref ${ref}`)
  return [target as T, ref.slice(1)]
}

function indexOperations(document: OpenApiDocument): OperationInfo[] {
  const out: OperationInfo[] = []
  const globalSecurity: unknown[] = document.security ?? []
  for (const [path, item] of Object.entries<OpenApiDocument>(document.paths ?? {})) {
    const itemPointer = `/paths/${pointerSegment(path)}`
    for (const method of HTTP_METHODS) {
      const op = item[method]
      if (!op) continue
      const opPointer = `${itemPointer}/${method}`
      const parameters: ParameterInfo[] = []
      const rawParams: [OpenApiDocument, string][] = [
        ...(item.parameters ?? []).map((p: OpenApiDocument, i: number) => [p, `${itemPointer}/parameters/${i}`]),
        ...(op.parameters ?? []).map((p: OpenApiDocument, i: number) => [p, `${opPointer}/parameters/${i}`]),
      ]
      for (const [raw, pointer] of rawParams) {
        const [param, refPointer] = resolveRef(document, raw)
        parameters.push({
          name: param.name,
          in: param.in,
          required: param.required === true || param.in === 'path',
          schemaPointer: `${refPointer ?? pointer}/schema`,
        })
      }
      let requestBodyPointer: string | undefined
      let requestBodyRequired = false
      if (op.requestBody) {
        const [body, refPointer] = resolveRef(document, op.requestBody)
        requestBodyRequired = body.required === true
        if (body.content?.['application/json']?.schema) {
          requestBodyPointer = `${refPointer ?? `${opPointer}/requestBody`}/content/application~1json/schema`
        }
      }
      const responses: ResponseInfo[] = []
      for (const [status, raw] of Object.entries<OpenApiDocument>(op.responses ?? {})) {
        const [resp, refPointer] = resolveRef(document, raw)
        const base = refPointer ?? `${opPointer}/responses/${pointerSegment(status)}`
        const contentTypes = Object.keys(resp.content ?? {})
        responses.push({
          status,
          contentTypes,
          ...(resp.content?.['application/json']?.schema
            ? { schemaPointer: `${base}/content/application~1json/schema` }
            : {}),
        })
      }
      const security: unknown[] = op.security ?? globalSecurity
      const extensions: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(op)) if (k.startsWith('x-')) extensions[k] = v
      out.push({
        operationId: op.operationId,
        method,
        path,
        summary: op.summary ?? '',
        secured: security.length > 0,
        parameters,
        requestBodyPointer,
        requestBodyRequired,
        responses,
        extensions,
      })
    }
  }
  return out
}

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
export function readSpec(file: string): OpenApiDocument {
  const { parse } = require('yaml') as typeof import('yaml')
  return parse(readFileSync(file, 'utf8')) as OpenApiDocument
}

interface PrecompiledSpec {
  sha256: string
  document: OpenApiDocument
}

/**
 * The precompiled document and validators of `openapi/<name>.yaml` from generated/, or null when they are missing or
 * were generated from another version of the YAML (the spec was edited and `npm run generate` not run yet).
 */
function loadPrecompiled(
  root: string,
  name: string,
  yamlText: Buffer,
): { document: OpenApiDocument; precompiled: Record<string, ValidateFunction> } | null {
  const sha256 = createHash('sha256').update(yamlText).digest('hex')
  let spec: PrecompiledSpec
  let validators: Record<string, ValidateFunction> & { sourceSha256?: unknown }
  try {
    spec = JSON.parse(readFileSync(join(root, 'generated', `${name}.spec.json`), 'utf8')) as PrecompiledSpec
    if (spec.sha256 !== sha256) return null
    validators = require(join(root, 'generated', `${name}.validators.cjs`))
  } catch {
    return null
  }
  if (validators.sourceSha256 !== sha256) return null
  const { sourceSha256: _hash, ...precompiled } = validators
  return { document: spec.document, precompiled }
}

/**
 * Loads one of the package's own specs by name (`openapi/<name>.yaml`), precompiled when generated/ is current.
 * `root` is the package root (another checkout, for tests).
 */
export function loadPackagedContract(name: string, root: string = packageRoot()): Contract {
  const file = join(root, 'openapi', `${name}.yaml`)
  const yamlText = readFileSync(file)
  const ready = loadPrecompiled(root, name, yamlText)
  if (ready) return createContract(name, ready.document, { precompiled: ready.precompiled })
  const { parse } = require('yaml') as typeof import('yaml')
  return createContract(name, parse(yamlText.toString('utf8')) as OpenApiDocument)
}
