/**
 * The admin endpoints the dashboard reads besides the session ones: the admin index (`GET /__standin/`, JSON or a page
 * for a browser), the operation catalogue (`GET /__standin/operations`) and the audit of a session's packs
 * (`GET /__standin/session/proof-packs`), which reads them through the session's own API so active scenarios apply.
 */
import type { OperationInfo } from '../core/contract.js'
import type { Engine } from '../core/engine.js'
import type { Session } from '../core/session.js'
import { renderAdminIndex } from './dashboard/index-pages.js'
import { prefersHtml } from './dashboard/negotiate.js'
import { buildCatalogue, type CatalogueProvider } from './dashboard/operations.js'

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
}

/** What the admin API hands over (its answers are built by admin.ts, which imports this file). */
export interface DashboardDeps {
  engine: Engine
  version: string
  adminOperations: () => readonly OperationInfo[]
  json: (status: number, body: unknown) => AnswerOf
  notFound: (message: string) => AnswerOf
}

interface AnswerOf {
  status: number
  headers: Record<string, string>
  bodyText: string
}

interface DashboardCall {
  session: () => Session
  accept: string
  query: Record<string, unknown>
}

export function adminIndex(ctx: Pick<DashboardDeps, 'engine' | 'version' | 'adminOperations'>) {
  const outbound = ctx.engine.providers.find((p) => p.outbound)?.outbound
  return {
    version: ctx.version,
    dashboard: '/',
    spec: '/openapi/standin-admin.yaml',
    providers: ctx.engine.providers.map((p) => ({
      name: p.name,
      label: p.label ?? p.name,
      pathPrefix: p.pathPrefix,
      spec: `/openapi/${p.name}.yaml`,
      operations: p.contract.operations.length,
    })),
    endpoints: ctx.adminOperations().map((op) => ({
      method: op.method.toUpperCase(),
      path: op.path,
      operationId: op.operationId,
      summary: op.summary,
    })),
    webhookEvents: [...(outbound?.events ?? [])],
  }
}

/**
 * One GET into the session through the engine, as a client of the session's API would see it, leaving no trace (a
 * peek: not journaled, the clock not moved, no sequence advanced), so auditing a session never changes it.
 */
function askThrough(engine: Engine, session: Session) {
  return async (pathAndQuery: string, headers: Record<string, string>) => {
    const q = pathAndQuery.indexOf('?')
    const request = {
      method: 'GET',
      path: q < 0 ? pathAndQuery : pathAndQuery.slice(0, q),
      query: q < 0 ? '' : pathAndQuery.slice(q + 1),
      headers: { ...headers, 'user-agent': 'standin-dashboard (proof-pack audit)' },
    }
    const final = await engine.peek(request, session)
    let body: unknown = null
    try {
      body = final.bodyText ? JSON.parse(final.bodyText) : null
    } catch {
      body = null
    }
    return { status: final.fault ? 0 : final.status, body, scenario: final.scenario }
  }
}

async function audit(deps: DashboardDeps, session: Session): Promise<AnswerOf> {
  const { engine } = deps
  const provider = engine.providers.find((p) => p.packAudit)
  if (!provider?.packAudit) return deps.notFound('no provider this server serves seals proof packs')
  const report = await provider.packAudit.run(askThrough(engine, session))
  return deps.json(200, { session: session.id, provider: provider.name, ...report })
}

export function dashboardHandlers(
  ctx: DashboardDeps,
): Record<string, (call: DashboardCall) => AnswerOf | Promise<AnswerOf>> {
  let catalogue: CatalogueProvider[] | undefined
  return {
    getAdminIndex: ({ accept }) => {
      const index = adminIndex(ctx)
      if (!prefersHtml(accept)) return ctx.json(200, index)
      return { status: 200, headers: HTML_HEADERS, bodyText: renderAdminIndex(index) }
    },
    listOperations: ({ query }) => {
      catalogue ??= buildCatalogue(ctx.engine.providers)
      const wanted = query.provider as string | undefined
      return ctx.json(200, { providers: catalogue.filter((p) => wanted === undefined || p.name === wanted) })
    },
    auditProofPacks: ({ session }) => audit(ctx, session()),
  }
}
