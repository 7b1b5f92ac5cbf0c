/**
 * The dashboard's script, part 2: the journal view. Newest first, live through the admin API's Server-Sent Events
 * (read with fetch so the session and admin-token headers go along), falling back to polling `?after=<seq>` once a
 * second when streaming fails. Filters by provider, operation, status and scenario; each entry opens to the request
 * and response (secrets already masked by the journal), the scenario that answered, the verdict and a curl command.
 */
export const CLIENT_JOURNAL = String.raw`
var J = { entries: [], lastSeq: 0, abort: null, poll: null, shown: 300, mode: 'off', gen: 0 };
var MAX_KEPT = 2000;

function journalFilters() {
  return { provider: $('f-provider').value, operation: $('f-operation').value.trim(),
    status: $('f-status').value.trim(), scenario: $('f-scenario').value.trim() };
}
function matches(e, f) {
  if (f.provider && e.provider !== f.provider) return false;
  if (f.operation && String(e.operationId || '').toLowerCase().indexOf(f.operation.toLowerCase()) < 0) return false;
  if (f.status) {
    var st = String(e.response.status);
    if (/^[1-5]xx$/i.test(f.status) ? st.charAt(0) !== f.status.charAt(0) : st !== f.status) return false;
  }
  if (f.scenario) {
    var sc = f.scenario === '-' ? '' : f.scenario.toLowerCase();
    if (sc === '' ? e.scenario : String(e.scenario || '').toLowerCase().indexOf(sc) < 0) return false;
  }
  return true;
}
function queryText(q) {
  var parts = [];
  Object.keys(q || {}).forEach(function (k) {
    [].concat(q[k]).forEach(function (v) { parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v)); });
  });
  return parts.length ? '?' + parts.join('&') : '';
}
function shellQuote(s) { return "'" + String(s).replace(/'/g, "'\\''") + "'"; }
var SKIP_HEADERS = ['host', 'content-length', 'connection', 'accept-encoding', 'user-agent', 'accept', 'accept-language',
  'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-dest', 'origin', 'referer'];
function curlOf(e) {
  var r = e.request;
  var parts = ['curl', '-i'];
  if (r.method !== 'GET') parts.push('-X', r.method);
  parts.push(shellQuote(location.origin + r.path + queryText(r.query)));
  Object.keys(r.headers).forEach(function (k) {
    if (SKIP_HEADERS.indexOf(k) < 0 && k.indexOf('sec-') !== 0) parts.push('-H', shellQuote(k + ': ' + r.headers[k]));
  });
  if (r.body !== null && r.body !== undefined) parts.push('--data', shellQuote(typeof r.body === 'string' ? r.body : JSON.stringify(r.body)));
  return parts.join(' ');
}
function headerList(hd) {
  var keys = Object.keys(hd || {});
  if (!keys.length) return h('p', { class: 'muted small', text: 'none' });
  return h('div', { class: 'kv mono small' }, keys.map(function (k) { return [h('span', { text: k }), h('span', { text: hd[k] })]; }));
}
function verdictOf(e) {
  if (!e.violations.length) return h('p', { class: 'note ok', text: 'The response conforms to the contract.' });
  return h('div', { class: 'note bad' }, h('strong', { text: e.violations.length + ' contract violation(s) in the response' }),
    h('ul', null, e.violations.map(function (v) { return h('li', null, h('code', { text: v.path || '/' }), ' ', v.message); })));
}
function entryBody(e) {
  var curl = curlOf(e);
  var masked = /redacted|\*\*\*/i.test(JSON.stringify(e.request.headers) + JSON.stringify(e.request.body));
  return h('div', { class: 'entry-body' },
    h('div', { class: 'kv' }, h('span', { text: 'At (session clock)' }), h('span', { text: e.at }),
      h('span', { text: 'Operation' }), h('span', { text: (e.provider || 'no provider') + ' · ' + (e.operationId || 'no operation (route miss)') }),
      h('span', { text: 'Scenario' }), h('span', { text: e.scenario || 'none: the default stateful behaviour' })),
    verdictOf(e),
    h('div', { class: 'grid2' },
      h('div', null, h('h3', { text: 'Request' }), headerList(e.request.headers),
        e.request.truncated ? h('p', { class: 'muted small', text: 'body cut to its first ' + e.request.truncated.kept + ' of ' + e.request.truncated.size + ' bytes' }) : null,
        e.request.body === null ? h('p', { class: 'muted small', text: 'no body' }) : h('pre', { text: pretty(e.request.body) })),
      h('div', null, h('h3', null, 'Response ', statusTag(e.response.status), e.response.fault ? ' ' + e.response.fault : ''),
        headerList(e.response.headers),
        e.response.body === null ? h('p', { class: 'muted small', text: 'no body' }) : h('pre', { text: pretty(e.response.body) }))),
    h('h3', { text: 'curl' }),
    h('pre', { text: curl }),
    h('div', { class: 'row' }, copyButton(function () { return curl; }, 'Copy curl'),
      masked ? h('span', { class: 'muted small', text: 'Credentials are masked: put yours back before running it.' }) : null));
}
function entryRow(e) {
  var details = h('details', { 'data-seq': e.seq },
    h('summary', null, h('span', { class: 'entry-sum' },
      h('span', { class: 'muted mono', text: '#' + e.seq }), methodTag(e.request.method),
      h('code', { text: e.request.path + queryText(e.request.query) }), statusTag(e.response.status),
      h('span', { text: e.operationId || 'no operation' }),
      e.scenario ? h('span', { class: 'tag warn', text: e.scenario }) : null,
      e.violations.length ? h('span', { class: 'tag bad', text: 'contract violation' }) : null,
      h('span', { class: 'muted small', text: e.at }))));
  details.addEventListener('toggle', function () {
    if (details.open && details.childNodes.length === 1) details.appendChild(entryBody(e));
  });
  return h('li', null, details);
}
function renderJournal() {
  var f = journalFilters();
  var list = clear($('j-list'));
  var shown = 0;
  for (var i = J.entries.length - 1; i >= 0 && shown < J.shown; i--) {
    if (matches(J.entries[i], f)) { list.appendChild(entryRow(J.entries[i])); shown++; }
  }
  var total = J.entries.filter(function (e) { return matches(e, f); }).length;
  $('j-count').textContent = total === 0 ? 'No entries' + (J.entries.length ? ' match the filters.' : ' yet: send a request to this session.') :
    total + ' entr' + (total === 1 ? 'y' : 'ies') + (total > shown ? ', the newest ' + shown + ' shown' : '') + ' (session ' + S.session + ')';
  fillJournalChoices();
}
function fillJournalChoices() {
  var ops = {}, scs = {};
  J.entries.forEach(function (e) { if (e.operationId) ops[e.operationId] = 1; if (e.scenario) scs[e.scenario] = 1; });
  [['f-operation-list', ops], ['f-scenario-list', scs]].forEach(function (p) {
    var dl = clear($(p[0]));
    Object.keys(p[1]).sort().forEach(function (v) { dl.appendChild(h('option', { value: v })); });
  });
}
function addEntries(entries) {
  if (!entries.length) return;
  var f = journalFilters();
  var list = $('j-list');
  entries.forEach(function (e) {
    if (e.seq <= J.lastSeq) return;
    J.entries.push(e);
    J.lastSeq = e.seq;
    if (matches(e, f)) list.insertBefore(entryRow(e), list.firstChild);
  });
  if (J.entries.length > MAX_KEPT) J.entries.splice(0, J.entries.length - MAX_KEPT);
  while (list.children.length > J.shown) list.removeChild(list.lastChild);
  var total = J.entries.filter(function (e) { return matches(e, f); }).length;
  $('j-count').textContent = total + ' entr' + (total === 1 ? 'y' : 'ies') + (total > list.children.length ? ', the newest ' + list.children.length + ' shown' : '') + ' (session ' + S.session + ')';
}
function setLive(mode) {
  J.mode = mode;
  var el = $('j-live');
  el.className = 'live' + (mode === 'off' ? '' : ' on');
  el.textContent = mode === 'stream' ? 'live (stream)' : mode === 'poll' ? 'live (polling every second)' : 'not live';
}
async function reloadJournal() {
  stopLive();
  var gen = ++J.gen;
  J.entries = []; J.lastSeq = 0;
  try {
    var data = await api('GET', '/__standin/session/journal?limit=' + MAX_KEPT);
    if (gen !== J.gen) return;
    J.entries = data.entries;
    J.lastSeq = data.entries.length ? data.entries[data.entries.length - 1].seq : 0;
    renderJournal();
    startStream(gen);
  } catch (err) { fail(err); }
}
function stopLive() {
  J.gen++;
  if (J.abort) J.abort.abort();
  if (J.poll) clearTimeout(J.poll);
  J.abort = null; J.poll = null;
  setLive('off');
}
async function startStream(gen) {
  var ctl = new AbortController();
  J.abort = ctl;
  try {
    var res = await fetch('/__standin/session/journal/stream?after=' + J.lastSeq, { headers: adminHeaders({ accept: 'text/event-stream' }), signal: ctl.signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw new Error('stream ' + res.status);
    setLive('stream');
    await readEvents(res.body.getReader(), gen);
    if (gen === J.gen) startStream(gen);
  } catch (err) {
    if (gen === J.gen && !ctl.signal.aborted) startPolling(gen);
  }
}
async function readEvents(reader, gen) {
  var decoder = new TextDecoder();
  var buffer = '';
  for (;;) {
    var chunk = await reader.read();
    if (chunk.done || gen !== J.gen) return;
    buffer += decoder.decode(chunk.value, { stream: true });
    var cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) { handleEvent(buffer.slice(0, cut)); buffer = buffer.slice(cut + 2); }
  }
}
function handleEvent(block) {
  var type = 'message', data = '';
  block.split('\n').forEach(function (line) {
    if (line.indexOf('event: ') === 0) type = line.slice(7);
    else if (line.indexOf('data: ') === 0) data += line.slice(6);
  });
  if (type === 'entry') addEntries([JSON.parse(data)]);
  else if (type === 'reset') { J.entries = []; J.lastSeq = 0; renderJournal(); }
}
function startPolling(gen) {
  setLive('poll');
  var tick = async function () {
    if (gen !== J.gen) return;
    try {
      var data = await api('GET', '/__standin/session/journal?after=' + J.lastSeq + '&limit=500');
      if (gen !== J.gen) return;
      // The journal was reset, recreated or cleared: its newest seq is behind what is shown. Start again from it.
      if (data.newestSeq < J.lastSeq) { J.entries = []; J.lastSeq = 0; renderJournal(); return void (J.poll = setTimeout(tick, 0)); }
      addEntries(data.entries);
    } catch (err) { /* the next tick tries again */ }
    if (gen === J.gen) J.poll = setTimeout(tick, 1000);
  };
  J.poll = setTimeout(tick, 1000);
}
views.journal = {
  title: 'journal',
  init: function () {
    var providers = $('f-provider');
    CONFIG.providers.forEach(function (p) { providers.appendChild(h('option', { value: p.name, text: p.label })); });
    ['f-provider', 'f-operation', 'f-status', 'f-scenario'].forEach(function (id) { $(id).addEventListener('input', renderJournal); });
    $('j-clear').addEventListener('click', function () {
      api('DELETE', '/__standin/session/journal').then(function () { say('Journal of ' + S.session + ' cleared', 'ok'); reloadJournal(); }, fail);
    });
    reloadJournal();
  },
  sessionChanged: function () { if (views.journal.ready) reloadJournal(); },
};
`
