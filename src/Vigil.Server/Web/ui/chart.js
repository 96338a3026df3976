// A time-series chart on uPlot (loaded as a classic script: window.uPlot): aligned series, a live legend,
// a tooltip, unit-aware axes, anomaly bands, and an empty state instead of a blank canvas.
import { h, replace } from './dom.js';
import { byUnit, timestamp } from './format.js';

// Byte axes step in powers of two (256 MiB, 1 GiB, 4 GiB), so tick labels come out round in binary units.
const BYTE_STEPS = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4].flatMap((base) => [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map((m) => base * m));

const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#475569'];

export class MetricChart {
  /** `unit` picks the axis and value format: "1" → %, "By" → bytes, "By/s" → bytes per second. */
  /** `stacked`: series are parts of a whole (CPU modes, memory states) and are drawn as stacked areas. */
  constructor(container, { unit, height = 190, yMax, stacked = false }) {
    this.container = container;
    this.unit = unit;
    this.height = height;
    this.yMax = yMax;
    this.stacked = stacked;
    this.raw = null;
    this.plot = null;
    this.labels = '';
    this.range = null;
    this.anomalies = [];
    this.resize = new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: this.height }));
    this.resize.observe(container);
  }

  width() { return Math.max(200, this.container.clientWidth); }

  /**
   * Marks anomalies as shaded bands from `from` to `to` (Unix ms; `to` null while open, drawn up to now), each with
   * its explanation as hover text (title) and in the tooltip (message): [{id, from, to, title, message, open}].
   */
  setAnomalies(list) {
    this.anomalies = list ?? [];
    this.container.dataset.anomalies = String(this.anomalies.length);
    if (this.plot) this.plot.redraw(false, false);
  }

  /** `series`: [{label, points: [[unixMs, value|null], ...], color?}]; `range`: {from, to} in Unix ms. */
  update(series, range) {
    this.range = range;
    const withData = series.filter((s) => s.points.some((p) => p[1] !== null));
    const total = withData.reduce((n, s) => n + s.points.length, 0);
    this.container.dataset.points = String(total);
    this.container.dataset.series = String(withData.length);
    if (total === 0 || !window.uPlot) {
      this.destroy();
      replace(this.container, h('div.chart-empty', null, window.uPlot ? 'No data in this range' : 'Charting library failed to load'));
      return;
    }
    // Stacked series come bottom-first; uPlot gets them top-first so the bottom band's line is drawn last, on top.
    const ordered = this.stacked ? withData.slice().reverse() : withData;
    this.raw = align(ordered);
    const data = this.stacked ? stack(this.raw) : this.raw;
    const labels = ordered.map((s) => s.label).join('\n');
    if (this.plot && labels === this.labels) {
      this.plot.setData(data, false);
      this.plot.setScale('x', { min: range.from / 1000, max: range.to / 1000 });
      this.plot.redraw(true, true);
      // The legend shows the newest values while the cursor is away; uPlot refreshes it only on cursor moves.
      if (this.plot.cursor.idx === null || this.plot.cursor.idx === undefined) this.plot.setLegend({ idx: null });
      return;
    }
    this.destroy();
    this.labels = labels;
    this.container.replaceChildren();
    this.plot = new window.uPlot(this.options(ordered), data, this.container);
  }

  options(series) {
    const css = getComputedStyle(document.documentElement);
    const axis = css.getPropertyValue('--chart-axis').trim() || '#64748b';
    const grid = css.getPropertyValue('--chart-grid').trim() || 'rgba(100,116,139,.15)';
    const fmt = (v) => byUnit(this.unit, v);
    const fill = this.stacked || series.length <= 3;
    const yMax = this.yMax;
    const span = this.range.to - this.range.from;
    // Stacked series show their own value in the legend and tooltip, not the running total they are drawn at.
    // Away from the cursor the legend shows each series' newest value.
    const shown = (u, v, si, idx) => fmt(idx === null || idx === undefined ? newest(this.raw[si]) : this.raw[si][idx]);
    return {
      width: this.width(),
      height: this.height,
      // uPlot follows the mouse only while it is over .u-over itself; anomaly bands sit inside it and must not stop that.
      cursor: { points: { size: 6 }, focus: { prox: 24 }, bind: { mousemove: anyTarget, mouseenter: anyTarget, mouseleave: anyTarget } },
      focus: { alpha: 0.35 },
      legend: { live: true },
      scales: {
        x: { time: true, range: () => [this.range.from / 1000, this.range.to / 1000] },
        y: { range: (u, min, max) => [Math.min(0, min), yMax !== undefined ? Math.max(yMax, max) : (max > 0 ? max * 1.1 : 1)] },
      },
      axes: [
        {
          stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif',
          values: (u, splits) => splits.map((t) => tick(t * 1000, span)),
        },
        {
          stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { show: false }, font: '11px system-ui, sans-serif',
          size: 64, values: (u, splits) => splits.map(fmt), incrs: this.unit.startsWith('By') ? BYTE_STEPS : undefined,
        },
      ],
      series: [
        { value: (u, v) => (v === null ? '' : timestamp(v * 1000)) },
        ...series.map((s, i) => {
          const color = s.color ?? PALETTE[i % PALETTE.length];
          return {
            // uPlot draws point markers only where samples are sparse (a host that just enrolled), not on dense lines.
            label: s.label, stroke: color, width: this.stacked ? 1 : 1.5, spanGaps: false,
            fill: fill ? `${color}${this.stacked ? '66' : '1f'}` : undefined, value: shown,
          };
        }),
      ],
      // Each stacked band fills down to the series below it, not to zero.
      bands: this.stacked ? series.slice(1).map((s, i) => ({ series: [i + 1, i + 2] })) : undefined,
      plugins: [anomalyBands(() => this.anomalies, () => this.range), tooltip(fmt, () => this.raw, () => this.anomalies)],
    };
  }

  destroy() {
    this.plot?.destroy();
    this.plot = null;
    this.labels = '';
  }

  dispose() {
    this.resize.disconnect();
    this.destroy();
  }
}

