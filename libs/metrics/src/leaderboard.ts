// Partner leaderboard (metrics.md, "Partner leaderboard", GET /api/v1/partners/leaderboard).
import { wonBookingsClosingIn } from './board.js';
import type { ClassifiedDeal, Context } from './context.js';
import { classify, prepareDataset } from './context.js';
import { newBusinessClosingIn } from './cro.js';
import { checkPeriod, daysBetween } from './dates.js';
import { Dec, ZERO, toCents } from './decimal.js';
import { compareIds } from './order.js';
import { isOpenAt } from './pipeline.js';
import type { Dataset, Filters, Partner, PartnerStatus, PartnerType, Period } from './types.js';

export interface LeaderboardRow {
  partner_id: string;
  name: string;
  type: PartnerType;
  tier: string | null;
  status: PartnerStatus;
  joined_on: string | null;
  /** "won bookings deals it sourced closing in P" */
  sourced_revenue: number;
  sourced_deals: number;
  /** "full credit: every influenced won bookings deal it touched" */
  influenced_revenue: number;
  influenced_deals: number;
  /** "each influenced deal's amount split evenly across its distinct touching partners" */
  influenced_revenue_split: number;
  /** "new-business deals closing in P it sourced or touched" */
  win_rate: number | null;
  won_deals: number;
  lost_deals: number;
  /** "open_pipeline (at `to`)": deals open at `to` it sourced or touched (all deal types). */
  open_pipeline: number;
  open_deals: number;
  /** "from joined_on to the first won deal it sourced or influenced, ever" */
  time_to_first_deal_days: number | null;
}

/**
 * Split `amount` evenly across `n` shares, exactly: every share is the amount divided by
 * n truncated to the amount's smallest unit (a cent, or finer when the amount has more
 * decimals), and the units left over go one each to the first shares. The shares add up
 * to `amount` exactly.
 */
export function splitEvenly(amount: string, n: number): Dec[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cannot split into ${n} shares`);
  const total = new Dec(amount);
  const places = Math.max(2, total.decimalPlaces());
  const unit = new Dec(1).div(new Dec(10).pow(places));
  const base = total.div(n).toDecimalPlaces(places, Dec.ROUND_DOWN);
  const leftover = total.minus(base.times(n)).div(unit).toNumber(); // an integer 0..n-1
  return Array.from({ length: n }, (_, i) => (i < leftover ? base.plus(unit) : base));
}

interface Tally {
  partner: Partner;
  sourced: Dec;
  sourcedDeals: number;
  influenced: Dec;
  influencedDeals: number;
  split: Dec;
  won: number;
  lost: number;
  open: Dec;
  openDeals: number;
  firstWin: string | null;
}

/**
 * Partners "involved" in a deal for the win rate and the open pipeline: the sourcing
 * partner and every partner with a counting touch, among the matching partners.
 */
function involvedPartners(ctx: Context, c: ClassifiedDeal): Set<string> {
  const ids = new Set<string>();
  const sourcer = c.deal.sourcing_partner_id;
  if (sourcer !== null && ctx.isMatchingPartner(sourcer)) ids.add(sourcer);
  for (const t of c.counting_touches)
    if (ctx.isMatchingPartner(t.partner_id)) ids.add(t.partner_id);
  return ids;
}

export function computeLeaderboardFromContext(ctx: Context, period: Period): LeaderboardRow[] {
  checkPeriod(period);
  const tallies = new Map<string, Tally>();
  for (const p of ctx.partners) {
    if (!ctx.isMatchingPartner(p.partner_id)) continue;
    tallies.set(p.partner_id, {
      partner: p,
      sourced: ZERO,
      sourcedDeals: 0,
      influenced: ZERO,
      influencedDeals: 0,
      split: ZERO,
      won: 0,
      lost: 0,
      open: ZERO,
      openDeals: 0,
      firstWin: null,
    });
  }

  // Revenue: the won bookings deals closing in P, as in partner_sourced_revenue and
  // partner_influenced_revenue.
  for (const c of wonBookingsClosingIn(ctx, period)) {
    if (c.class === 'sourced') {
      const t = tallies.get(c.credited_partner_ids[0]);
      if (t) {
        t.sourced = t.sourced.plus(c.deal.amount);
        t.sourcedDeals++;
      }
    } else if (c.class === 'influenced') {
      // credited_partner_ids: the distinct matching touching partners, in id order, so
      // the leftover cents of the split go to the smallest ids.
      const shares = splitEvenly(c.deal.amount, c.credited_partner_ids.length);
      c.credited_partner_ids.forEach((id, i) => {
        const t = tallies.get(id);
        if (!t) return;
        t.influenced = t.influenced.plus(c.deal.amount);
        t.influencedDeals++;
        t.split = t.split.plus(shares[i]);
      });
    }
  }

  // Win rate: new-business deals closing in P it sourced or has a counting touch on.
  for (const c of newBusinessClosingIn(ctx, period)) {
    for (const id of involvedPartners(ctx, c)) {
      const t = tallies.get(id);
      if (!t) continue;
      if (c.deal.stage === 'won') t.won++;
      else if (c.deal.stage === 'lost') t.lost++;
    }
  }

  for (const deal of ctx.deals) {
    // Open pipeline at `to`: touches count up to min(closed_on, to), as in the pipeline review.
    if (isOpenAt(deal, period.to)) {
      const c = classify(ctx, deal, period.to);
      for (const id of involvedPartners(ctx, c)) {
        const t = tallies.get(id);
        if (!t) continue;
        t.open = t.open.plus(deal.amount);
        t.openDeals++;
      }
    }
    // First won deal it sourced or influenced, ever (any deal type).
    if (deal.stage === 'won' && deal.closed_on !== null) {
      const c = classify(ctx, deal, null);
      if (c.class !== 'sourced' && c.class !== 'influenced') continue;
      for (const id of c.credited_partner_ids) {
        const t = tallies.get(id);
        if (t && (t.firstWin === null || deal.closed_on < t.firstWin)) t.firstWin = deal.closed_on;
      }
    }
  }

  const rows = [...tallies.values()].map((t) => ({ t, rank: t.sourced.plus(t.split) }));
  // Default order: partner-attributed revenue (sourced + split influenced), largest first.
  rows.sort(
    (a, b) =>
      b.rank.comparedTo(a.rank) || compareIds(a.t.partner.partner_id, b.t.partner.partner_id),
  );
  return rows.map(({ t }) => ({
    partner_id: t.partner.partner_id,
    name: t.partner.name,
    type: t.partner.type,
    tier: t.partner.tier,
    status: t.partner.status,
    joined_on: t.partner.joined_on,
    sourced_revenue: toCents(t.sourced),
    sourced_deals: t.sourcedDeals,
    influenced_revenue: toCents(t.influenced),
    influenced_deals: t.influencedDeals,
    influenced_revenue_split: toCents(t.split),
    win_rate: t.won + t.lost === 0 ? null : t.won / (t.won + t.lost),
    won_deals: t.won,
    lost_deals: t.lost,
    open_pipeline: toCents(t.open),
    open_deals: t.openDeals,
    // Signed: a first deal closed before joined_on (back-dated data) gives a negative count.
    time_to_first_deal_days:
      t.firstWin === null || t.partner.joined_on === null
        ? null
        : daysBetween(t.partner.joined_on, t.firstWin),
  }));
}

/** One row per partner matching the partner filters (partners with no activity included). */
export function computeLeaderboard(
  ds: Dataset,
  period: Period,
  filters: Filters = {},
): LeaderboardRow[] {
  return computeLeaderboardFromContext(prepareDataset(ds, filters), period);
}
