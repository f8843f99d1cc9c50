// The open pipeline by stage, one row per stage with an amount per class. Stage names are
// the CRM's own; the usual funnel names are put in funnel order, any others follow
// alphabetically, and the API's buckets for deals without a stage at the as-of date come last.
import {
  STAGE_CLOSED_AFTER_AS_OF,
  STAGE_NONE,
  type DealClass,
  type PipelineStageRow,
} from '@partner-kpi/metrics';

const FUNNEL = [
  'lead',
  'discovery',
  'prospecting',
  'qualification',
  'qualified',
  'demo',
  'evaluation',
  'solution',
  'proposal',
  'quote',
  'negotiation',
  'commit',
  'contract',
];

function funnelIndex(stage: string): number {
  const s = stage.toLowerCase();
  if (stage === STAGE_NONE) return 1000;
  if (stage === STAGE_CLOSED_AFTER_AS_OF) return 1001;
  const i = FUNNEL.findIndex((f) => s.startsWith(f));
  return i < 0 ? 500 : i;
}

export type StageRow = { stage: string; count: number; total: number } & Record<DealClass, number>;

export function stageRows(rows: readonly PipelineStageRow[]): StageRow[] {
  const byStage = new Map<string, StageRow>();
  for (const r of rows) {
    let row = byStage.get(r.stage_name);
    if (!row) {
      row = {
        stage: r.stage_name,
        count: 0,
        total: 0,
        sourced: 0,
        influenced: 0,
        direct: 0,
        other: 0,
      };
      byStage.set(r.stage_name, row);
    }
    row[r.class] += r.amount;
    row.total += r.amount;
    row.count += r.count;
  }
  return [...byStage.values()].sort(
    (a, b) => funnelIndex(a.stage) - funnelIndex(b.stage) || a.stage.localeCompare(b.stage),
  );
}
