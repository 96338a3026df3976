// Pieces the compliance pages share: result badges, score bars, mappings, the sub-navigation, the caller's role.
import * as api from './api.js';
import { token } from './auth.js';
import { h } from './dom.js';
import { percent } from './format.js';

/** Effective statuses, what needs attention first. */
export const RESULT_ORDER = { fail: 0, error: 1, excepted: 2, false_positive: 3, pass: 4, not_applicable: 5 };

const BADGE = { pass: 'ok', fail: 'failed', error: 'failed', excepted: 'degraded', false_positive: 'degraded', not_applicable: 'silent' };
const LABEL = { pass: 'pass', fail: 'fail', error: 'error', excepted: 'excepted', false_positive: 'false positive', not_applicable: 'n/a' };

/** A result's effective status; when an exception changed it, the observed status rides along in the title. */
export function resultBadge(effective, observed) {
  const title = observed && observed !== effective ? `observed ${observed}` : undefined;
  return h('span.badge', { dataset: { status: BADGE[effective] ?? 'unknown', result: effective }, title }, LABEL[effective] ?? effective);
}

/** A compliance score (0..1) as a percentage over a bar: green from 90 %, amber from 70 %, red below; n/a when null. */
export function scoreBar(score) {
  if (score === null || score === undefined) return h('span.muted', { dataset: { score: 'none' } }, 'n/a');
  const level = score >= 0.9 ? 'ok' : score >= 0.7 ? 'warn' : 'crit';
  const fill = h('i');
  fill.style.width = `${Math.min(100, Math.max(0, score * 100)).toFixed(1)}%`;
  return h('span.util.score', { dataset: { level, score: String(score) } }, h('span.util-value', null, percent(score)), h('span.util-bar', null, fill));
}

/** The counts of a host, policy or fleet as small chips: pass, fail, error, n/a, excepted, false positive. */
export function countChips(c, id) {
  const chip = (key, label, status) => h('span.count-chip', { dataset: { status: c[key] ? status : undefined, count: key } }, h('b', null, String(c[key] ?? 0)), ` ${label}`);
  return h('div.status-counts', { id },
    chip('pass', 'pass', 'ok'), chip('fail', 'fail', 'failed'), chip('error', 'error', 'failed'),
    chip('not_applicable', 'n/a', undefined), chip('excepted', 'excepted', 'degraded'), chip('false_positive', 'false positive', 'degraded'));
}

/** {cis: ['5.2.10'], nist_800_53: ['AC-3']} → "cis 5.2.10 · nist_800_53 AC-3". */
export function mappingsText(mappings) {
  return Object.entries(mappings ?? {}).map(([k, ids]) => `${k} ${(ids ?? []).join(', ')}`).join(' · ');
}

/** Overview, failing checks, exceptions: the tabs above every compliance page. */
export function complianceTabs(active) {
  const tab = (view, label) => h('a', { href: view ? `#/compliance?view=${view}` : '#/compliance', class: active === view ? 'active' : undefined, dataset: { view: view || 'overview' } }, label);
  return h('nav.subnav', { id: 'compliance-tabs' }, tab('', 'Overview'), tab('failing', 'Failing checks'), tab('exceptions', 'Exceptions'));
}

const RANK = { viewer: 0, operator: 1, admin: 2 };
let me = null; // {token, answer}: /me asked once per token

/** Whether the signed-in token has at least `role` (viewer < operator < admin). */
export async function hasRole(role) {
  if (me?.token !== token.get()) me = { token: token.get(), answer: api.get('/me').catch((e) => { me = null; throw e; }) };
  const who = await me.answer;
  return (RANK[who.role] ?? -1) >= RANK[role];
}
