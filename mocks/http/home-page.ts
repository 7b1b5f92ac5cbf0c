/**
 * `GET /` of `standin serve`: one small HTML page for a person. The served providers and their operations (with each
 * operation's provenance from the spec's `x-standin-source`), the scenario catalogue, how to select a scenario, the
 * admin API, and links to the raw specs. Everything that goes into the HTML is escaped.
 */
import type { Contract, OperationInfo } from '../core/contract.js'
import type { Scenario } from '../core/scenarios.js'
import type { Provider } from '../core/types.js'

export interface HomePageInput {
  version: string
  /** The server's own URL, e.g. `http://127.0.0.1:4010`, used in the copy-paste examples. */
  baseUrl: string
  providers: Provider[]
  scenarios: Scenario[]
  admin: Contract
  /** Scenarios active in every session from the start (`--scenario`). */
  startupScenarios: readonly string[]
  seed: string
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string)
}

/** An href that is safe to emit: http(s) URLs and site-relative paths only. */
function safeHref(url: string): string | null {
  return /^(https?:\/\/|\/(?!\/))/i.test(url) ? escapeHtml(url) : null
}

interface Source {
  kind: 'documented' | 'inferred' | 'unknown'
  url?: string
  reason?: string
}

function sourceOf(op: OperationInfo): Source {
  const raw = op.extensions['x-standin-source'] as { kind?: string; url?: string; reason?: string } | undefined
  if (raw?.kind === 'documented') return { kind: 'documented', ...(raw.url ? { url: raw.url } : {}) }
  if (raw?.kind === 'inferred') return { kind: 'inferred', ...(raw.reason ? { reason: raw.reason } : {}) }
  return { kind: 'unknown' }
}

function sourceCell(op: OperationInfo): string {
  const s = sourceOf(op)
  if (s.kind === 'documented') {
    const href = s.url ? safeHref(s.url) : null
    return href
      ? `<a class="src documented" href="${href}" rel="noreferrer">documented</a>`
      : '<span class="src documented">documented</span>'
  }
  if (s.kind === 'inferred') {
    return `<span class="src inferred" title="${escapeHtml(s.reason ?? '')}">inferred</span>${s.reason ? `<div class="why">${escapeHtml(s.reason)}</div>` : ''}`
  }
  return '<span class="src unknown">no source</span>'
}

function operationRows(ops: OperationInfo[]): string {
  return ops
    .map(
      (op) => `<tr>
<td><span class="method m-${escapeHtml(op.method)}">${escapeHtml(op.method.toUpperCase())}</span></td>
<td><code>${escapeHtml(op.path)}</code></td>
<td>${escapeHtml(op.summary)}<div class="opid">${escapeHtml(op.operationId)}</div></td>
<td>${sourceCell(op)}</td>
</tr>`,
    )
    .join('\n')
}

