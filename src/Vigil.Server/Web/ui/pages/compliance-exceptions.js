// Exceptions (waivers): every one with its state; an admin adds one (owner, reason, expiry) or revokes one here.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { timestamp } from '../format.js';
import { pageError, relativeTime } from '../widgets.js';
import { dataTable } from '../table.js';
import { complianceTabs, hasRole } from '../compliance.js';

const STATES = [['', 'All'], ['active', 'Active'], ['expired', 'Expired'], ['revoked', 'Revoked']];
const STATE_BADGE = { active: 'ok', expired: 'degraded', revoked: 'silent' };
const filters = { state: '' };

export function renderComplianceExceptions({ main, query }) {
  let disposed = false;
  let admin = false;
  let exceptions = [];
  const states = h('div.segmented', { role: 'group', 'aria-label': 'State', id: 'exception-state' });
  const summary = h('span.muted.count', { id: 'exception-summary' });
  const formBox = h('div', { id: 'exception-form-box' });
  const message = h('div', { id: 'exception-message', role: 'status' });
  const list = h('div.panel', { id: 'exceptions' });
  replace(main,
    h('div.page-head', null, h('h1', null, 'Exceptions'), h('span.muted', null, 'accepted risks and false positives, each with an owner, a reason and an expiry; still shown in every report')),
    complianceTabs('exceptions'),
    formBox, message,
    h('div.toolbar', null, states, summary),
    list);
  drawStates();

  function drawStates() {
    replace(states, STATES.map(([value, label]) => h('button', {
      type: 'button', 'aria-pressed': String(filters.state === value), dataset: { state: value || 'all' },
      onclick: () => { filters.state = value; drawStates(); draw(); },
    }, label)));
  }

  async function load() {
    try {
      const result = await api.get('/compliance/exceptions', { all: 'true' });
      if (disposed) return;
      exceptions = result.exceptions ?? [];
      draw();
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError) && e.status !== 401) replace(list, pageError(e));
    }
  }

  function draw() {
    const shown = exceptions.filter((e) => !filters.state || e.state === filters.state);
    const count = (s) => exceptions.filter((e) => e.state === s).length;
    summary.textContent = `${count('active')} active, ${count('expired')} expired, ${count('revoked')} revoked`;
    const columns = [
      { title: 'State', field: 'state', cell: (e) => h('span.badge', { dataset: { status: STATE_BADGE[e.state] ?? 'unknown', state: e.state } }, e.state) },
      { title: 'Kind', field: 'kind', cell: (e) => (e.kind === 'false_positive' ? 'false positive' : 'exception') },
      { title: 'Check', field: 'check', cell: (e) => h('span.mono', null, `${e.policy ?? 'any policy'} / ${e.check}`) },
      { title: 'Hosts', field: 'select', cell: (e) => h('span', null, h('span.mono', null, e.select), h('span.muted', null, ` (${e.matching_hosts ?? 0})`)) },
      { title: 'Owner', field: 'owner', cell: (e) => e.owner },
      { title: 'Reason', field: 'reason', cell: (e) => e.reason, wrap: true },
      { title: 'Expires', field: 'expires', cell: (e) => h('span', { title: timestamp(e.expires) }, relativeTime(e.expires)) },
      { title: 'Created', field: 'created', cell: (e) => h('span', null, relativeTime(e.created), h('span.muted', null, ` by ${e.created_by ?? '?'}`)) },
    ];
    if (admin) {
      columns.push({
        title: '', field: 'actions',
        cell: (e) => (e.state === 'revoked' ? '' : h('button.btn.btn-quiet.revoke', { type: 'button', onclick: () => revoke(e) }, 'Revoke')),
      });
    }
    replace(list, dataTable(columns, shown, {
      id: 'exceptions-table',
      emptyText: exceptions.length ? 'No exception in this state.' : 'No exceptions: every failing check counts against the score.',
      rowAttrs: (e) => ({ dataset: { exception: e.id, state: e.state } }),
    }));
  }

  async function revoke(e) {
    replace(message);
    try {
      const revoked = await api.post(`/compliance/exceptions/${api.encode(e.id)}`, undefined, 'DELETE');
      replace(message, h('div.notice', null, `Revoked ${revoked.id}.`));
      load();
    } catch (err) {
      replace(message, h('div.error', { role: 'alert' }, err.message));
    }
  }

  hasRole('admin').then((yes) => {
    if (disposed) return;
    admin = yes;
    if (yes) replace(formBox, exceptionForm(query, create));
    draw();
  }).catch(() => {});
  load();

  async function create(body) {
    replace(message);
    try {
      const created = await api.post('/compliance/exceptions', body);
      if (disposed) return;
      replace(message, h('div.notice', { id: 'exception-created' }, `Created ${created.id}: ${created.check} on ${created.select} until ${timestamp(created.expires)}.`));
      load();
      return true;
    } catch (err) {
      replace(message, h('div.error', { role: 'alert' }, err.message));
      return false;
    }
  }

  return { dispose() { disposed = true; } };
}

/** The admin's form; fields can be prefilled from the link (?check=…&policy=…&select=…) a host page offers. */
function exceptionForm(query, onSubmit) {
  const field = (id, label, input) => h('label.form-field', { for: id }, h('span', null, label), input);
  const inDays = (d) => new Date(Date.now() + d * 86400e3).toISOString().slice(0, 10);
  const check = h('input.input', { id: 'exc-check', required: true, placeholder: 'ssh.root-login', value: query.get('check') ?? '' });
  const policy = h('input.input', { id: 'exc-policy', placeholder: 'any policy', value: query.get('policy') ?? '' });
  const select = h('input.input', { id: 'exc-select', required: true, placeholder: 'hostname=web-1, role=db or *', value: query.get('select') ?? '' });
  const kind = h('select.input', { id: 'exc-kind' }, h('option', { value: 'exception' }, 'exception (accepted risk)'), h('option', { value: 'false_positive' }, 'false positive'));
  const owner = h('input.input', { id: 'exc-owner', required: true, placeholder: 'who answers for it' });
  const reason = h('input.input.wide', { id: 'exc-reason', required: true, placeholder: 'why it is acceptable' });
  const expires = h('input.input', { id: 'exc-expires', type: 'date', required: true, value: inDays(90), min: inDays(1), max: inDays(365) });
  const form = h('form.panel.exception-form', {
    id: 'exception-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const body = {
        check: check.value.trim(), select: select.value.trim(), kind: kind.value, owner: owner.value.trim(), reason: reason.value.trim(),
        // The end of the chosen day, in UTC.
        expires: expires.value ? `${expires.value}T23:59:59Z` : '',
      };
      if (policy.value.trim()) body.policy = policy.value.trim();
      if (await onSubmit(body)) { owner.value = ''; reason.value = ''; }
    },
  },
  h('header.panel-head', null, h('h2', null, 'Add an exception'), h('span.muted', null, 'admins only; at most one year')),
  h('div.form-grid', null,
    field('exc-check', 'Check', check), field('exc-policy', 'Policy', policy), field('exc-select', 'Hosts', select), field('exc-kind', 'Kind', kind),
    field('exc-owner', 'Owner', owner), field('exc-expires', 'Expires', expires), field('exc-reason', 'Reason', reason)),
  h('div.form-actions', null, h('button.btn.btn-primary', { id: 'exc-submit', type: 'submit' }, 'Add exception')));
  // The server names a bad field in its error; the browser's own checks would hide that, so they only guide.
  form.noValidate = true;
  return form;
}
