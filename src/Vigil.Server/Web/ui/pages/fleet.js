// Fleet overview: every host, problems first; filter by status and label, search by text; refreshed on `fleet` ticks.
import * as api from '../api.js';
import { h, replace, empty } from '../dom.js';
import { number } from '../format.js';
import { STATUS_ORDER, statusBadge, labelChips, utilizationBar, relativeTime, pageError } from '../widgets.js';

const filters = { q: '', status: '', label: '' }; // kept across visits in this tab

export function renderFleet({ main, live }) {
  let hosts = [];
  let disposed = false;
  const counts = h('div.status-counts');
  const body = h('tbody');
  const labelSelect = h('select.input', { id: 'fleet-label', 'aria-label': 'Label', onchange: (e) => { filters.label = e.target.value; draw(); } });
  const statusSelect = h('select.input', { id: 'fleet-status', 'aria-label': 'Status', onchange: (e) => { filters.status = e.target.value; draw(); } },
    h('option', { value: '' }, 'All statuses'),
    Object.keys(STATUS_ORDER).map((s) => h('option', { value: s, selected: filters.status === s }, s)));
  const search = h('input.input.search', {
    id: 'fleet-search', type: 'search', placeholder: 'Search hosts, OS, labels…', value: filters.q,
    oninput: (e) => { filters.q = e.target.value; draw(); },
  });
  const summary = h('span.muted.count');

  replace(main,
    h('div.page-head', null, h('h1', null, 'Fleet'), counts),
    h('div.toolbar', null, search, statusSelect, labelSelect, summary),
    h('div.table-wrap', null, h('table.table.fleet', { id: 'fleet-table' },
      h('thead', null, h('tr', null,
        h('th', null, 'Status'), h('th', null, 'Host'), h('th', null, 'Problems'),
        h('th.num', null, 'CPU'), h('th.num', null, 'Memory'), h('th.num', null, 'Load 1m'),
        h('th', null, 'Last seen'), h('th', null, 'OS'), h('th', null, 'Labels'))),
      body)));

  async function load() {
    try {
      const result = await api.get('/hosts');
      if (disposed) return;
      hosts = result.hosts.slice().sort((a, b) =>
        (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || a.hostname.localeCompare(b.hostname));
      drawLabels();
      draw();
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError) && e.status !== 401) replace(body, h('tr', null, h('td', { colspan: 9 }, pageError(e))));
    }
  }

  function drawLabels() {
    const all = [...new Set(hosts.flatMap((x) => Object.entries(x.labels ?? {}).map(([k, v]) => `${k}=${v}`)))].sort();
    replace(labelSelect, h('option', { value: '' }, 'All labels'), all.map((l) => h('option', { value: l, selected: filters.label === l }, l)));
  }

  function matches(host) {
    if (filters.status && host.status !== filters.status) return false;
    if (filters.label) {
      const [k, ...rest] = filters.label.split('=');
      if ((host.labels ?? {})[k] !== rest.join('=')) return false;
    }
    const q = filters.q.trim().toLowerCase();
    if (!q) return true;
    const text = [host.hostname, host.id, host.os, host.kernel, host.status, ...Object.entries(host.labels ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(host.problems ?? []).map((p) => `${p.source} ${p.reason}`)].join(' ').toLowerCase();
    return text.includes(q);
  }

  function draw() {
    const byStatus = {};
    for (const x of hosts) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
    replace(counts, Object.keys(STATUS_ORDER).filter((s) => byStatus[s]).map((s) =>
      h('button.count-chip', { type: 'button', dataset: { status: s }, 'aria-pressed': String(filters.status === s),
        onclick: () => { filters.status = filters.status === s ? '' : s; statusSelect.value = filters.status; draw(); } },
      h('b', null, String(byStatus[s])), ` ${s === 'ok' ? 'OK' : s}`)));
    const shown = hosts.filter(matches);
    summary.textContent = `${shown.length} of ${hosts.length} hosts`;
    if (hosts.length === 0) {
      replace(body, h('tr', null, h('td', { colspan: 9 }, empty('No hosts have enrolled yet. Install vigil-agent on a host and enroll it.'))));
      return;
    }
    if (shown.length === 0) {
      replace(body, h('tr', null, h('td', { colspan: 9 }, empty('No host matches these filters.'))));
      return;
    }
    replace(body, shown.map(row));
  }

  function row(x) {
    const href = `#/hosts/${encodeURIComponent(x.id)}`;
    return h('tr.clickable', { dataset: { host: x.id, status: x.status }, onclick: (e) => { if (!e.target.closest('a')) location.hash = href; } },
      h('td', null, statusBadge(x.status)),
      h('td', null, h('a.host-link', { href }, x.hostname), h('div.sub.mono', null, x.id)),
      h('td.problems', null, problems(x.problems)),
      h('td.num', { dataset: { field: 'cpu' } }, utilizationBar(x.cpu_utilization)),
      h('td.num', { dataset: { field: 'memory' } }, utilizationBar(x.memory_utilization)),
      h('td.num.mono', { dataset: { field: 'load' } }, number(x.load1)),
      h('td', { class: x.status === 'silent' ? 'stale' : undefined, dataset: { field: 'last-seen' } }, relativeTime(x.last_seen)),
      h('td', null, x.os ?? h('span.muted', null, '–'), x.kernel ? h('div.sub', null, x.kernel) : null),
      h('td', null, labelChips(x.labels)));
  }

  live.connect(null);
  load();
  let pending = null;
  return {
    onLive(message) {
      if (message.type !== 'fleet' || pending) return;
      pending = setTimeout(() => { pending = null; load(); }, 250);
    },
    dispose() { disposed = true; clearTimeout(pending); },
  };
}

function problems(list) {
  if (!list || list.length === 0) return h('span.muted', null, 'none');
  const first = list[0];
  return h('span.problem', { title: list.map((p) => `${p.source}: ${p.reason} — ${p.message}`).join('\n') },
    h('span.problem-src', { dataset: { status: first.status } }, first.source), ` ${first.reason}`,
    list.length > 1 ? h('span.more', null, ` +${list.length - 1}`) : null);
}
