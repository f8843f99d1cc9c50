import {
  isMoneyUnit,
  METRIC_CATALOG,
  METRIC_KEYS,
  PIPELINE_CATALOG,
  PIPELINE_KEYS,
  type AttachmentGroup,
  type DealClass,
  type DrillRole,
  type MetricKey,
  type PipelineKey,
  type Unit,
} from '@partner-kpi/metrics';
import type {
  DealDetail,
  FrozenAccountRow,
  FrozenDealRow,
  FrozenDrill,
  SnapshotContent,
} from './snapshot.types.js';

/** The figures of a readout: what a snapshot freezes and what a restatement recomputes. */
export type Figures = Pick<SnapshotContent, 'metrics' | 'series' | 'drill' | 'deals' | 'pipeline'>;

export const DEAL_CHANGE_KINDS = [
  'added',
  'removed',
  'amount_changed',
  'class_changed',
  'role_changed',
] as const;
export type DealChangeKind = (typeof DEAL_CHANGE_KINDS)[number];

export const ACCOUNT_CHANGE_KINDS = [
  'added',
  'removed',
  'arr_changed',
  'attachment_changed',
  'churn_changed',
] as const;
export type AccountChangeKind = (typeof ACCOUNT_CHANGE_KINDS)[number];

export interface DealSide {
  class: DealClass;
  amount: number;
  role: DrillRole;
}

/** A deal whose place in one figure changed. */
export interface DealChange {
  deal_id: string;
  name: string | null;
  account_name: string | null;
  reported: DealSide | null;
  recomputed: DealSide | null;
}

export type DealChanges = Record<DealChangeKind, DealChange[]>;

export interface AccountSide {
  arr_start: number;
  arr_end: number;
  attachment: AttachmentGroup;
  churned: boolean;
}

export interface AccountChange {
  account_id: string;
  name: string | null;
  reported: AccountSide | null;
  recomputed: AccountSide | null;
}

export type AccountChanges = Record<AccountChangeKind, AccountChange[]>;

export interface FigureComparison {
  key: MetricKey;
  label: string;
  unit: Unit;
  reported: number | null;
  recomputed: number | null;
  /** recomputed - reported (money to the cent); null when either is null. */
  difference: number | null;
  changed: boolean;
  /** Deal-based figures: the deals that explain the difference, by kind of change. */
  deals?: DealChanges;
  /** Retention figures: the cohort accounts that explain it. */
  accounts?: AccountChanges;
}

export interface ValueComparison {
  key: string;
  reported: number | null;
  recomputed: number | null;
  difference: number | null;
}

export interface SeriesComparison {
  label: string;
  from: string;
  to: string;
  /** Only the figures that differ. */
  changed: ValueComparison[];
}

export interface PipelineComparison extends ValueComparison {
  key: PipelineKey;
  label: string;
  unit: Unit;
  changed: boolean;
}

/** The state of a deal as far as the readout is concerned. */
export interface DealState {
  amount: number;
  class: DealClass;
  type: string;
  stage: string;
  closed_on: string | null;
}

/** One deal that explains a restatement, with every figure it moved. */
export interface DealRestatement {
  deal_id: string;
  name: string | null;
  account_id: string | null;
  account_name: string | null;
  changes: DealChangeKind[];
  /** The figures whose deal lists changed because of this deal. */
  figures: MetricKey[];
  reported: DealState | null;
  /** Today: null when the deal is no longer in the data. */
  recomputed: DealState | null;
  /** Plain sentences: what changed in the deal's row and what that did. */
  explanation: string[];
}

/** Today's row of a deal the snapshot named but no recomputed figure includes. */
export interface CurrentDealRow {
  deal_id: string;
  name: string | null;
  account_id: string;
  amount: number;
  type: string;
  stage: string;
  closed_on: string | null;
}

export interface Restatement {
  figures: FigureComparison[];
  series: SeriesComparison[];
  pipeline: PipelineComparison[];
  deals: DealRestatement[];
}

function difference(unit: Unit, reported: number | null, recomputed: number | null): number | null {
  if (reported === null || recomputed === null) return null;
  const d = recomputed - reported;
  return isMoneyUnit(unit) ? Math.round(d * 100) / 100 : d;
}

function emptyDealChanges(): DealChanges {
  return { added: [], removed: [], amount_changed: [], class_changed: [], role_changed: [] };
}

function emptyAccountChanges(): AccountChanges {
  return { added: [], removed: [], arr_changed: [], attachment_changed: [], churn_changed: [] };
}

const dealSide = (r: FrozenDealRow): DealSide => ({
  class: r.class,
  amount: r.amount,
  role: r.role,
});
const accountSide = (r: FrozenAccountRow): AccountSide => ({
  arr_start: r.arr_start,
  arr_end: r.arr_end,
  attachment: r.attachment,
  churned: r.churned,
});

/**
 * A deal can appear more than once in a drill-down only if the library lists it so; key rows by
 * deal_id and keep the first (the library lists each deal once per figure).
 */
