// A plain data table: column specs in, <table> out, with an empty state when there are no rows.
import { h, empty } from './dom.js';

/**
 * columns: [{title, cell: (row) => node|string, num?: true, mono?: true, field?: 'name'}]
 * Each <td> gets data-field when the column names one, so tests and styles can find it.
 */
export function dataTable(columns, rows, { id, emptyText = 'Nothing to show.', rowAttrs } = {}) {
  if (rows.length === 0) return empty(emptyText);
  const cls = (c) => [c.num ? 'num' : '', c.mono ? 'mono' : '', c.wrap ? 'wrap' : ''].filter(Boolean).join(' ') || undefined;
  return h('div.table-wrap', null, h('table.table', { id },
    h('thead', null, h('tr', null, columns.map((c) => h('th', { class: cls(c) }, c.title)))),
    h('tbody', null, rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : null,
      columns.map((c) => h('td', { class: cls(c), dataset: c.field ? { field: c.field } : undefined }, c.cell(r))))))));
}
