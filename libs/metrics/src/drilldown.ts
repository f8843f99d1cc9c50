// Drill-down (metrics.md, "API shape": "the exact rows behind a deal-based metric, so every
// figure can be audited"). The rows come from the same selections as the figures
// (board.ts, cro.ts, cmo.ts, cfo.ts, pipeline.ts), so the two cannot drift.
import { wonBookingsClosingIn } from './board.js';
import { METRIC_CATALOG } from './catalog.js';
import type { CroClass, MetricKey, PipelineKey } from './catalog.js';
import type { AttachmentGroup, CohortAccount } from './cfo.js';
import { isChurned, retentionCohort } from './cfo.js';
import { newCustomersIn } from './cmo.js';
import { isPartnerClass } from './classes.js';
import { prepareDataset } from './context.js';
import type { ClassifiedDeal, Context } from './context.js';
import { cycleDays, inCroClass, newBusinessClosingIn } from './cro.js';
import { checkPeriod } from './dates.js';
import { compareIds } from './order.js';
import { pipelineKeyDeals, pipelineKeyParts, pipelineSets, sortByAmountDesc } from './pipeline.js';
import { DEFAULT_SETTINGS } from './types.js';
import type { Dataset, Deal, DealClass, Filters, Period, Settings, Touch } from './types.js';

/**
 * Which part of the figure a deal is in:
 * - booking: a won bookings deal of total_bookings;
 * - sourced / influenced: the partner part of a revenue figure; not_attributed: in
 *   total_bookings only (direct or other);
 * - won / lost: the numerator / the rest of the denominator of a win rate; the won deals
 *   of ACV, velocity and cycle figures;
 * - excluded_from_cycle: a won deal closed before it was created, listed for audit but
 *   left out of the cycle figure;
 * - first_win: the first won deal of a new customer;
 * - open, created_in_week, closing_this_quarter, slipped: pipeline sets.
 */
export type DrillRole =
  | 'booking'
  | 'sourced'
  | 'influenced'
  | 'not_attributed'
  | 'won'
  | 'lost'
  | 'excluded_from_cycle'
  | 'first_win'
  | 'open'
  | 'created_in_week'
  | 'closing_this_quarter'
  | 'slipped';

export interface DrillDealRow extends Deal {
  class: DealClass;
  counting_touches: Touch[];
  /** The partners credited with the deal (sourcing partner, or matching touching partners). */
  credited_partner_ids: string[];
  /** closed_on - created_on in days; null for open deals and deals closed before created. */
  cycle_days: number | null;
  role: DrillRole;
}

export interface DrillAccountRow {
  account_id: string;
  name: string | null;
  segment: string | null;
  region: string | null;
  /** arr(a, S), exact decimal string */
  arr_start: string;
  /** arr(a, E), exact decimal string ('0' when the account has no row for E) */
  arr_end: string;
  attachment: AttachmentGroup;
  attached_partner_ids: string[];
  /** arr(a, E) = 0 */
  churned: boolean;
}

export type DrillDownResult =
  | { kind: 'deals'; key: MetricKey; rows: DrillDealRow[] }
  | {
      kind: 'accounts';
      key: MetricKey;
      start_month: string;
      end_month: string;
      rows: DrillAccountRow[];
    };

export type PipelineDrillDownResult = {
  kind: 'deals';
  key: PipelineKey;
  as_of: string;
  rows: DrillDealRow[];
};

/** Thrown for a key whose catalog entry has `drill: null` (active_partners, partner_spend). */
export class NotDrillableError extends Error {
  constructor(readonly key: string) {
    super(`metric ${key} cannot be drilled down`);
    this.name = 'NotDrillableError';
  }
}

function row(c: ClassifiedDeal, role: DrillRole): DrillDealRow {
  return {
    ...c.deal,
    class: c.class,
    counting_touches: c.counting_touches,
    credited_partner_ids: c.credited_partner_ids,
    cycle_days: cycleDays(c.deal),
    role,
  };
}

function byCloseThenId(a: DrillDealRow, b: DrillDealRow): number {
  const x = a.closed_on ?? '';
  const y = b.closed_on ?? '';
  return (x < y ? -1 : x > y ? 1 : 0) || compareIds(a.deal_id, b.deal_id);
}

