/**
 * Routing by the spec's own path templates, compiled once per contract, a trailing slash tolerated either way.
 *
 * A request path goes to the most specific template that matches it: segment by segment from the left, a literal
 * segment beats a parameter (`/v1/rights/issue` wins over `/v1/rights/{rightId}`), as OpenAPI asks ("concrete paths
 * are matched before their templated counterparts"). The method is then looked up on that template only: when the
 * template has no operation for it, the answer is 405 with the template's own methods in `Allow`, never a fall
 * through to a less specific template (so `GET /v1/rights/issue` is 405 `Allow: POST`, not `getRight` with the id
 * "issue").
 */
import type { OperationInfo } from './contract.js'

interface CompiledTemplate {
  template: string
  regex: RegExp
  paramNames: string[]
  /** One flag per segment, true for a literal: the sort key (literal before parameter, left to right). */
  literal: boolean[]
  /** The template's operations by lower-case method. */
  operations: Map<string, OperationInfo>
}

export type RouteResult =
  | { kind: 'match'; operation: OperationInfo; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }
  | { kind: 'bad-path'; message: string }

const trimSlash = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p)

/** Negative when `a` is more specific than `b`: at the first segment where they differ, a literal wins. */
function bySpecificity(a: CompiledTemplate, b: CompiledTemplate): number {
  const n = Math.min(a.literal.length, b.literal.length)
  for (let i = 0; i < n; i++) {
    if (a.literal[i] !== b.literal[i]) return a.literal[i] ? -1 : 1
  }
  return b.literal.length - a.literal.length
}

function compile(template: string): CompiledTemplate {
  const paramNames: string[] = []
  const segments = template.split('/')
  const pattern = segments
    .map((seg) =>
      seg.replace(/\{([^}]+)\}|[^{]+/g, (part, name?: string) => {
        if (name) {
          paramNames.push(name)
          return '([^/]+)'
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      }),
    )
    .join('/')
  return {
    template,
    regex: new RegExp(`^${pattern}$`),
    paramNames,
    literal: segments.map((s) => !s.includes('{')),
    operations: new Map(),
  }
}

/**
 * The templates as a tree of segments: a literal segment is a key of `literal`, any segment holding a parameter
 * (`{id}`, or a mixed one like `{name}.json`) goes down `param`. Exploring the literal branch before the parameter
 * one, depth first, meets the templates in the order bySpecificity sorts them; the templates that end at one node
 * have the same literal/parameter pattern, so they are ties there, kept in the sorted (stable) order.
 */
interface Node {
  literal: Map<string, Node>
  param: Node | undefined
  /** Templates with exactly this pattern of segments, most specific first; each confirmed by its regex. */
  ends: CompiledTemplate[]
}

const newNode = (): Node => ({ literal: new Map(), param: undefined, ends: [] })

export class Router {
  private root: Node = newNode()

  constructor(operations: OperationInfo[]) {
    const byTemplate = new Map<string, CompiledTemplate>()
    for (const operation of operations) {
      const template = trimSlash(operation.path)
      let compiled = byTemplate.get(template)
      if (!compiled) {
        compiled = compile(template)
        byTemplate.set(template, compiled)
      }
      compiled.operations.set(operation.method, operation)
    }
    for (const compiled of [...byTemplate.values()].sort(bySpecificity)) this.insert(compiled)
  }

  private insert(compiled: CompiledTemplate): void {
    let node = this.root
    const segments = compiled.template.split('/')
    for (const [i, segment] of segments.entries()) {
      if (!compiled.literal[i]) {
        node = node.param ??= newNode()
        continue
      }
      let next = node.literal.get(segment)
      if (!next) {
        next = newNode()
        node.literal.set(segment, next)
      }
      node = next
    }
    node.ends.push(compiled)
  }

  route(method: string, rawPath: string): RouteResult {
    const path = trimSlash(rawPath)
    const found = find(this.root, path.split('/'), 0, path)
    if (!found) return { kind: 'not-found' }
    const [compiled, m] = found
    // The most specific matching template decides, whatever the method.
    const operation = compiled.operations.get(method.toLowerCase())
    if (!operation) {
      return {
        kind: 'method-not-allowed',
        allowed: [...compiled.operations.keys()].map((k) => k.toUpperCase()).sort(),
      }
    }
    const params: Record<string, string> = {}
    for (const [i, name] of compiled.paramNames.entries()) {
      try {
        params[name] = decodeURIComponent(m[i + 1] ?? '')
      } catch {
        return { kind: 'bad-path', message: `path parameter ${name} is not valid percent-encoding` }
      }
    }
    return { kind: 'match', operation, params }
  }
}

/** The most specific template matching `segments` from `at` on, below `node`, with its regex match of `path`. */
function find(node: Node, segments: string[], at: number, path: string): [CompiledTemplate, RegExpExecArray] | null {
  if (at === segments.length) {
    for (const compiled of node.ends) {
      const m = compiled.regex.exec(path)
      if (m) return [compiled, m]
    }
    return null
  }
  const segment = segments[at] as string
  const literal = node.literal.get(segment)
  const viaLiteral = literal ? find(literal, segments, at + 1, path) : null
  if (viaLiteral) return viaLiteral
  // A parameter matches a segment of at least one character (`[^/]+`).
  return node.param && segment !== '' ? find(node.param, segments, at + 1, path) : null
}
