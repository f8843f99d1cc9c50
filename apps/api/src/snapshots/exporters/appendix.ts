import { METRIC_KEYS, type MetricKey, type Unit } from '@partner-kpi/metrics';
import type { DealDetail, FrozenAccountRow, FrozenDealRow, Snapshot } from '../snapshot.types.js';

/** One figure of the appendix with the rows behind it (the XLSX and CSV exports list these). */
export interface AppendixFigure {
  key: MetricKey;
  label: string;
  alignment: string;
  unit: Unit;
  value: number | null;
  formula: string;
  deals: (FrozenDealRow & { detail: DealDetail | undefined })[];
  accounts: FrozenAccountRow[];
}

/** Every figure of the snapshot, in catalog order, with its deals (or cohort accounts). */
export function appendixFigures(s: Snapshot): AppendixFigure[] {
  const defs = new Map(s.content.catalog.metrics.map((d) => [d.key, d]));
  return METRIC_KEYS.filter((k) => defs.has(k)).map((key) => {
    const d = defs.get(key)!;
    const drill = s.content.drill[key];
    return {
      key,
      label: d.label,
      alignment: d.alignment,
      unit: d.unit,
      value: s.content.metrics[key],
      formula: d.formula,
      deals:
        drill?.kind === 'deals'
          ? drill.rows.map((r) => ({ ...r, detail: s.content.deals[r.deal_id] }))
          : [],
      accounts: drill?.kind === 'accounts' ? drill.rows : [],
    };
  });
}

/** A file name for an export: the snapshot's name and period, safe in any file system. */
export function exportFileName(s: Snapshot, ext: string): string {
  const base = `${s.name} ${s.period.label}`
    .normalize('NFKD')
    .replace(/[^\w\s.-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return `${base || 'snapshot'}.${ext}`;
}
