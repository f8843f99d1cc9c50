// The aggregates ("facts") behind GET /api/v1/metrics. Every metric of the board, CRO, CMO
// and CFO tables of metrics.md is a function of these facts alone (`metricsFromFacts` in
// metrics.ts), so two ways of computing them, from rows in Node (`computeFacts`, the
// definition) or set-based in PostgreSQL (the API's fast path), give the same metrics as
// soon as they give the same facts (`factsEqual`).
//
// How a deal's class is decided (classes.ts `classifyDeal`; the SQL side mirrors this):
// - A partner *matches* when there are no partner filters (then every partner_id matches,
//   even one missing from the partners rows), else when its partners row exists and its
//   `type` is among `partner_type` (if given), its `tier` is non-null and among
//   `partner_tier` (if given) and its `partner_id` is among `partner_id` (if given).
// - A touch *counts* when `touched_on <= cutoff`, where cutoff = `closed_on` for the deals
//   of these facts (they all closed in P, so `min(closed_on, to)` is `closed_on`). A touch
//   of any partner, matching or not, counts.
// - Then, in this order:
//   1. `sourcing_partner_id` set: `sourced` if that partner matches, else `other` (even
//      when a matching partner has a counting touch: a deal sourced by a partner is never
//      influenced);
//   2. a counting touch of a matching partner: `influenced`;
//   3. a counting touch (of non-matching partners only): `other`;
//   4. no counting touch: `direct`.
//   Without partner filters the class `other` does not occur.
// - CRO classes: partner = sourced + influenced; non_sourced = influenced + direct + other.
// - New customers are classed with no partner filter whatever the filters (CAC ignores
//   them): sourced or influenced first win = partner, else direct.
// - Account filters keep the deals, touches (of kept deals), ARR rows and attachments of
//   matching accounts (a null segment/region matches no value); spend is never filtered.
import { Dec } from './decimal.js';

/** Exact decimal strings for money ('1234.5', no rounding), plain numbers for counts/days. */
export interface ClosedFacts {
  /** won new-business deals of the class closing in P */
  won: number;
  /** lost ones */
  lost: number;
  /** sum of amount of the won ones (exact) */
  won_amount: string;
  /** won deals with cycle_days >= 0 (back-dated ones left out) */
  cycle_count: number;
  /** sum of their cycle_days */
  cycle_sum: number;
  /** median of their cycle_days (even count: mean of the two middle); null when none */
  cycle_median: number | null;
}

export const CRO_FACTS_CLASSES = [
  'partner',
  'direct',
  'sourced',
  'influenced',
  'non_sourced',
] as const;
export type CroFactsClass = (typeof CRO_FACTS_CLASSES)[number];

export interface RetentionFacts {
  /** cohort accounts (arr(a,S) > 0) in this part */
  accounts: number;
  /** of which arr(a,E) = 0 */
  churned: number;
  /** sum arr(a,S) */
  arr_start: string;
  /** sum arr(a,E) */
  arr_end: string;
  /** sum min(arr(a,E), arr(a,S)) */
  arr_kept: string;
  /** sum arr(a,S) over churned accounts */
  arr_churned: string;
}

export interface NewCustomerFacts {
  /** new customers in P whose first win is of this motion */
  count: number;
  /** sum of the amounts of those first wins (exact) */
  first_win_amount: string;
}

export interface MetricsFacts {
  /** won bookings deals closing in P; total includes direct and other */
  bookings: { total: string; sourced: string; influenced: string };
  active_partners: number;
  /**
   * new-business deals closing in P; non_sourced = influenced + direct + other (for the
   * lead metrics)
   */
  cro: Record<CroFactsClass, ClosedFacts>;
  new_customers: { partner: NewCustomerFacts; direct: NewCustomerFacts };
  spend: { partner: string; direct: string; shared: string };
  retention: { all: RetentionFacts; attached: RetentionFacts; unattached: RetentionFacts };
}

export function emptyClosedFacts(): ClosedFacts {
  return { won: 0, lost: 0, won_amount: '0', cycle_count: 0, cycle_sum: 0, cycle_median: null };
}

export function emptyRetentionFacts(): RetentionFacts {
  return {
    accounts: 0,
    churned: 0,
    arr_start: '0',
    arr_end: '0',
    arr_kept: '0',
    arr_churned: '0',
  };
}

/** The facts of a period with no rows at all: zeros and null medians. */
export function emptyFacts(): MetricsFacts {
  return {
    bookings: { total: '0', sourced: '0', influenced: '0' },
    active_partners: 0,
    cro: {
      partner: emptyClosedFacts(),
      direct: emptyClosedFacts(),
      sourced: emptyClosedFacts(),
      influenced: emptyClosedFacts(),
      non_sourced: emptyClosedFacts(),
    },
    new_customers: {
      partner: { count: 0, first_win_amount: '0' },
      direct: { count: 0, first_win_amount: '0' },
    },
    spend: { partner: '0', direct: '0', shared: '0' },
    retention: {
      all: emptyRetentionFacts(),
      attached: emptyRetentionFacts(),
      unattached: emptyRetentionFacts(),
    },
  };
}

/** Exact money as a plain decimal string (no exponent, no rounding), e.g. '1234.5'. */
export function moneyString(value: Dec): string {
  return value.toFixed();
}

/** Absolute tolerance on medians (PostgreSQL's percentile_cont is a double). */
export const MEDIAN_TOLERANCE = 1e-9;

function sameMoney(a: string, b: string): boolean {
  try {
    return new Dec(a).eq(b);
  } catch {
    return false; // not a decimal: never equal
  }
}

function sameMedian(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= MEDIAN_TOLERANCE;
}

function diffInto(a: unknown, b: unknown, path: string, out: string[]): void {
  const key = path.slice(path.lastIndexOf('.') + 1);
  let same: boolean;
  if (key === 'cycle_median') {
    same =
      (typeof a === 'number' || a === null) &&
      (typeof b === 'number' || b === null) &&
      sameMedian(a, b);
  } else if (typeof a === 'string' && typeof b === 'string') {
    same = sameMoney(a, b);
  } else if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      diffInto(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path === '' ? k : `${path}.${k}`,
        out,
      );
    }
    return;
  } else {
    same = a === b; // counts (and days sums) are exact
  }
  if (!same) out.push(`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
}

/**
 * Where two sets of facts differ, one line per field (`cro.partner.won_amount: "10" != "10.5"`):
 * money compared as decimals ('1234.5' = '1234.5000'), counts and day sums exactly,
 * `cycle_median` within MEDIAN_TOLERANCE. Empty when they are equal.
 */
export function factsDiff(a: MetricsFacts, b: MetricsFacts): string[] {
  const out: string[] = [];
  diffInto(a, b, '', out);
  return out;
}

/** Whether two sets of facts are equal in the sense of `factsDiff`. */
export function factsEqual(a: MetricsFacts, b: MetricsFacts): boolean {
  return factsDiff(a, b).length === 0;
}
