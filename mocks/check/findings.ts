/**
 * Checks one observed HTTP response against the contract and says, for every problem, where it is, what was expected
 * and what was found, and whether it concerns a documented or an inferred part of the contract. Shared by
 * `standin check` (standin's own answers) and `standin verify` (a real provider's answers).
 *
 * Order of the checks: declared status, declared content type, required headers, the provider's envelope, then the
 * body schema. A broken envelope is reported once, without the dozens of schema errors it would cause.
 *
 * A finding is about an INFERRED part (standin's guess, docs/inferred.md) when:
 * - the operation's `x-standin-source.kind` is `inferred`; or
 * - the response declared for that status carries `x-standin-inferred` (on the response, or on its body schema or one
 *   of its `allOf` members: every error body of both providers); or
 * - the status is not declared, it is an error status, and the operation's declared error responses are inferred
 *   (neither provider documents its error statuses, bar EnfinitOS's 412); or
 * - the failing schema location passes through a schema or property carrying `x-standin-inferred`: along the
 *   instance path from the response schema (through `$ref`, `allOf`, `anyOf`, `oneOf`, `properties`, `items`), or
 *   along ajv's `schemaPath` when it names a place in the document.
 * Everything else is DOCUMENTED.
 */
import type { ErrorObject } from 'ajv'
import type { EnvelopeCheck, Finding } from '../core/conformance.js'
import {
  type Contract,
  declaredResponse,
  type OpenApiDocument,
  type OperationInfo,
  pointerSegment,
  type ResponseInfo,
  resolveRef,
  toViolations,
} from '../core/contract.js'
import { validateResponse } from '../core/engine.js'

interface ObservedResponse {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  /** The body as received ('' for none). */
  bodyText: string
}

const MAX_SHOWN = 80

/** A value as a short string for `expected`/`found` (`missing` for undefined). */
export function show(value: unknown): string {
  if (value === undefined) return 'missing'
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text
}

/** The value at a JSON pointer (undefined when absent). */
function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root
  let node: unknown = root
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

/** The response an operation declares for a status: the exact code, then `4XX`-style ranges, then `default`. */

function rawOperation(doc: OpenApiDocument, op: OperationInfo): OpenApiDocument {
  return doc.paths?.[op.path]?.[op.method] ?? {}
}

function inferredMark(node: OpenApiDocument | undefined): string | null {
  const mark = node?.['x-standin-inferred']
  if (mark === undefined || mark === false) return null
  return typeof mark === 'string' ? mark : 'marked x-standin-inferred'
}

/** Why an operation is inferred, or null when it is documented. */
function operationInferred(op: OperationInfo): string | null {
  const source = op.extensions['x-standin-source'] as { kind?: string; reason?: string } | undefined
  if (source?.kind !== 'inferred') return null
  return `operation ${op.operationId} is inferred${source.reason ? `: ${source.reason}` : ''}`
}

/** A schema node with its `$ref`s followed (bounded, so a cycle cannot loop). */
function deref(doc: OpenApiDocument, node: OpenApiDocument | undefined): OpenApiDocument | undefined {
  let current = node
  for (let i = 0; i < 16 && current && typeof current.$ref === 'string'; i++) {
    try {
      current = resolveRef(doc, current)[0]
    } catch {
      return undefined
    }
  }
  return current
}

/**
 * Every schema that applies at a node: the node itself (with its `$ref` followed) and, recursively, its `allOf`,
 * and optionally its `anyOf`/`oneOf` branches.
 */
function expand(doc: OpenApiDocument, node: OpenApiDocument | undefined, branches: boolean): OpenApiDocument[] {
  const out: OpenApiDocument[] = []
  const seen = new Set<OpenApiDocument>()
  const visit = (n: OpenApiDocument | undefined, depth: number) => {
    if (!n || typeof n !== 'object' || depth > 32) return
    // a $ref with siblings (OpenAPI 3.1) applies both
    if (typeof n.$ref === 'string' && !seen.has(n)) {
      seen.add(n)
      out.push(n)
      visit(deref(doc, n), depth + 1)
      return
    }
    if (seen.has(n)) return
    seen.add(n)
    out.push(n)
    for (const key of branches ? ['allOf', 'anyOf', 'oneOf'] : ['allOf']) {
      const list = n[key]
      if (Array.isArray(list)) for (const member of list) visit(member, depth + 1)
    }
  }
  visit(node, 0)
  return out
}

/** Why the response declared for `status` is inferred (the response, its body schema or an allOf member), or null. */
function responseInferred(contract: Contract, op: OperationInfo, declared: ResponseInfo): string | null {
  const doc = contract.document
  const raw = rawOperation(doc, op).responses?.[declared.status]
  if (!raw) return null
  const response = deref(doc, raw)
  const own = inferredMark(raw) ?? inferredMark(response)
  if (own) return `the ${declared.status} response is inferred: ${own}`
  const schema = response?.content?.['application/json']?.schema
  for (const node of expand(doc, schema, false)) {
    const mark = inferredMark(node)
    if (mark) return `the ${declared.status} body is inferred: ${mark}`
  }
  return null
}

