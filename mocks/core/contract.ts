/**
 * The contract: an OpenAPI 3.1 document loaded once, with an index of its operations and JSON Schema validators
 * compiled from it. Knows nothing of any provider: it is handed a document and a name.
 *
 * Validators are compiled lazily on first use and cached, and `compileAll()` compiles every request and response
 * schema up front, so the engine pays the cost once at start-up and never per request.
 *
 * The package's own specs are precompiled by `npm run generate` (generated/<name>.precompiled.ts: the document as
 * JSON and ajv standalone validators compiled with the same options as mocks/platform/specs.ts newAjv). They are ES
 * modules, so a browser bundle has its contract without a file system. In Node they are used only when the SHA-256
 * of the YAML matches the one they were generated from; otherwise the YAML is parsed and compiled as before, so the
 * spec stays the source. Everything that needs Node (files, ajv) sits in mocks/platform/specs.ts, which a browser
 * build swaps for specs.browser.ts.
 */

import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { PRECOMPILED_SPECS, type PrecompiledSpec } from '../../generated/specs.js'
import { changedPackagedSpec, newAjv } from '../platform/specs.js'

/** Where the package's files are (Node only: a browser build has none). */
export { packageRoot, readSpec } from '../platform/specs.js'

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
      try {
        ajv = newAjv()
      } catch (error) {
        throw new Error(`${name}: cannot compile the schema at ${pointer}: ${(error as Error).message}`)
      }
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

/**
 * Loads one of the package's own specs by name (`openapi/<name>.yaml`): precompiled, unless Node finds that the YAML
 * changed since `npm run generate` (then the YAML, compiled at run time). `root` is the package root (another
 * checkout, for tests).
 */
export function loadPackagedContract(name: string, root?: string): Contract {
  const generated = PRECOMPILED_SPECS[name]
  if (!generated) throw new Error(`standin: no packaged spec named ${name} (known: ${Object.keys(PRECOMPILED_SPECS)})`)
  return loadPrecompiledContract(name, generated, root)
}

/**
 * {@link loadPackagedContract} for a spec precompiled outside generated/specs.ts (the admin API's, which a browser
 * bundle does not carry): `generated` is its module.
 */
export function loadPrecompiledContract(name: string, generated: PrecompiledSpec, root?: string): Contract {
  const changed = changedPackagedSpec(name, generated.sourceSha256, root)
  if (changed) return createContract(name, changed)
  // Built once per process and shared by every contract of this spec (documents are never mutated).
  const { document, validators } = generated.load()
  return createContract(name, document, { precompiled: validators as Record<string, ValidateFunction> })
}
