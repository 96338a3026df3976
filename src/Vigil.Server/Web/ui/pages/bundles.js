// Diagnostic bundles: deduplication statistics and every bundle (#/bundles), one bundle with its problems first, its
// files and a viewer (#/bundles/ID), a diff of two bundles (#/bundles/A/diff/B), and the list on a host's page.
import * as api from '../api.js';
import { token } from '../auth.js';
import { h, replace } from '../dom.js';
import { bytes, number } from '../format.js';
import { dataTable } from '../table.js';
import { facts, pageError, relativeTime, section } from '../widgets.js';

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 };

function bundleLink(id) {
  return h('a.link', { href: `#/bundles/${api.encode(id)}` }, id);
}

function problemsCell(problems) {
  if (!problems?.length) return h('span.muted', null, '–');
  const worst = [...problems].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9))[0];
  return h('span', { title: problems.map((p) => `${p.severity}: ${p.summary}`).join('\n') },
    h('span.badge', { dataset: { status: worst.severity === 'critical' ? 'failed' : worst.severity === 'warning' ? 'degraded' : 'ok' } }, String(problems.length)),
    ' ', worst.summary);
}

/** The bundles table, on the bundles page and on a host's page. */
export function bundleTable(bundles, { id = 'bundle-table', showHost = true } = {}) {
  const columns = [
    { title: 'Bundle', field: 'id', cell: (b) => bundleLink(b.id), mono: true },
    showHost ? { title: 'Host', field: 'host', cell: (b) => h('a.link', { href: `#/hosts/${api.encode(b.agent_id)}` }, b.host) } : null,
    { title: 'Created', field: 'created', cell: (b) => relativeTime(b.created) },
    { title: 'Profile', field: 'profile', cell: (b) => b.profile },
    { title: 'Files', field: 'files', cell: (b) => String(b.files), num: true },
    { title: 'Size', field: 'logical', cell: (b) => bytes(b.logical_bytes), num: true },
    { title: 'New', field: 'new', cell: (b) => bytes(b.new_bytes), num: true },
    { title: 'Problems', field: 'problems', cell: (b) => problemsCell(b.problems), wrap: true },
  ].filter(Boolean);
  return dataTable(columns, bundles, { id, emptyText: 'No bundles yet: `vigil-agent collect --upload` sends one.' });
}

/** Logical against new bytes per host, as horizontal bars on one scale. */
function dedupChart(hosts) {
  const max = Math.max(1, ...hosts.map((x) => x.logical_bytes));
  const bar = (value, kind) => {
    const fill = h(`i.bar-${kind}`);
    fill.style.width = `${((value / max) * 100).toFixed(1)}%`;
    return h('span.dedup-bar', null, fill);
  };
  return h('div.dedup-chart', { id: 'dedup-chart' }, hosts.map((x) => h('div.dedup-row', { dataset: { host: x.host } },
    h('span.dedup-host', null, x.host),
    h('span.dedup-bars', null, bar(x.logical_bytes, 'logical'), bar(x.new_bytes, 'stored')),
    h('span.dedup-values.mono', null, `${bytes(x.logical_bytes)} → ${bytes(x.new_bytes)} (${number(x.ratio, 1)}×)`))),
  h('div.dedup-legend.muted', null, h('i.bar-logical'), ' in the bundles ', h('i.bar-stored'), ' new to the store'));
}

export function renderBundles({ main }) {
  let disposed = false;
  const stats = h('div', { id: 'bundle-stats' }, h('div.loading', null, 'Loading…'));
  const list = h('div', { id: 'bundle-list' }, h('div.loading', null, 'Loading…'));
  replace(main,
    h('div.page-head', null, h('h1', null, 'Bundles'), h('span.muted', null, 'Every file kept once: the same bytes from many hosts and days are stored one time')),
    section('Deduplication', stats),
    section('Bundles', list, h('span.muted', null, 'newest first')));

  (async () => {
    try {
      const [s, all] = await Promise.all([api.get('/bundles/stats'), api.get('/bundles', { limit: 200 })]);
      if (disposed) return;
      const f = s.fleet;
      replace(stats,
        facts([['Bundles', String(f.bundles)], ['Hosts', String(f.hosts)], ['In the bundles', bytes(f.logical_bytes)],
          ['After dedup', bytes(f.unique_bytes)], ['Stored', bytes(f.stored_bytes)], ['Ratio', `${number(f.ratio, 1)}×`]]),
        s.hosts.length ? dedupChart(s.hosts) : null);
      replace(list, bundleTable(all.bundles));
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(list, pageError(e));
    }
  })();
  return { dispose() { disposed = true; } };
}

