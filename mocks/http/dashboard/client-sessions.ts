/**
 * The dashboard's script, part 3: the sessions view. The sessions the server holds (switch, reset, open a new one),
 * the chosen session's active scenarios (remove, clear) with the searchable catalogue to add them, and its clock
 * (fixed or live) with set and advance.
 */
export const CLIENT_SESSIONS = String.raw`
var SS = { catalogue: null, shownMax: 40 };
var UNITS = { s: 1000, min: 60000, h: 3600000, d: 86400000 };

function sessionRow(s) {
  var current = s.id === S.session;
  return h('tr', null, h('td', { 'data-label': 'Session' }, h('code', { text: s.id }), current ? ' ' : null, current ? h('span', { class: 'tag ok', text: 'selected' }) : null),
    h('td', { 'data-label': 'Clock', class: 'mono small', text: s.clock + ' (' + s.clockMode + ')' }),
    h('td', { 'data-label': 'Scenarios', text: s.activeScenarios.length ? s.activeScenarios.join(', ') : '—' }),
    h('td', { 'data-label': 'Journal', text: String(s.journalSize) }),
    h('td', { 'data-label': 'Actions' }, h('div', { class: 'row' },
      current ? null : h('button', { type: 'button', text: 'Switch', 'aria-label': 'Switch to session ' + s.id, onclick: function () { switchSession(s.id); } }),
      h('button', { type: 'button', class: 'danger', text: 'Reset', 'aria-label': 'Reset session ' + s.id, onclick: function () { resetSession(s.id); } }))));
}
async function resetSession(id) {
  try {
    await api('POST', '/__standin/session/reset', undefined, id);
    say('Session ' + id + ' reset to the seeded world', 'ok');
  } catch (err) { fail(err); }
  if (id === S.session && views.journal.ready) reloadJournal();
  showSessions();
}
async function showSessions() {
  try {
    var list = await loadSessions();
    var body = clear($('s-rows'));
    list.slice().reverse().forEach(function (s) { body.appendChild(sessionRow(s)); });
    var current = list.filter(function (s) { return s.id === S.session; })[0] || await api('GET', '/__standin/session');
    showActive(current.activeScenarios);
    showClock(current.clock, current.clockMode);
  } catch (err) { fail(err); }
}
function showActive(active) {
  var ol = clear($('s-active'));
  $('s-active-none').hidden = active.length > 0;
  active.forEach(function (name, i) {
    ol.appendChild(h('li', { class: 'row' }, h('span', { class: 'muted', text: String(i + 1) + '.' }), h('code', { text: name }),
      h('button', { type: 'button', text: 'Remove', 'aria-label': 'Remove scenario ' + name, onclick: function () {
        setActive(active.filter(function (n) { return n !== name; }));
      } })));
  });
  $('s-active-session').textContent = S.session;
  document.querySelectorAll('.s-current').forEach(function (el) { el.textContent = S.session; });
  SS.active = active;
  renderCatalogue();
}
async function setActive(names) {
  try {
    var data = await api('PUT', '/__standin/session/scenarios', { scenarios: names });
    showActive(data.active);
    say('Active scenarios of ' + S.session + ': ' + (data.active.join(', ') || 'none'), 'ok');
  } catch (err) { fail(err); }
}
async function activate(name) {
  try {
    var data = await api('POST', '/__standin/session/scenarios', { scenarios: [name] });
    showActive(data.active);
    say(name + ' is active in session ' + S.session + ': the next request it covers answers by it', 'ok');
  } catch (err) { fail(err); }
}
function renderCatalogue() {
  var list = clear($('s-catalogue'));
  if (!SS.catalogue) return;
  var words = $('s-search').value.toLowerCase().split(/\s+/).filter(Boolean);
  var provider = $('s-provider').value;
  var found = SS.catalogue.filter(function (s) {
    var text = (s.name + ' ' + s.description + ' ' + s.operations.join(' ')).toLowerCase();
    return (!provider || s.provider === provider) && words.every(function (w) { return text.indexOf(w) >= 0; });
  });
  found.slice(0, SS.shownMax).forEach(function (s) {
    var on = (SS.active || []).indexOf(s.name) >= 0;
    list.appendChild(h('li', { class: 'card' },
      h('div', { class: 'row' }, h('code', { text: s.name }), s.emptyWorld ? h('span', { class: 'tag', text: 'empty world' }) : null),
      h('p', { class: 'small', text: s.description }),
      h('p', { class: 'muted small', text: 'Covers: ' + (s.operations.indexOf('*') >= 0 ? 'every operation' : s.operations.join(', ') || 'the world only') }),
      on ? h('span', { class: 'tag ok', text: 'active' }) :
        h('button', { type: 'button', class: 'primary', text: 'Activate', 'aria-label': 'Activate ' + s.name, 'data-scenario': s.name, onclick: function () { activate(s.name); } })));
  });
  $('s-found').textContent = found.length + ' of ' + SS.catalogue.length + ' scenarios' + (found.length > SS.shownMax ? ', the first ' + SS.shownMax + ' shown: refine the search' : '');
}
function showClock(now, mode) {
  $('c-now').textContent = now;
  $('c-mode').textContent = mode === 'fixed' ? 'fixed: moves only when told, plus 1 s per mock request' : 'live: follows the wall clock';
  if (document.activeElement !== $('c-set')) $('c-set').value = now;
}
async function clockCall(method, path, body, what) {
  try {
    var data = await api(method, path, body);
    showClock(data.now, (S.sessions.filter(function (s) { return s.id === S.session; })[0] || {}).clockMode || 'fixed');
    say(what + ': the clock of ' + S.session + ' now reads ' + data.now, 'ok');
  } catch (err) { fail(err); }
}
function advance(ms, what) { clockCall('POST', '/__standin/session/clock/advance', { ms: ms }, what || 'Advanced'); }
function setupClock() {
  $('c-set-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    clockCall('PUT', '/__standin/session/clock', { now: $('c-set').value.trim() }, 'Set');
  });
  $('c-adv-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var n = Number($('c-amount').value);
    if (!(n >= 0)) { say('Advance by a number of units, 0 or more', 'bad'); return; }
    advance(Math.round(n * UNITS[$('c-unit').value]), 'Advanced by ' + n + ' ' + $('c-unit').value);
  });
  document.querySelectorAll('[data-advance]').forEach(function (b) {
    b.addEventListener('click', function () { advance(Number(b.getAttribute('data-advance')), 'Advanced by ' + b.textContent); });
  });
}
views.sessions = {
  title: 'sessions',
  init: function () {
    var providers = $('s-provider');
    CONFIG.providers.forEach(function (p) { providers.appendChild(h('option', { value: p.name, text: p.label })); });
    $('s-search').addEventListener('input', renderCatalogue);
    providers.addEventListener('change', renderCatalogue);
    $('s-clear').addEventListener('click', function () { setActive([]); });
    $('s-open-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var id = $('s-open').value.trim();
      if (id) { $('s-open').value = ''; switchSession(id); }
    });
    setupClock();
    api('GET', '/__standin/scenarios').then(function (data) { SS.catalogue = data.scenarios; renderCatalogue(); }, fail);
  },
  show: showSessions,
};
`
