// Events: the CloudEvents the server stored, newest first, filterable by type; new ones arrive live.
import * as api from '../api.js';
import { h, replace, empty } from '../dom.js';
import { pageError } from '../widgets.js';
import { eventRow, eventsHead } from './event-row.js';

let typeFilter = ''; // kept across visits in this tab

export function renderEvents({ main, query, live }) {
  if (query.get('type')) typeFilter = query.get('type');
  const hostFilter = query.get('host') ?? '';
  let disposed = false;
  let events = [];
  let cursor = null;
  const hosts = new Map();
  const body = h('tbody');
  const more = h('button.btn', { type: 'button', hidden: true, onclick: () => load(true) }, 'Load older events');
  const typeInput = h('input.input.search', {
    id: 'events-type', type: 'search', list: 'event-types', value: typeFilter,
    placeholder: 'Type, e.g. dev.vigil.host.* ', 'aria-label': 'Event type',
    onchange: (e) => { typeFilter = e.target.value.trim(); load(false); },
  });
  const typeList = h('datalist', { id: 'event-types' });
  const summary = h('span.muted.count');

  replace(main,
    h('div.page-head', null, h('h1', null, 'Events'), h('span.muted', null, 'CloudEvents derived from what agents report')),
    h('div.toolbar', null, typeInput, typeList,
      h('button.btn', { type: 'button', onclick: () => { typeInput.value = ''; typeFilter = ''; load(false); } }, 'Clear'),
      hostFilter ? h('span.chip', null, h('span.chip-k', null, 'host'), h('span.chip-v', null, hostFilter)) : null, summary),
    h('div.table-wrap', null, h('table.table.events', { id: 'events-table' }, eventsHead(true), body)),
    h('div.more', null, more));

  async function load(older) {
    try {
      const [result, fleet] = await Promise.all([
        api.get('/events', { type: typeFilter, host: hostFilter, limit: 100, before: older ? cursor : undefined }),
        hosts.size ? null : api.get('/hosts').catch(() => null),
      ]);
      if (disposed) return;
      for (const x of fleet?.hosts ?? []) hosts.set(x.id, x.hostname);
      events = older ? events.concat(result.events) : result.events;
      cursor = result.next_cursor ?? null;
      draw();
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError) && e.status !== 401) replace(body, h('tr', null, h('td', { colspan: 5 }, pageError(e))));
    }
  }

  function draw() {
    more.hidden = cursor === null;
    summary.textContent = `${events.length} event${events.length === 1 ? '' : 's'}${cursor !== null ? ' (more available)' : ''}`;
    const known = new Set(events.map((e) => e.type));
    replace(typeList, [...known].sort().map((t) => h('option', { value: t })));
    replace(body, events.length === 0
      ? h('tr', null, h('td', { colspan: 5 }, empty(typeFilter ? `No events of type ${typeFilter}.` : 'No events yet.')))
      : events.map((e) => eventRow(e, { hosts })));
  }

  function matches(event) {
    if (hostFilter && event.vigilagent !== hostFilter) return false;
    if (!typeFilter) return true;
    return typeFilter.endsWith('*') ? event.type.startsWith(typeFilter.slice(0, -1)) : event.type === typeFilter;
  }

  live.connect(null);
  load(false);
  return {
    onLive(message) {
      if (disposed || message.type !== 'event' || !matches(message.data)) return;
      if (events.some((e) => e.id === message.data.id)) return;
      events = [message.data, ...events];
      draw();
      body.querySelector('tr.event')?.classList.add('fresh');
    },
    dispose() { disposed = true; },
  };
}