/** A uPlot cursor binding that takes the event whichever child of the plot area it came from. */
function anyTarget(u, target, handler) {
  return (e) => handler(e);
}

/** uPlot wants one x array and y arrays of the same length; series may miss some timestamps (null there). */
function align(series) {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const y = new Array(xs.length).fill(null);
    for (const [t, v] of s.points) y[index.get(t)] = v;
    return y;
  });
  return [xs.map((x) => x / 1000), ...ys];
}

/** Running totals for stacked areas; series are top-first, so the sum runs from the last one up. */
function stack(raw) {
  const sum = new Array(raw[0].length).fill(0);
  const out = new Array(raw.length);
  out[0] = raw[0];
  for (let k = raw.length - 1; k >= 1; k--) {
    out[k] = raw[k].map((v, i) => {
      if (v === null) return null;
      sum[i] += v;
      return sum[i];
    });
  }
  return out;
}

function newest(ys) {
  for (let i = ys.length - 1; i >= 0; i--) if (ys[i] !== null && ys[i] !== undefined) return ys[i];
  return null;
}

/** Axis time labels: hours and minutes within a day, with the date over longer spans. */
function tick(ms, span) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  return span > 86400e3 ? `${p(d.getMonth() + 1)}-${p(d.getDate())} ${hm}` : hm;
}

/**
 * Anomalies as bands: shaded on the canvas under the series (drawClear runs before they are drawn), and as elements
 * over the plot carrying the explanation as their title, so hovering a band says what was wrong.
 */
function anomalyBands(anomalies, range) {
  let layer;
  const span = (u, a) => {
    const to = a.to ?? range().to;
    const left = Math.max(0, u.valToPos(a.from / 1000, 'x'));
    const right = Math.min(u.over.clientWidth, u.valToPos(to / 1000, 'x'));
    // Even a one-sample anomaly stays visible: at least 3 px wide.
    return right < 0 || left > u.over.clientWidth ? null : { left, width: Math.max(3, right - left) };
  };
  return {
    hooks: {
      init: (u) => {
        layer = h('div.anomaly-layer');
        u.over.append(layer);
      },
      drawClear: (u) => {
        const css = getComputedStyle(document.documentElement);
        const ctx = u.ctx;
        ctx.save();
        const { left, top, width, height } = u.bbox;
        for (const a of anomalies()) {
          // Canvas pixels, clamped to the plot area.
          const from = Math.max(left, u.valToPos(a.from / 1000, 'x', true));
          const to = Math.min(left + width, u.valToPos((a.to ?? range().to) / 1000, 'x', true));
          if (to < left || from > left + width) continue;
          ctx.fillStyle = css.getPropertyValue(a.open ? '--anomaly-open' : '--anomaly-closed').trim() || 'rgba(220, 38, 38, 0.12)';
          ctx.fillRect(from, top, Math.max(3 * devicePixelRatio, to - from), height);
        }
        ctx.restore();
      },
      draw: (u) => {
        replace(layer, anomalies().map((a) => {
          const s = span(u, a);
          if (!s) return null;
          const band = h('div.anomaly-band', { title: a.title, dataset: { anomaly: a.id, state: a.open ? 'open' : 'closed' } });
          band.style.left = `${s.left}px`;
          band.style.width = `${s.width}px`;
          return band;
        }));
      },
    },
  };
}

/** A floating box at the cursor with the time, every series' value there (largest first) and any anomaly under it. */
function tooltip(fmt, rawData, anomalies = () => []) {
  let box;
  return {
    hooks: {
      init: (u) => {
        box = h('div.chart-tooltip', { hidden: true });
        u.over.append(box);
        u.over.addEventListener('mouseleave', () => { box.hidden = true; });
      },
      setCursor: (u) => {
        const { idx, left, top } = u.cursor;
        if (idx === null || idx === undefined || left < 0) { box.hidden = true; return; }
        const rows = u.series.slice(1)
          .map((s, i) => ({ s, v: rawData()[i + 1][idx] }))
          .filter((r) => r.s.show && r.v !== null && r.v !== undefined)
          .sort((a, b) => b.v - a.v)
          .slice(0, 8);
        if (rows.length === 0) { box.hidden = true; return; }
        const t = u.posToVal(left, 'x') * 1000;
        const here = anomalies().filter((a) => a.from <= t && t <= (a.to ?? Date.now()));
        replace(box,
          h('div.tt-time', null, timestamp(u.data[0][idx] * 1000)),
          rows.map((r) => h('div.tt-row', null, swatch(r.s.stroke()), h('span.tt-label', null, r.s.label), h('span.tt-value', null, fmt(r.v)))),
          here.map((a) => h('div.tt-anomaly', null, h('b', null, a.open ? 'Open anomaly: ' : 'Anomaly: '), a.message ?? a.title)));
        box.hidden = false;
        const width = u.over.clientWidth;
        const x = left + 14 + box.offsetWidth > width ? left - box.offsetWidth - 14 : left + 14;
        box.style.transform = `translate(${Math.max(0, x)}px, ${Math.max(0, top - 10)}px)`;
      },
    },
  };
}

function swatch(color) {
  const el = h('i.tt-swatch');
  el.style.background = color;
  return el;
}
