import type { Snapshot } from '../snapshot.types.js';
import { appendixFigures } from './appendix.js';
import { neutralise } from './neutralise.js';

/**
 * The appendix as one CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so Excel reads the names
 * right): a `figure` record per metric with its value, followed by a `deal` record per deal behind
 * it (or an `account` record per cohort account for retention figures). Numbers are plain
 * (full precision, money to the cent, empty for null); text is neutralised against formulas.
 */
export const CSV_COLUMNS = [
  'record',
  'figure_key',
  'figure_label',
  'unit',
  'value',
  'deal_id',
  'deal_name',
  'account_id',
  'account_name',
  'class',
  'role',
  'amount',
  'arr_start',
  'arr_end',
  'attachment',
  'churned',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type CsvRecord = Partial<Record<Column, string | number | boolean | null>>;

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'string' ? neutralise(v) : String(v);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(s: Snapshot): Buffer {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const push = (r: CsvRecord) => lines.push(CSV_COLUMNS.map((c) => cell(r[c])).join(','));
  for (const f of appendixFigures(s)) {
    const figure = { figure_key: f.key, figure_label: f.label, unit: f.unit };
    push({ record: 'figure', ...figure, value: f.value });
    for (const d of f.deals) {
      push({
        record: 'deal',
        ...figure,
        deal_id: d.deal_id,
        deal_name: d.detail?.name ?? null,
        account_id: d.detail?.account_id ?? null,
        account_name: d.detail?.account_name ?? null,
        class: d.class,
        role: d.role,
        amount: d.amount,
      });
    }
    for (const a of f.accounts) {
      push({
        record: 'account',
        ...figure,
        account_id: a.account_id,
        account_name: a.name,
        arr_start: a.arr_start,
        arr_end: a.arr_end,
        attachment: a.attachment,
        churned: a.churned,
      });
    }
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
