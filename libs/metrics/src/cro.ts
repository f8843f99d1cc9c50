// CRO: sales velocity and win rates (metrics.md, "CRO", alignment `cro`).
// "For class X in {partner, direct, sourced, influenced}, over new-business deals of class
// X closing in P".
import { closesIn } from './board.js';
import { isPartnerClass } from './classes.js';
import { classify } from './context.js';
import type { ClassifiedDeal, Context } from './context.js';
import { daysBetween } from './dates.js';
import { Dec, ZERO, ratio, toCents } from './decimal.js';
import type { CroClass } from './catalog.js';
import { moneyString } from './facts.js';
import type { ClosedFacts, CroFactsClass } from './facts.js';
import type { Deal, DealClass, Period } from './types.js';

/** "new-business deals: type = new_business. Win rate, ACV, cycle time and velocity use new-business deals only." */
export function newBusinessClosingIn(ctx: Context, period: Period): ClassifiedDeal[] {
  return ctx.deals
    .filter((d) => d.type === 'new_business' && closesIn(d, period))
    .map((d) => classify(ctx, d, period.to));
}

/**
 * Whether a deal class belongs to the CRO class X; `non_sourced` (for the lead metrics) is
 * "influenced + direct + other".
 */
export function inCroClass(c: DealClass, x: CroFactsClass): boolean {
  switch (x) {
    case 'partner':
      return isPartnerClass(c);
    case 'non_sourced':
      return c !== 'sourced';
    case 'direct':
    case 'sourced':
    case 'influenced':
      return c === x;
  }
}

/**
 * "cycle_days(deal) = closed_on - created_on in whole days. A deal that closed before it
 * was created is left out of every cycle-time figure": null for those (and open deals).
 */
export function cycleDays(deal: Deal): number | null {
  if (deal.closed_on === null) return null;
  const days = daysBetween(deal.created_on, deal.closed_on);
  return days < 0 ? null : days;
}

/** "Median of an even count is the mean of the two middle values." */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The facts of a set of closed new-business deals: counts, won amount, cycle aggregates. */
export function closedFacts(deals: readonly ClassifiedDeal[]): ClosedFacts {
  let won = 0;
  let lost = 0;
  let wonAmount = ZERO;
  const cycles: number[] = [];
  for (const { deal } of deals) {
    if (deal.stage === 'won') {
      won++;
      wonAmount = wonAmount.plus(deal.amount);
      const days = cycleDays(deal);
      if (days !== null) cycles.push(days);
    } else if (deal.stage === 'lost') {
      lost++;
    }
  }
  return {
    won,
    lost,
    won_amount: moneyString(wonAmount),
    cycle_count: cycles.length,
    cycle_sum: cycles.reduce((s, c) => s + c, 0),
    cycle_median: median(cycles),
  };
}

/** CRO facts of the new-business deals closing in P, one entry per class. */
export function croFacts(closed: readonly ClassifiedDeal[]): Record<CroFactsClass, ClosedFacts> {
  const facts = (x: CroFactsClass) => closedFacts(closed.filter((c) => inCroClass(c.class, x)));
  return {
    partner: facts('partner'),
    direct: facts('direct'),
    sourced: facts('sourced'),
    influenced: facts('influenced'),
    non_sourced: facts('non_sourced'),
  };
}

// The formulas, on the facts of one class.

/** win_rate_X: "won count / (won + lost) count". */
export function winRate(f: ClosedFacts): number | null {
  const closed = f.won + f.lost;
  return closed === 0 ? null : f.won / closed;
}

/** acv_X: "mean amount of the won deals" (exact). */
export function acvExact(f: ClosedFacts): Dec | null {
  return f.won === 0 ? null : new Dec(f.won_amount).div(f.won);
}

/** cycle_days_median_X: "median cycle_days of the won deals" (back-dated ones left out). */
export function cycleDaysMedian(f: ClosedFacts): number | null {
  return f.cycle_count === 0 ? null : f.cycle_median;
}

/** cycle_days_mean_X: "mean cycle_days of the won deals" (back-dated ones left out). */
export function cycleDaysMean(f: ClosedFacts): number | null {
  return f.cycle_count === 0 ? null : f.cycle_sum / f.cycle_count;
}

