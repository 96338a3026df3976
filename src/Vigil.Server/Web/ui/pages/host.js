// One host: identity, charts over a chosen range with anomalies marked on them, the host's anomalies, inventory
// tables, drift, health, compliance and events; live on `batch` and on anomaly events.
import * as api from '../api.js';
import { h, replace, empty } from '../dom.js';
import { bytes, duration, number, timestamp, relative } from '../format.js';
import { MetricChart } from '../chart.js';
import { dataTable } from '../table.js';
import { statusBadge, labelChips, utilizationBar, relativeTime, pageError, facts, section } from '../widgets.js';
import { CHARTS, RANGES } from './host-charts.js';
import { eventRow, eventsHead } from './event-row.js';
import { anomalyTable, bandsFor } from '../anomalies.js';
import { hostBundlesSection } from './bundles.js';
import { hostComplianceSection } from './host-compliance.js';

let rangeId = '1h'; // kept across hosts in this tab

export function renderHost({ main, query, live }, hostId) {
  if (query.get('range') && RANGES.some((r) => r.id === query.get('range'))) rangeId = query.get('range');
  let disposed = false;
  let detail = null;
  const path = `/hosts/${api.encode(hostId)}`;

  const head = h('div.page-head.host-head');
  const alerts = h('div');
  const kpis = h('div.kpis', { id: 'kpis' });
  const identity = h('div', { id: 'identity' });
  const health = h('div', { id: 'health' });
  const rangePicker = h('div.segmented', { role: 'group', 'aria-label': 'Time range', id: 'range' });
  const charts = CHARTS.map((spec) => {
    const box = h('div.chart', { id: `chart-${spec.id}`, dataset: { chart: spec.id } });
    const marks = h('span.anomaly-count', { dataset: { anomalies: '0' } });
    return { spec, box, marks, chart: new MetricChart(box, { unit: spec.unit, yMax: spec.yMax, stacked: spec.stacked }) };
  });
  const ports = h('div', { id: 'ports' });
  const processes = h('div', { id: 'processes' });
  const certificates = h('div', { id: 'certificates' });
  const drift = h('div', { id: 'drift' });
  const events = h('div', { id: 'host-events' });
  const anomalies = h('div', { id: 'host-anomalies' });
  const anomaliesNote = h('span.muted');
  const packages = h('div', { id: 'packages' });
  const packagesCount = h('span.muted');

  replace(main,
    head, alerts, kpis,
    h('div.grid-2', null, section('Identity', identity), section('Component health', health)),
    hostComplianceSection(hostId),
    h('div.section-bar', null, h('h2', null, 'Metrics'), rangePicker),
    h('div.charts', null, charts.map(({ spec, box, marks }) => h('section.panel.chart-panel', null,
      h('header.panel-head', null, h('h3', null, spec.title, ' ', marks), h('span.muted', null, spec.note)), box))),
    section('Anomalies', anomalies, anomaliesNote),
    h('div.grid-2', null, section('Listening ports', ports), section('Top processes', processes)),
    section('Certificates', certificates, h('span.muted', null, 'soonest expiry first')),
    h('div.grid-2', null, section('File drift', drift, h('span.muted', null, 'last 7 days')), section('Recent events', events, h('a.small', { href: '#/events' }, 'All events →'))),
    section('Packages', packages, packagesCount),
    hostBundlesSection(hostId));
  drawRangePicker();
  replace(head, h('div.loading', null, 'Loading host…'));

  async function loadDetail() {
    try {
      detail = await api.get(path);
    } catch (e) {
      if (disposed || e instanceof api.NetworkError || e.status === 401) return false;
      replace(main, e.status === 404
        ? h('div.error', { role: 'alert' }, h('strong', null, 'Unknown host. '), `No host "${hostId}" is enrolled. `, h('a', { href: '#/' }, 'Back to the fleet'))
        : pageError(e));
      disposed = true;
      return false;
    }
    if (disposed) return false;
    drawHead();
    return true;
  }

  function drawHead() {
    const d = detail;
    replace(head,
      h('div', null,
        h('nav.crumbs', null, h('a', { href: '#/' }, 'Fleet'), ' / '),
        h('h1', null, h('span', { id: 'host-name' }, d.hostname), ' ', statusBadge(d.status)),
        h('div.head-meta', null,
          h('span', null, 'last seen ', h('span', { id: 'host-last-seen', dataset: { time: d.last_seen ?? '' } }, relativeTime(d.last_seen))),
          h('span.sep', null, '·'), h('span.mono', null, d.id),
          h('span.sep', null, '·'), labelChips(d.labels))));
    const problems = (d.problems ?? []).length ? d.problems : (d.health ?? []).filter((x) => x.status !== 'ok');
    replace(alerts, problems.length === 0 ? null : h('div.alert', { dataset: { status: problems.some((p) => p.status === 'failed') ? 'failed' : 'degraded' } },
      h('strong', null, `${problems.length} problem${problems.length > 1 ? 's' : ''}: `),
      problems.map((p, i) => [i ? '; ' : '', h('b', null, p.source), ` ${p.reason}`])));
    const id = d.identity ?? {};
    replace(kpis,
      kpi('CPU', utilizationBar(d.cpu_utilization), 'cpu', id.cpus ? `${id.cpus} logical CPUs` : null),
      kpi('Memory', utilizationBar(d.memory_utilization), 'memory', id.memory_bytes ? `of ${bytes(id.memory_bytes)}` : null),
      kpi('Load 1m', h('span.kpi-number', null, number(d.load1)), 'load', id.cpus && d.load1 !== null && d.load1 !== undefined ? `${number(d.load1 / id.cpus)} per CPU` : null),
      kpi('Uptime', h('span.kpi-number', null, duration(d.uptime_s ?? id.uptime_s)), 'uptime', id.boot_unix_ms ? `since ${timestamp(id.boot_unix_ms)}` : null),
      kpi('Agent certificate', h('span.kpi-number', null, d.certificate_not_after ? relative(d.certificate_not_after) : '–'), 'certificate',
        d.certificate_not_after ? `expires ${timestamp(d.certificate_not_after)}` : null));
    replace(identity, d.identity ? facts([
      ['OS', id.os_pretty ?? d.os],
      ['Kernel', id.kernel ?? d.kernel],
      ['Architecture', id.arch],
      ['CPU', id.cpu_model ? `${id.cpu_model} × ${id.cpus}` : id.cpus],
      ['Memory', id.memory_bytes ? bytes(id.memory_bytes) : null],
      ['Virtualization', [id.virtualization, id.container && id.container !== 'none' ? `container: ${id.container}` : null].filter(Boolean).join(', ')],
      ['Booted', id.boot_unix_ms ? `${timestamp(id.boot_unix_ms)} (up ${duration(d.uptime_s ?? id.uptime_s)})` : null],
      ['Clock', clock(id)],
      ['Agent version', d.agent_version],
      ['Machine ID', id.machine_id ? h('span.mono', null, id.machine_id) : null],
      ['Enrolled', d.enrolled_at ? timestamp(d.enrolled_at) : null],
      ['Agent certificate', d.certificate_not_after ? `${timestamp(d.certificate_not_after)} (${relative(d.certificate_not_after)})` : null],
    ]) : empty('The agent has not sent its identity yet.'));
    replace(health, dataTable([
      { title: 'Component', cell: (x) => x.source, field: 'source' },
      { title: 'Status', cell: (x) => statusBadge(x.status) },
      { title: 'Reason', cell: (x) => h('span.mono', null, x.reason) },
      { title: 'Message', cell: (x) => x.message, wrap: true },
      { title: 'Since', cell: (x) => relativeTime(x.since) },
    ], sortHealth(d.health ?? []), { id: 'health-table', emptyText: 'Every component reports healthy.' }));
  }

  function kpi(title, value, field, sub) {
    return h('div.kpi', { dataset: { kpi: field } }, h('div.kpi-title', null, title), h('div.kpi-value', null, value), sub ? h('div.kpi-sub', null, sub) : null);
  }

  function drawRangePicker() {
    replace(rangePicker, RANGES.map((r) => h('button', {
      type: 'button', 'aria-pressed': String(r.id === rangeId), dataset: { range: r.id },
      onclick: () => { rangeId = r.id; drawRangePicker(); loadCharts(); loadAnomalies(); },
    }, r.id)));
  }

  async function loadCharts() {
    const range = RANGES.find((r) => r.id === rangeId);
    const to = Date.now();
    const span = { from: to - range.ms, to };
    await Promise.all(charts.map(async ({ spec, box, chart }) => {
      try {
        const results = await Promise.all(spec.metrics.map((m) => api.get(`${path}/metrics/${api.encode(m)}`, { since: rangeId })
          .catch((e) => { if (e.status === 404) return { metric: m, series: [] }; throw e; })));
        if (disposed) return;
        let series = results.flatMap((r, i) => (r.series ?? [])
          .filter((s) => !spec.keep || spec.keep(s.attributes ?? {}))
          .map((s) => {
            const label = spec.label(s.attributes ?? {}, spec.metrics[i]);
            return { label, points: s.points, color: spec.colors?.[label] };
          }));
        if (spec.dropIdle) series = series.filter((x) => x.points.some((p) => p[1]));
        const rank = (label) => { const i = spec.order?.indexOf(label) ?? -1; return i < 0 ? 99 : i; };
        series.sort((a, b) => rank(a.label) - rank(b.label) || a.label.localeCompare(b.label, undefined, { numeric: true }));
        chart.update(series, span);
      } catch (e) {
        if (!disposed && !(e instanceof api.NetworkError)) replace(box, h('div.chart-empty', null, `Could not load: ${e.message}`));
      }
    }));
  }

  async function inventory(kind) {
    try {
      return await api.get(`${path}/inventory/${kind}`);
    } catch (e) {
      if (e.status === 404) return { kind, items: [] };
      throw e;
    }
  }

  async function loadInventory() {
    const [portsInv, procInv, certInv, pkgInv] = await Promise.all(
      ['listening_ports', 'top_processes', 'certificates', 'packages'].map((k) => inventory(k).catch((e) => ({ error: e, items: [] }))));
    if (disposed) return;
    drawPorts(portsInv);
    drawProcesses(procInv);
    drawCertificates(certInv);
    drawPackages(pkgInv);
  }

  function drawPorts(inv) {
    const rows = inv.items.map((i) => i.attrs).sort((a, b) => Number(a.port) - Number(b.port) || (a.protocol ?? '').localeCompare(b.protocol ?? ''));
    replace(ports, inv.error ? pageError(inv.error) : dataTable([
      { title: 'Proto', cell: (a) => a.protocol, field: 'protocol' },
      { title: 'Address', cell: (a) => a.address, mono: true },
      { title: 'Port', cell: (a) => a.port, num: true, mono: true, field: 'port' },
      { title: 'Process', cell: (a) => a.process ?? h('span.muted', null, 'unknown'), field: 'process' },
      { title: 'PID', cell: (a) => a.pid ?? '–', num: true, mono: true },
      { title: 'UID', cell: (a) => a.uid ?? '–', num: true, mono: true },
    ], rows, { id: 'ports-table', emptyText: 'No listening sockets reported.' }));
  }

  function drawProcesses(inv) {
    const rows = inv.items.map((i) => i.attrs).sort((a, b) => Number(b.cpu_percent ?? 0) - Number(a.cpu_percent ?? 0));
    replace(processes, inv.error ? pageError(inv.error) : dataTable([
      { title: 'PID', cell: (a) => a.pid, num: true, mono: true },
      { title: 'Name', cell: (a) => h('span', { title: a.cmdline ?? '' }, a.name), field: 'name' },
      { title: 'User', cell: (a) => a.user ?? '–' },
      { title: 'CPU', cell: (a) => (a.cpu_percent !== undefined ? `${Number(a.cpu_percent).toFixed(1)} %` : '–'), num: true, field: 'cpu' },
      { title: 'Memory', cell: (a) => bytes(a.rss_bytes !== undefined ? Number(a.rss_bytes) : null), num: true },
      { title: 'Threads', cell: (a) => a.threads ?? '–', num: true },
      { title: 'State', cell: (a) => a.state ?? '–' },
    ], rows, { id: 'processes-table', emptyText: 'No process data yet.' }));
  }

  function drawCertificates(inv) {
    const rows = inv.items.map((i) => ({ key: i.key, ...i.attrs })).sort((a, b) => Number(a.days_to_expiry) - Number(b.days_to_expiry));
    replace(certificates, inv.error ? pageError(inv.error) : dataTable([
      { title: 'Subject', cell: (a) => commonName(a.subject), field: 'subject' },
      { title: 'Expires', cell: (a) => h('span', { title: a.not_after }, timestamp(a.not_after)) },
      { title: 'Days left', cell: (a) => expiry(Number(a.days_to_expiry)), num: true, field: 'days' },
      { title: 'Issuer', cell: (a) => (a.self_signed === 'true' ? h('span.muted', null, 'self-signed') : commonName(a.issuer)) },
      { title: 'Key', cell: (a) => [a.key_type, a.key_bits].filter(Boolean).join(' ') },
      { title: 'Source', cell: (a) => a.source, mono: true, wrap: true },
    ], rows, {
      id: 'certificates-table', emptyText: 'No certificates are watched on this host (collectors.certificates in the agent configuration).',
      rowAttrs: (a) => ({ dataset: { expiry: expiryLevel(Number(a.days_to_expiry)) } }),
    }));
  }

  let packageRows = [];
  let packageFilter = '';
  const packageSearch = h('input.input.search', {
    id: 'packages-search', type: 'search', placeholder: 'Filter packages…',
    oninput: (e) => { packageFilter = e.target.value.trim().toLowerCase(); drawPackageTable(); },
  });
  const packageTable = h('div.scroll');
  function drawPackages(inv) {
    packageRows = inv.items.map((i) => i.attrs).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    packagesCount.textContent = `${packageRows.length} installed${inv.observed_at ? `, as of ${relative(inv.observed_at)}` : ''}`;
    replace(packages, inv.error ? pageError(inv.error) : [h('div.toolbar.panel-toolbar', null, packageSearch), packageTable]);
    drawPackageTable();
  }
  function drawPackageTable() {
    const LIMIT = 200;
    const shown = packageRows.filter((p) => !packageFilter || (p.name ?? '').toLowerCase().includes(packageFilter) || (p.version ?? '').toLowerCase().includes(packageFilter));
    replace(packageTable, dataTable([
      { title: 'Name', cell: (a) => a.name, field: 'name' },
      { title: 'Version', cell: (a) => a.version, mono: true },
      { title: 'Arch', cell: (a) => a.arch ?? '–' },
      { title: 'Source', cell: (a) => a.source ?? '–' },
    ], shown.slice(0, LIMIT), { id: 'packages-table', emptyText: packageRows.length ? 'No package matches.' : 'No package inventory from this host.' }),
    shown.length > LIMIT ? h('p.muted.small', null, `Showing ${LIMIT} of ${shown.length}; filter to narrow down.`) : null);
  }

  async function loadDrift() {
    try {
      const result = await api.get(`${path}/drift`, { since: '7d', limit: 50 });
      if (disposed) return;
      replace(drift, dataTable([
        { title: 'Path', cell: (x) => x.path, mono: true, wrap: true, field: 'path' },
        { title: 'Change', cell: (x) => h('span.change', { dataset: { change: x.change } }, x.change) },
        { title: 'Size', cell: (x) => sizeChange(x.before, x.after), num: true },
        { title: 'Mode', cell: (x) => modeChange(x.before, x.after), mono: true },
        { title: 'When', cell: (x) => relativeTime(x.observed_at) },
      ], result.drift ?? [], { id: 'drift-table', emptyText: 'No watched file changed in the last 7 days.' }));
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(drift, pageError(e));
    }
  }

  async function loadEvents() {
    try {
      const result = await api.get('/events', { host: hostId, limit: 15 });
      if (disposed) return;
      drawEvents(result.events ?? []);
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(events, pageError(e));
    }
  }
  let eventList = [];
  function drawEvents(list) {
    eventList = list.slice(0, 15);
    replace(events, eventList.length === 0 ? empty('No events for this host.')
      : h('div.table-wrap', null, h('table.table.events', { id: 'host-events-table' }, eventsHead(false), h('tbody', null, eventList.map((e) => eventRow(e, { host: false }))))));
  }

  // Anomalies overlapping the chosen range: listed below the charts, and drawn as bands on the chart of their metric.
  async function loadAnomalies() {
    try {
      const result = await api.get(`${path}/anomalies`, { since: rangeId, limit: 500 });
      if (disposed) return;
      const list = result.anomalies ?? [];
      const open = list.filter((a) => a.state === 'open').length;
      anomaliesNote.textContent = `${open} open, ${list.length - open} closed in the last ${rangeId}`;
      replace(anomalies, anomalyTable(list, { id: 'anomalies-table', emptyText: `No anomaly on this host in the last ${rangeId}.` }));
      for (const { spec, chart, marks } of charts) {
        const bands = bandsFor(list, spec.metrics);
        chart.setAnomalies(bands);
        marks.dataset.anomalies = String(bands.length);
        marks.textContent = bands.length ? `${bands.length} anomal${bands.length === 1 ? 'y' : 'ies'}` : '';
      }
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(anomalies, pageError(e));
    }
  }

  async function loadAll() {
    if (!(await loadDetail())) return;
    await Promise.all([loadCharts(), loadAnomalies(), loadInventory(), loadDrift(), loadEvents()]);
  }

  // Live: a batch from this host refreshes what it may have changed, at most every 2 s.
  let refreshTimer = null;
  let lastRefresh = 0;
  function scheduleRefresh() {
    if (refreshTimer) return;
    const wait = Math.max(0, 2000 - (Date.now() - lastRefresh));
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      lastRefresh = Date.now();
      if (await loadDetail()) await Promise.all([loadCharts(), loadAnomalies(), loadInventory(), loadDrift()]);
    }, wait);
  }

  live.connect(hostId);
  loadAll();
  return {
    onLive(message) {
      if (disposed) return;
      const forThisHost = (x) => x === hostId || (detail && x === detail.id);
      if (message.type === 'batch' && forThisHost(message.data.host)) scheduleRefresh();
      if (message.type === 'event' && (!message.data.vigilagent || forThisHost(message.data.vigilagent))) {
        if (!eventList.some((e) => e.id === message.data.id)) drawEvents([message.data, ...eventList]);
        if ((message.data.type ?? '').startsWith('dev.vigil.anomaly.')) loadAnomalies();
      }
    },
    dispose() {
      disposed = true;
      clearTimeout(refreshTimer);
      for (const c of charts) c.chart.dispose();
    },
  };
}

