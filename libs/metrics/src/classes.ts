// Deal classification (metrics.md, "Deal classes" and "Filters").
import { compareIds } from './order.js';
import type { IdMatcher } from './filters.js';
import type { Deal, DealClass, Touch } from './types.js';

export interface Classification {
  class: DealClass;
  /**
   * The touches that count for the deal (of any partner, matching the filters or not),
   * ordered by touched_on, partner_id, touch_type.
   */
  counting_touches: Touch[];
  /**
   * The partners credited: the sourcing partner of a sourced deal, the distinct matching
   * partners with a counting touch of an influenced deal (code point order), else none.
   */
  credited_partner_ids: string[];
}

/** Latest possible date, used when nothing bounds the counting touches. */
const END_OF_TIME = '9999-12-31';

/**
 * The last date on which a touch still counts.
 * - "A touch counts for a deal when touched_on <= closed_on (for an open deal,
 *   touched_on <= the as-of date)."
 * - Pipeline: "A touch counts when touched_on <= min(closed_on, D) (a deal that closed
 *   after D is classed as it stood at D)."
 * Both are `min(closed_on, asOf)`, with a missing bound ignored. For a deal that closed on
 * or before the as-of date this is simply closed_on.
 */
export function touchCutoff(deal: Deal, asOf: string | null): string {
  const closed = deal.closed_on ?? END_OF_TIME;
  const limit = asOf ?? END_OF_TIME;
  return closed <= limit ? closed : limit;
}

function compareTouches(a: Touch, b: Touch): number {
  if (a.touched_on !== b.touched_on) return a.touched_on < b.touched_on ? -1 : 1;
  return compareIds(a.partner_id, b.partner_id) || compareIds(a.touch_type, b.touch_type);
}

/** Touches grouped by deal_id, each group ordered by touched_on (built once per call: O(n log n)). */
export function indexTouchesByDeal(
  touches: readonly Touch[],
  keepDeal: (dealId: string) => boolean = () => true,
): Map<string, Touch[]> {
  const byDeal = new Map<string, Touch[]>();
  for (const t of touches) {
    if (!keepDeal(t.deal_id)) continue;
    const list = byDeal.get(t.deal_id);
    if (list) list.push(t);
    else byDeal.set(t.deal_id, [t]);
  }
  for (const list of byDeal.values()) list.sort(compareTouches);
  return byDeal;
}

/**
 * The class of a deal given its touches, the cutoff date and the matching partners:
 * - sourced: "sourcing_partner_id is set" (and, under partner filters, the sourcing
 *   partner matches);
 * - influenced: "not sourced, and at least one counting touch" (of a matching partner
 *   "and it is not sourced by any partner");
 * - direct: "no sourcing partner and no counting touch";
 * - other: "a deal that involves only non-matching partners": sourced by a non-matching
 *   partner, or unsourced with counting touches of non-matching partners only.
 */
export function classifyDeal(
  deal: Deal,
  dealTouches: readonly Touch[],
  cutoff: string,
  isMatchingPartner: IdMatcher,
): Classification {
  const counting = dealTouches.filter((t) => t.touched_on <= cutoff);
  const sourcer = deal.sourcing_partner_id;
  if (sourcer !== null) {
    return isMatchingPartner(sourcer)
      ? { class: 'sourced', counting_touches: counting, credited_partner_ids: [sourcer] }
      : { class: 'other', counting_touches: counting, credited_partner_ids: [] };
  }
  const influencers = [
    ...new Set(counting.map((t) => t.partner_id).filter((id) => isMatchingPartner(id))),
  ].sort(compareIds);
  if (influencers.length > 0) {
    return { class: 'influenced', counting_touches: counting, credited_partner_ids: influencers };
  }
  return {
    class: counting.length > 0 ? 'other' : 'direct',
    counting_touches: counting,
    credited_partner_ids: [],
  };
}

/** "partner (partner-involved) = sourced or influenced". */
export function isPartnerClass(c: DealClass): boolean {
  return c === 'sourced' || c === 'influenced';
}
