// The rows a computation works on, after the filters, with the indexes built once per
// call so every metric is linear in the number of rows.
import { classifyDeal, indexTouchesByDeal, touchCutoff } from './classes.js';
import type { Classification } from './classes.js';
import { accountMatcher, partnerMatcher } from './filters.js';
import type { IdMatcher } from './filters.js';
import type {
  Account,
  ArrRow,
  Attachment,
  Dataset,
  Deal,
  Filters,
  Partner,
  SpendRow,
  Touch,
} from './types.js';

/** A deal with its class and the touches that count for it. */
export interface ClassifiedDeal extends Classification {
  deal: Deal;
}

/** The filtered dataset and its indexes. Build it with `prepareDataset`. */
export interface Context {
  readonly filters: Filters;
  readonly partners: readonly Partner[];
  readonly accounts: readonly Account[];
  /** Deals of accounts matching the account filters. */
  readonly deals: readonly Deal[];
  /** Touches of those deals, by deal_id, ordered by date. */
  readonly touchesByDeal: ReadonlyMap<string, readonly Touch[]>;
  /** ARR rows of matching accounts. */
  readonly arr: readonly ArrRow[];
  /** Attachments of matching accounts. */
  readonly attachments: readonly Attachment[];
  /** Spend rows: spend is company-wide, no filter applies to it. */
  readonly spend: readonly SpendRow[];
  /** Partners matching the partner filters (every partner without partner filters). */
  readonly isMatchingPartner: IdMatcher;
  /** Memo for computations that do not depend on the period (first wins). */
  readonly memo: Map<string, unknown>;
}

export function prepareDataset(ds: Dataset, filters: Filters = {}): Context {
  const keepAccount = accountMatcher(ds.accounts, filters);
  const deals = ds.deals.filter((d) => keepAccount(d.account_id));
  const dealIds = new Set(deals.map((d) => d.deal_id));
  return {
    filters,
    partners: ds.partners,
    accounts: ds.accounts,
    deals,
    touchesByDeal: indexTouchesByDeal(ds.touches, (id) => dealIds.has(id)),
    arr: ds.arr.filter((r) => keepAccount(r.account_id)),
    attachments: ds.attachments.filter((a) => keepAccount(a.account_id)),
    spend: ds.spend,
    isMatchingPartner: partnerMatcher(ds.partners, filters),
    memo: new Map(),
  };
}

const NO_TOUCHES: readonly Touch[] = [];

/**
 * Classify a deal as it stood at `asOf` (null: as it closed), with the given matcher
 * (default: the partner filters of the context).
 */
export function classify(
  ctx: Context,
  deal: Deal,
  asOf: string | null,
  matcher: IdMatcher = ctx.isMatchingPartner,
): ClassifiedDeal {
  const touches = ctx.touchesByDeal.get(deal.deal_id) ?? NO_TOUCHES;
  return { deal, ...classifyDeal(deal, touches, touchCutoff(deal, asOf), matcher) };
}

/** Memoize a period-independent computation on the context. */
export function memoized<T>(ctx: Context, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}
