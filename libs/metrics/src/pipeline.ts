// Weekly pipeline review (metrics.md, "Weekly pipeline review", GET /api/v1/pipeline?as_of=D).
import type { PipelineKey } from './catalog.js';
import { PIPELINE_KEYS } from './catalog.js';
import { isPartnerClass } from './classes.js';
import { classify, prepareDataset } from './context.js';
import type { ClassifiedDeal, Context } from './context.js';
import { addDays, inRange, isIsoDate } from './dates.js';
import { Dec, ZERO, sumMoney, toCents } from './decimal.js';
import { periodContaining } from './fiscal.js';
import type { LabelledPeriod } from './fiscal.js';
import { compareIds } from './order.js';
import { DEAL_CLASSES, DEFAULT_SETTINGS } from './types.js';
import type { Dataset, Deal, DealClass, Filters, Period, Settings, Touch } from './types.js';

/** by_stage bucket of a deal open at D that has closed since: its stage at D is not recorded. */
export const STAGE_CLOSED_AFTER_AS_OF = '(closed after as-of date)';
/** by_stage bucket of an open deal with no stage_name. */
export const STAGE_NONE = '(no stage)';

export type PipelineClass = 'partner' | 'direct';

/** "A deal is open at D when created_on <= D and (stage = open or closed_on > D)." */
export function isOpenAt(deal: Deal, asOf: string): boolean {
  return (
    deal.created_on <= asOf &&
    (deal.stage === 'open' || (deal.closed_on !== null && deal.closed_on > asOf))
  );
}

function inPipelineClass(c: DealClass, x: PipelineClass): boolean {
  return x === 'partner' ? isPartnerClass(c) : c === 'direct';
}

/** The deal sets behind the pipeline figures, each deal classed as it stood at D. */
export interface PipelineSets {
  as_of: string;
  /** "The week is [D-6, D]" */
  week: Period;
  /** "the quarter is the fiscal quarter containing D" */
  quarter: LabelledPeriod;
  open: ClassifiedDeal[];
  created_in_week: ClassifiedDeal[];
  won_in_week: ClassifiedDeal[];
  lost_in_week: ClassifiedDeal[];
  /** Open at D with expected_close_on in the quarter. */
  closing_this_quarter: ClassifiedDeal[];
  /** Open at D with expected_close_on < D. */
  slipped: ClassifiedDeal[];
}

export function pipelineSets(ctx: Context, asOf: string, startMonth: number): PipelineSets {
  if (!isIsoDate(asOf)) throw new RangeError(`as_of: not a YYYY-MM-DD date: ${asOf}`);
  const week: Period = { from: addDays(asOf, -6), to: asOf };
  const quarter = periodContaining(asOf, 'quarter', startMonth);
  const sets: PipelineSets = {
    as_of: asOf,
    week,
    quarter,
    open: [],
    created_in_week: [],
    won_in_week: [],
    lost_in_week: [],
    closing_this_quarter: [],
    slipped: [],
  };
  for (const deal of ctx.deals) {
    const open = isOpenAt(deal, asOf);
    const created = inRange(deal.created_on, week.from, week.to);
    const closedInWeek = deal.closed_on !== null && inRange(deal.closed_on, week.from, week.to);
    if (!open && !created && !closedInWeek) continue;
    // "A touch counts when touched_on <= min(closed_on, D)".
    const c = classify(ctx, deal, asOf);
    if (open) {
      sets.open.push(c);
      const expected = deal.expected_close_on;
      if (expected !== null && inRange(expected, quarter.from, quarter.to))
        sets.closing_this_quarter.push(c);
      if (expected !== null && expected < asOf) sets.slipped.push(c);
    }
    if (created) sets.created_in_week.push(c);
    if (closedInWeek && deal.stage === 'won') sets.won_in_week.push(c);
    if (closedInWeek && deal.stage === 'lost') sets.lost_in_week.push(c);
  }
  return sets;
}

export interface PipelineDeal extends Deal {
  class: DealClass;
  counting_touches: Touch[];
}

export interface PipelineStageRow {
  stage_name: string;
  class: DealClass;
  amount: number;
  count: number;
}

export interface PipelineResult {
  as_of: string;
  week: Period;
  quarter: LabelledPeriod;
  metrics: Record<PipelineKey, number>;
  by_stage: PipelineStageRow[];
  deals: PipelineDeal[];
}