/**
 * sales_velocity_X: "closed_count * win_rate_X * acv_X / cycle_days_mean_X where
 * closed_count = won + lost; currency per day; null if the mean cycle is 0".
 * closed_count * win_rate * acv is exactly the won amount, so this computes
 * won_amount / cycle_days_mean = won_amount * cycle_count / cycle_sum, exactly.
 */
export function salesVelocityExact(f: ClosedFacts): Dec | null {
  // acv undefined, the mean cycle undefined or 0
  if (f.won === 0 || f.cycle_count === 0 || f.cycle_sum === 0) return null;
  return new Dec(f.won_amount).times(f.cycle_count).div(f.cycle_sum);
}

/** `1 - a / b`, null when either is null or b is 0. */
export function oneMinusRatio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return 1 - a / b;
}

/** `a / b`, null when either is null or b is 0. */
export function numberRatio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

/** win_rate_lift: "win_rate_partner / win_rate_direct". */
export function winRateLift(partner: ClosedFacts, direct: ClosedFacts): number | null {
  return numberRatio(winRate(partner), winRate(direct));
}

/** acv_lift: "acv_partner / acv_direct" (from the exact, unrounded ACVs). */
export function acvLift(partner: ClosedFacts, direct: ClosedFacts): number | null {
  const p = acvExact(partner);
  const d = acvExact(direct);
  return p === null || d === null ? null : ratio(p, d);
}

/** cycle_time_reduction: "1 - cycle_days_median_partner / cycle_days_median_direct". */
export function cycleTimeReduction(partner: ClosedFacts, direct: ClosedFacts): number | null {
  return oneMinusRatio(cycleDaysMedian(partner), cycleDaysMedian(direct));
}

export interface CroClassValues {
  win_rate: number | null;
  acv: number | null;
  cycle_days_median: number | null;
  cycle_days_mean: number | null;
  sales_velocity: number | null;
}

/** The five `{measure}_X` figures of one class; money rounded to cents. */
export function croClassValues(f: ClosedFacts): CroClassValues {
  const acv = acvExact(f);
  const velocity = salesVelocityExact(f);
  return {
    win_rate: winRate(f),
    acv: acv === null ? null : toCents(acv),
    cycle_days_median: cycleDaysMedian(f),
    cycle_days_mean: cycleDaysMean(f),
    sales_velocity: velocity === null ? null : toCents(velocity),
  };
}

export type CroValues = Record<`${keyof CroClassValues}_${CroClass}`, number | null> & {
  win_rate_lift: number | null;
  acv_lift: number | null;
  cycle_time_reduction: number | null;
};

export function croValues(cro: Record<CroFactsClass, ClosedFacts>): CroValues {
  const p = croClassValues(cro.partner);
  const d = croClassValues(cro.direct);
  const s = croClassValues(cro.sourced);
  const i = croClassValues(cro.influenced);
  return {
    win_rate_partner: p.win_rate,
    acv_partner: p.acv,
    cycle_days_median_partner: p.cycle_days_median,
    cycle_days_mean_partner: p.cycle_days_mean,
    sales_velocity_partner: p.sales_velocity,
    win_rate_direct: d.win_rate,
    acv_direct: d.acv,
    cycle_days_median_direct: d.cycle_days_median,
    cycle_days_mean_direct: d.cycle_days_mean,
    sales_velocity_direct: d.sales_velocity,
    win_rate_sourced: s.win_rate,
    acv_sourced: s.acv,
    cycle_days_median_sourced: s.cycle_days_median,
    cycle_days_mean_sourced: s.cycle_days_mean,
    sales_velocity_sourced: s.sales_velocity,
    win_rate_influenced: i.win_rate,
    acv_influenced: i.acv,
    cycle_days_median_influenced: i.cycle_days_median,
    cycle_days_mean_influenced: i.cycle_days_mean,
    sales_velocity_influenced: i.sales_velocity,
    win_rate_lift: winRateLift(cro.partner, cro.direct),
    acv_lift: acvLift(cro.partner, cro.direct),
    cycle_time_reduction: cycleTimeReduction(cro.partner, cro.direct),
  };
}