function byDeal(rows: readonly FrozenDealRow[] | undefined): Map<string, FrozenDealRow> {
  const m = new Map<string, FrozenDealRow>();
  for (const r of rows ?? []) if (!m.has(r.deal_id)) m.set(r.deal_id, r);
  return m;
}

function dealRowsOf(d: FrozenDrill | undefined): FrozenDealRow[] | undefined {
  return d?.kind === 'deals' ? d.rows : undefined;
}

function accountRowsOf(d: FrozenDrill | undefined): FrozenAccountRow[] | undefined {
  return d?.kind === 'accounts' ? d.rows : undefined;
}

function compareDeals(reported: Figures, recomputed: Figures, key: MetricKey): DealChanges {
  const before = byDeal(dealRowsOf(reported.drill[key]));
  const after = byDeal(dealRowsOf(recomputed.drill[key]));
  const out = emptyDealChanges();
  const change = (
    id: string,
    b: FrozenDealRow | undefined,
    a: FrozenDealRow | undefined,
  ): DealChange => {
    const detail: DealDetail | undefined = recomputed.deals[id] ?? reported.deals[id];
    return {
      deal_id: id,
      name: detail?.name ?? null,
      account_name: detail?.account_name ?? null,
      reported: b ? dealSide(b) : null,
      recomputed: a ? dealSide(a) : null,
    };
  };
  for (const [id, b] of before) {
    const a = after.get(id);
    if (!a) {
      out.removed.push(change(id, b, a));
      continue;
    }
    if (a.amount !== b.amount) out.amount_changed.push(change(id, b, a));
    if (a.class !== b.class) out.class_changed.push(change(id, b, a));
    if (a.role !== b.role) out.role_changed.push(change(id, b, a));
  }
  for (const [id, a] of after) if (!before.has(id)) out.added.push(change(id, undefined, a));
  return out;
}

function compareAccounts(reported: Figures, recomputed: Figures, key: MetricKey): AccountChanges {
  const index = (rows: FrozenAccountRow[] | undefined) =>
    new Map((rows ?? []).map((r) => [r.account_id, r]));
  const before = index(accountRowsOf(reported.drill[key]));
  const after = index(accountRowsOf(recomputed.drill[key]));
  const out = emptyAccountChanges();
  const change = (
    id: string,
    b: FrozenAccountRow | undefined,
    a: FrozenAccountRow | undefined,
  ): AccountChange => ({
    account_id: id,
    name: a?.name ?? b?.name ?? null,
    reported: b ? accountSide(b) : null,
    recomputed: a ? accountSide(a) : null,
  });
  for (const [id, b] of before) {
    const a = after.get(id);
    if (!a) {
      out.removed.push(change(id, b, a));
      continue;
    }
    if (a.arr_start !== b.arr_start || a.arr_end !== b.arr_end)
      out.arr_changed.push(change(id, b, a));
    if (a.attachment !== b.attachment) out.attachment_changed.push(change(id, b, a));
    if (a.churned !== b.churned) out.churn_changed.push(change(id, b, a));
  }
  for (const [id, a] of after) if (!before.has(id)) out.added.push(change(id, undefined, a));
  return out;
}

const anyChange = (c: Record<string, unknown[]>): boolean =>
  Object.values(c).some((l) => l.length > 0);

/**
 * Each figure as reported vs as recomputed, and the deals and accounts behind the difference.
 * `current` holds today's rows of the deals the snapshot named that no recomputed figure
 * includes any more (absent: deleted from the data).
 */
export function restate(
  reported: Figures,
  recomputed: Figures,
  current: ReadonlyMap<string, CurrentDealRow>,
): Restatement {
  const figures: FigureComparison[] = METRIC_KEYS.map((key) => {
    const def = METRIC_CATALOG[key];
    const r = reported.metrics[key];
    const n = recomputed.metrics[key];
    const cmp: FigureComparison = {
      key,
      label: def.label,
      unit: def.unit,
      reported: r,
      recomputed: n,
      difference: difference(def.unit, r, n),
      changed: r !== n,
    };
    if (def.drill === 'deals') cmp.deals = compareDeals(reported, recomputed, key);
    if (def.drill === 'accounts') cmp.accounts = compareAccounts(reported, recomputed, key);
    return cmp;
  });

  const series: SeriesComparison[] = reported.series.series.map((entry) => {
    const now = recomputed.series.series.find((e) => e.from === entry.from && e.to === entry.to);
    const changed: ValueComparison[] = [];
    for (const key of METRIC_KEYS) {
      const r = entry.metrics[key];
      const n = now ? now.metrics[key] : null;
      if (r !== n)
        changed.push({
          key,
          reported: r,
          recomputed: n,
          difference: difference(METRIC_CATALOG[key].unit, r, n),
        });
    }
    return { label: entry.label, from: entry.from, to: entry.to, changed };
  });

  const pipeline: PipelineComparison[] = PIPELINE_KEYS.map((key) => {
    const def = PIPELINE_CATALOG[key];
    const r = reported.pipeline.metrics[key];
    const n = recomputed.pipeline.metrics[key];
    return {
      key,
      label: def.label,
      unit: def.unit,
      reported: r,
      recomputed: n,
      difference: difference(def.unit, r, n),
      changed: r !== n,
    };
  });

  return {
    figures,
    series,
    pipeline,
    deals: dealRestatements(reported, recomputed, figures, current),
  };
}

