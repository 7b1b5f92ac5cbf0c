/**
 * Routing by the spec's own path templates: compiled once per contract, literal segments preferred over parameters
 * (`/v1/rights/issue` wins over `/v1/rights/{rightId}`), a trailing slash tolerated either way.
 */
import type { OperationInfo } from './contract.js'

interface CompiledRoute {
  operation: OperationInfo
  regex: RegExp
  paramNames: string[]
  literalSegments: number
}

export type RouteResult =
  | { kind: 'match'; operation: OperationInfo; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }
  | { kind: 'bad-path'; message: string }

const trimSlash = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p)

export class Router {
  private routes: CompiledRoute[]

  constructor(operations: OperationInfo[]) {
    this.routes = operations
      .map((operation) => {
        const paramNames: string[] = []
        const segments = trimSlash(operation.path).split('/')
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
          operation,
          regex: new RegExp(`^${pattern}$`),
          paramNames,
          literalSegments: segments.filter((s) => s && !s.includes('{')).length,
        }
      })
      .sort((a, b) => b.literalSegments - a.literalSegments)
  }

  route(method: string, rawPath: string): RouteResult {
    const path = trimSlash(rawPath)
    const lower = method.toLowerCase()
    const allowed = new Set<string>()
    for (const route of this.routes) {
      const m = route.regex.exec(path)
      if (!m) continue
      if (route.operation.method !== lower) {
        allowed.add(route.operation.method.toUpperCase())
        continue
      }
      const params: Record<string, string> = {}
      for (const [i, name] of route.paramNames.entries()) {
        try {
          params[name] = decodeURIComponent(m[i + 1] ?? '')
        } catch {
          return { kind: 'bad-path', message: `path parameter ${name} is not valid percent-encoding` }
        }
      }
      return { kind: 'match', operation: route.operation, params }
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed].sort() } : { kind: 'not-found' }
  }
}