/** Why an undeclared status is a difference from an inferred part, or null when it breaks a documented one. */
function undeclaredStatusInferred(contract: Contract, op: OperationInfo, status: number): string | null {
  if (status < 400) return null
  for (const r of op.responses) {
    if (!/^[45]/.test(r.status)) continue
    const why = responseInferred(contract, op, r)
    if (why) return `${op.operationId}'s error statuses are inferred (${why})`
  }
  return null
}

/**
 * Whether the schema location of a body violation passes through an inferred schema or property: walks the instance
 * path from the response schema, then follows ajv's schemaPath when it names a place in the document.
 */
export function schemaLocationInferred(
  doc: OpenApiDocument,
  rootPointer: string,
  instancePath: string,
  schemaPath?: string,
): string | null {
  let root: OpenApiDocument | undefined
  try {
    root = resolveRef(doc, { $ref: `#${rootPointer}` })[0]
  } catch {
    root = undefined
  }
  let nodes = expand(doc, root, true)
  const check = (list: OpenApiDocument[]) => {
    for (const n of list) {
      const mark = inferredMark(n)
      if (mark) return mark
    }
    return null
  }
  let found = check(nodes)
  if (found) return found
  const segments =
    instancePath === '' || instancePath === '/'
      ? []
      : instancePath
          .slice(1)
          .split('/')
          .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
  for (const segment of segments) {
    const next: OpenApiDocument[] = []
    for (const n of nodes) {
      const props = n.properties as Record<string, OpenApiDocument> | undefined
      if (props && Object.hasOwn(props, segment)) next.push(props[segment] as OpenApiDocument)
      else if (n.patternProperties) {
        for (const [pattern, schema] of Object.entries<OpenApiDocument>(n.patternProperties)) {
          try {
            if (new RegExp(pattern, 'u').test(segment)) next.push(schema)
          } catch {
            // an invalid pattern in the spec is Spectral's business
          }
        }
      } else if (n.additionalProperties && typeof n.additionalProperties === 'object') {
        next.push(n.additionalProperties)
      }
      if (/^\d+$/.test(segment)) {
        const index = Number(segment)
        if (Array.isArray(n.prefixItems) && n.prefixItems[index]) next.push(n.prefixItems[index])
        else if (n.items && typeof n.items === 'object') next.push(n.items)
      }
    }
    nodes = next.flatMap((n) => expand(doc, n, true))
    found = check(nodes)
    if (found) return found
    if (nodes.length === 0) break
  }
  // ajv gives absolute locations (`#/components/schemas/RightId/pattern`) for schemas it inlined from a $ref
  if (schemaPath?.startsWith('#/') && /^#\/(components|paths)\//.test(schemaPath)) {
    const parts = schemaPath.slice(2).split('/')
    let node: unknown = doc
    for (const raw of parts) {
      if (node === null || typeof node !== 'object') break
      node = (node as Record<string, unknown>)[raw.replaceAll('~1', '/').replaceAll('~0', '~')]
      const mark = inferredMark(node as OpenApiDocument)
      if (mark) return mark
    }
  }
  return null
}

function expectedFor(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'type':
      return `type ${Array.isArray(p.type) ? p.type.join(' | ') : String(p.type)}`
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'const':
      return JSON.stringify(p.allowedValue)
    case 'pattern':
      return `a string matching ${String(p.pattern)}`
    case 'format':
      return `format ${String(p.format)}`
    case 'required':
      return 'present'
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'no such property (the object is closed)'
    default:
      return p.limit !== undefined ? `${e.keyword} ${String(p.limit)}` : (e.message ?? e.keyword)
  }
}

function foundFor(e: ErrorObject, value: unknown): string {
  if (e.keyword === 'type') return `${jsonType(value)} ${show(value)}`
  if (e.keyword === 'required') return 'missing'
  return show(value)
}

/** Schema violations of a body, with ajv's schemaPath and expected/found values. */
function schemaFindings(contract: Contract, pointer: string, body: unknown) {
  const fn = contract.validator(pointer)
  if (fn(body)) return []
  const errors = [...(fn.errors ?? [])]
  const violations = toViolations(errors)
  return errors.map((e, i) => {
    const v = violations[i] as { path: string; message: string; keyword: string }
    let path = v.path
    let message = v.message
    if (e.keyword === 'unevaluatedProperties') {
      path = `${e.instancePath}/${pointerSegment(String(e.params.unevaluatedProperty))}`
      message = 'is not an allowed property'
    }
    return {
      path,
      message,
      keyword: e.keyword,
      schemaPath: e.schemaPath,
      expected: expectedFor(e),
      found: foundFor(e, valueAt(body, path)),
    }
  })
}

function headerSchemaValue(schema: OpenApiDocument | undefined, raw: string): unknown {
  const type = schema?.type
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw
  return raw
}

/**
 * Everything wrong with one response of one operation, classified documented or inferred. An empty list means the
 * response is within the contract. `checkEnvelope` is the provider's (core/conformance.ts): a body outside the
 * provider's envelope is reported once, before (and instead of) the body schema's errors.
 */
