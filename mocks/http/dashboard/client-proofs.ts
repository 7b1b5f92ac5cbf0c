/**
 * The dashboard's script, part 5: the proof packs of the session, audited by the provider's verifier through
 * `GET /__standin/session/proof-packs`, drawn as a chain: each record a box, each link a bar (the first one from the
 * previous pack), then the metering and settlement totals. A failed check colours what it names: its record, the link
 * into a record (CHAIN_LINK_MISMATCH, GENESIS_BEFORE_HASH_NOT_NULL), or a total; every failure is listed below.
 * While there is no pack, the report's `hint` (the provider's words, e.g. the request that seals one) says what to do.
 */
export const CLIENT_PROOFS = String.raw`
var LINK_CODES = ['CHAIN_LINK_MISMATCH', 'GENESIS_BEFORE_HASH_NOT_NULL'];

function recordIndexOf(f) {
  if (typeof f.recordIndex === 'number') return f.recordIndex;
  var m = /^\/records\/(\d+)(\/|$)/.exec(f.path || '');
  return m ? Number(m[1]) : null;
}
function classify(pack) {
  var out = { records: {}, links: {}, metering: [], settlement: [], envelope: [] };
  pack.findings.forEach(function (f) {
    var i = recordIndexOf(f);
    var path = f.path || '';
    if (i !== null && LINK_CODES.indexOf(f.code) >= 0) (out.links[i] = out.links[i] || []).push(f);
    else if (i !== null) (out.records[i] = out.records[i] || []).push(f);
    else if (path.indexOf('/metering') === 0 || f.code.indexOf('METER') === 0) out.metering.push(f);
    else if (path.indexOf('/settlement') === 0 || f.code.indexOf('SETTLEMENT') === 0) out.settlement.push(f);
    else out.envelope.push(f);
  });
  return out;
}
function short(hash) { return hash ? String(hash).slice(0, 8) + '…' : 'null'; }
function codes(list) { return list.map(function (f) { return f.code; }).filter(function (c, i, a) { return a.indexOf(c) === i; }).join(', '); }
function linkBar(i, broken, r, first) {
  var label = first ? (i === 0 ? 'link from the previous pack into record 0' : '') : 'link from record ' + (i - 1) + ' to record ' + i;
  var text = broken ? label + ': broken (' + codes(broken) + ')' : label + ': holds (beforeHash ' + short(r.beforeHash) + ')';
  return h('span', { class: 'link' + (broken ? ' bad' : '') + (first ? ' entry' : ''), role: 'img', 'aria-label': text, title: text, 'data-link': i });
}
function recordBox(r, broken) {
  var text = 'record ' + r.index + (broken ? ': broken (' + codes(broken) + ')' : ': verified') + ', receipt ' + (r.receiptId || '?') + ', afterHash ' + short(r.afterHash);
  return h('span', { class: 'rec' + (broken ? ' bad' : ''), role: 'img', 'aria-label': text, title: text, 'data-record': r.index, 'data-broken': broken ? 'true' : 'false' },
    '#' + r.index, h('br'), short(r.afterHash));
}
function chainPicture(pack, cls) {
  var pic = h('div', { class: 'chain', role: 'group', 'aria-label': 'Records of pack ' + pack.packId + ' and the links between them' });
  var prev = -1;
  pack.records.forEach(function (r) {
    if (r.index !== prev + 1) pic.appendChild(h('span', { class: 'muted small', text: ' … ' + (r.index - prev - 1) + ' records … ' }));
    pic.appendChild(linkBar(r.index, cls.links[r.index], r, r.index === 0));
    pic.appendChild(recordBox(r, cls.records[r.index]));
    prev = r.index;
  });
  if (pack.recordCount > prev + 1) pic.appendChild(h('span', { class: 'muted small', text: ' … ' + (pack.recordCount - prev - 1) + ' more records, verified' }));
  return pic;
}
function totalBox(title, facts, broken) {
  return h('div', { class: 'total' + (broken.length ? ' bad' : ''), 'data-total': title.toLowerCase(), role: 'group', 'aria-label': title + (broken.length ? ': broken' : ': verified') },
    h('strong', { text: title + (broken.length ? ' ✕ ' + codes(broken) : ' ✓') }), h('div', { class: 'kv small mono' }, facts));
}
function kvPairs(obj) {
  return Object.keys(obj).map(function (k) { return [h('span', { text: k }), h('span', { text: pretty(obj[k]) })]; });
}
function findingsTable(pack) {
  if (!pack.findings.length) return null;
  return h('div', { class: 'table-wrap' }, h('table', { class: 'stack' },
    h('thead', null, h('tr', null, ['Check', 'Where', 'What', 'Expected / found'].map(function (t) { return h('th', { scope: 'col', text: t }); }))),
    h('tbody', null, pack.findings.map(function (f) {
      var i = recordIndexOf(f);
      return h('tr', null, h('td', { 'data-label': 'Check' }, h('code', { text: f.code })),
        h('td', { 'data-label': 'Where', class: 'small' }, i === null ? '' : 'record ' + i + ' ', h('code', { text: f.path || '' })),
        h('td', { 'data-label': 'What', class: 'small', text: f.message }),
        h('td', { 'data-label': 'Expected / found', class: 'small mono', text: f.expected === undefined ? '' : 'expected ' + f.expected + '\nfound ' + f.actual }));
    }))));
}
function packCard(pack, n) {
  var cls = classify(pack);
  return h('article', { class: 'card ' + (pack.ok ? 'ok' : 'bad'), 'data-pack': pack.packId, 'aria-label': 'Pack ' + (n + 1) + ' ' + pack.packId },
    h('div', { class: 'row' }, h('strong', { text: 'Pack ' + (n + 1) }), h('code', { text: pack.packId || '(no packId)' }),
      h('span', { class: 'tag ' + (pack.ok ? 'ok' : 'bad'), text: pack.ok ? 'verified' : 'broken' }),
      h('span', { class: 'muted small', text: (pack.label || '') + ' · sealed ' + pack.issuedAt + ' · ' + pack.recordCount + ' records · ' + pack.passed + ' checks passed' })),
    pack.failures.length ? h('p', { class: 'small' }, 'Failed: ', h('strong', { text: pack.failures.join(', ') })) : null,
    cls.envelope.length ? h('p', { class: 'note bad', text: 'Envelope: ' + codes(cls.envelope) }) : null,
    chainPicture(pack, cls),
    h('div', { class: 'totals' },
      totalBox('Metering', [h('span', { text: 'records' }), h('span', { text: String(pack.metering.records) })].concat(kvPairs(pack.metering.totals)), cls.metering),
      totalBox('Settlement', [h('span', { text: 'lines' }), h('span', { text: pack.settlement.lines + ' ' + (pack.settlement.currency || '') })].concat(kvPairs(pack.settlement.totals)), cls.settlement)),
    findingsTable(pack));
}
async function audit() {
  var out = clear($('p-result'));
  out.appendChild(h('p', { class: 'muted', text: 'Auditing the packs of ' + S.session + '…' }));
  $('p-run').disabled = true;
  try {
    var r = await api('GET', '/__standin/session/proof-packs');
    clear(out);
    out.appendChild(h('p', { class: 'note ' + (r.error ? 'bad' : r.ok ? 'ok' : 'bad') },
      r.error ? 'No verdict: ' + r.error : r.packs.length === 0 ? 'No sealed pack in this session yet' + (r.hint ? ' (' + r.hint + ').' : '.') :
        (r.ok ? 'All ' + r.packs.length + ' packs verify.' : r.packs.filter(function (p) { return !p.ok; }).length + ' of ' + r.packs.length + ' packs are broken: the red parts below.') +
        (r.omitted ? ' ' + r.omitted + ' older packs not audited.' : '')));
    out.appendChild(h('p', { class: 'muted small', text: 'Read through the session\'s API: ' + r.requests.map(function (q) { return 'GET ' + q.path + ' → ' + q.status + (q.scenario ? ' (' + q.scenario + ')' : ''); }).join('; ') }));
    r.packs.forEach(function (p, i) {
      if (i > 0) out.appendChild(h('p', { class: 'pack-link muted', text: '↓ chained: pack ' + (i + 1) + ' continues from pack ' + i + '\'s last afterHash' }));
      out.appendChild(packCard(p, i));
    });
  } catch (err) {
    clear(out).appendChild(h('p', { class: 'note bad', text: err.status === 404 ? 'No served provider seals proof packs.' : err.message }));
  } finally { $('p-run').disabled = false; }
}
views.proofs = {
  title: 'proof packs',
  init: function () { $('p-run').addEventListener('click', audit); },
  show: audit,
  sessionChanged: function () { clear($('p-result')); },
};
`
