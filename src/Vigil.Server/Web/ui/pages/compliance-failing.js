// Failing checks across the fleet: each check failing (or erroring) somewhere, most hosts first, with what each host observed.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { pageError, relativeTime } from '../widgets.js';
import { dataTable } from '../table.js';
import { complianceTabs, resultBadge } from '../compliance.js';

const SEVERITIES = ['', 'critical', 'high', 'medium', 'low'];
const filters = { policy: '', severity: '' }; // kept across visits in this tab

export function renderComplianceFailing({ main }) {
  let disposed = false;
  const policy = h('select.input', { id: 'failing-policy', 'aria-label': 'Policy', onchange: (e) => { filters.policy = e.target.value; load(); } });
  const severity = h('div.segmented', { role: 'group', 'aria-label': 'Severity', id: 'failing-severity' });
  const summary = h('span.muted.count', { id: 'failing-summary' });
  const list = h('div.panel', { id: 'failing' });
  replace(main,
    h('div.page-head', null, h('h1', null, 'Failing checks'), h('span.muted', null, 'checks that fail or error on at least one host, most hosts first')),
    complianceTabs('failing'),
    h('div.toolbar', null, policy, severity, summary),
    list);
  drawSeverity();

  function drawSeverity() {
    replace(severity, SEVERITIES.map((s) => h('button', {
      type: 'button', 'aria-pressed': String(filters.severity === s), dataset: { severity: s || 'all' },
      onclick: () => { filters.severity = s; drawSeverity(); load(); },
    }, s || 'All')));
  }

  async function load() {
    try {
      const [result, summaryJson] = await Promise.all([
        api.get('/compliance/failing', { policy: filters.policy, severity: filters.severity }),
        policy.options.length ? null : api.get('/compliance/summary').catch(() => null),
      ]);
      if (disposed) return;
      if (summaryJson) {
        replace(policy, h('option', { value: '' }, 'All policies'),
          (summaryJson.policies ?? []).map((p) => h('option', { value: p.policy, selected: filters.policy === p.policy }, p.title || p.policy)));
      }
      const checks = result.checks ?? [];
      const hostsFailing = new Set(checks.flatMap((c) => c.hosts.map((x) => x.host_id)));
      summary.textContent = `${checks.length} checks failing on ${hostsFailing.size} hosts`;
      replace(list, dataTable([
        { title: 'Check', field: 'check', cell: (c) => h('div', null, h('b', null, c.title), h('div.muted.mono', null, `${c.policy} / ${c.check}`)), wrap: true },
        { title: 'Severity', field: 'severity', cell: (c) => h('span.severity', { dataset: { severity: c.severity } }, c.severity) },
        { title: 'Hosts failing', field: 'hosts_failing', cell: (c) => `${c.hosts_failing} of ${c.hosts_evaluated}`, num: true },
        {
          title: 'Where', field: 'hosts', wrap: true,
          cell: (c) => h('ul.failing-hosts', null, c.hosts.map((x) => h('li', { dataset: { host: x.host_id } },
            h('a.link', { href: `#/compliance?host=${api.encode(x.host_id)}` }, x.hostname), ' ', resultBadge(x.status), ' ',
            h('span.mono.observed', null, x.observed ?? ''), ' ', h('span.muted', null, 'since '), relativeTime(x.since)))),
        },
      ], checks, {
        id: 'failing-table',
        emptyText: filters.policy || filters.severity ? 'No check fails with these filters.' : 'No check fails anywhere.',
        rowAttrs: (c) => ({ dataset: { check: c.check, policy: c.policy } }),
      }));
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError) && e.status !== 401) replace(list, pageError(e));
    }
  }

  load();
  return { dispose() { disposed = true; } };
}
