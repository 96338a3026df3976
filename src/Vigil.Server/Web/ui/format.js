// Numbers as people read them: binary byte units, percentages, short relative times. Every function takes
// null/undefined and returns an en dash, so tables never show "NaN" or "undefined".

const DASH = '–';
const missing = (v) => v === null || v === undefined || Number.isNaN(v);

export function bytes(v, digits = 1) {
  if (missing(v)) return DASH;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let x = Math.abs(v);
  while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
  const shown = i === 0 ? Math.round(x).toString() : x.toFixed(x >= 100 ? 0 : digits);
  return `${v < 0 ? '-' : ''}${shown} ${units[i]}`;
}

export const bytesPerSecond = (v) => (missing(v) ? DASH : `${bytes(v)}/s`);

/** A 0..1 ratio as a percentage. */
export function percent(v, digits = 1) {
  if (missing(v)) return DASH;
  const p = v * 100;
  return `${p >= 99.95 || p === 0 ? p.toFixed(0) : p.toFixed(digits)} %`;
}

export function number(v, digits = 2) {
  if (missing(v)) return DASH;
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(1)} M`;
  if (Math.abs(v) >= 1e4) return `${(v / 1e3).toFixed(1)} k`;
  return Number.isInteger(v) ? v.toString() : v.toFixed(digits);
}

/** Seconds as "3 d 4 h", "5 h 12 m", "42 s". */
export function duration(seconds) {
  if (missing(seconds)) return DASH;
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${hh} h`;
  if (hh > 0) return `${hh} h ${m} m`;
  if (m > 0) return `${m} m ${s % 60} s`;
  return `${s} s`;
}

/** "12 s ago", "in 3 d". `now` is injectable for the clock the page ticks with. */
export function relative(time, now = Date.now()) {
  if (missing(time) || time === '') return DASH;
  const t = typeof time === 'number' ? time : Date.parse(time);
  if (Number.isNaN(t)) return DASH;
  const delta = Math.round((now - t) / 1000);
  const text = duration(Math.abs(delta)).split(' ').slice(0, 2).join(' ');
  if (Math.abs(delta) < 2) return 'just now';
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/** Absolute time in the viewer's zone, to the second: "2026-11-25 10:04:05". */
export function timestamp(time) {
  if (missing(time) || time === '') return DASH;
  const d = new Date(typeof time === 'number' ? time : Date.parse(time));
  if (Number.isNaN(d.getTime())) return DASH;
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Formats a value in an OpenTelemetry (UCUM) unit, counters' rates included ("By/s"). */
export function byUnit(unit, v) {
  switch (unit) {
    case '1': return percent(v);
    case 'By': return bytes(v);
    case 'By/s': return bytesPerSecond(v);
    case 's': return missing(v) ? DASH : `${number(v, 3)} s`;
    default: return missing(v) ? DASH : `${number(v)}${unit && unit.endsWith('/s') ? '/s' : ''}`;
  }
}
