// One CloudEvent as a table row that expands to its data, shared by the events page and the host page.
import { h } from '../dom.js';
import { timestamp } from '../format.js';
import { relativeTime } from '../widgets.js';

export function eventsHead(withHost = true) {
  return h('thead', null, h('tr', null, h('th', null, 'Time'), h('th', null, 'Type'), h('th', null, 'Subject'), withHost ? h('th', null, 'Host') : null, h('th', null, '')));
}

/** `hosts` maps agent ids to hostnames where known, so the link reads as a name. */
export function eventRow(event, { host = true, hosts = new Map() } = {}) {
  const details = h('tr.event-data', { hidden: true }, h('td', { colspan: host ? 5 : 4 }, h('pre.json', null, JSON.stringify(event.data ?? null, null, 2)),
    h('div.event-meta.muted', null, `id ${event.id} · source ${event.source}`, event.correlationid ? ` · correlation ${event.correlationid}` : '',
      event.causationid ? ` · caused by ${event.causationid}` : '')));
  const toggle = h('button.btn-link', {
    type: 'button', 'aria-expanded': 'false',
    onclick: () => {
      details.hidden = !details.hidden;
      toggle.setAttribute('aria-expanded', String(!details.hidden));
      toggle.textContent = details.hidden ? 'data ▸' : 'data ▾';
    },
  }, 'data ▸');
  const agent = event.vigilagent;
  const row = h('tr.event', { dataset: { id: event.id, type: event.type, time: event.time } },
    h('td.nowrap', { title: timestamp(event.time) }, h('div', null, timestamp(event.time)), h('div.sub', null, relativeTime(event.time))),
    h('td', null, h('span.event-type', { dataset: { family: family(event.type) } }, shortType(event.type))),
    h('td.wrap.mono.small', null, event.subject ?? '–'),
    host ? h('td', null, agent ? h('a', { href: `#/hosts/${encodeURIComponent(agent)}` }, hosts.get(agent) ?? agent) : h('span.muted', null, '–')) : null,
    h('td.num', null, toggle));
  return [row, details];
}

/** "dev.vigil.host.silent" → "host.silent": the common prefix says nothing in this table. */
export function shortType(type) {
  return (type ?? '').replace(/^dev\.vigil\./, '');
}

function family(type) {
  const t = type ?? '';
  if (/(fail|silent|revoked|expired|error|anomaly\.opened)/.test(t)) return 'bad';
  if (/(degraded|drift|changed|expiring|warning)/.test(t)) return 'warn';
  if (/(recovered|returned|enrolled|renewed|healthy|anomaly\.closed)/.test(t)) return 'good';
  return 'info';
}
