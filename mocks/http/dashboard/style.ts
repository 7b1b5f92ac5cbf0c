/** The dashboard's stylesheet (served at /__dashboard/app.css): light and dark, fluid from 320 px up, no overflow. */
export const DASHBOARD_CSS = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #556070; --line: #d9dee7; --bg: #fff; --panel: #f4f6f9;
  --accent: #1f54c0; --ok: #0f7a3b; --warn: #8f5400; --bad: #b3261e; --bad-bg: #fdecea; --ok-bg: #e8f5ed;
  --get: #0f7a3b; --post: #8f5400; --put: #6b3fb5; --delete: #b3261e; --patch: #00707a; --focus: #1f54c0; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a3acbb; --line: #363d4a; --bg: #14171d;
  --panel: #1c2028; --accent: #86a8ff; --ok: #63d394; --warn: #f0b35b; --bad: #ff8a80; --bad-bg: #3a1d1c;
  --ok-bg: #17301f; --get: #63d394; --post: #f0b35b; --put: #b99aff; --delete: #ff8a80; --patch: #5fd0d8; --focus: #86a8ff; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); overflow-wrap: anywhere; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--bg); padding: 8px; z-index: 10; }
.skip:focus { left: 8px; }
code, pre, .mono { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 6px 0;
  white-space: pre-wrap; word-break: break-word; max-height: 28em; overflow: auto; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; padding: 10px 16px;
  border-bottom: 1px solid var(--line); background: var(--panel); }
.brand { display: flex; align-items: center; gap: 8px; font-weight: 700; font-size: 18px; }
.brand small { font-weight: 400; color: var(--muted); font-size: 13px; }
nav.views { display: flex; flex-wrap: wrap; gap: 4px; }
nav.views a { padding: 6px 10px; border-radius: 6px; text-decoration: none; color: var(--fg); }
nav.views a[aria-current="page"] { background: var(--accent); color: var(--bg); }
.picker { display: flex; align-items: center; gap: 6px; margin-left: auto; flex-wrap: wrap; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 16px 64px; }
main:focus { outline: none; }
h1 { font-size: 22px; margin: 4px 0 12px; } h2 { font-size: 18px; margin: 20px 0 8px; } h3 { font-size: 15px; margin: 14px 0 6px; }
.muted { color: var(--muted); } .small { font-size: 13px; }
button, select, input, textarea { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 5px 9px; max-width: 100%; }
button { cursor: pointer; background: var(--panel); }
button.primary { background: var(--accent); color: var(--bg); border-color: var(--accent); }
button.danger { color: var(--bad); }
button:disabled { opacity: .6; cursor: default; }
textarea { width: 100%; min-height: 6em; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
label { display: inline-flex; flex-direction: column; gap: 2px; font-size: 13px; color: var(--muted); }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; margin: 8px 0 12px; }
.toolbar input, .toolbar select { min-width: 0; width: 11em; }
.status-bar { margin: 8px 16px 0; }
.note { padding: 8px 12px; border-radius: 6px; border: 1px solid var(--line); background: var(--panel); margin: 8px 0; }
.note.bad { border-color: var(--bad); background: var(--bad-bg); }
.note.ok { border-color: var(--ok); background: var(--ok-bg); }
.live { font-size: 13px; color: var(--muted); } .live.on::before { content: "● "; color: var(--ok); }
.method { display: inline-block; min-width: 54px; text-align: center; font: 600 12px/20px ui-monospace, monospace;
  border-radius: 4px; border: 1px solid currentColor; }
.m-get { color: var(--get); } .m-post { color: var(--post); } .m-put { color: var(--put); }
.m-delete { color: var(--delete); } .m-patch { color: var(--patch); }
.st { font: 600 13px ui-monospace, monospace; } .st-2 { color: var(--ok); } .st-3 { color: var(--accent); }
.st-4 { color: var(--warn); } .st-5, .st-0 { color: var(--bad); }
.tag { display: inline-block; font-size: 12px; border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; color: var(--muted); }
.tag.ok { color: var(--ok); border-color: var(--ok); } .tag.bad { color: var(--bad); border-color: var(--bad); }
.tag.warn { color: var(--warn); border-color: var(--warn); }
ol.rows, ul.rows { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--line); }
.rows > li { border-bottom: 1px solid var(--line); }
details > summary { cursor: pointer; padding: 7px 4px; list-style-position: inside; }
.entry-sum { display: inline-flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; vertical-align: top; max-width: calc(100% - 24px); }
.entry-body, .op-body { padding: 4px 8px 12px 20px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 12px; }
.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px; font-size: 14px; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--bg); }
.card.bad { border-color: var(--bad); } .card.ok { border-color: var(--ok); }
.row { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; }
.chain { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 0; margin: 10px 0; }
.link { width: 26px; height: 4px; background: var(--ok); position: relative; flex: none; }
.link.bad { background: repeating-linear-gradient(90deg, var(--bad) 0 4px, transparent 4px 7px); height: 6px; }
.link.entry { width: 34px; } .link.none { background: var(--line); }
.rec { border: 2px solid var(--ok); border-radius: 6px; padding: 3px 7px; font: 12px/1.3 ui-monospace, monospace;
  background: var(--ok-bg); min-width: 64px; flex: none; }
.rec.bad { border-color: var(--bad); background: var(--bad-bg); color: var(--bad); font-weight: 700; }
.rec.bad::after { content: " ✕"; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 260px), 1fr)); gap: 8px; }
.total { border: 2px solid var(--ok); border-radius: 6px; padding: 6px 10px; }
.total.bad { border-color: var(--bad); background: var(--bad-bg); }
.pack-link { margin: 6px 0; font-size: 13px; }
.legend { display: flex; flex-wrap: wrap; gap: 10px; font-size: 13px; color: var(--muted); align-items: center; }
.hidden { display: none !important; }
button, th, .tag, .method { overflow-wrap: normal; white-space: nowrap; }
@media (max-width: 600px) {
  header.top { padding: 8px 10px; } main { padding: 12px 10px 48px; }
  .picker { margin-left: 0; width: 100%; } .picker select { flex: 1; }
  .toolbar input, .toolbar select { width: 9.5em; }
  .kv { grid-template-columns: minmax(0, 1fr); } .kv > :nth-child(odd) { color: var(--muted); font-size: 12px; }
  table.stack thead { display: none; }
  table.stack tr { display: block; border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.stack td { display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 8px; border: 0; padding: 2px 4px; }
  table.stack td::before { content: attr(data-label); color: var(--muted); font-size: 12px; }
}
`