export function checkResponse(
  contract: Contract,
  op: OperationInfo,
  res: ObservedResponse,
  checkEnvelope?: EnvelopeCheck,
): Finding[] {
  const base = { provider: contract.name, operationId: op.operationId, status: res.status }
  const opInferred = operationInferred(op)
  const finding = (f: Omit<Finding, 'provider' | 'operationId' | 'status' | 'basis'>, why: string | null): Finding => {
    const reason = opInferred ?? why
    return { ...base, ...f, basis: reason ? 'inferred' : 'documented', ...(reason ? { inferredBecause: reason } : {}) }
  }
  const contentType = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  let body: unknown
  if (res.bodyText !== '') {
    try {
      body = JSON.parse(res.bodyText)
    } catch {
      body = res.bodyText
      if (contentType === '' || /json$/.test(contentType)) {
        const declared = declaredResponse(op, res.status)
        return [
          finding(
            {
              kind: 'body',
              path: '/',
              message: 'the body is not valid JSON',
              expected: 'a JSON body',
              found: show(res.bodyText),
            },
            declared ? responseInferred(contract, op, declared) : null,
          ),
        ]
      }
    }
  }

  const declared = declaredResponse(op, res.status)
  if (!declared) {
    const list = op.responses.map((r) => r.status).join(', ')
    return [
      finding(
        {
          kind: 'status',
          path: '/',
          message: `status ${res.status} is not declared for ${op.operationId}`,
          expected: `one of ${list}`,
          found: String(res.status),
        },
        undeclaredStatusInferred(contract, op, res.status),
      ),
    ]
  }
  const responseWhy = responseInferred(contract, op, declared)
  // The core's check (status, content type, presence of a body), so standin and its checks never disagree on them.
  const core = validateResponse(contract, op, {
    status: res.status,
    headers: contentType ? { 'content-type': contentType } : {},
    body,
  })
  const coreProblem = core.find((v) => v.keyword === 'content-type' || v.keyword === 'body' || v.keyword === 'status')
  if (coreProblem) {
    return [
      finding(
        {
          kind: coreProblem.keyword === 'body' ? 'body' : coreProblem.keyword === 'status' ? 'status' : 'content-type',
          path: '/',
          message: coreProblem.message,
          ...(coreProblem.keyword === 'content-type'
            ? { expected: declared.contentTypes.join(' or '), found: contentType || 'none' }
            : {}),
        },
        responseWhy,
      ),
    ]
  }

  const out: Finding[] = []
  const doc = contract.document
  const rawRef = rawOperation(doc, op).responses?.[declared.status]
  const rawResponse = deref(doc, rawRef)
  const responsePointer =
    typeof rawRef?.$ref === 'string'
      ? (rawRef.$ref as string).slice(1)
      : `/paths/${pointerSegment(op.path)}/${op.method}/responses/${pointerSegment(declared.status)}`
  for (const [name, rawHeader] of Object.entries<OpenApiDocument>(rawResponse?.headers ?? {})) {
    const header = deref(doc, rawHeader)
    const value = res.headers[name.toLowerCase()]
    const headerWhy = responseWhy ?? inferredMark(header)
    if (value === undefined) {
      if (header?.required)
        out.push(
          finding(
            {
              kind: 'header',
              path: name,
              message: `the ${name} header is required`,
              expected: 'present',
              found: 'missing',
            },
            headerWhy,
          ),
        )
      continue
    }
    const schema = deref(doc, header?.schema)
    if (!schema) continue
    // headers are strings on the wire: coerce to the schema's type, then validate with the document's validator
    const headerPointer =
      typeof rawHeader.$ref === 'string'
        ? (rawHeader.$ref as string).slice(1)
        : `${responsePointer}/headers/${pointerSegment(name)}`
    const violations = contract.validate(`${headerPointer}/schema`, headerSchemaValue(schema, value))
    for (const v of violations)
      out.push(
        finding(
          { kind: 'header', path: name, message: `${name} ${v.message}`, expected: v.message, found: show(value) },
          headerWhy,
        ),
      )
  }

  if (body === undefined || !declared.schemaPointer) return out
  const envelope = checkEnvelope?.(res.status, body) ?? null
  if (envelope) {
    out.push(finding({ kind: 'envelope', path: '/', ...envelope }, responseWhy))
    return out
  }
  for (const v of schemaFindings(contract, declared.schemaPointer, body)) {
    out.push(
      finding(
        {
          kind: 'body',
          path: v.path,
          message: v.message,
          expected: v.expected,
          found: v.found,
          schemaPath: v.schemaPath,
        },
        responseWhy ?? schemaLocationInferred(doc, declared.schemaPointer, v.path, v.schemaPath),
      ),
    )
  }
  return out
}

/** One line for a finding: `getRight 200 /data/right/id: must match pattern ... (expected ..., found ...)`. */
export function describeFinding(f: Finding): string {
  const where = f.kind === 'header' ? `header ${f.path}` : f.path
  const values =
    f.expected !== undefined || f.found !== undefined ? ` (expected ${f.expected ?? '?'}, found ${f.found ?? '?'})` : ''
  return `${f.operationId} ${f.status || '-'} ${where}: ${f.message}${values}`
}
