/**
 * The dashboard's script, part 4: the operations view. Per provider, each operation with its provenance (documented,
 * with the provider's page, or inferred) and every inferred part it reaches, its parameters, request and response
 * schemas and examples, and "try it", which sends a request into the selected session (it shows up in the journal).
 */
export const CLIENT_OPERATIONS = String.raw`
var OPS = { catalogue: null };

function sourceTag(op) {
  var s = op.source;
  var tag = s.kind === 'documented' ? h('span', { class: 'tag ok', text: 'documented' }) :
    s.kind === 'inferred' ? h('span', { class: 'tag warn', text: 'inferred operation' }) : h('span', { class: 'tag bad', text: 'no source' });
  return [tag, op.inferred.length ? h('span', { class: 'tag warn', text: op.inferred.length + ' inferred part' + (op.inferred.length === 1 ? '' : 's') }) : null];
}
function schemaBlock(title, schema) {
  if (schema === null || schema === undefined) return null;
  return h('details', null, h('summary', { text: title }), h('pre', { text: pretty(schema) }));
}
function examplesBlock(examples) {
  var names = Object.keys(examples || {});
  if (!names.length) return null;
  return h('div', null, names.map(function (n) {
    return h('details', null, h('summary', { text: 'Example: ' + n }), h('pre', { text: pretty(examples[n]) }),
      copyButton(function () { return pretty(examples[n]); }, 'Copy example'));
  }));
}
function paramTable(params) {
  if (!params.length) return h('p', { class: 'muted small', text: 'No parameters.' });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'stack' },
    h('thead', null, h('tr', null, ['Name', 'In', 'Required', 'Description'].map(function (t) { return h('th', { scope: 'col', text: t }); }))),
    h('tbody', null, params.map(function (p) {
      return h('tr', null, h('td', { 'data-label': 'Name' }, h('code', { text: p.name })), h('td', { 'data-label': 'In', text: p.in }),
        h('td', { 'data-label': 'Required', text: p.required ? 'yes' : 'no' }), h('td', { 'data-label': 'Description', class: 'small', text: p.description || '' }));
    }))));
}
function inferredList(op) {
  if (!op.inferred.length) return h('p', { class: 'small', text: 'Nothing in this operation is inferred: all of it is in the provider\'s pages.' });
  return h('details', null, h('summary', { text: 'What is inferred (' + op.inferred.length + ')' }),
    h('ul', { class: 'small' }, op.inferred.map(function (p) { return h('li', null, h('code', { text: p.pointer }), ': ', p.reason); })));
}
function tryIt(provider, op) {
  var example = op.requestBody ? op.requestBody.examples[Object.keys(op.requestBody.examples)[0]] : undefined;
  var headers = (provider.authorization && op.secured ? provider.authorization + '\n' : '') + (op.requestBody ? 'Content-Type: application/json\n' : '');
  var url = h('input', { type: 'text', value: op.path, 'aria-label': 'Path and query', class: 'mono' });
  var hd = h('textarea', { 'aria-label': 'Request headers, one per line', rows: 3 }); hd.value = headers;
  var body = op.requestBody ? h('textarea', { 'aria-label': 'Request body', rows: 8 }) : null;
  if (body) body.value = example === undefined ? '{}' : pretty(example);
  var out = h('div', { 'aria-live': 'polite' });
  var send = h('button', { type: 'submit', class: 'primary', text: 'Send to session' });
  var form = h('form', { class: 'try' }, h('h3', { text: 'Try it' }),
    h('p', { class: 'muted small' }, 'Sent to this server with X-Standin-Session: ', h('code', { class: 'try-session', text: S.session }), '; it appears in the journal. Fill in the path parameters.'),
    h('div', { class: 'row' }, methodTag(op.method), url), field('Headers', hd), body ? field('Body (JSON)', body) : null, send, out);
  form.addEventListener('submit', function (ev) { ev.preventDefault(); sendTry(op.method, url.value, hd.value, body && body.value, out); });
  return form;
}
async function sendTry(method, path, headerText, body, out) {
  var headers = { 'x-standin-session': S.session };
  headerText.split('\n').forEach(function (line) {
    var i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  });
  clear(out).appendChild(h('p', { class: 'muted', text: 'Sending…' }));
  try {
    var res = await fetch(path, { method: method, headers: headers, body: body === null || method === 'GET' ? undefined : body, cache: 'no-store' });
    var text = await res.text();
    var shown = text;
    try { shown = pretty(JSON.parse(text)); } catch (e) { /* not JSON: as received */ }
    clear(out).appendChild(h('div', null, h('p', null, 'Answer ', statusTag(res.status), ' ', res.headers.get('x-standin-scenario') || ''), h('pre', { text: shown })));
  } catch (err) {
    clear(out).appendChild(h('p', { class: 'note bad', text: 'No answer: ' + err.message }));
  }
}
function opBody(provider, op) {
  return h('div', { class: 'op-body' },
    op.description ? h('p', { class: 'small', text: op.description }) : null,
    h('div', { class: 'row small' }, 'operationId ', h('code', { text: op.operationId }), op.secured ? h('span', { class: 'tag', text: 'needs credentials' }) : null,
      op.source.url ? h('a', { href: op.source.url, rel: 'noreferrer', target: '_blank', text: 'Provider reference' }) : null,
      h('a', { href: provider.spec, target: '_blank', text: 'Spec (YAML)' })),
    op.source.kind === 'inferred' && op.source.reason ? h('p', { class: 'note', text: 'Inferred: ' + op.source.reason }) : null,
    inferredList(op), h('h3', { text: 'Parameters' }), paramTable(op.parameters),
    op.requestBody ? h('div', null, h('h3', { text: 'Request body' + (op.requestBody.required ? '' : ' (optional)') }),
      schemaBlock('Schema', op.requestBody.schema), examplesBlock(op.requestBody.examples)) : null,
    h('h3', { text: 'Responses' }),
    h('ul', { class: 'rows' }, op.responses.map(function (r) {
      return h('li', null, h('details', null, h('summary', null, statusTag(r.status), ' ', r.description),
        h('div', { class: 'op-body' }, schemaBlock('Schema', r.schema), examplesBlock(r.examples))));
    })),
    tryIt(provider, op));
}
function opRow(provider, op) {
  var details = h('details', { id: 'op-' + provider.name + '-' + op.operationId },
    h('summary', null, h('span', { class: 'entry-sum' }, methodTag(op.method), h('code', { text: op.path }), h('span', { text: op.summary }), sourceTag(op))));
  details.addEventListener('toggle', function () { if (details.open && details.childNodes.length === 1) details.appendChild(opBody(provider, op)); });
  return h('li', null, details);
}
function renderOperations() {
  var root = clear($('o-list'));
  var q = $('o-search').value.toLowerCase();
  var only = $('o-source').value;
  OPS.catalogue.forEach(function (p) {
    var documented = p.operations.filter(function (o) { return o.source.kind === 'documented'; }).length;
    var seen = {};
    p.operations.forEach(function (o) { o.inferred.forEach(function (i) { seen[i.pointer] = 1; }); });
    var parts = Object.keys(seen).length;
    var ops = p.operations.filter(function (o) {
      var text = (o.method + ' ' + o.path + ' ' + o.summary + ' ' + o.operationId).toLowerCase();
      var kind = only === 'inferred' ? o.source.kind !== 'documented' || o.inferred.length > 0 : only === 'documented' ? o.source.kind === 'documented' && !o.inferred.length : true;
      return text.indexOf(q) >= 0 && kind;
    });
    root.appendChild(h('section', { 'aria-label': p.title },
      h('h2', null, p.title, ' ', h('small', { class: 'muted', text: p.pathPrefix })),
      h('p', { class: 'small' }, p.operations.length + ' operations: ' + documented + ' documented, ' + (p.operations.length - documented) + ' inferred; ' +
        parts + ' distinct inferred parts reached by operations (' + p.inferredInSpec + ' in the whole spec, webhook payloads included). ',
        h('a', { href: p.spec, target: '_blank', text: 'Spec' }), ' · ', h('a', { href: p.pathPrefix, target: '_blank', text: 'Index' })),
      h('ul', { class: 'rows' }, ops.map(function (o) { return opRow(p, o); }))));
  });
}
views.operations = {
  title: 'operations',
  init: function () {
    $('o-search').addEventListener('input', function () { if (OPS.catalogue) renderOperations(); });
    $('o-source').addEventListener('change', function () { if (OPS.catalogue) renderOperations(); });
  },
  show: function () {
    if (OPS.catalogue) return;
    api('GET', '/__standin/operations').then(function (data) { OPS.catalogue = data.providers; renderOperations(); }, fail);
  },
  sessionChanged: function () { document.querySelectorAll('.try-session').forEach(function (el) { el.textContent = S.session; }); },
};
`
