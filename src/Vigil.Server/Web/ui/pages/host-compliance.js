// The compliance panel of the host page: the host's score, how many checks fail (after exceptions), when it was last
// evaluated, and the way to its full results (#/compliance?host=ID).
import * as api from '../api.js';
import { h, replace, empty } from '../dom.js';
import { pageError, relativeTime, section } from '../widgets.js';
import { countChips, scoreBar } from '../compliance.js';

const COUNTS = ['pass', 'fail', 'error', 'not_applicable', 'excepted', 'false_positive'];

export function hostComplianceSection(hostId) {
  const href = `#/compliance?host=${api.encode(hostId)}`;
  const body = h('div', { id: 'host-compliance' }, h('div.loading', null, 'Loading…'));
  (async () => {
    try {
      const result = await api.get(`/hosts/${api.encode(hostId)}/compliance`);
      const policies = result.policies ?? [];
      if (policies.length === 0) {
        replace(body, empty('This host has reported no compliance results yet.'));
        return;
      }
      // The totals of the host are the sums of its policies' counts, as the server scores them.
      const totals = Object.fromEntries(COUNTS.map((k) => [k, policies.reduce((n, p) => n + (p[k] ?? 0), 0)]));
      const failing = totals.fail + totals.error;
      const evaluated = policies.map((p) => p.evaluated).filter(Boolean).sort().at(-1);
      replace(body, h('div.host-compliance', null,
        h('div.kpis', null,
          h('div.kpi', { dataset: { kpi: 'compliance-score' } }, h('div.kpi-title', null, 'Score'), h('div.kpi-value', null, scoreBar(result.score))),
          h('div.kpi', { dataset: { kpi: 'compliance-failing' } }, h('div.kpi-title', null, 'Failing checks'),
            h('div.kpi-value', null, h('a.kpi-number', { id: 'host-compliance-failing', href: `${href}&status=failing` }, String(failing))),
            h('div.kpi-sub', null, `of ${COUNTS.reduce((n, k) => n + totals[k], 0)} in ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}`))),
        countChips(totals, 'host-compliance-counts'),
        h('p.muted.small', null, 'last evaluated ', relativeTime(evaluated))));
    } catch (e) {
      if (e.status === 404) replace(body, empty('This host has reported no compliance results yet.'));
      else if (!(e instanceof api.NetworkError)) replace(body, pageError(e));
    }
  })();
  return section('Compliance', body, h('a.small', { id: 'host-compliance-link', href }, 'All results →'));
}
