// Small pieces the pages share: status badges, label chips, utilisation bars, page errors, key/value lists.
import { h } from './dom.js';
import { percent, relative, timestamp } from './format.js';

export const STATUS_ORDER = { failed: 0, silent: 1, degraded: 2, ok: 3, revoked: 4 };

export function statusBadge(status) {
  return h('span.badge', { dataset: { status: status ?? 'unknown' } }, status === 'ok' ? 'OK' : status ?? 'unknown');
}

export function labelChips(labels) {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return h('span.muted', null, '–');
  return h('span.chips', null, entries.map(([k, v]) => h('span.chip', { title: `${k}=${v}` }, h('span.chip-k', null, k), h('span.chip-v', null, v))));
}

/** A 0..1 utilisation as a number with a thin bar under it, amber past 75 %, red past 90 %. */
export function utilizationBar(ratio) {
  if (ratio === null || ratio === undefined) return h('span.muted', null, '–');
  const level = ratio >= 0.9 ? 'crit' : ratio >= 0.75 ? 'warn' : 'ok';
  const fill = h('i');
  fill.style.width = `${Math.min(100, Math.max(0, ratio * 100)).toFixed(1)}%`;
  return h('span.util', { dataset: { level } }, h('span.util-value', null, percent(ratio)), h('span.util-bar', null, fill));
}

/** "12 s ago" that keeps ticking (app.js updates [data-relative]); the absolute time is in the tooltip. */
export function relativeTime(time) {
  if (!time) return h('span.muted', null, 'never');
  return h('time', { datetime: time, title: timestamp(time), dataset: { relative: time } }, relative(time));
}

export function pageError(error) {
  return h('div.error', { role: 'alert' }, h('strong', null, 'Could not load this page. '), error.message);
}

/** A definition list of [label, value] pairs, skipping absent values. */
export function facts(pairs) {
  return h('dl.facts', null, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => h('div.fact', null, h('dt', null, k), h('dd', null, v))));
}

export function section(title, body, extra) {
  return h('section.panel', null, h('header.panel-head', null, h('h2', null, title), extra ?? null), body);
}