const wonLost = (c: ClassifiedDeal): DrillRole => (c.deal.stage === 'won' ? 'won' : 'lost');
const wonOrExcluded = (c: ClassifiedDeal): DrillRole =>
  cycleDays(c.deal) === null ? 'excluded_from_cycle' : 'won';
const isWon = (c: ClassifiedDeal): boolean => c.deal.stage === 'won';

/** Rows of a CRO-style figure over the closed new-business deals of the given classes. */
function croRows(
  closed: readonly ClassifiedDeal[],
  keep: (c: ClassifiedDeal) => boolean,
  measure: 'win_rate' | 'acv' | 'cycle' | 'velocity',
): DrillDealRow[] {
  const deals = closed.filter(keep);
  switch (measure) {
    case 'win_rate':
    case 'velocity':
      return deals.map((c) => row(c, wonLost(c)));
    case 'acv':
      return deals.filter(isWon).map((c) => row(c, 'won'));
    case 'cycle':
      return deals.filter(isWon).map((c) => row(c, wonOrExcluded(c)));
  }
}

/** The deal selections a drill-down reads, computed on first use. */
interface Selections {
  bookings: () => ClassifiedDeal[];
  closed: () => ClassifiedDeal[];
  firstWins: () => ClassifiedDeal[];
}

type DealDrill = (s: Selections) => DrillDealRow[];

function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= compute());
}

const inClass = (x: CroClass) => (c: ClassifiedDeal) => inCroClass(c.class, x);
const partnerOrDirect = (c: ClassifiedDeal) => isPartnerClass(c.class) || c.class === 'direct';
const sourced = (c: ClassifiedDeal) => c.class === 'sourced';
const notSourced = (c: ClassifiedDeal) => c.class !== 'sourced';
const attribution = (c: ClassifiedDeal): DrillRole =>
  c.class === 'sourced' ? 'sourced' : c.class === 'influenced' ? 'influenced' : 'not_attributed';

/** CAC: the new customers' first wins (the denominators; spend is not a deal). */
const allFirstWins: DealDrill = (s) => s.firstWins().map((c) => row(c, 'first_win'));

function croDrills(x: CroClass): Record<string, DealDrill> {
  return {
    [`win_rate_${x}`]: (s) => croRows(s.closed(), inClass(x), 'win_rate'),
    [`acv_${x}`]: (s) => croRows(s.closed(), inClass(x), 'acv'),
    [`cycle_days_median_${x}`]: (s) => croRows(s.closed(), inClass(x), 'cycle'),
    [`cycle_days_mean_${x}`]: (s) => croRows(s.closed(), inClass(x), 'cycle'),
    [`sales_velocity_${x}`]: (s) => croRows(s.closed(), inClass(x), 'velocity'),
  };
}

/**
 * The rows of every deal-based metric (catalog `drill: 'deals'`). A test checks that this
 * table covers exactly those keys.
 */
export const DEAL_DRILLS: Readonly<Partial<Record<MetricKey, DealDrill>>> = {
  total_bookings: (s) => s.bookings().map((c) => row(c, 'booking')),
  partner_sourced_revenue: (s) =>
    s
      .bookings()
      .filter(sourced)
      .map((c) => row(c, 'sourced')),
  partner_influenced_revenue: (s) =>
    s
      .bookings()
      .filter((c) => c.class === 'influenced')
      .map((c) => row(c, 'influenced')),
  partner_attributed_revenue: (s) =>
    s
      .bookings()
      .filter((c) => isPartnerClass(c.class))
      .map((c) => row(c, attribution(c))),
  partner_share_of_bookings: (s) => s.bookings().map((c) => row(c, attribution(c))),
  ...croDrills('partner'),
  ...croDrills('direct'),
  ...croDrills('sourced'),
  ...croDrills('influenced'),
  win_rate_lift: (s) => croRows(s.closed(), partnerOrDirect, 'win_rate'),
  acv_lift: (s) => croRows(s.closed(), partnerOrDirect, 'acv'),
  cycle_time_reduction: (s) => croRows(s.closed(), partnerOrDirect, 'cycle'),
  new_customers: allFirstWins,
  new_customers_partner: (s) =>
    s
      .firstWins()
      .filter((c) => isPartnerClass(c.class))
      .map((c) => row(c, 'first_win')),
  new_customers_direct: (s) =>
    s
      .firstWins()
      .filter((c) => c.class === 'direct')
      .map((c) => row(c, 'first_win')),
  blended_cac: allFirstWins,
  partner_cac: allFirstWins,
  direct_cac: allFirstWins,
  cac_reduction: allFirstWins,
  cac_payback_months: allFirstWins,
  lead_win_rate_sourced: (s) => croRows(s.closed(), sourced, 'win_rate'),
  lead_win_rate_non_sourced: (s) => croRows(s.closed(), notSourced, 'win_rate'),
  lead_cycle_days_median_sourced: (s) => croRows(s.closed(), sourced, 'cycle'),
  lead_cycle_days_median_non_sourced: (s) => croRows(s.closed(), notSourced, 'cycle'),
  // partner_program_roi = partner_sourced_revenue / partner_spend: its deals are the numerator's.
  partner_program_roi: (s) =>
    s
      .bookings()
      .filter(sourced)
      .map((c) => row(c, 'sourced')),
};

