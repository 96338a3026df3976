// Actions: run one on a host, a label selector or a saved group; approve what waits; every host's result.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { pageError, relativeTime, section } from '../widgets.js';
import { dataTable } from '../table.js';

const FINAL = new Set(['succeeded', 'failed', 'refused', 'expired', 'cancelled']);

export function renderActions({ main, query, navigate }) {
  let disposed = false;
  let timer = null;
  const id = query.get('id');
  const list = h('div', { id: 'actions-list' });
  const detail = h('div', { id: 'action-detail' });
  const message = h('div', { id: 'action-message', role: 'status' });
  const form = runForm(async (body) => {
    replace(message);
    try {
      const created = await api.post('/actions', body);
      navigate(`#/actions?id=${api.encode(created.id)}`);
    } catch (e) {
      replace(message, h('div.error', { role: 'alert' }, e.message));
    }
  });

  replace(main,
    h('div.page-head', null, h('h1', null, 'Actions'), h('span.muted', null, 'Diagnostics on hosts through their agents; privileged ones need a second admin')),
    section('Run', h('div', null, form.node, message)),
    id ? section('Action', detail) : null,
    section('Recent', list));

  form.loadCatalog().catch((e) => replace(message, pageError(e)));
  loadList();
  if (id) loadDetail(id);

  async function loadList() {
    try {
      const result = await api.get('/actions', { limit: 50 });
      if (disposed) return;
      replace(list, dataTable([
        { title: 'Action', field: 'id', cell: (a) => h('a.link', { href: `#/actions?id=${api.encode(a.id)}` }, a.id), mono: true },
        { title: 'Name', field: 'action', cell: (a) => a.action },
        { title: 'Targets', field: 'targeting', cell: (a) => a.targeting, wrap: true },
        { title: 'State', field: 'state', cell: (a) => stateBadge(a.state) },
        { title: 'Hosts', field: 'counts', cell: (a) => Object.entries(a.counts).map(([k, v]) => `${k} ${v}`).join(', ') },
        { title: 'Requested by', field: 'requested_by', cell: (a) => a.requested_by },
        { title: 'When', field: 'when', cell: (a) => relativeTime(a.requested_at) },
      ], result.actions, { id: 'actions-table', emptyText: 'No actions yet.', rowAttrs: (a) => ({ dataset: { action: a.id } }) }));
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(list, pageError(e));
    }
  }

  async function loadDetail(actionId) {
    try {
      const action = await api.get(`/actions/${api.encode(actionId)}`);
      if (disposed) return;
      drawDetail(action);
      if (action.summary.pending > 0 && action.state !== 'pending_approval') timer = setTimeout(() => loadDetail(actionId), 500);
      else loadList();
    } catch (e) {
      if (!disposed && !(e instanceof api.NetworkError)) replace(detail, pageError(e));
    }
  }

  function drawDetail(action) {
    const s = action.summary;
    const buttons = action.state === 'pending_approval'
      ? h('div.toolbar', null,
        h('button.btn', { id: 'action-approve', type: 'button', onclick: () => decide(action.id, 'approve') }, 'Approve'),
        h('button.btn.btn-quiet', { id: 'action-reject', type: 'button', onclick: () => decide(action.id, 'reject') }, 'Reject'))
      : null;
    replace(detail,
      h('p', null, h('strong', { id: 'action-id' }, action.id), ' ', action.action, ' ',
        h('span.mono', null, Object.entries(action.parameters).map(([k, v]) => `${k}=${v}`).join(' ')), ' ', stateBadge(action.state)),
      h('p.muted', { id: 'action-summary' }, `${s.hosts} hosts: ${s.succeeded} succeeded, ${s.failed} failed, ${s.refused} refused, ${s.timed_out} timed out, ${s.pending} pending`
        + ` · requested by ${action.requested_by}${action.decided_by ? ` · decided by ${action.decided_by}` : ''}`),
      buttons,
      dataTable([
        { title: 'Host', field: 'hostname', cell: (r) => r.hostname },
        { title: 'State', field: 'state', cell: (r) => stateBadge(r.state) },
        { title: 'Code', field: 'code', cell: (r) => r.code ?? '' },
        { title: 'Error', field: 'error', cell: (r) => r.error ?? '', wrap: true },
        { title: 'Finished', field: 'finished', cell: (r) => r.finished_at ? relativeTime(r.finished_at) : '' },
      ], action.results, { id: 'results-table', rowAttrs: (r) => ({ dataset: { host: r.agent_id } }) }),
      action.results.filter((r) => r.output).slice(0, 5).map((r) =>
        h('details.output', { open: action.results.length === 1 }, h('summary', null, `${r.hostname}: output`),
          h('pre.json', { dataset: { host: r.agent_id } }, JSON.stringify(r.output, null, 2)))));
  }

  async function decide(actionId, verb) {
    try {
      await api.post(`/actions/${api.encode(actionId)}/${verb}`, {});
      loadDetail(actionId);
    } catch (e) {
      replace(message, h('div.error', { role: 'alert' }, e.message));
    }
  }

  return { dispose() { disposed = true; clearTimeout(timer); } };
}

function stateBadge(state) {
  const status = state === 'succeeded' || state === 'done' ? 'ok' : FINAL.has(state) || state === 'rejected' ? 'failed' : 'degraded';
  return h('span.badge', { dataset: { status, state } }, state === 'expired' ? 'timed out' : state.replace('_', ' '));
}

/** The run form: action (from the catalog), target, parameters as name=value lines. */
function runForm(onSubmit) {
  const action = h('select.input', { id: 'run-action', 'aria-label': 'Action' });
  const help = h('div.muted', { id: 'run-help' });
  const kind = h('select.input', { id: 'run-kind', 'aria-label': 'Target kind' }, h('option', { value: 'host' }, 'host'), h('option', { value: 'select' }, 'label selector'), h('option', { value: 'group' }, 'group'));
  const target = h('input.input', { id: 'run-target', placeholder: 'hostname, role=db,os=debian, or a group', 'aria-label': 'Target' });
  const parameters = h('textarea.input', { id: 'run-parameters', rows: 3, placeholder: 'name=value, one per line', 'aria-label': 'Parameters' });
  let catalog = [];
  const describe = () => {
    const d = catalog.find((a) => a.name === action.value);
    if (!d) return;
    const names = Object.keys(d.parameters.properties).map((p) => (d.parameters.required.includes(p) ? `${p}*` : p));
    replace(help, `${d.summary}${d.privileged ? ' (privileged: needs an admin and a second admin\u2019s approval)' : ''}. Parameters: ${names.join(' ') || 'none'}`);
  };
  action.addEventListener('change', describe);
  const node = h('form.run-form', {
    onsubmit: (e) => {
      e.preventDefault();
      const params = {};
      for (const line of parameters.value.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const eq = line.indexOf('=');
        if (eq > 0) params[line.slice(0, eq)] = line.slice(eq + 1);
      }
      onSubmit({ action: action.value, parameters: params, [kind.value]: target.value.trim() });
    },
  }, h('div.toolbar', null, action, kind, target, h('button.btn', { id: 'run-submit', type: 'submit' }, 'Run')), parameters, help);
  return {
    node,
    async loadCatalog() {
      catalog = (await api.get('/actions/catalog')).actions;
      replace(action, catalog.map((a) => h('option', { value: a.name }, a.privileged ? `${a.name} (privileged)` : a.name)));
      describe();
    },
  };
}


