/**
 * The dashboard's script, part 1: state, DOM helpers, the admin API client (session and admin-token headers), the
 * admin token prompt, the session picker and the view router. Plain ES2020 in the browser, no framework; the views
 * (client-*.ts) register themselves in `views`. Written without template literals so it can live in this string.
 */
export const CLIENT_CORE = `
'use strict';
var S = { session: 'default', token: null, index: null, view: null, sessions: [] };
var views = {};
var TOKEN_KEY = 'standin.adminToken';
var SESSION_KEY = 'standin.session';
var CONFIG = JSON.parse(document.getElementById('standin-config').textContent);

function h(tag, attrs) {
  var el = document.createElement(tag);
  for (var k in attrs || {}) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'class') el.className = v;
    else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
  return el;
}
function append(el, child) {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
  el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
}
function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
function $(id) { return document.getElementById(id); }
function pretty(v) { return v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 2); }
function methodTag(m) { return h('span', { class: 'method m-' + String(m).toLowerCase(), text: String(m).toUpperCase() }); }
function statusTag(s) { return h('span', { class: 'st st-' + String(s).charAt(0), text: s === 0 ? 'fault' : String(s) }); }
function field(label, control) { return h('label', null, label, control); }
function copyButton(getText, label) {
  return h('button', { type: 'button', text: label || 'Copy', onclick: function (ev) {
    var b = ev.currentTarget;
    copyText(getText()).then(function () { b.textContent = 'Copied'; setTimeout(function () { b.textContent = label || 'Copy'; }, 1500); },
      function () { say('Copy failed: select the text and copy it by hand', 'bad'); });
  } });
}
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  var area = h('textarea', { class: 'skip', 'aria-hidden': 'true' });
  area.value = text; document.body.appendChild(area); area.select();
  var ok = document.execCommand('copy'); area.remove();
  return ok ? Promise.resolve() : Promise.reject(new Error('copy'));
}
function say(message, kind) {
  var box = $('status');
  clear(box);
  if (message) box.appendChild(h('div', { class: 'note ' + (kind || '') }, message));
}
function fail(err) { say(err && err.message ? err.message : String(err), 'bad'); }

function adminHeaders(extra, session) {
  var hd = { 'x-standin-session': session === undefined ? S.session : session };
  if (S.token) hd['x-standin-admin-token'] = S.token;
  for (var k in extra || {}) hd[k] = extra[k];
  return hd;
}
function ApiError(status, body) {
  this.status = status; this.body = body;
  this.message = (body && body.error && body.error.message) || ('HTTP ' + status);
}
// \`session\`: another session than the selected one, for this call only (the selection is never borrowed across an await).
async function api(method, path, body, session) {
  var init = { method: method, headers: adminHeaders(body === undefined ? {} : { 'content-type': 'application/json' }, session), cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  var res = await fetch(path, init);
  var text = await res.text();
  var data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (res.status === 401) askForToken(data);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function takeTokenFromFragment() {
  var m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return;
  try { S.token = decodeURIComponent(m[1]); } catch (e) { S.token = m[1]; /* a stray % in a hand-typed link */ }
  try { sessionStorage.setItem(TOKEN_KEY, S.token); } catch (e) { /* storage off: keep it in memory */ }
  // The token leaves the address bar at once (replaceState rewrites the current history entry; the browser may still
  // have recorded the original address): it must not be bookmarked, shared or screenshotted from the page.
  history.replaceState(null, '', location.pathname + location.search + '#journal');
}
function askForToken(data) {
  var panel = $('token-panel');
  if (!panel.hidden) return;
  panel.hidden = false;
  $('token-why').textContent = S.token ? 'The admin token was refused; enter the one standin serve printed.' :
    'This server needs its admin token (printed by standin serve at start, or given with --admin-token).';
  $('token-input').focus();
}
function setupToken() {
  try { S.token = sessionStorage.getItem(TOKEN_KEY); } catch (e) { S.token = null; }
  takeTokenFromFragment();
  $('token-panel').addEventListener('submit', function (ev) {
    ev.preventDefault();
    S.token = $('token-input').value.trim() || null;
    $('token-input').value = '';
    try { if (S.token) sessionStorage.setItem(TOKEN_KEY, S.token); } catch (e) { /* memory only */ }
    $('token-panel').hidden = true;
    boot();
  });
}

async function loadSessions() {
  var data = await api('GET', '/__standin/sessions');
  S.sessions = data.sessions;
  var select = clear($('session'));
  var ids = S.sessions.map(function (s) { return s.id; });
  if (ids.indexOf(S.session) < 0) ids.push(S.session);
  ids.forEach(function (id) { select.appendChild(h('option', { value: id, text: id, selected: id === S.session })); });
  return S.sessions;
}
function switchSession(id) {
  if (!id || id === S.session) return;
  S.session = id;
  try { sessionStorage.setItem(SESSION_KEY, id); } catch (e) { /* memory only */ }
  say('Session ' + id + ' selected', 'ok');
  loadSessions().catch(fail);
  Object.keys(views).forEach(function (k) { if (views[k].sessionChanged) views[k].sessionChanged(); });
  if (views[S.view] && views[S.view].show) views[S.view].show();
}

function route() {
  var name = (location.hash.replace(/^#/, '').split(/[/&=]/)[0]) || 'journal';
  if (!views[name]) name = 'journal';
  var changed = S.view !== name;
  S.view = name;
  Object.keys(views).forEach(function (k) { $('view-' + k).hidden = k !== name; });
  document.querySelectorAll('nav.views a').forEach(function (a) {
    if (a.getAttribute('href') === '#' + name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  document.title = 'standin ' + CONFIG.version + ': ' + views[name].title;
  if (changed && views[name].show) views[name].show();
}

async function boot() {
  try {
    S.index = await api('GET', '/__standin/');
    await loadSessions();
    say('');
    Object.keys(views).forEach(function (k) { if (views[k].init && !views[k].ready) { views[k].ready = true; views[k].init(); } });
    S.view = null;
    route();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) fail(err);
  }
}

document.addEventListener('DOMContentLoaded', function () {
  try { S.session = sessionStorage.getItem(SESSION_KEY) || 'default'; } catch (e) { S.session = 'default'; }
  setupToken();
  $('session').addEventListener('change', function (ev) { switchSession(ev.target.value); });
  window.addEventListener('hashchange', route);
  boot();
});
`
