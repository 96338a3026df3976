// One host's compliance: every policy, every check with its status, observed value, since when, mappings and
// exception; filter by status; a failing check that carries a remediation action can be remediated (operator+).
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { timestamp } from '../format.js';
import { MetricChart } from '../chart.js';
import { pageError, relativeTime, section } from '../widgets.js';
import { dataTable } from '../table.js';
import { RESULT_ORDER, complianceTabs, countChips, hasRole, mappingsText, resultBadge, scoreBar } from '../compliance.js';

const STATUSES = [['', 'All'], ['failing', 'Failing'], ['excepted', 'Excepted'], ['pass', 'Pass'], ['not_applicable', 'N/A']];
const WAITING = new Set(['dry_run', 'running', 'verifying']);

export function renderComplianceHost({ main, query }, hostKey) {
  let disposed = false;
  let data = null;
  let roles = { operator: false, admin: false };
  let timer = null;
  let status = query.get('status') ?? '';
  let text = '';
  const head = h('div.page-head', null, h('h1', null, hostKey));
  const statusBar = h('div.segmented', { role: 'group', 'aria-label': 'Status', id: 'host-compliance-status' });
  const search = h('input.input.search', { id: 'host-compliance-search', type: 'search', placeholder: 'Search checks, observed values, controls…', oninput: (e) => { text = e.target.value; draw(); } });
  const summary = h('span.muted.count', { id: 'host-compliance-summary' });
  const chartBox = h('div.chart', { id: 'chart-host-compliance' });
  const remediation = h('div', { id: 'remediation' });
  const policies = h('div', { id: 'host-policies' });
  replace(main, head, complianceTabs(null), remediation, section('Score', chartBox, h('span.muted', null, 'this host, over time')),
    h('div.toolbar', null, statusBar, search, summary), policies);
  const chart = new MetricChart(chartBox, { unit: '1', yMax: 1, height: 150 });
  drawStatus();

  function drawStatus() {
    replace(statusBar, STATUSES.map(([value, label]) => h('button', {
      type: 'button', 'aria-pressed': String(status === value), dataset: { status: value || 'all' },
      onclick: () => { status = value; drawStatus(); draw(); },
    }, label)));
  }

  async function load() {
    try {
      const [result, operator, admin] = await Promise.all([
        api.get(`/hosts/${api.encode(hostKey)}/compliance`), hasRole('operator').catch(() => false), hasRole('admin').catch(() => false)]);
      if (disposed) return;
      data = result;
      roles = { operator, admin };
      replace(head, h('h1', null, result.hostname), scoreBar(result.score),
        h('a.link', { href: `#/hosts/${api.encode(result.host_id)}`, id: 'host-compliance-hostlink' }, 'host page'));
      const history = (result.history ?? []).filter((p) => p.score !== null && p.score !== undefined);
      const now = Date.now();
      const from = history.length ? Math.min(Date.parse(history[0].time), now - 86400e3) : now - 86400e3;
      chart.update([{ label: 'score', points: history.map((p) => [Date.parse(p.time), p.score]) }], { from, to: now });
      draw();
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError) && e.status !== 401) replace(policies, pageError(e));
    }
  }

  function matches(r) {
    if (status === 'failing' && r.effective !== 'fail' && r.effective !== 'error') return false;
    if (status === 'excepted' && r.effective !== 'excepted' && r.effective !== 'false_positive') return false;
    if ((status === 'pass' || status === 'not_applicable') && r.effective !== status) return false;
    const q = text.trim().toLowerCase();
    return !q || [r.check, r.title, r.observed, r.severity, mappingsText(r.compliance), r.exception?.owner, r.exception?.reason].join(' ').toLowerCase().includes(q);
  }

  function draw() {
    if (!data) return;
    let total = 0;
    let shown = 0;
    replace(policies, (data.policies ?? []).map((p) => {
      const results = (p.results ?? []).slice().sort((a, b) => (RESULT_ORDER[a.effective] ?? 9) - (RESULT_ORDER[b.effective] ?? 9) || a.check.localeCompare(b.check));
      const visible = results.filter(matches);
      total += results.length;
      shown += visible.length;
      return h('section.panel', { dataset: { policy: p.policy } },
        h('header.panel-head', null,
          h('h2', null, p.title || p.policy, ' ', h('span.muted.mono', null, `${p.policy} ${p.version ?? ''}`)),
          h('span.policy-meta', null, scoreBar(p.score), ' ', countChips(p), ' ', h('span.muted', null, `evaluated `), relativeTime(p.evaluated),
            h('span.muted', { title: p.content_hash }, ` · ${p.trigger ?? ''}`))),
        dataTable([
          { title: 'Status', field: 'status', cell: (r) => resultBadge(r.effective, r.status) },
          { title: 'Check', field: 'check', cell: (r) => h('div', null, h('b', null, r.title), h('div.muted.mono', null, r.check)), wrap: true },
          { title: 'Severity', field: 'severity', cell: (r) => h('span.severity', { dataset: { severity: r.severity } }, r.severity) },
          { title: 'Observed', field: 'observed', cell: (r) => h('span.mono.observed', null, r.observed ?? ''), wrap: true },
          { title: 'Since', field: 'since', cell: (r) => relativeTime(r.since) },
          { title: 'Controls', field: 'compliance', cell: (r) => h('span.mono', null, mappingsText(r.compliance)), wrap: true },
          { title: 'Exception', field: 'exception', cell: (r) => exceptionBadge(r.exception) },
          { title: '', field: 'actions', cell: (r) => actions(p, r) },
        ], visible, {
          id: `results-${p.policy}`,
          emptyText: results.length ? 'No check of this policy matches the filter.' : 'This policy reported no checks.',
          rowAttrs: (r) => ({ dataset: { check: r.check, effective: r.effective } }),
        }));
    }));
    summary.textContent = `${shown} of ${total} checks`;
    if ((data.policies ?? []).length === 0) replace(policies, h('div.empty', null, 'This host has reported no compliance results yet.'));
  }

  function actions(p, r) {
    const failing = r.effective === 'fail' || r.effective === 'error';
    return h('span.row-actions', null,
      failing && r.remediation_action && roles.operator
        ? h('button.btn.remediate', { type: 'button', title: `${r.remediation_action.action}: dry-run first, then approval`, onclick: () => remediate(p, r) }, 'Remediate')
        : null,
      failing && roles.admin
        ? h('a.link.add-exception', { href: `#/compliance?view=exceptions&check=${api.encode(r.check)}&policy=${api.encode(p.policy)}&select=${api.encode(`hostname=${data.hostname}`)}` }, 'Except…')
        : null,
      r.remediation && failing ? h('details.remediation-text', null, h('summary', null, 'How to fix'), h('p', null, r.remediation)) : null);
  }

  async function remediate(p, r) {
    clearTimeout(timer);
    replace(remediation, section('Remediation', h('p.muted', null, `Asking for a dry run of ${r.remediation_action.action} for ${r.check}…`)));
    try {
      const created = await api.post('/compliance/remediations', { host: data.host_id, policy: p.policy, check: r.check });
      follow(created, 0);
    } catch (e) {
      replace(remediation, section('Remediation', h('div.error', { role: 'alert', id: 'remediation-error' }, e.message)));
    }
  }

  function follow(rem, tries) {
    if (disposed) return;
    drawRemediation(rem);
    if ((WAITING.has(rem.state) && !(rem.state === 'dry_run' && rem.dry_run)) && tries < 60) {
      timer = setTimeout(async () => {
        try { follow(await api.get(`/compliance/remediations/${api.encode(rem.id)}`), tries + 1); } catch { /* the last state stays shown */ }
      }, 1000);
    } else if (rem.state === 'succeeded') {
      load();
    }
  }

  function drawRemediation(rem) {
    const diff = rem.dry_run?.diff ?? rem.dry_run?.output?.diff;
    replace(remediation, section('Remediation', h('div.remediation', { dataset: { state: rem.state, remediation: rem.id } },
      h('p', null, h('strong', null, rem.check), ' on ', h('b', null, data.hostname), ': ', h('span.mono', null, rem.action), ' ',
        h('span.mono', null, Object.entries(rem.params ?? {}).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')), ' ',
        h('span.badge', { id: 'remediation-state', dataset: { status: rem.state === 'succeeded' ? 'ok' : rem.state === 'failed' || rem.state === 'rejected' ? 'failed' : 'degraded', state: rem.state } }, rem.state.replaceAll('_', ' '))),
      rem.state === 'awaiting_approval' && rem.action_id
        ? h('p.muted', null, 'Waiting for approval: ', h('a.link', { href: `#/actions?id=${api.encode(rem.action_id)}` }, rem.action_id)) : null,
      rem.dry_run ? h('div', null, h('div.muted', null, 'Dry run: what it will change'),
        h('pre.json.diff', { id: 'remediation-dry-run' }, typeof diff === 'string' ? diff : JSON.stringify(rem.dry_run, null, 2))) : null,
      rem.verify ? h('p', { id: 'remediation-verify' }, 'Re-evaluated: ', resultBadge(rem.verify.status), ' ', h('span.mono', null, rem.verify.observed ?? '')) : null,
      h('p.muted', null, `requested by ${rem.created_by ?? '?'} at ${timestamp(rem.created)}`))));
  }

  load();
  return { dispose() { disposed = true; clearTimeout(timer); chart.dispose(); } };
}

function exceptionBadge(e) {
  if (!e) return '';
  const title = `${e.kind === 'false_positive' ? 'False positive' : 'Exception'} ${e.id} by ${e.owner}: ${e.reason} (until ${timestamp(e.expires)})`;
  return h('span.badge.exception-badge', { dataset: { status: e.expired ? 'failed' : 'degraded', expired: String(Boolean(e.expired)) }, title },
    e.expired ? 'exception expired' : e.kind === 'false_positive' ? 'false positive' : `excepted · ${e.owner}`);
}