function dealRows(ctx: Context, key: MetricKey, period: Period): DrillDealRow[] {
  const drill = DEAL_DRILLS[key];
  if (drill === undefined) throw new NotDrillableError(key);
  return drill({
    bookings: once(() => wonBookingsClosingIn(ctx, period)),
    closed: once(() => newBusinessClosingIn(ctx, period)),
    firstWins: once(() => newCustomersIn(ctx, period)),
  });
}

/** The part of the retention cohort behind a retention key. */
function cohortPart(key: MetricKey, accounts: readonly CohortAccount[]): CohortAccount[] {
  if (key === 'nrr_attached' || key === 'churn_rate_attached') {
    return accounts.filter((a) => a.group === 'attached');
  }
  if (key === 'nrr_unattached' || key === 'churn_rate_unattached') {
    return accounts.filter((a) => a.group === 'unattached');
  }
  if (key === 'churn_reduction') return accounts.filter((a) => a.group !== 'other');
  return [...accounts]; // nrr, grr, logo_churn_rate, revenue_churn_rate
}

export function drillDownFromContext(
  ctx: Context,
  key: MetricKey,
  period: Period,
): DrillDownResult {
  checkPeriod(period);
  const def = METRIC_CATALOG[key];
  switch (def.drill) {
    case 'deals':
      return { kind: 'deals', key, rows: dealRows(ctx, key, period).sort(byCloseThenId) };
    case 'accounts': {
      const cohort = retentionCohort(ctx, period.to);
      const accounts = new Map(ctx.accounts.map((a) => [a.account_id, a]));
      return {
        kind: 'accounts',
        key,
        start_month: cohort.start_month,
        end_month: cohort.end_month,
        rows: cohortPart(key, cohort.accounts).map((a) => {
          const account = accounts.get(a.account_id);
          return {
            account_id: a.account_id,
            name: account?.name ?? null,
            segment: account?.segment ?? null,
            region: account?.region ?? null,
            arr_start: a.arr_start.toFixed(),
            arr_end: a.arr_end.toFixed(),
            attachment: a.group,
            attached_partner_ids: a.attached_partner_ids,
            churned: isChurned(a),
          };
        }),
      };
    }
    case null:
      throw new NotDrillableError(key);
  }
}

/**
 * The rows behind one metric over the period with the filters: the deals for deal-based
 * keys (with their class, counting touches and role), the retention cohort's accounts for
 * the retention keys. Throws NotDrillableError for active_partners and partner_spend.
 */
export function drillDown(
  ds: Dataset,
  key: MetricKey,
  period: Period,
  filters: Filters = {},
  _settings: Settings = DEFAULT_SETTINGS,
): DrillDownResult {
  return drillDownFromContext(prepareDataset(ds, filters), key, period);
}

/** The deals behind one pipeline figure as of D, largest first. */
export function drillDownPipeline(
  ds: Dataset,
  key: PipelineKey,
  asOf: string,
  filters: Filters = {},
  settings: Settings = DEFAULT_SETTINGS,
): PipelineDrillDownResult {
  const sets = pipelineSets(prepareDataset(ds, filters), asOf, settings.fiscal_year_start_month);
  const { set } = pipelineKeyParts(key);
  const role: DrillRole =
    set === 'won_in_week'
      ? 'won'
      : set === 'lost_in_week'
        ? 'lost'
        : set === 'created_in_week'
          ? 'created_in_week'
          : set;
  return {
    kind: 'deals',
    key,
    as_of: asOf,
    rows: sortByAmountDesc(pipelineKeyDeals(sets, key)).map((c) => row(c, role)),
  };
}
