/**
 * The dashboard's HTML (`GET /`): a shell with one section per view, filled by /__dashboard/app.js from the admin API.
 * It carries no session data and no secret: only the server's facts (version, seed, providers) as JSON for the
 * script, and a <noscript> list of the useful URLs for a browser without JavaScript.
 */
import type { Provider } from '../../core/types.js'
import { escapeHtml, scriptJson } from './html.js'

export interface DashboardInput {
  version: string
  baseUrl: string
  providers: Provider[]
  startupScenarios: readonly string[]
  seed: string
}

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f54c0"/><path d="M21.5 10.5c-1.2-1.3-3-2-5.2-2-3.3 0-5.6 1.7-5.6 4.2 0 5.4 10.8 3.3 10.8 7.6 0 1.6-1.7 2.9-4.6 2.9-2.3 0-4.1-.8-5.4-2.3" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>`

const VIEWS = [
  ['journal', 'Journal'],
  ['sessions', 'Sessions'],
  ['operations', 'Operations'],
  ['proofs', 'Proof packs'],
  ['webhooks', 'Webhooks'],
] as const

function header(input: DashboardInput): string {
  const links = VIEWS.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')
  return `<a class="skip" href="#main">Skip to content</a>
<header class="top">
<div class="brand">${FAVICON_SVG.replace('<svg ', '<svg width="26" height="26" aria-hidden="true" ')} standin <small>${escapeHtml(input.version)} · seed ${escapeHtml(input.seed)}</small></div>
<nav class="views" aria-label="Views">${links}</nav>
<div class="picker"><label for="session">Session</label><select id="session"></select></div>
</header>
<div class="status-bar" id="status" role="status" aria-live="polite"></div>
<form id="token-panel" class="note status-bar" hidden>
<p id="token-why"></p>
<div id="token-form-row" class="row"><label>Admin token <input id="token-input" type="password" autocomplete="off" spellcheck="false"></label>
<button class="primary" type="submit">Use token</button></div>
<p class="muted small">Kept in this tab only (sessionStorage); open <code>/#token=&lt;token&gt;</code> to pass it in the URL fragment, which never reaches a server and is removed from the address bar at once.</p>
</form>`
}

const JOURNAL = `<section id="view-journal" aria-labelledby="h-journal" hidden>
<h1 id="h-journal">Journal</h1>
<div class="toolbar">
<label>Provider <select id="f-provider"><option value="">all</option></select></label>
<label>Operation <input id="f-operation" list="f-operation-list" placeholder="operationId"></label>
<label>Status <input id="f-status" inputmode="numeric" placeholder="429 or 4xx"></label>
<label>Scenario <input id="f-scenario" list="f-scenario-list" placeholder="name, or - for none"></label>
<datalist id="f-operation-list"></datalist><datalist id="f-scenario-list"></datalist>
<button type="button" id="j-clear" class="danger">Clear journal</button>
<span id="j-live" class="live">not live</span>
</div>
<p id="j-count" class="muted small" aria-live="polite"></p>
<ol id="j-list" class="rows" aria-label="Journal entries, newest first"></ol>
</section>`

