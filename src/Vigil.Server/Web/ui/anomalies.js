// Anomalies as the pages show them: the table (host page and anomalies page) and the bands a chart draws.
import { h } from './dom.js';
import { byUnit, duration, timestamp } from './format.js';
import { relativeTime } from './widgets.js';
import { CHARTS } from './pages/host-charts.js';

/** The unit of a metric the host page charts, so values read as "87.3 %" or "1.2 GiB"; plain numbers otherwise. */
const UNITS = new Map(CHARTS.flatMap((c) => c.metrics.map((m) => [m, c.unit])));
export const unitOf = (metric) => UNITS.get(metric) ?? '';

export function attributesText(attributes) {
  const entries = Object.entries(attributes ?? {});
  return entries.length ? `{${entries.map(([k, v]) => `${k}=${v}`).join(', ')}}` : '';
}

/** Bands for the anomalies of `metrics` (the chart's), from the first anomalous sample to the close (or now). */
export function bandsFor(list, metrics) {
  return list.filter((a) => metrics.includes(a.metric)).map((a) => ({
    id: a.id,
    from: Date.parse(a.since),
    to: a.closed_at ? Date.parse(a.closed_at) : null,
    open: a.state === 'open',
    message: a.message,
    title: `${a.state === 'open' ? 'Open' : 'Closed'} anomaly: ${a.message}`,
  }));
}

/** Open first (newest first), then closed ones newest first: the order the API returns, kept after local changes. */
export function sortAnomalies(list) {
  return list.slice().sort((a, b) => (a.state === 'open' ? 0 : 1) - (b.state === 'open' ? 0 : 1) || Date.parse(b.since) - Date.parse(a.since));
}

export function stateBadge(state) {
  return h('span.anomaly-state', { dataset: { state } }, state);
}

/** `host`: show the host column (the fleet-wide page); `hosts` maps agent ids to hostnames where known. */
export function anomalyTable(list, { id, host = false, emptyText = 'No anomalies.' } = {}) {
  if (list.length === 0) return h('div.empty', null, emptyText);
  const head = ['State', host ? 'Host' : null, 'Series', 'Since', 'Duration', 'Expected', 'Observed', 'Score', 'Explanation'].filter(Boolean);
  return h('div.table-wrap', null, h('table.table.anomalies', { id },
    h('thead', null, h('tr', null, head.map((t) => h('th', { class: ['Score', 'Observed', 'Duration'].includes(t) ? 'num' : undefined }, t)))),
    h('tbody', null, list.map((a) => row(a, host)))));
}

function row(a, withHost) {
  const fmt = (v) => byUnit(a.unit ?? unitOf(a.metric), v);
  const href = `#/hosts/${encodeURIComponent(a.host)}`;
  return h('tr', { dataset: { anomaly: a.id, state: a.state, host: a.host, metric: a.metric } },
    h('td', { dataset: { field: 'state' } }, stateBadge(a.state)),
    withHost ? h('td', { dataset: { field: 'host' } }, h('a.host-link', { href }, a.hostname || a.host)) : null,
    h('td', { dataset: { field: 'series' } }, h('div.anomaly-series', null, a.metric), h('div.anomaly-attrs', null, attributesText(a.attributes))),
    h('td.nowrap', { dataset: { field: 'since' } }, h('div', null, timestamp(a.since)), h('div.sub', null, relativeTime(a.since))),
    h('td.num', { dataset: { field: 'duration' } }, a.state === 'open' ? h('span', null, duration(a.duration_s), h('div.sub', null, 'still open')) : duration(a.duration_s)),
    h('td', { dataset: { field: 'expected' } }, h('span.range-text', null, `${fmt(a.expected_low)} – ${fmt(a.expected_high)}`)),
    h('td.num', { dataset: { field: 'observed' } }, h('span.observed-out', null, fmt(a.observed)),
      a.closed_observed !== undefined && a.closed_observed !== null ? h('div.sub', null, `back to ${fmt(a.closed_observed)}`) : null),
    h('td.num', { dataset: { field: 'score' } }, h('span.score', { title: 'highest calibrated anomaly score reached, in [0, 1]' }, a.peak_score.toFixed(4)),
      h('div.detectors', { dataset: { field: 'detectors' } }, (a.detectors ?? []).map((d) => h('span.detector', null, d)))),
    h('td.anomaly-message', { dataset: { field: 'message' } }, a.message,
      a.opened_at ? null : h('div.sub', null, 'opening not received; known from its close')));
}
