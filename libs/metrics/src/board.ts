// Board headline (metrics.md, "Board headline", alignment `board`).
import { classify } from './context.js';
import type { ClassifiedDeal, Context } from './context.js';
import { inRange } from './dates.js';
import { Dec, ratio, sumMoney, toCents } from './decimal.js';
import { moneyString } from './facts.js';
import type { MetricsFacts } from './facts.js';
import type { Deal, Period } from './types.js';

/** "A deal closes in P when closed_on is in P" (won or lost; open deals have no closed_on). */
export function closesIn(deal: Deal, period: Period): boolean {
  return (
    deal.stage !== 'open' &&
    deal.closed_on !== null &&
    inRange(deal.closed_on, period.from, period.to)
  );
}

/** "bookings deals: type in (new_business, expansion). Renewals never count as bookings." */
export function isBookingsDeal(deal: Deal): boolean {
  return deal.type === 'new_business' || deal.type === 'expansion';
}

/** Won bookings deals closing in P, classified with the partner filters. */
export function wonBookingsClosingIn(ctx: Context, period: Period): ClassifiedDeal[] {
  return ctx.deals
    .filter((d) => d.stage === 'won' && isBookingsDeal(d) && closesIn(d, period))
    .map((d) => classify(ctx, d, period.to));
}

/** The bookings facts of the won bookings deals closing in P. */
export function bookingsFacts(bookings: readonly ClassifiedDeal[]): MetricsFacts['bookings'] {
  const amounts = (keep: (c: ClassifiedDeal) => boolean) =>
    moneyString(sumMoney(bookings.filter(keep).map((c) => c.deal.amount)));
  return {
    // total_bookings: "sum of amount of won bookings deals closing in P" (every class,
    // `other` included).
    total: amounts(() => true),
    // partner_sourced_revenue: "... that are sourced"
    sourced: amounts((c) => c.class === 'sourced'),
    // partner_influenced_revenue: "same, influenced (disjoint from sourced)"
    influenced: amounts((c) => c.class === 'influenced'),
  };
}

/**
 * active_partners: "partners (matching the partner filters) that sourced a deal created
 * in P or have a touch dated in P". Only deals (and their touches) kept by the account
 * filters are considered; any touch dated in P counts, even one after the deal closed.
 */
export function activePartnerIds(ctx: Context, period: Period): string[] {
  const active = new Set<string>();
  for (const d of ctx.deals) {
    const sourcer = d.sourcing_partner_id;
    if (
      sourcer !== null &&
      inRange(d.created_on, period.from, period.to) &&
      ctx.isMatchingPartner(sourcer)
    ) {
      active.add(sourcer);
    }
  }
  for (const touches of ctx.touchesByDeal.values()) {
    for (const t of touches) {
      if (inRange(t.touched_on, period.from, period.to) && ctx.isMatchingPartner(t.partner_id)) {
        active.add(t.partner_id);
      }
    }
  }
  return [...active];
}

export interface BoardValues {
  total_bookings: number;
  partner_sourced_revenue: number;
  partner_influenced_revenue: number;
  partner_attributed_revenue: number;
  partner_share_of_bookings: number | null;
  active_partners: number;
}

/** partner_attributed_revenue: "sourced + influenced" (exact). */
export function attributedRevenue(bookings: MetricsFacts['bookings']): Dec {
  return new Dec(bookings.sourced).plus(bookings.influenced);
}

/** partner_share_of_bookings: "partner_attributed_revenue / total_bookings". */
export function partnerShareOfBookings(bookings: MetricsFacts['bookings']): number | null {
  return ratio(attributedRevenue(bookings), new Dec(bookings.total));
}

export function boardValues(facts: MetricsFacts): BoardValues {
  const { bookings } = facts;
  return {
    total_bookings: toCents(new Dec(bookings.total)),
    partner_sourced_revenue: toCents(new Dec(bookings.sourced)),
    partner_influenced_revenue: toCents(new Dec(bookings.influenced)),
    partner_attributed_revenue: toCents(attributedRevenue(bookings)),
    partner_share_of_bookings: partnerShareOfBookings(bookings),
    active_partners: facts.active_partners,
  };
}
