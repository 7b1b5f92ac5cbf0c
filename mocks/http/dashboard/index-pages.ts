/**
 * Index pages for the URLs the start-up banner prints: a provider's base path (`/v1`, `/api/v2`: its operations) and
 * the admin API's root (`/__standin/`: its endpoints). JSON for API clients, HTML for a browser (Accept).
 */
import type { Provider } from '../../core/types.js'
import { escapeHtml, simplePage } from './html.js'

export function providerIndex(p: Provider) {
  return {
    provider: p.name,
    label: p.label ?? p.name,
    title: String(p.contract.document.info?.title ?? p.name),
    version: String(p.contract.document.info?.version ?? ''),
    pathPrefix: p.pathPrefix,
    spec: `/openapi/${p.name}.yaml`,
    dashboard: '/#operations',
    operations: p.contract.operations.map((op) => ({
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      summary: op.summary,
    })),
  }
}

const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`

export function renderProviderIndex(index: ReturnType<typeof providerIndex>): string {
  const rows = index.operations
    .map((op) =>
      row([`<code>${escapeHtml(op.method)}</code>`, `<code>${escapeHtml(op.path)}</code>`, escapeHtml(op.summary)]),
    )
    .join('\n')
  return simplePage(
    `${index.label}: ${index.operations.length} operations`,
    `<h1>${escapeHtml(index.title)} <small class="muted">${escapeHtml(index.version)}</small></h1>
<p>Served by standin under <code>${escapeHtml(index.pathPrefix)}</code>. <a href="/#operations">Dashboard</a> ·
<a href="${escapeHtml(index.spec)}">Spec</a> · <a href="/__standin/">Admin API</a></p>
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th></tr></thead><tbody>
${rows}
</tbody></table>`,
  )
}

interface AdminIndexView {
  version: string
  providers: { name: string; label: string; pathPrefix: string; spec: string; operations: number }[]
  endpoints: { method: string; path: string; summary: string }[]
}

export function renderAdminIndex(index: AdminIndexView): string {
  const providers = index.providers
    .map(
      (p) =>
        `<li><a href="${escapeHtml(p.pathPrefix)}">${escapeHtml(p.label)}</a> at <code>${escapeHtml(p.pathPrefix)}</code>: ${p.operations} operations (<a href="${escapeHtml(p.spec)}">spec</a>)</li>`,
    )
    .join('\n')
  const rows = index.endpoints
    .map((e) =>
      row([`<code>${escapeHtml(e.method)}</code>`, `<code>${escapeHtml(e.path)}</code>`, escapeHtml(e.summary)]),
    )
    .join('\n')
  return simplePage(
    `standin ${index.version}: admin API`,
    `<h1>standin admin API <small class="muted">${escapeHtml(index.version)}</small></h1>
<p><a href="/">Dashboard</a> · <a href="/openapi/standin-admin.yaml">Spec</a>. Pick a session with
<code>X-Standin-Session</code>; errors are <code>{"error": {"code", "message", "details"}}</code>.</p>
<ul>
${providers}
</ul>
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th></tr></thead><tbody>
${rows}
</tbody></table>`,
  )
}
