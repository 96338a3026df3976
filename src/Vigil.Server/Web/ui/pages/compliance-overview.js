// Compliance overview: the fleet's score and its history, every policy's score, hosts worst first.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { MetricChart } from '../chart.js';
import { pageError, relativeTime, section } from '../widgets.js';
import { dataTable } from '../table.js';
import { complianceTabs, countChips, scoreBar } from '../compliance.js';

export function renderComplianceOverview({ main }) {
  let disposed = false;
  const fleet = h('div.kpis.compliance-kpis', { id: 'compliance-fleet' });
  const chartBox = h('div.chart', { id: 'chart-compliance' });
  const policies = h('div', { id: 'compliance-policies' });
  const hosts = h('div', { id: 'compliance-hosts' });
  replace(main,
    h('div.page-head', null, h('h1', null, 'Compliance'), h('span.muted', null, 'policy checks on every host, scored after exceptions')),
    complianceTabs(''),
    fleet,
    section('Fleet score', chartBox, h('span.muted', null, 'last 30 days, hourly')),
    section('Policies', policies),
    section('Hosts', hosts, h('span.muted', null, 'worst score first')));
  const chart = new MetricChart(chartBox, { unit: '1', yMax: 1, height: 180 });

  async function load() {
    try {
      const [summary, list] = await Promise.all([api.get('/compliance/summary'), api.get('/compliance/hosts')]);
      if (disposed) return;
      const f = summary.fleet;
      replace(fleet,
        kpi('Fleet score', scoreBar(f.score), `pass / (pass + fail + error) over ${f.hosts} hosts`, 'fleet-score'),
        kpi('Failing', h('span', { id: 'fleet-failing' }, String((f.fail ?? 0) + (f.error ?? 0))), `${f.fail ?? 0} fail, ${f.error ?? 0} error`),
        kpi('Excepted', h('span', { id: 'fleet-excepted' }, String((f.excepted ?? 0) + (f.false_positive ?? 0))), `${f.excepted ?? 0} accepted, ${f.false_positive ?? 0} false positive; counted apart`),
        kpi('Passing', String(f.pass ?? 0), `${f.not_applicable ?? 0} not applicable`),
        kpi('Results', countChips(f, 'fleet-counts'), ''));
      const history = (summary.history ?? []).filter((p) => p.score !== null && p.score !== undefined);
      const now = Date.now();
      const from = history.length ? Math.min(Date.parse(history[0].time), now - 86400e3) : now - 30 * 86400e3;
      chart.update([{ label: 'fleet score', points: history.map((p) => [Date.parse(p.time), p.score]) }], { from, to: now });
      replace(policies, dataTable([
        { title: 'Policy', field: 'policy', cell: (p) => h('span', null, h('b', null, p.title || p.policy), ' ', h('span.muted.mono', null, p.policy)) },
        { title: 'Version', field: 'version', cell: (p) => p.version ?? '' },
        { title: 'Score', field: 'score', cell: (p) => scoreBar(p.score) },
        { title: 'Hosts', field: 'hosts', cell: (p) => String(p.hosts ?? 0), num: true },
        { title: 'Results', field: 'counts', cell: (p) => countChips(p) },
      ], summary.policies ?? [], { id: 'compliance-policies-table', emptyText: 'No policy results yet: assign a policy to the agents.', rowAttrs: (p) => ({ dataset: { policy: p.policy } }) }));
      const worst = (list.hosts ?? []).slice().sort((a, b) => (a.score ?? 2) - (b.score ?? 2) || a.hostname.localeCompare(b.hostname));
      replace(hosts, dataTable([
        { title: 'Host', field: 'hostname', cell: (x) => h('a.link.host-link', { href: `#/compliance?host=${api.encode(x.host_id)}` }, x.hostname) },
        { title: 'Score', field: 'score', cell: (x) => scoreBar(x.score) },
        { title: 'Failing', field: 'failing', cell: (x) => String((x.fail ?? 0) + (x.error ?? 0)), num: true },
        { title: 'Excepted', field: 'excepted', cell: (x) => String((x.excepted ?? 0) + (x.false_positive ?? 0)), num: true },
        { title: 'Policies', field: 'policies', cell: (x) => (x.policies ?? []).map((p) => p.policy).join(', '), wrap: true },
        { title: 'Evaluated', field: 'evaluated', cell: (x) => relativeTime(x.evaluated) },
      ], worst, { id: 'compliance-hosts-table', emptyText: 'No host has reported compliance results yet.', rowAttrs: (x) => ({ dataset: { host: x.host_id } }) }));
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError) && e.status !== 401) replace(policies, pageError(e));
    }
  }

  load();
  return { dispose() { disposed = true; chart.dispose(); } };
}

function kpi(title, value, sub, id) {
  return h('div.kpi', { id }, h('div.kpi-title', null, title), h('div.kpi-value', null, value), sub ? h('div.kpi-sub', null, sub) : null);
}
