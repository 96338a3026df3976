// Audit: the hash-chained log of every action request, approval, rejection and result, and its verification.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { pageError, relativeTime } from '../widgets.js';
import { dataTable } from '../table.js';

export function renderAudit({ main }) {
  let disposed = false;
  const body = h('div', { id: 'audit-list' });
  const verdict = h('span', { id: 'audit-verdict', role: 'status' });
  replace(main,
    h('div.page-head', null, h('h1', null, 'Audit log'), h('span.muted', null, 'Each entry carries the hash of the one before it')),
    h('div.toolbar', null, h('button.btn', { id: 'audit-verify', type: 'button', onclick: verify }, 'Verify the chain'), verdict),
    body);

  async function load() {
    try {
      const result = await api.get('/audit', { limit: 200 });
      if (disposed) return;
      replace(body, dataTable([
        { title: '#', field: 'seq', cell: (e) => String(e.seq), num: true },
        { title: 'When', field: 'at', cell: (e) => relativeTime(e.at) },
        { title: 'Actor', field: 'actor', cell: (e) => e.actor },
        { title: 'Kind', field: 'kind', cell: (e) => e.kind, mono: true },
        { title: 'Subject', field: 'subject', cell: (e) => (e.subject.startsWith('act_') ? h('a.link', { href: `#/actions?id=${api.encode(e.subject)}` }, e.subject) : e.subject), mono: true },
        { title: 'Details', field: 'data', cell: (e) => JSON.stringify(e.data), mono: true, wrap: true },
        { title: 'Hash', field: 'hash', cell: (e) => h('span', { title: e.hash }, e.hash.slice(0, 12)), mono: true },
      ], result.entries, { id: 'audit-table', emptyText: 'No entries yet: nothing has been requested.' }));
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(body, pageError(e));
    }
  }

  async function verify() {
    try {
      const result = await api.get('/audit/verify');
      if (disposed) return;
      verdict.dataset.intact = String(result.intact);
      replace(verdict, result.intact
        ? h('span.badge', { dataset: { status: 'ok' } }, `intact: ${result.entries} entries`)
        : h('span.badge', { dataset: { status: 'failed' } }, `altered at entry ${result.first_bad_sequence}: ${result.problem}`));
    } catch (e) {
      replace(verdict, pageError(e));
    }
  }

  load();
  return { dispose() { disposed = true; } };
}