/** Which set and class a pipeline key reads (shared by the figures and their drill-down). */
export function pipelineKeyParts(key: PipelineKey): {
  set: Exclude<keyof PipelineSets, 'as_of' | 'week' | 'quarter'>;
  measure: 'amount' | 'count';
  cls: PipelineClass;
} {
  const cls: PipelineClass = key.endsWith('_partner') ? 'partner' : 'direct';
  const base = key.slice(0, key.lastIndexOf('_'));
  switch (base) {
    case 'open_pipeline':
      return { set: 'open', measure: 'amount', cls };
    case 'open_deals':
      return { set: 'open', measure: 'count', cls };
    case 'new_pipeline':
      return { set: 'created_in_week', measure: 'amount', cls };
    case 'won_this_week':
      return { set: 'won_in_week', measure: 'amount', cls };
    case 'lost_this_week':
      return { set: 'lost_in_week', measure: 'amount', cls };
    case 'closing_this_quarter':
      return { set: 'closing_this_quarter', measure: 'amount', cls };
    case 'slipped_deals':
      return { set: 'slipped', measure: 'count', cls };
    default:
      throw new RangeError(`unknown pipeline key ${key}`);
  }
}

/** The deals behind one pipeline figure. */
export function pipelineKeyDeals(sets: PipelineSets, key: PipelineKey): ClassifiedDeal[] {
  const { set, cls } = pipelineKeyParts(key);
  return sets[set].filter((c) => inPipelineClass(c.class, cls));
}

/** Largest amount first, then deal_id. */
export function sortByAmountDesc(deals: readonly ClassifiedDeal[]): ClassifiedDeal[] {
  return deals
    .map((c) => ({ c, amount: new Dec(c.deal.amount) }))
    .sort((a, b) => b.amount.comparedTo(a.amount) || compareIds(a.c.deal.deal_id, b.c.deal.deal_id))
    .map(({ c }) => c);
}

function stageOf(deal: Deal): string {
  // A deal open at D whose current stage is won/lost carries its closing stage_name,
  // which it did not have at D.
  if (deal.stage !== 'open') return STAGE_CLOSED_AFTER_AS_OF;
  return deal.stage_name ?? STAGE_NONE;
}

/**
 * `by_stage`: "open amount and count per stage_name and class", every deal open at D
 * (the class `other` included, so the rows add up to the whole open pipeline), ordered by
 * stage_name (code point order) and class.
 */
export function byStage(open: readonly ClassifiedDeal[]): PipelineStageRow[] {
  const groups = new Map<
    string,
    { stage_name: string; class: DealClass; amount: Dec; count: number }
  >();
  for (const c of open) {
    const stage = stageOf(c.deal);
    const key = `${stage}\u0000${c.class}`;
    const g = groups.get(key) ?? { stage_name: stage, class: c.class, amount: ZERO, count: 0 };
    g.amount = g.amount.plus(c.deal.amount);
    g.count++;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        compareIds(a.stage_name, b.stage_name) ||
        DEAL_CLASSES.indexOf(a.class) - DEAL_CLASSES.indexOf(b.class),
    )
    .map((g) => ({
      stage_name: g.stage_name,
      class: g.class,
      amount: toCents(g.amount),
      count: g.count,
    }));
}

export function toPipelineDeal(c: ClassifiedDeal): PipelineDeal {
  return { ...c.deal, class: c.class, counting_touches: c.counting_touches };
}

export function computePipelineFromContext(
  ctx: Context,
  asOf: string,
  settings: Settings,
): PipelineResult {
  const sets = pipelineSets(ctx, asOf, settings.fiscal_year_start_month);
  const metrics = {} as Record<PipelineKey, number>;
  for (const key of PIPELINE_KEYS) {
    const deals = pipelineKeyDeals(sets, key);
    metrics[key] =
      pipelineKeyParts(key).measure === 'count'
        ? deals.length
        : toCents(sumMoney(deals.map((c) => c.deal.amount)));
  }
  return {
    as_of: asOf,
    week: sets.week,
    quarter: sets.quarter,
    metrics,
    by_stage: byStage(sets.open),
    // "deals: the open partner deals, largest first"
    deals: sortByAmountDesc(sets.open.filter((c) => isPartnerClass(c.class))).map(toPipelineDeal),
  };
}

/** The weekly pipeline review as of D (all deal types count; account and partner filters apply). */
export function computePipeline(
  ds: Dataset,
  asOf: string,
  filters: Filters = {},
  settings: Settings = DEFAULT_SETTINGS,
): PipelineResult {
  return computePipelineFromContext(prepareDataset(ds, filters), asOf, settings);
}
