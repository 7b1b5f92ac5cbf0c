/**
 * The dashboard's script, part 6: the session's webhooks - subscriptions (never their secrets), deliveries and the
 * journal of attempts with their outcomes - and firing an event on demand (`standin trigger`).
 */
export const CLIENT_WEBHOOKS = `
function table(headers, rows) {
  if (!rows.length) return h('p', { class: 'muted small', text: 'None yet.' });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'stack' },
    h('thead', null, h('tr', null, headers.map(function (t) { return h('th', { scope: 'col', text: t }); }))),
    h('tbody', null, rows.map(function (cells) { return h('tr', null, cells.map(function (c, i) { return h('td', { 'data-label': headers[i] }, c); })); }))));
}
function outcomeTag(s) {
  return h('span', { class: 'tag ' + (s === 'DELIVERED' ? 'ok' : s === 'PENDING' ? '' : s === 'FAILED' ? 'warn' : 'bad'), text: s });
}
async function showWebhooks() {
  var out = $('w-result');
  try {
    var subs = await api('GET', '/__standin/session/webhooks');
    var dels = await api('GET', '/__standin/session/webhooks/deliveries');
    var atts = await api('GET', '/__standin/session/webhooks/attempts?limit=100');
    clear(out);
    out.appendChild(h('h2', { text: 'Subscriptions (' + subs.subscriptions.length + ')' }));
    out.appendChild(table(['Id', 'URL', 'Events', 'State'], subs.subscriptions.map(function (s) {
      return [h('code', { text: s.subscriptionId }), h('span', { class: 'mono small', text: s.url }), s.events.join(', '),
        [h('span', { class: 'tag ' + (s.active ? 'ok' : ''), text: s.active ? 'active' : 'inactive' }), ' ', s.registered ? 'real requests' : 'seeded: simulated']];
    })));
    out.appendChild(h('h2', { text: 'Deliveries (' + dels.total + ')' }));
    out.appendChild(table(['Delivery', 'Event', 'Status', 'Attempts', 'Last answer', 'Next attempt'], dels.deliveries.slice(-100).reverse().map(function (d) {
      return [h('code', { text: d.id }), d.event, outcomeTag(d.status), String(d.attempts) + (d.inFlight ? ' (in flight)' : ''),
        d.lastResponseStatus === null ? '—' : statusTag(d.lastResponseStatus), d.nextAttemptAt || '—'];
    })));
    out.appendChild(h('h2', { text: 'Attempts (' + atts.total + ', the last 100)' }));
    out.appendChild(table(['#', 'Delivery', 'Event', 'At', 'Answer', 'Outcome'], atts.attempts.slice().reverse().map(function (a) {
      return [String(a.seq), h('code', { text: a.deliveryId }), a.event + ' (try ' + a.attempt + ')', h('span', { class: 'mono small', text: a.at }),
        [a.status === null ? 'no answer' : statusTag(a.status), a.error ? ' ' + a.error : '', ' ' + a.latencyMs + ' ms'],
        [outcomeTag(a.outcome), a.simulated ? ' simulated' : '']];
    })));
  } catch (err) {
    clear(out).appendChild(h('p', { class: 'note', text: err.status === 404 ? 'No served provider sends webhooks.' : err.message }));
  }
}
async function trigger(ev) {
  ev.preventDefault();
  try {
    var r = await api('POST', '/__standin/session/webhooks/trigger', { event: $('w-event').value });
    say('Fired ' + r.event + ': ' + r.deliveries.length + ' deliveries', 'ok');
    setTimeout(showWebhooks, 300);
  } catch (err) { fail(err); }
}
views.webhooks = {
  title: 'webhooks',
  init: function () {
    var events = (S.index && S.index.webhookEvents) || [];
    var select = $('w-event');
    events.forEach(function (e) { select.appendChild(h('option', { value: e, text: e })); });
    $('w-form').hidden = events.length === 0;
    $('w-form').addEventListener('submit', trigger);
    $('w-refresh').addEventListener('click', showWebhooks);
  },
  show: showWebhooks,
};
`
