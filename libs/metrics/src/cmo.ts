// CMO: marketing efficiency (metrics.md, "CMO", alignment `cmo`).
import { closesIn } from './board.js';
import { isPartnerClass } from './classes.js';
import { classify, memoized } from './context.js';
import type { ClassifiedDeal, Context } from './context.js';
import { cycleDaysMedian, winRate } from './cro.js';
import { firstDayOfMonth, inRange } from './dates.js';
import { Dec, ZERO, ratio, sumMoney, toCents } from './decimal.js';
import { moneyString } from './facts.js';
import type { MetricsFacts, NewCustomerFacts } from './facts.js';
import { ANY_PARTNER } from './filters.js';
import { compareIds } from './order.js';
import type { Deal, Period, Settings } from './types.js';

/**
 * "An account's first win is its won deal (any type) with the earliest closed_on, ties
 * broken by the smallest deal_id (string order)." Over every won deal ever (of the
 * accounts kept by the account filters), keyed by account_id.
 */
export function firstWins(ctx: Context): ReadonlyMap<string, Deal> {
  return memoized(ctx, 'firstWins', () => {
    const first = new Map<string, Deal>();
    for (const d of ctx.deals) {
      if (d.stage !== 'won' || d.closed_on === null) continue;
      const current = first.get(d.account_id);
      if (current === undefined || compareWins(d, current) < 0) first.set(d.account_id, d);
    }
    return first;
  });
}

/** Earlier closed_on first, then the smaller deal_id (code point order). */
function compareWins(a: Deal, b: Deal): number {
  const x = a.closed_on ?? '';
  const y = b.closed_on ?? '';
  if (x !== y) return x < y ? -1 : 1;
  return compareIds(a.deal_id, b.deal_id);
}

/**
 * New customers in P: "The account is a new customer in P when its first win closes in
 * P." Each first win is classified with no partner filter ("partner filters do not apply
 * to CAC"), so its class is sourced, influenced or direct, never other.
 * Ordered by closed_on, then deal_id.
 */
export function newCustomersIn(ctx: Context, period: Period): ClassifiedDeal[] {
  const wins = [...firstWins(ctx).values()].filter((d) => closesIn(d, period)).sort(compareWins);
  return wins.map((d) => classify(ctx, d, null, ANY_PARTNER));
}

/**
 * The new-customer facts: "It is partner-acquired if that first win is a partner deal,
 * direct-acquired if it is a direct deal" (with no partner filter every first win is one or
 * the other), with the sum of the first-win amounts of each motion.
 */
export function newCustomerFacts(
  newCustomers: readonly ClassifiedDeal[],
): MetricsFacts['new_customers'] {
  const motion = (keep: (c: ClassifiedDeal) => boolean): NewCustomerFacts => {
    const wins = newCustomers.filter(keep);
    return {
      count: wins.length,
      first_win_amount: moneyString(sumMoney(wins.map((c) => c.deal.amount))),
    };
  };
  return {
    partner: motion((c) => isPartnerClass(c.class)),
    direct: motion((c) => c.class === 'direct'),
  };
}

/** "Spend in P = spend rows whose month is in P" ("a month is in P when its first day is in P"). */
export function spendIn(ctx: Context, period: Period): MetricsFacts['spend'] {
  let partner = ZERO;
  let direct = ZERO;
  let shared = ZERO;
  for (const row of ctx.spend) {
    if (!inRange(firstDayOfMonth(row.month), period.from, period.to)) continue;
    switch (row.motion) {
      case 'partner':
        partner = partner.plus(row.amount);
        break;
      case 'direct':
        direct = direct.plus(row.amount);
        break;
      case 'shared':
        shared = shared.plus(row.amount);
        break;
    }
  }
  return {
    partner: moneyString(partner),
    direct: moneyString(direct),
    shared: moneyString(shared),
  };
}

export interface CmoValues {
  new_customers: number;
  new_customers_partner: number;
  new_customers_direct: number;
  blended_cac: number | null;
  partner_cac: number | null;
  direct_cac: number | null;
  cac_reduction: number | null;
  cac_payback_months: number | null;
  lead_win_rate_sourced: number | null;
  lead_win_rate_non_sourced: number | null;
  lead_cycle_days_median_sourced: number | null;
  lead_cycle_days_median_non_sourced: number | null;
}