function sortHealth(list) {
  const rank = { failed: 0, degraded: 1, ok: 2 };
  return list.slice().sort((a, b) => (rank[a.status] ?? 3) - (rank[b.status] ?? 3) || a.source.localeCompare(b.source));
}

function clock(id) {
  if (!id.time_sync) return null;
  const offset = id.clock_offset_s !== undefined && id.clock_offset_s !== null ? `, offset ${number(id.clock_offset_s * 1000, 1)} ms` : '';
  return h('span', { dataset: { sync: id.time_sync } }, `${id.time_sync}${offset}`);
}

function commonName(dn) {
  if (!dn) return '–';
  const cn = /CN=([^,]+)/.exec(dn);
  return h('span', { title: dn }, cn ? cn[1] : dn);
}

function expiryLevel(days) {
  if (Number.isNaN(days)) return 'unknown';
  if (days < 0) return 'expired';
  if (days < 14) return 'critical';
  if (days < 30) return 'warning';
  return 'ok';
}

function expiry(days) {
  const level = expiryLevel(days);
  const text = Number.isNaN(days) ? '–' : days < 0 ? `expired ${-days} d ago` : `${days} d`;
  return h('span.expiry', { dataset: { level } }, text);
}

function sizeChange(before, after) {
  if (before && after && before.size !== after.size) return `${bytes(before.size)} → ${bytes(after.size)}`;
  return bytes((after ?? before)?.size);
}

function modeChange(before, after) {
  if (before && after && before.mode !== after.mode) return `${before.mode} → ${after.mode}`;
  return (after ?? before)?.mode ?? '–';
}
