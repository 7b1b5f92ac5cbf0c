/**
 * Request checking against the spec, planned once per operation at start-up: parameters are coerced from text to
 * their schema types and validated, the body is size-checked, content-type-checked, parsed and validated. Every
 * violation is collected (not just the first), each with a JSON pointer into the request: /body/scope, /query/limit.
 */
import type { ValidateFunction } from 'ajv'
import { utf8ByteLength } from '../platform/crypto.js'
import { type Contract, type OpenApiDocument, type OperationInfo, resolveRef, toViolations } from './contract.js'
import { firstJsonErrorOffset, lineAndColumn, TOO_DEEP } from './json-position.js'
import type { ErrorDetail, ErrorInput, MockRequest } from './types.js'

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
/** At most this many violations are listed (then "and N more"): a hostile body must not get a huge answer. */
export const MAX_DETAILS = 50
/** JSON bodies nested deeper than this are refused before validation (deep recursion is a denial of service). */
export const MAX_JSON_DEPTH = 64
/**
 * Arrays longer than this are refused before validation: listing every violation of a huge array (and checking
 * `uniqueItems`, which is quadratic) would let one small request take minutes. No request array of either provider
 * comes near it.
 */
export const MAX_ARRAY_ITEMS = 1000

type Scalar = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object'

interface ParamPlan {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  type: Scalar
  itemType: Scalar
  validate: ValidateFunction
}

export interface RequestPlan {
  params: ParamPlan[]
  /** The query parameters the operation declares: any other name is refused (400 naming it), never ignored. */
  queryNames: ReadonlySet<string>
  /** `known: cursor, limit` or `it takes no query parameters`, for that refusal. */
  queryHint: string
  body?: { required: boolean; validate: ValidateFunction }
}

export interface CheckedRequest {
  params: Record<string, string>
  query: Record<string, unknown>
  // biome-ignore lint/suspicious/noExplicitAny: validated by the operation's schema
  body: any
}

function schemaType(doc: OpenApiDocument, schema: OpenApiDocument | undefined): Scalar {
  const [s] = resolveRef(doc, schema ?? {})
  const t = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type
  if (t) return t
  if (s.const !== undefined)
    return typeof s.const === 'boolean' ? 'boolean' : typeof s.const === 'number' ? 'number' : 'string'
  if (Array.isArray(s.enum) && s.enum.every((v: unknown) => typeof v === 'boolean')) return 'boolean'
  return 'string'
}

function schemaAtPointer(doc: OpenApiDocument, pointer: string): OpenApiDocument {
  let node: OpenApiDocument = doc
  for (const raw of pointer.slice(1).split('/')) node = node?.[raw.replaceAll('~1', '/').replaceAll('~0', '~')]
  return node
}

export function planRequest(contract: Contract, op: OperationInfo): RequestPlan {
  const doc = contract.document
  const params = op.parameters.map((p) => {
    const schema = resolveRef(doc, schemaAtPointer(doc, p.schemaPointer))[0]
    return {
      name: p.name,
      in: p.in,
      required: p.required,
      type: schemaType(doc, schema),
      itemType: schemaType(doc, schema.items),
      validate: contract.validator(p.schemaPointer),
    }
  })
  const queryNames = params.filter((p) => p.in === 'query').map((p) => p.name)
  return {
    params,
    queryNames: new Set(queryNames),
    queryHint: queryNames.length === 0 ? 'it takes no query parameters' : `known: ${queryNames.join(', ')}`,
    ...(op.requestBodyPointer
      ? { body: { required: op.requestBodyRequired, validate: contract.validator(op.requestBodyPointer) } }
      : {}),
  }
}

/** Turns a parameter's text into its schema type; text that does not convert stays text and fails validation. */
function coerce(text: string, type: Scalar): unknown {
  if (type === 'integer' && /^-?\d+$/.test(text)) return Number(text)
  if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text)
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  return text
}

/** Query parameters by name; a null-prototype object, so `?__proto__=x` or `?constructor=y` are plain names. */
export function parseQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null)
  if (query === '') return out
  for (const [k, v] of new URLSearchParams(query)) {
    const prev = out[k]
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}

/**
 * The first reason a parsed body is too big to validate: nesting deeper than MAX_JSON_DEPTH or an array longer than
 * MAX_ARRAY_ITEMS. Iterative, so a deep value cannot blow the stack here.
 */
function sizeProblem(value: unknown): ErrorDetail | null {
  // Only objects and arrays are stacked, each with how it was reached; its path is written only when it is the problem.
  interface Frame {
    node: object
    depth: number
    parent: Frame | null
    key: string
  }
  const pathOf = (frame: Frame): string => {
    const keys: string[] = []
    for (let f: Frame | null = frame; f?.parent; f = f.parent)
      keys.push(f.key.replaceAll('~', '~0').replaceAll('/', '~1'))
    return ['/body', ...keys.reverse()].join('/')
  }
  if (value === null || typeof value !== 'object') return null
  const stack: Frame[] = [{ node: value, depth: 0, parent: null, key: '' }]
  while (stack.length > 0) {
    const frame = stack.pop() as Frame
    const { node, depth } = frame
    if (depth >= MAX_JSON_DEPTH) return { path: '/body', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }
    if (Array.isArray(node) && node.length > MAX_ARRAY_ITEMS) {
      return {
        path: pathOf(frame),
        message: `has ${node.length} items; standin accepts at most ${MAX_ARRAY_ITEMS} in one array`,
      }
    }
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key]
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1, parent: frame, key })
    }
  }
  return null
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false
  // A client sends the same Content-Type request after request: the last answer is kept.
  if (value === lastContentType.value) return lastContentType.json
  const type = value.split(';')[0]?.trim().toLowerCase() ?? ''
  const json = type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)
  lastContentType = { value, json }
  return json
}
let lastContentType = { value: '', json: false }