/** new_customers: "count of new customers in P" (= partner + direct: no first win is other). */
export function newCustomerCount(nc: MetricsFacts['new_customers']): number {
  return nc.partner.count + nc.direct.count;
}

/** "total spend in P": every motion. */
export function totalSpend(spend: MetricsFacts['spend']): Dec {
  return new Dec(spend.partner).plus(spend.direct).plus(spend.shared);
}

/** Exact CAC figures (money unrounded), shared by the metrics and the tests. */
export interface CacExact {
  blended: Dec | null;
  partner: Dec | null;
  direct: Dec | null;
}

/**
 * - blended_cac: "total spend in P / new_customers"
 * - partner_cac: "(partner spend + shared * new_customers_partner / new_customers) / new_customers_partner"
 * - direct_cac: "(direct spend + shared * new_customers_direct / new_customers) / new_customers_direct"
 * ("shared spend is allocated to the two motions in proportion to their new customers").
 */
export function cacExact(facts: MetricsFacts): CacExact {
  const { spend, new_customers: nc } = facts;
  const n = newCustomerCount(nc);
  const shared = new Dec(spend.shared);
  const motionCac = (own: string, k: number): Dec | null =>
    k === 0 ? null : new Dec(own).plus(shared.times(k).div(n)).div(k);
  return {
    blended: n === 0 ? null : totalSpend(spend).div(n),
    partner: motionCac(spend.partner, nc.partner.count),
    direct: motionCac(spend.direct, nc.direct.count),
  };
}

/** cac_reduction: "1 - partner_cac / direct_cac" (exact CACs). */
export function cacReduction(cac: CacExact): number | null {
  if (cac.partner === null || cac.direct === null || cac.direct.isZero()) return null;
  return new Dec(1).minus(cac.partner.div(cac.direct)).toNumber();
}

/**
 * cac_payback_months: "blended_cac / (avg_first_win_amount / 12 * gross_margin) where
 * avg_first_win_amount is the mean amount of the first wins of the new customers in P".
 * With blended = spend / n and avg = first_win_sum / n, this is
 * spend * 12 / (first_win_sum * gross_margin), computed exactly; null with no new
 * customer or when the first wins sum to 0.
 */
export function cacPaybackMonths(facts: MetricsFacts, settings: Settings): number | null {
  const nc = facts.new_customers;
  if (newCustomerCount(nc) === 0) return null;
  const firstWinSum = new Dec(nc.partner.first_win_amount).plus(nc.direct.first_win_amount);
  const margin = new Dec(settings.gross_margin);
  return ratio(totalSpend(facts.spend).times(12), firstWinSum.times(margin));
}

const cents = (v: Dec | null): number | null => (v === null ? null : toCents(v));

export function cmoValues(facts: MetricsFacts, settings: Settings): CmoValues {
  const nc = facts.new_customers;
  const cac = cacExact(facts);
  return {
    new_customers: newCustomerCount(nc),
    // new_customers_partner, new_customers_direct: "split as above"
    new_customers_partner: nc.partner.count,
    new_customers_direct: nc.direct.count,
    blended_cac: cents(cac.blended),
    partner_cac: cents(cac.partner),
    direct_cac: cents(cac.direct),
    cac_reduction: cacReduction(cac),
    cac_payback_months: cacPaybackMonths(facts, settings),
    // lead_win_rate_sourced: "win_rate_sourced"
    lead_win_rate_sourced: winRate(facts.cro.sourced),
    // lead_win_rate_non_sourced: "win rate of new-business deals closing in P that are not
    // sourced (influenced + direct + other)"
    lead_win_rate_non_sourced: winRate(facts.cro.non_sourced),
    // lead_cycle_days_median_{sourced,non_sourced}: "median cycle of those won deals"
    lead_cycle_days_median_sourced: cycleDaysMedian(facts.cro.sourced),
    lead_cycle_days_median_non_sourced: cycleDaysMedian(facts.cro.non_sourced),
  };
}
