import ExcelJS from 'exceljs';
import { METRIC_KEYS, type Unit } from '@partner-kpi/metrics';
import type { Snapshot } from '../snapshot.types.js';
import { appendixFigures } from './appendix.js';
import { scopeText } from './board-pack.js';
import { excelNumberFormat, formatMetric } from './format.js';
import { neutralise } from './neutralise.js';

/**
 * The appendix as a workbook: every figure (key, label, unit, value) and the deals (or cohort
 * accounts) behind each, plus the series, the pipeline, the definitions and the snapshot's
 * provenance. Values are numbers with a number format (money in the reporting currency), so they
 * equal the API's exactly; text cells are neutralised against formula injection.
 */
export async function renderXlsx(s: Snapshot): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const created = new Date(s.created_at);
  wb.creator = 'Partner KPI';
  wb.created = created;
  wb.modified = created;
  wb.title = neutralise(`${s.name}: ${s.period.label}`);
  const currency = s.content.settings.reporting_currency;
  const figures = appendixFigures(s);

  // Figures
  const fig = sheet(wb, 'Figures', [
    ['Key', 28],
    ['Label', 40],
    ['Alignment', 11],
    ['Unit', 16],
    ['Value', 18],
    ['Display', 18],
    ['Definition', 90],
  ]);
  for (const f of figures) {
    const row = addRow(fig, [
      f.key,
      f.label,
      f.alignment,
      f.unit,
      f.value,
      formatMetric(f.key, f.value, currency),
      f.formula,
    ]);
    row.getCell(5).numFmt = excelNumberFormat(f.key, f.unit, currency);
  }

  // Deals behind each deal-based figure
  const deals = sheet(wb, 'Deals', [
    ['Figure key', 28],
    ['Figure', 36],
    ['Deal ID', 16],
    ['Deal name', 36],
    ['Account ID', 14],
    ['Account name', 30],
    ['Class', 11],
    ['Role', 16],
    ['Amount', 16],
    ['Type', 13],
    ['Stage', 8],
    ['Created on', 12],
    ['Closed on', 12],
    ['Sourcing partner', 16],
    ['Credited partners', 20],
  ]);
  const moneyFmt = excelNumberFormat('amount', 'currency', currency);
  for (const f of figures) {
    for (const d of f.deals) {
      const x = d.detail;
      const row = addRow(deals, [
        f.key,
        f.label,
        d.deal_id,
        x?.name ?? null,
        x?.account_id ?? null,
        x?.account_name ?? null,
        d.class,
        d.role,
        d.amount,
        x?.type ?? null,
        x?.stage ?? null,
        x?.created_on ?? null,
        x?.closed_on ?? null,
        x?.sourcing_partner_id ?? null,
        x?.credited_partner_ids.join(' ') ?? null,
      ]);
      row.getCell(9).numFmt = moneyFmt;
    }
  }

  // Cohort accounts behind each retention figure
  const accounts = sheet(wb, 'Accounts', [
    ['Figure key', 24],
    ['Figure', 36],
    ['Account ID', 14],
    ['Account name', 30],
    ['ARR 12 months before', 20],
    ['ARR at period end', 18],
    ['Attachment', 12],
    ['Churned', 9],
  ]);
  for (const f of figures) {
    for (const a of f.accounts) {
      const row = addRow(accounts, [
        f.key,
        f.label,
        a.account_id,
        a.name,
        a.arr_start,
        a.arr_end,
        a.attachment,
        a.churned ? 'yes' : 'no',
      ]);
      row.getCell(5).numFmt = moneyFmt;
      row.getCell(6).numFmt = moneyFmt;
    }
  }

  // Series: one row per figure, one column per fiscal quarter
  const quarters = s.content.series.series;
  const series = sheet(wb, 'Series', [
    ['Key', 28],
    ['Label', 40],
    ...quarters.map((q): [string, number] => [q.label, 14]),
  ]);
  const units = new Map(figures.map((f) => [f.key, f.unit]));
  for (const key of METRIC_KEYS) {
    const unit: Unit = units.get(key) ?? 'count';
    const row = addRow(series, [
      key,
      figures.find((f) => f.key === key)?.label ?? key,
      ...quarters.map((q) => q.metrics[key]),
    ]);
    for (let i = 0; i < quarters.length; i++)
      row.getCell(3 + i).numFmt = excelNumberFormat(key, unit, currency);
  }

  // Pipeline as of the period end
  const p = s.content.pipeline;
  const pipe = sheet(wb, 'Pipeline', [
    ['Key', 30],
    ['Label', 40],
    ['Unit', 12],
    [`Value as of ${p.as_of}`, 20],
  ]);
  for (const d of s.content.catalog.pipeline) {
    const row = addRow(pipe, [d.key, d.label, d.unit, p.metrics[d.key]]);
    row.getCell(4).numFmt = excelNumberFormat(d.key, d.unit, currency);
  }
  pipe.addRow([]);
  addRow(pipe, ['Stage', 'Class', 'Open deals', 'Open amount']).font = { bold: true };
  for (const r of p.by_stage) {
    const row = addRow(pipe, [r.stage_name, r.class, r.count, r.amount]);
    row.getCell(4).numFmt = moneyFmt;
  }

  // Definitions
  const defs = sheet(wb, 'Definitions', [
    ['Key', 30],
    ['Label', 40],
    ['Alignment', 11],
    ['Unit', 16],
    ['Better', 8],
    ['Formula', 110],
  ]);
  for (const d of [...s.content.catalog.metrics, ...s.content.catalog.pipeline])
    addRow(defs, [d.key, d.label, d.alignment, d.unit, d.better, d.formula]);

  // Provenance
  const meta = sheet(wb, 'Snapshot', [
    ['Field', 28],
    ['Value', 100],
  ]);
  const st = s.content.settings;
  const fp = s.content.fingerprint;
  const rows: [string, string | number][] = [
    ['Name', s.name],
    ['Snapshot id', s.id],
    ['Period', s.period.label],
    ['From', s.period.from],
    ['To', s.period.to],
    ['Scope (filters)', scopeText(s.filters)],
    ['Frozen at (UTC)', s.created_at],
    ['Reporting currency', st.reporting_currency],
    ['Fiscal year start month', st.fiscal_year_start_month],
    ['Gross margin', st.gross_margin],
    ['Data version', s.content.data_version],
    ['Data fingerprint (sha256)', fp.value],
    ['Fingerprint algorithm', fp.algorithm],
    ['Fingerprint covers', fp.covers],
    ...Object.entries(fp.tables).map(([t, d]): [string, string] => [
      `Rows in ${t}`,
      `${d.rows} (digest ${d.digest})`,
    ]),
  ];
  for (const r of rows) addRow(meta, r);

  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf);
}

function sheet(wb: ExcelJS.Workbook, name: string, columns: [string, number][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map(([header, width]) => ({ header: neutralise(header), width }));
  const head = ws.getRow(1);
  head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0B2545' } };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** A row whose text cells are neutralised; numbers stay numbers, null stays empty. */
function addRow(ws: ExcelJS.Worksheet, values: (string | number | boolean | null)[]): ExcelJS.Row {
  return ws.addRow(values.map((v) => (typeof v === 'string' ? neutralise(v) : v)));
}