/** "request body is not valid JSON: unexpected '}' at line 2, column 10". */
function jsonErrorMessage(text: string): string {
  const offset = firstJsonErrorOffset(text)
  if (offset === TOO_DEEP) return `request body is not valid JSON (and nests too deeply to say where)`
  if (offset < 0) return 'request body is not valid JSON'
  const { line, column } = lineAndColumn(text, offset)
  const found = offset >= text.length ? 'end of input' : JSON.stringify(text[offset])
  return `request body is not valid JSON: unexpected ${found} at line ${line}, column ${column}`
}

/**
 * A misspelt filter (`?stauts=ACTIVE`) would otherwise be ignored and answer an unfiltered list: every query name the
 * operation does not declare is a violation at `/query/<name>`, listing the names it knows.
 */
function unknownQueryNames(plan: RequestPlan, rawQuery: Record<string, unknown>, details: ErrorDetail[]): void {
  for (const name in rawQuery) {
    if (!plan.queryNames.has(name))
      details.push({
        path: `/query/${name}`,
        message: `is not a query parameter of this operation (${plan.queryHint})`,
      })
  }
}

export function checkRequest(
  plan: RequestPlan,
  req: MockRequest,
  routeParams: Record<string, string>,
  maxBodyBytes: number,
): { ok: true; value: CheckedRequest } | { ok: false; error: ErrorInput } {
  const details: ErrorDetail[] = []
  const rawQuery = parseQuery(req.query)
  const query: Record<string, unknown> = Object.create(null)
  const params: Record<string, string> = Object.create(null)

  for (const p of plan.params) {
    let raw: string | string[] | undefined
    if (p.in === 'path') raw = routeParams[p.name]
    else if (p.in === 'query') raw = rawQuery[p.name]
    else if (p.in === 'header') raw = req.headers[p.name.toLowerCase()]
    const where = `/${p.in}/${p.name}`
    // An empty header counts as absent; an empty query value (`?limit=`) is a value and is validated as one
    // (OpenAPI's `allowEmptyValue` defaults to false, so `?status=` is not "no status filter").
    if (raw === undefined || (raw === '' && p.in !== 'query')) {
      if (p.required) details.push({ path: where, message: 'is required' })
      continue
    }
    let value: unknown
    if (p.type === 'array') value = (Array.isArray(raw) ? raw : raw.split(',')).map((v) => coerce(v, p.itemType))
    else if (Array.isArray(raw)) {
      details.push({ path: where, message: 'must be given once' })
      continue
    } else value = coerce(raw, p.type)
    if (!p.validate(value)) {
      for (const v of toViolations(p.validate.errors))
        details.push({ path: v.path === '/' ? where : `${where}${v.path}`, message: v.message })
      continue
    }
    if (p.in === 'path') params[p.name] = raw as string
    if (p.in === 'query') query[p.name] = value
  }
  if (req.query !== '') unknownQueryNames(plan, rawQuery, details)

  let body: unknown
  if (plan.body) {
    const text = req.bodyText ?? ''
    if (utf8ByteLength(text) > maxBodyBytes) {
      return {
        ok: false,
        error: { status: 413, message: `request body is larger than the ${maxBodyBytes}-byte limit` },
      }
    }
    if (text.trim() === '') {
      if (plan.body.required) details.push({ path: '/body', message: 'a JSON request body is required' })
    } else if (!isJsonContentType(req.headers['content-type'])) {
      return {
        ok: false,
        error: {
          status: 415,
          message: `request body must be sent as application/json, got ${req.headers['content-type'] ? `"${req.headers['content-type']}"` : 'no Content-Type'}`,
          details: [{ path: '/header/content-type', message: 'must be application/json' }],
        },
      }
    } else {
      try {
        body = JSON.parse(text)
      } catch {
        return {
          ok: false,
          error: {
            status: 400,
            code: 'MALFORMED_JSON',
            message: jsonErrorMessage(text),
            details: [{ path: '/body', message: 'is not valid JSON' }],
          },
        }
      }
      const tooBig = sizeProblem(body)
      if (tooBig)
        return {
          ok: false,
          error: { status: 400, message: `request is invalid: ${tooBig.path} ${tooBig.message}`, details: [tooBig] },
        }
      if (!plan.body.validate(body)) {
        for (const v of toViolations(plan.body.validate.errors))
          details.push({ path: v.path === '/' ? '/body' : `/body${v.path}`, message: v.message })
      }
    }
  }

  if (details.length > 0) {
    if (details.length > MAX_DETAILS) {
      const more = details.length - MAX_DETAILS
      const next = details[MAX_DETAILS] as ErrorDetail
      details.splice(MAX_DETAILS, more, { path: next.path, message: `and ${more} more violations from here on` })
    }
    const summary = details
      .slice(0, 3)
      .map((d) => `${d.path} ${d.message}`)
      .join('; ')
    return {
      ok: false,
      error: {
        status: 400,
        message: `request is invalid: ${summary}${details.length > 3 ? ` (and ${details.length - 3} more)` : ''}`,
        details,
      },
    }
  }
  return { ok: true, value: { params, query, body } }
}