/** A host's bundles, as a section of the host page. */
export function hostBundlesSection(hostId) {
  const body = h('div', { id: 'host-bundles' }, h('div.loading', null, 'Loading…'));
  (async () => {
    try {
      const result = await api.get(`/hosts/${api.encode(hostId)}/bundles`, { limit: 20 });
      const bundles = result.bundles;
      const diff = bundles.length >= 2 ? h('a.small', { id: 'host-bundles-diff', href: `#/bundles/${api.encode(bundles[1].id)}/diff/${api.encode(bundles[0].id)}` }, 'Diff the last two →') : null;
      replace(body, bundleTable(bundles, { id: 'host-bundle-table', showHost: false }), diff);
    } catch (e) {
      if (!(e instanceof api.NetworkError)) replace(body, pageError(e));
    }
  })();
  return section('Bundles', body, h('a.small', { href: '#/bundles' }, 'All bundles →'));
}

/** Fetches a file or the whole bundle with the token and hands it to the browser as a download. */
async function download(path, name) {
  const response = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token.get() ?? ''}` } });
  if (!response.ok) throw new api.ApiError(response.status, 'download_failed', `download failed: HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function renderBundle({ main }, id) {
  let disposed = false;
  const head = h('div.page-head', null, h('h1', null, 'Bundle ', h('span.mono', null, id)));
  const body = h('div', { id: 'bundle-page' }, h('div.loading', null, 'Loading bundle…'));
  const viewer = h('div', { id: 'file-viewer' });
  replace(main, head, body, viewer);

  async function view(path) {
    replace(viewer, section(path, h('div.loading', null, 'Loading…')));
    try {
      const response = await fetch(`/api/v1/bundles/${api.encode(id)}/files/${path.split('/').map(api.encode).join('/')}`,
        { headers: { Authorization: `Bearer ${token.get() ?? ''}` } });
      if (!response.ok) throw new api.ApiError(response.status, 'file', `HTTP ${response.status}`);
      const truncated = response.headers.get('Vigil-Truncated') === 'true';
      const type = response.headers.get('Content-Type') ?? '';
      let content;
      if (type.startsWith('text/html')) {
        // The agent's report, shown with no scripts, no forms and nothing loaded from anywhere.
        content = h('iframe.report-frame', { id: 'report-frame', sandbox: '', title: path, referrerpolicy: 'no-referrer' });
        content.srcdoc = await response.text();
      } else if (type.startsWith('text/')) {
        content = h('pre.file-content', { id: 'file-content' }, await response.text());
      } else {
        content = h('p.muted', null, 'Binary file: download it to look inside.');
      }
      if (disposed) return;
      replace(viewer, section(path, content, h('span', null,
        truncated ? h('span.muted', null, 'first 4 MiB shown · ') : null,
        h('button.btn-link', { type: 'button', onclick: () => download(`/bundles/${api.encode(id)}/files/${path.split('/').map(api.encode).join('/')}?download=true`, path.split('/').pop()) }, 'Download'))));
      viewer.scrollIntoView?.({ block: 'start' });
    } catch (e) {
      if (!disposed) replace(viewer, pageError(e));
    }
  }

  (async () => {
    try {
      const detail = await api.get(`/bundles/${api.encode(id)}`);
      if (disposed) return;
      const b = detail.bundle;
      const others = (await api.get(`/hosts/${api.encode(b.agent_id)}/bundles`, { limit: 50 })).bundles.filter((x) => x.id !== b.id);
      if (disposed) return;
      const problems = [...(detail.manifest.problems ?? [])].sort((x, y) => (SEVERITY_ORDER[x.severity] ?? 9) - (SEVERITY_ORDER[y.severity] ?? 9));
      const select = h('select.input', { id: 'diff-with' }, others.map((o) => h('option', { value: o.id }, `${o.id} (${o.profile})`)));
      const diffButton = h('button.btn', { type: 'button', id: 'diff-go', onclick: () => { location.hash = `#/bundles/${api.encode(select.value)}/diff/${api.encode(b.id)}`; } }, 'Diff');
      replace(body,
        h('div.toolbar', null,
          h('button.btn.btn-primary', { id: 'bundle-download', type: 'button', onclick: () => download(`/bundles/${api.encode(b.id)}/download`, `bundle-${b.id}.tar.zst`).catch((e) => replace(viewer, pageError(e))) }, 'Download bundle'),
          h('button.btn', { id: 'bundle-report', type: 'button', onclick: () => view('report.html') }, 'Open report'),
          others.length ? h('span', null, ' Compare with ', select, ' ', diffButton) : null),
        section('Problems', problems.length
          ? h('ul.problems', { id: 'bundle-problems' }, problems.map((p) => h('li', { dataset: { severity: p.severity } },
            h('span.badge', { dataset: { status: p.severity === 'critical' ? 'failed' : p.severity === 'warning' ? 'degraded' : 'ok' } }, p.severity), ' ', p.summary,
            p.file ? [' ', h('button.btn-link', { type: 'button', onclick: () => view(p.file) }, p.file)] : null)))
          : h('div.empty', null, 'No problems found.')),
        section('Manifest', facts([
          ['Host', h('a.link', { href: `#/hosts/${api.encode(b.agent_id)}` }, b.host)], ['Created', relativeTime(b.created)], ['Received', relativeTime(b.received)],
          ['Profile', b.profile], ['Trigger', b.trigger], ['Since', detail.manifest.since], ['Agent', detail.manifest.agent_version],
          ['Files', String(b.files)], ['Size', bytes(b.logical_bytes)], ['New to the store', bytes(b.new_bytes)], ['Redactions', String(b.redactions)],
          ['Snapshot', h('span.mono', { title: b.snapshot_id }, b.snapshot_id.slice(0, 12))]])),
        section('Files', dataTable([
          { title: 'Path', field: 'path', cell: (f) => h('button.btn-link.mono', { type: 'button', onclick: () => view(f.path) }, f.path) },
          { title: 'Collector', field: 'collector', cell: (f) => f.collector ?? '–' },
          { title: 'Size', field: 'size', cell: (f) => bytes(f.size), num: true },
          { title: 'Redactions', field: 'redactions', cell: (f) => String(f.redactions), num: true },
          { title: '', field: 'truncated', cell: (f) => (f.truncated ? h('span.muted', null, 'truncated') : '') },
        ], detail.files, { id: 'bundle-files' })));
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(body, pageError(e));
    }
  })();
  return { dispose() { disposed = true; } };
}

export function renderBundleDiff({ main }, a, b) {
  let disposed = false;
  const body = h('div', { id: 'bundle-diff' }, h('div.loading', null, 'Comparing…'));
  replace(main, h('div.page-head', null, h('h1', null, 'Diff ', bundleLink(a), ' → ', bundleLink(b))), body);
  (async () => {
    try {
      const diff = await api.get(`/bundles/${api.encode(a)}/diff/${api.encode(b)}`);
      if (disposed) return;
      const size = (v) => (v === null || v === undefined ? '–' : bytes(v));
      replace(body,
        h('p', { id: 'diff-summary' }, `${diff.added} added, ${diff.removed} removed, ${diff.changed} changed`),
        dataTable([
          { title: 'Change', field: 'change', cell: (c) => h('span.change', { dataset: { change: c.change } }, c.change) },
          { title: 'Path', field: 'path', cell: (c) => c.path, mono: true },
          { title: 'Before', field: 'before', cell: (c) => size(c.size_before), num: true },
          { title: 'After', field: 'after', cell: (c) => size(c.size_after), num: true },
        ], diff.changes, { id: 'diff-table', emptyText: 'The two bundles hold the same files.' }));
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(body, pageError(e));
    }
  })();
  return { dispose() { disposed = true; } };
}