/** The deals that explain the restatement, each once, with every figure it moved. */
function dealRestatements(
  reported: Figures,
  recomputed: Figures,
  figures: readonly FigureComparison[],
  current: ReadonlyMap<string, CurrentDealRow>,
): DealRestatement[] {
  const moved = new Map<
    string,
    { kinds: Set<DealChangeKind>; figures: Set<MetricKey>; before?: DealSide; after?: DealSide }
  >();
  for (const f of figures) {
    if (!f.deals) continue;
    for (const kind of DEAL_CHANGE_KINDS) {
      for (const c of f.deals[kind]) {
        const m = moved.get(c.deal_id) ?? {
          kinds: new Set<DealChangeKind>(),
          figures: new Set<MetricKey>(),
        };
        m.figures.add(f.key);
        if (kind !== 'added' && kind !== 'removed') m.kinds.add(kind);
        m.before ??= c.reported ?? undefined;
        m.after ??= c.recomputed ?? undefined;
        moved.set(c.deal_id, m);
      }
    }
  }
  const out: DealRestatement[] = [];
  for (const [id, m] of moved) {
    const was = reported.deals[id];
    const is = recomputed.deals[id];
    const row = is ? undefined : current.get(id);
    const before: DealState | null =
      was && m.before
        ? {
            amount: m.before.amount,
            class: m.before.class,
            type: was.type,
            stage: was.stage,
            closed_on: was.closed_on,
          }
        : null;
    const after: DealState | null =
      is && m.after
        ? {
            amount: m.after.amount,
            class: m.after.class,
            type: is.type,
            stage: is.stage,
            closed_on: is.closed_on,
          }
        : row
          ? {
              amount: row.amount,
              class: before?.class ?? 'direct',
              type: row.type,
              stage: row.stage,
              closed_on: row.closed_on,
            }
          : null;
    // The deal as a whole: new to the readout, gone from it, or changed in place.
    if (!was) m.kinds.add('added');
    if (!is) m.kinds.add('removed');
    if (before && after && before.amount !== after.amount) m.kinds.add('amount_changed');
    if (before && after && is && before.class !== after.class) m.kinds.add('class_changed');
    out.push({
      deal_id: id,
      name: is?.name ?? was?.name ?? row?.name ?? null,
      account_id: is?.account_id ?? was?.account_id ?? row?.account_id ?? null,
      account_name: is?.account_name ?? was?.account_name ?? null,
      changes: DEAL_CHANGE_KINDS.filter((k) => m.kinds.has(k)),
      figures: METRIC_KEYS.filter((k) => m.figures.has(k)),
      reported: before,
      recomputed: after,
      explanation: explain(before, after, !!was, !!is, row !== undefined),
    });
  }
  return out.sort((a, b) => (a.deal_id < b.deal_id ? -1 : a.deal_id > b.deal_id ? 1 : 0));
}

function explain(
  before: DealState | null,
  after: DealState | null,
  inSnapshot: boolean,
  inToday: boolean,
  stillInData: boolean,
): string[] {
  const out: string[] = [];
  if (!inSnapshot)
    out.push(
      'not in any figure as reported: imported, or moved into the period, after the snapshot',
    );
  if (inSnapshot && !inToday && !stillInData) out.push('deleted from the data since the snapshot');
  if (inSnapshot && !inToday && stillInData)
    out.push('still in the data but no longer in any figure of the period');
  if (before && after) {
    if (before.amount !== after.amount)
      out.push(`amount changed from ${before.amount} to ${after.amount}`);
    if (before.class !== after.class && inToday)
      out.push(`class changed from ${before.class} to ${after.class}`);
    if (before.stage !== after.stage)
      out.push(`stage changed from ${before.stage} to ${after.stage}`);
    if (before.closed_on !== after.closed_on)
      out.push(
        `closed_on changed from ${before.closed_on ?? 'none'} to ${after.closed_on ?? 'none'}`,
      );
    if (before.type !== after.type) out.push(`type changed from ${before.type} to ${after.type}`);
  }
  if (out.length === 0) out.push('its role in some figures changed (see each figure)');
  return out;
}

/** Figures to compare from a content, and what changed overall. */
export function anyFigureChanged(r: Restatement): boolean {
  return r.figures.some(
    (f) => f.changed || (f.deals && anyChange(f.deals)) || (f.accounts && anyChange(f.accounts)),
  );
}
