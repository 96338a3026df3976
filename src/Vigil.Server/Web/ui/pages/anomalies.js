// Anomalies across the fleet: open first, filterable by state, time range, host and text; new ones arrive live.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { pageError } from '../widgets.js';
import { anomalyTable, attributesText } from '../anomalies.js';

const RANGES = ['1h', '24h', '7d', '30d'];
const STATES = [['', 'All'], ['open', 'Open'], ['closed', 'Closed']];
const filters = { state: '', range: '7d', host: '', q: '' }; // kept across visits in this tab

export function renderAnomalies({ main, query, live }) {
  if (query.get('state') !== null) filters.state = query.get('state');
  if (query.get('host') !== null) filters.host = query.get('host');
  let disposed = false;
  let anomalies = [];
  let hosts = [];
  const counts = h('div.status-counts', { id: 'anomaly-counts' });
  const states = h('div.segmented', { role: 'group', 'aria-label': 'State', id: 'anomaly-state' });
  const ranges = h('div.segmented', { role: 'group', 'aria-label': 'Time range', id: 'anomaly-range' });
  const hostSelect = h('select.input', { id: 'anomaly-host', 'aria-label': 'Host', onchange: (e) => { filters.host = e.target.value; load(); } });
  const search = h('input.input.search', {
    id: 'anomaly-search', type: 'search', placeholder: 'Search series or explanation…', value: filters.q,
    oninput: (e) => { filters.q = e.target.value; draw(); },
  });
  const summary = h('span.muted.count');
  const list = h('div.panel', { id: 'anomalies' });

  replace(main,
    h('div.page-head', null, h('h1', null, 'Anomalies'), counts, h('span.muted', null, 'series that stopped behaving like themselves, as the agents\u2019 detectors saw them')),
    h('div.toolbar', null, states, ranges, hostSelect, search, summary),
    list);
  drawPickers();

  function drawPickers() {
    replace(states, STATES.map(([value, label]) => h('button', {
      type: 'button', 'aria-pressed': String(filters.state === value), dataset: { state: value || 'all' },
      onclick: () => { filters.state = value; drawPickers(); load(); },
    }, label)));
    replace(ranges, RANGES.map((r) => h('button', {
      type: 'button', 'aria-pressed': String(filters.range === r), dataset: { range: r },
      onclick: () => { filters.range = r; drawPickers(); load(); },
    }, r)));
  }

  async function load() {
    try {
      const [result, fleet] = await Promise.all([
        api.get('/anomalies', { state: filters.state, since: filters.range, host: filters.host, limit: 1000 }),
        hosts.length ? null : api.get('/hosts').catch(() => null),
      ]);
      if (disposed) return;
      if (fleet) {
        hosts = fleet.hosts.map((x) => ({ id: x.id, hostname: x.hostname })).sort((a, b) => a.hostname.localeCompare(b.hostname));
        replace(hostSelect, h('option', { value: '' }, 'All hosts'),
          hosts.map((x) => h('option', { value: x.id, selected: filters.host === x.id || filters.host === x.hostname }, x.hostname)));
      }
      anomalies = result.anomalies ?? [];
      draw();
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError) && e.status !== 401) replace(list, pageError(e));
    }
  }

  function matches(a) {
    const q = filters.q.trim().toLowerCase();
    return !q || [a.metric, attributesText(a.attributes), a.message, a.hostname, a.host, ...(a.detectors ?? [])].join(' ').toLowerCase().includes(q);
  }

  function draw() {
    const open = anomalies.filter((a) => a.state === 'open').length;
    replace(counts,
      h('span.count-chip', { dataset: { status: open ? 'failed' : 'ok' } }, h('b', null, String(open)), ' open'),
      h('span.count-chip', null, h('b', null, String(anomalies.length - open)), ' closed'));
    const shown = anomalies.filter(matches);
    summary.textContent = `${shown.length} of ${anomalies.length} anomalies in the last ${filters.range}`;
    replace(list, anomalyTable(shown, {
      id: 'anomalies-table', host: true,
      emptyText: anomalies.length ? 'No anomaly matches this search.' : `No ${filters.state || ''} anomalies in the last ${filters.range}.`.replace('  ', ' '),
    }));
  }

  live.connect(null);
  load();
  let pending = null;
  return {
    onLive(message) {
      if (disposed || message.type !== 'event' || !(message.data.type ?? '').startsWith('dev.vigil.anomaly.') || pending) return;
      pending = setTimeout(() => { pending = null; load(); }, 250);
    },
    dispose() { disposed = true; clearTimeout(pending); },
  };
}
