/**
 * The operation catalogue the dashboard and `GET /__standin/operations` show: per provider, each operation's method,
 * path, summary, provenance (`x-standin-source`), every inferred part it reaches (`x-standin-inferred`, on the
 * operation, its parameters, bodies and responses, and the schemas they reference), its request and response schemas
 * (references resolved a few levels deep) and the spec's examples. Built once per server, on first use.
 */
import type { OpenApiDocument, OperationInfo } from '../../core/contract.js'
import type { Provider } from '../../core/types.js'

export interface InferredPart {
  /** Where, as a JSON pointer into the provider's spec. */
  pointer: string
  reason: string
}

export interface CatalogueOperation {
  operationId: string
  method: string
  path: string
  summary: string
  description: string | null
  source: { kind: 'documented' | 'inferred' | 'unknown'; url: string | null; reason: string | null }
  inferred: InferredPart[]
  secured: boolean
  parameters: { name: string; in: string; required: boolean; description: string | null; schema: unknown }[]
  requestBody: { required: boolean; schema: unknown; examples: Record<string, unknown> } | null
  responses: { status: string; description: string; schema: unknown; examples: Record<string, unknown> }[]
}

export interface CatalogueProvider {
  name: string
  label: string
  title: string
  version: string
  pathPrefix: string
  spec: string
  /** A header that authorises requests as pasted (e.g. the sandbox key), for "try it"; null when none. */
  authorization: string | null
  operations: CatalogueOperation[]
  /** Inferred parts anywhere in the spec (some are in parts no operation reaches, e.g. webhook payloads). */
  inferredInSpec: number
}

/** How deep `$ref`s are resolved in the schemas shown; deeper ones stay `{"$ref": ...}`. */
const SCHEMA_DEPTH = 6
const INFERRED = 'x-standin-inferred'

const segment = (s: string | number) => String(s).replaceAll('~', '~0').replaceAll('/', '~1')

function at(document: OpenApiDocument, pointer: string): unknown {
  let node: unknown = document
  for (const raw of pointer.slice(1).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[raw.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  return node
}

/** Every `x-standin-inferred` under `node`, following local `$ref`s once each (`seen` is shared per operation). */
function collectInferred(
  document: OpenApiDocument,
  node: unknown,
  pointer: string,
  seen: Set<string>,
  out: InferredPart[],
): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) collectInferred(document, item, `${pointer}/${i}`, seen, out)
    return
  }
  if (typeof node !== 'object' || node === null) return
  const obj = node as Record<string, unknown>
  if (typeof obj[INFERRED] === 'string') out.push({ pointer, reason: obj[INFERRED] as string })
  const ref = obj.$ref
  if (typeof ref === 'string' && ref.startsWith('#/') && !seen.has(ref)) {
    seen.add(ref)
    collectInferred(document, at(document, ref.slice(1)), ref.slice(1), seen, out)
  }
  for (const [key, value] of Object.entries(obj)) {
    if (key !== INFERRED && key !== '$ref' && key !== 'examples' && key !== 'example') {
      collectInferred(document, value, `${pointer}/${segment(key)}`, seen, out)
    }
  }
}

/** A copy of `node` with local `$ref`s replaced by their targets up to SCHEMA_DEPTH levels (cycles stay refs). */
function resolved(document: OpenApiDocument, node: unknown, depth = 0, trail: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => resolved(document, n, depth, trail))
  if (typeof node !== 'object' || node === null) return node
  const obj = node as Record<string, unknown>
  const ref = obj.$ref
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    if (depth >= SCHEMA_DEPTH || trail.includes(ref)) return { $ref: ref }
    return resolved(document, at(document, ref.slice(1)), depth + 1, [...trail, ref])
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(obj)) {
    out[key] = key === 'examples' || key === 'example' ? value : resolved(document, value, depth, trail)
  }
  return out
}

/** The named examples of a media type object (`examples` values, or the single `example` as `example`). */
function examplesOf(document: OpenApiDocument, media: unknown): Record<string, unknown> {
  const m = (media ?? {}) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [name, ex] of Object.entries((m.examples ?? {}) as Record<string, unknown>)) {
    const value = resolved(document, ex) as { value?: unknown }
    out[name] = value?.value ?? value
  }
  if (m.example !== undefined) out.example = m.example
  return out
}

function sourceOf(op: OperationInfo): CatalogueOperation['source'] {
  const raw = (op.extensions['x-standin-source'] ?? {}) as { kind?: string; url?: string; reason?: string }
  const kind = raw.kind === 'documented' || raw.kind === 'inferred' ? raw.kind : 'unknown'
  const url = typeof raw.url === 'string' && /^https?:\/\//i.test(raw.url) ? raw.url : null
  return { kind, url, reason: typeof raw.reason === 'string' ? raw.reason : null }
}

function operationOf(document: OpenApiDocument, op: OperationInfo): CatalogueOperation {
  const pointer = `/paths/${segment(op.path)}/${op.method}`
  const raw = at(document, pointer) as Record<string, unknown>
  const inferred: InferredPart[] = []
  collectInferred(document, raw, pointer, new Set(), inferred)
  const body = resolved(document, raw.requestBody) as Record<string, unknown> | undefined
  const media = (body?.content as Record<string, unknown> | undefined)?.['application/json']
  return {
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    summary: op.summary,
    description: typeof raw.description === 'string' ? raw.description : null,
    source: sourceOf(op),
    inferred,
    secured: op.secured,
    parameters: op.parameters.map((p) => {
      const param = resolved(document, at(document, p.schemaPointer.replace(/\/schema$/, ''))) as Record<
        string,
        unknown
      >
      const description = typeof param?.description === 'string' ? param.description : null
      return { name: p.name, in: p.in, required: p.required, description, schema: param?.schema ?? null }
    }),
    requestBody: body
      ? {
          required: op.requestBodyRequired,
          schema: (media as { schema?: unknown })?.schema ?? null,
          examples: examplesOf(document, media),
        }
      : null,
    responses: responsesOf(document, raw),
  }
}

function responsesOf(document: OpenApiDocument, raw: Record<string, unknown>): CatalogueOperation['responses'] {
  return Object.entries((raw.responses ?? {}) as Record<string, unknown>).map(([status, r]) => {
    const response = resolved(document, r) as Record<string, unknown>
    const media = (response.content as Record<string, unknown> | undefined)?.['application/json']
    return {
      status,
      description: typeof response.description === 'string' ? response.description : '',
      schema: (media as { schema?: unknown })?.schema ?? null,
      examples: examplesOf(document, media),
    }
  })
}

function countInferred(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + countInferred(item), 0)
  if (typeof node !== 'object' || node === null) return 0
  let n = typeof (node as Record<string, unknown>)[INFERRED] === 'string' ? 1 : 0
  for (const value of Object.values(node)) n += countInferred(value)
  return n
}

/** The catalogue of these providers (built on each call: callers keep it). */
export function buildCatalogue(providers: readonly Provider[]): CatalogueProvider[] {
  return providers.map((p) => {
    const { document } = p.contract
    const auth = p.homePage?.authorization
    return {
      name: p.name,
      label: p.label ?? p.name,
      title: String(document.info?.title ?? p.name),
      version: String(document.info?.version ?? ''),
      pathPrefix: p.pathPrefix,
      spec: `/openapi/${p.name}.yaml`,
      authorization: typeof auth === 'string' ? auth : null,
      operations: p.contract.operations.map((op) => operationOf(document, op)),
      inferredInSpec: countInferred(document),
    }
  })
}