function scenarioRows(scenarios: Scenario[]): string {
  return scenarios
    .map((s) => {
      const ops = Object.keys(s.operations)
      const covers = ops.includes('*')
        ? 'every operation'
        : ops.length === 0
          ? 'the world only'
          : ops.length > 3
            ? `<span title="${escapeHtml(ops.join(', '))}">${ops.length} operations</span>`
            : escapeHtml(ops.join(', '))
      return `<tr id="${escapeHtml(`scenario-${s.name}`)}">
<td><code>${escapeHtml(s.name)}</code></td>
<td>${escapeHtml(s.description)}${s.emptyWorld ? ' <span class="tag">empty world</span>' : ''}</td>
<td class="covers">${covers}</td>
</tr>`
    })
    .join('\n')
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --line: #dde2ea; --bg: #fff; --panel: #f5f7fa;
  --accent: #2457c5; --get: #137a3d; --post: #9a5b00; --put: #6b3fb5; --delete: #b3261e; --patch: #00707a; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a0a8b8; --line: #343b48; --bg: #15181e;
  --panel: #1d2129; --accent: #7aa2ff; --get: #5fd08b; --post: #f0b35b; --put: #b99aff; --delete: #ff8a80; --patch: #5fd0d8; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 64px; }
header { padding-bottom: 4px; }
h1 { font-size: 26px; margin: 0 0 4px; } h1 small { font-size: 14px; color: var(--muted); font-weight: normal; }
h2 { font-size: 20px; margin: 32px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
p { margin: 6px 0; } .muted, .opid, .why, .covers { color: var(--muted); } .opid, .why { font-size: 12px; }
nav { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; margin-top: 8px; }
a { color: var(--accent); }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td code { white-space: nowrap; } .covers { font-size: 13px; }
.method { display: inline-block; min-width: 58px; text-align: center; font: 600 12px/20px ui-monospace, monospace;
  border-radius: 4px; border: 1px solid currentColor; }
.m-get { color: var(--get); } .m-post { color: var(--post); } .m-put { color: var(--put); } .m-delete { color: var(--delete); } .m-patch { color: var(--patch); }
.src { font-size: 12px; font-weight: 600; } .documented { color: var(--get); } .inferred { color: var(--post); } .unknown { color: var(--delete); }
.tag { font-size: 11px; border: 1px solid var(--line); border-radius: 10px; padding: 0 6px; color: var(--muted); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 14px; }
details > summary { cursor: pointer; font-weight: 600; margin: 10px 0 4px; }
`

export function renderHomePage(input: HomePageInput): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>standin ${escapeHtml(input.version)}: mock APIs</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${intro(input)}

<h2 id="providers">Providers and operations</h2>
<p>Every request is routed, checked and answered against the provider's OpenAPI document; a response outside the
contract is a standin bug and fails loudly. <em>documented</em> operations come from the provider's public reference,
<em>inferred</em> ones had to be inferred (the reason is given).</p>
${input.providers.map((p) => providerSection(p, input.baseUrl)).join('\n')}

${selectingSection(input)}

<h2 id="scenarios">Scenario catalogue</h2>
${input.providers.map((p) => scenarioSection(p, input.scenarios)).join('\n')}

${adminSection(input.admin)}

<h2 id="specs">Specs</h2>
<p>${specLinks(input.providers)}</p>
</main>
</body>
</html>
`
}

function intro(input: HomePageInput): string {
  const { baseUrl, providers } = input
  return `<header>
<h1>standin <small>${escapeHtml(input.version)}: contract-first mock APIs</small></h1>
<p class="muted">Serving ${providers.map((p) => `<strong>${escapeHtml(p.name)}</strong>`).join(' and ')} at <code>${escapeHtml(baseUrl)}</code>,
seed <code>${escapeHtml(input.seed)}</code>, start-up scenarios: ${
    input.startupScenarios.length
      ? input.startupScenarios.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')
      : 'none'
  }.</p>
<nav><a href="#providers">Providers and operations</a><a href="#selecting">Selecting a scenario</a><a href="#scenarios">Scenario catalogue</a><a href="#admin">Admin API</a><a href="#specs">Specs</a></nav>
</header>`
}

function providerSection(p: Provider, baseUrl: string): string {
  const ops = p.contract.operations
  const documented = ops.filter((op) => sourceOf(op).kind === 'documented').length
  return `<section id="${escapeHtml(`provider-${p.name}`)}">
<h3>${escapeHtml(p.contract.document.info?.title ?? p.name)} <small class="muted">(${escapeHtml(p.name)})</small></h3>
<div class="facts">
<span>Base path</span><span><code>${escapeHtml(`${baseUrl}${p.pathPrefix.replace(/\/$/, '')}`)}</code></span>
<span>Stands in for</span><span>${p.baseUrls.map((u) => `<code>${escapeHtml(u)}</code>`).join(', ')}</span>
<span>Spec</span><span><a href="/openapi/${escapeHtml(p.name)}.yaml">/openapi/${escapeHtml(p.name)}.yaml</a> (OpenAPI ${escapeHtml(p.contract.document.openapi ?? '3.1')}, version ${escapeHtml(p.contract.document.info?.version ?? '?')})</span>
<span>Operations</span><span>${ops.length} (${documented} documented, ${ops.length - documented} inferred)</span>
</div>
<table>
<thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Source</th></tr></thead>
<tbody>
${operationRows(ops)}
</tbody>
</table>
</section>`
}

interface Example {
  provider: string
  path: string
  scenario: string
  /** The header that authorises the example request, when it works as pasted. */
  authorization: string | undefined
}

/** The first provider whose example request works as pasted (it names an authorization), else the first served. */
function exampleOf(providers: Provider[], scenarios: Scenario[]): Example {
  const provider = providers.find((p) => p.homePage?.authorization) ?? providers[0]
  const op = provider?.contract.operations.find((o) => o.method === 'get' && !o.path.includes('{'))
  const wanted = provider?.homePage?.scenario
  return {
    provider: provider?.name ?? 'NAME',
    path: op?.path ?? '/',
    scenario: scenarios.find((s) => s.name === wanted)?.name ?? scenarios[0]?.name ?? 'provider:scenario',
    authorization: provider?.homePage?.authorization,
  }
}

function selectingSection(input: HomePageInput): string {
  const example = exampleOf(input.providers, input.scenarios)
  const q = (s: string) => escapeHtml(s)
  const auth = example.authorization ? ' -H "$KEY"' : ''
  const scenario = q(example.scenario)
  const path = q(example.path)
  return `<h2 id="selecting">Selecting a scenario</h2>
<p>Without a scenario each operation has its default, stateful behaviour over a seeded sandbox world. Several
scenarios can be active; for each call the first that covers the operation answers.</p>
<h3>Per request</h3>
<pre>BASE=${q(input.baseUrl)}${example.authorization ? `\nKEY='${q(example.authorization)}'` : ''}
# a scenario by name; X-Standin-Scenario where a client cannot set Prefer
curl -H 'Prefer: scenario=${scenario}'${q(auth)} $BASE${path}
curl -H 'X-Standin-Scenario: ${scenario}'${q(auth)} $BASE${path}
# Prism's own preferences: the spec's example for a status, a named example, the stateful default
curl -H 'Prefer: code=404'${q(auth)} $BASE${path}
curl -H 'Prefer: example=NAME'${q(auth)} $BASE${path}
curl -H 'Prefer: dynamic=true'${q(auth)} $BASE${path}</pre>
<h3>Per session (admin API)</h3>
<p>Requests carrying <code>X-Standin-Session: &lt;id&gt;</code> get their own isolated sandbox (world, journal,
clock, scenarios); the admin API picks the session by the same header.</p>
<pre>curl -X PUT -H 'Content-Type: application/json' -H 'X-Standin-Session: job-a' \\
  -d '{"scenarios":["${scenario}"]}' $BASE/__standin/session/scenarios
curl -H 'X-Standin-Session: job-a' $BASE/__standin/session/journal?limit=5
curl -X DELETE -H 'X-Standin-Session: job-a' $BASE/__standin/session/scenarios
curl -X POST -H 'X-Standin-Session: job-a' $BASE/__standin/session/reset</pre>
<h3>At start-up (CLI)</h3>
<pre>standin serve --scenario ${scenario}    # repeatable; active in every session and after each reset
standin scenarios --provider ${q(example.provider)}       # the catalogue</pre>`
}

function scenarioSection(p: Provider, scenarios: Scenario[]): string {
  const list = scenarios.filter((s) => s.provider === p.name)
  return `<details open id="${escapeHtml(`scenarios-${p.name}`)}">
<summary>${escapeHtml(p.name)}: ${list.length} scenarios</summary>
<table>
<thead><tr><th>Name</th><th>What it does</th><th>Covers</th></tr></thead>
<tbody>
${scenarioRows(list)}
</tbody>
</table>
</details>`
}

function adminSection(admin: Contract): string {
  const rows = admin.operations
    .map(
      (op) => `<tr>
<td><span class="method m-${escapeHtml(op.method)}">${escapeHtml(op.method.toUpperCase())}</span></td>
<td><code>${escapeHtml(op.path)}</code></td>
<td>${escapeHtml(op.summary)}<div class="opid">${escapeHtml(op.operationId)}</div></td>
</tr>`,
    )
    .join('\n')
  return `<h2 id="admin">Admin API</h2>
<p>Under <code>/__standin/</code>, described by <a href="/openapi/standin-admin.yaml">/openapi/standin-admin.yaml</a>.
Errors are JSON <code>{"error": {"code", "message", "details"}}</code>.</p>
<table>
<thead><tr><th>Method</th><th>Path</th><th>Summary</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
}

function specLinks(providers: Provider[]): string {
  return [...providers.map((p) => p.name), 'standin-admin']
    .map((name) => `<a href="/openapi/${escapeHtml(name)}.yaml">/openapi/${escapeHtml(name)}.yaml</a>`)
    .join(' · ')
}
