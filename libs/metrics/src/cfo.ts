// CFO/CCO: retention and efficiency (metrics.md, "CFO/CCO", alignment `cfo`).
import type { Context } from './context.js';
import { addMonths, lastDayOfMonth, monthOf } from './dates.js';
import { oneMinusRatio } from './cro.js';
import { Dec, ZERO, ratio, toCents } from './decimal.js';
import { moneyString } from './facts.js';
import type { MetricsFacts, RetentionFacts } from './facts.js';
import { compareIds } from './order.js';

/**
 * Where a cohort account stood on the last day of S:
 * - attached: "an attachment (to a matching partner) has since <= last day of S and
 *   (until empty or until >= last day of S)";
 * - unattached: "it has no attachment at all on that day";
 * - other: attached only to partners outside the partner filters (in neither part).
 */
export type AttachmentGroup = 'attached' | 'unattached' | 'other';

export interface CohortAccount {
  account_id: string;
  /** arr(a, S) > 0 */
  arr_start: Dec;
  /** arr(a, E), 0 when the account has no row for E */
  arr_end: Dec;
  group: AttachmentGroup;
  /** Matching partners attached on the last day of S (code point order). */
  attached_partner_ids: string[];
}

export interface RetentionCohort {
  /** S: "the month 12 months before E" */
  start_month: string;
  /** E: "the month of `to`" */
  end_month: string;
  /** C: "accounts with arr(a, S) > 0", ordered by account_id. */
  accounts: CohortAccount[];
}

/**
 * "Retention is trailing-twelve-month, measured at the end of P. Let E be the month of
 * `to` and S the month 12 months before E. arr(a, m) is account a's ARR in month m (0 if
 * no row)." Rows of the same account and month (the import key forbids them) would add up.
 */
export function retentionCohort(ctx: Context, to: string): RetentionCohort {
  const end = monthOf(to);
  const start = addMonths(end, -12);
  const startArr = new Map<string, Dec>();
  const endArr = new Map<string, Dec>();
  for (const row of ctx.arr) {
    const target = row.month === start ? startArr : row.month === end ? endArr : null;
    if (target !== null)
      target.set(row.account_id, (target.get(row.account_id) ?? ZERO).plus(row.arr));
  }

  const day = lastDayOfMonth(start);
  const anyAttached = new Set<string>();
  const matchingAttached = new Map<string, Set<string>>();
  for (const a of ctx.attachments) {
    if (!(a.since <= day && (a.until === null || a.until >= day))) continue;
    anyAttached.add(a.account_id);
    if (!ctx.isMatchingPartner(a.partner_id)) continue;
    const set = matchingAttached.get(a.account_id) ?? new Set<string>();
    set.add(a.partner_id);
    matchingAttached.set(a.account_id, set);
  }

  const accounts: CohortAccount[] = [];
  for (const [accountId, arrStart] of startArr) {
    if (!arrStart.greaterThan(0)) continue;
    const partners = matchingAttached.get(accountId);
    accounts.push({
      account_id: accountId,
      arr_start: arrStart,
      arr_end: endArr.get(accountId) ?? ZERO,
      group: partners ? 'attached' : anyAttached.has(accountId) ? 'other' : 'unattached',
      attached_partner_ids: partners ? [...partners].sort(compareIds) : [],
    });
  }
  accounts.sort((a, b) => compareIds(a.account_id, b.account_id));
  return { start_month: start, end_month: end, accounts };
}

/** "An account churned": arr(a, E) = 0. */
export function isChurned(a: CohortAccount): boolean {
  return a.arr_end.isZero();
}

/** The retention facts of a part of the cohort. */
export function retentionFacts(accounts: readonly CohortAccount[]): RetentionFacts {
  let start = ZERO;
  let end = ZERO;
  let kept = ZERO;
  let churnedStart = ZERO;
  let churned = 0;
  for (const a of accounts) {
    start = start.plus(a.arr_start);
    end = end.plus(a.arr_end);
    kept = kept.plus(Dec.min(a.arr_end, a.arr_start));
    if (isChurned(a)) {
      churned++;
      churnedStart = churnedStart.plus(a.arr_start);
    }
  }
  return {
    accounts: accounts.length,
    churned,
    arr_start: moneyString(start),
    arr_end: moneyString(end),
    arr_kept: moneyString(kept),
    arr_churned: moneyString(churnedStart),
  };
}

/**
 * The retention facts of the whole cohort and of its attached and unattached parts
 * (accounts attached only to non-matching partners are in `all` only).
 */
export function cohortFacts(cohort: RetentionCohort): MetricsFacts['retention'] {
  const part = (group: AttachmentGroup) =>
    retentionFacts(cohort.accounts.filter((a) => a.group === group));
  return {
    all: retentionFacts(cohort.accounts),
    attached: part('attached'),
    unattached: part('unattached'),
  };
}

/** nrr: "sum over C of arr(a,E) / sum over C of arr(a,S)". */
export function nrr(f: RetentionFacts): number | null {
  return ratio(new Dec(f.arr_end), new Dec(f.arr_start));
}

/** grr: "sum over C of min(arr(a,E), arr(a,S)) / sum over C of arr(a,S)". */
export function grr(f: RetentionFacts): number | null {
  return ratio(new Dec(f.arr_kept), new Dec(f.arr_start));
}

/** logo_churn_rate: "count of a in C with arr(a,E) = 0 / count of C". */
export function logoChurnRate(f: RetentionFacts): number | null {
  return f.accounts === 0 ? null : f.churned / f.accounts;
}

/** revenue_churn_rate: "sum of arr(a,S) over churned a / sum over C of arr(a,S)". */
export function revenueChurnRate(f: RetentionFacts): number | null {
  return ratio(new Dec(f.arr_churned), new Dec(f.arr_start));
}

/** churn_reduction: "1 - churn_rate_attached / churn_rate_unattached". */
export function churnReduction(attached: RetentionFacts, unattached: RetentionFacts): number | null {
  return oneMinusRatio(logoChurnRate(attached), logoChurnRate(unattached));
}

/** partner_program_roi: "partner_sourced_revenue / partner_spend". */
export function partnerProgramRoi(facts: MetricsFacts): number | null {
  return ratio(new Dec(facts.bookings.sourced), new Dec(facts.spend.partner));
}

export interface CfoValues {
  nrr: number | null;
  grr: number | null;
  logo_churn_rate: number | null;
  revenue_churn_rate: number | null;
  nrr_attached: number | null;
  nrr_unattached: number | null;
  churn_rate_attached: number | null;
  churn_rate_unattached: number | null;
  churn_reduction: number | null;
  partner_spend: number;
  partner_program_roi: number | null;
}

export function cfoValues(facts: MetricsFacts): CfoValues {
  const { all, attached, unattached } = facts.retention;
  return {
    nrr: nrr(all),
    grr: grr(all),
    logo_churn_rate: logoChurnRate(all),
    revenue_churn_rate: revenueChurnRate(all),
    // nrr_attached, nrr_unattached: "nrr over the attached / unattached part of C"
    nrr_attached: nrr(attached),
    nrr_unattached: nrr(unattached),
    // churn_rate_attached, churn_rate_unattached: "logo_churn_rate over those parts"
    churn_rate_attached: logoChurnRate(attached),
    churn_rate_unattached: logoChurnRate(unattached),
    churn_reduction: churnReduction(attached, unattached),
    // partner_spend: "sum of partner spend in P"
    partner_spend: toCents(new Dec(facts.spend.partner)),
    partner_program_roi: partnerProgramRoi(facts),
  };
}