const SESSIONS = `<section id="view-sessions" aria-labelledby="h-sessions" hidden>
<h1 id="h-sessions">Sessions</h1>
<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">Session</th><th scope="col">Clock</th><th scope="col">Active scenarios</th><th scope="col">Journal</th><th scope="col">Actions</th></tr></thead><tbody id="s-rows"></tbody></table></div>
<form id="s-open-form" class="toolbar"><label>Open a session by id <input id="s-open" maxlength="200" placeholder="job-a"></label><button type="submit">Open</button></form>
<h2>Clock of <span class="s-current"></span></h2>
<p><strong id="c-now" class="mono"></strong> <span id="c-mode" class="muted small"></span></p>
<form id="c-set-form" class="toolbar"><label>Set to (RFC 3339) <input id="c-set" class="mono" spellcheck="false"></label><button type="submit">Set clock</button></form>
<form id="c-adv-form" class="toolbar"><label>Advance by <input id="c-amount" type="number" min="0" step="any" value="1"></label>
<label>Unit <select id="c-unit"><option value="s">seconds</option><option value="min">minutes</option><option value="h" selected>hours</option><option value="d">days</option></select></label>
<button type="submit" id="c-advance">Advance clock</button>
<button type="button" data-advance="60000">+1 min</button><button type="button" data-advance="3600000">+1 h</button><button type="button" data-advance="86400000">+1 day</button></form>
<h2>Active scenarios of <span id="s-active-session"></span></h2>
<p class="muted small">In priority order: for each request the first that covers its operation answers.</p>
<p id="s-active-none" class="muted">None: every operation has its default, stateful behaviour.</p>
<ol id="s-active" class="rows"></ol>
<p><button type="button" id="s-clear" class="danger">Clear all</button></p>
<h2>Scenario catalogue</h2>
<div class="toolbar"><label>Search <input id="s-search" type="search" placeholder="rate, tampered, 401…"></label>
<label>Provider <select id="s-provider"><option value="">all</option></select></label></div>
<p id="s-found" class="muted small" aria-live="polite"></p>
<ul id="s-catalogue" class="cards" aria-label="Scenarios"></ul>
</section>`

const OPERATIONS = `<section id="view-operations" aria-labelledby="h-operations" hidden>
<h1 id="h-operations">Operations</h1>
<div class="toolbar"><label>Search <input id="o-search" type="search" placeholder="path, summary, operationId"></label>
<label>Show <select id="o-source"><option value="">all</option><option value="documented">fully documented</option><option value="inferred">with inferred parts</option></select></label></div>
<div id="o-list"></div>
</section>`

const PROOFS = `<section id="view-proofs" aria-labelledby="h-proofs" hidden>
<h1 id="h-proofs">Proof packs</h1>
<p class="muted small">The session's sealed packs as its API serves them (active scenarios apply), checked in series by the provider's independent verifier. Green holds, red is broken.</p>
<div class="legend"><span class="rec">#n</span> record verified <span class="rec bad">#n</span> record broken <span class="link"></span> chain link holds <span class="link bad"></span> link broken</div>
<p><button type="button" id="p-run" class="primary">Audit again</button></p>
<div id="p-result"></div>
</section>`

const WEBHOOKS = `<section id="view-webhooks" aria-labelledby="h-webhooks" hidden>
<h1 id="h-webhooks">Webhooks</h1>
<form id="w-form" class="toolbar"><label>Event <select id="w-event"></select></label><button type="submit">Fire event</button></form>
<p><button type="button" id="w-refresh">Refresh</button></p>
<div id="w-result"></div>
</section>`

function noscript(input: DashboardInput): string {
  const links = input.providers
    .map(
      (p) =>
        `<li><a href="${escapeHtml(p.pathPrefix)}">${escapeHtml(p.label ?? p.name)} operations</a> · <a href="/openapi/${escapeHtml(p.name)}.yaml">spec</a></li>`,
    )
    .join('')
  return `<noscript><p>The dashboard needs JavaScript. Without it: <ul>${links}<li><a href="/__standin/">Admin API</a></li></ul></p></noscript>`
}

export function renderDashboard(input: DashboardInput): string {
  const config = {
    version: input.version,
    seed: input.seed,
    startupScenarios: input.startupScenarios,
    providers: input.providers.map((p) => ({ name: p.name, label: p.label ?? p.name, pathPrefix: p.pathPrefix })),
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>standin ${escapeHtml(input.version)}: dashboard</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/__dashboard/app.css">
<script type="application/json" id="standin-config">${scriptJson(config)}</script>
<script src="/__dashboard/app.js" defer></script>
</head>
<body>
${header(input)}
<main id="main" tabindex="-1">
${JOURNAL}
${SESSIONS}
${OPERATIONS}
${PROOFS}
${WEBHOOKS}
${noscript(input)}
</main>
</body>
</html>
`
}
