// Filters (metrics.md, "Filters"):
// - "Account filters `segment`, `region` (exact match, repeatable) keep the deals, ARR rows
//   and attachments of matching accounts only."
// - "Partner filters `partner_type`, `partner_tier`, `partner_id` (repeatable) narrow what
//   counts as 'partner'."
// Within one filter the values are alternatives (OR); different filters combine with AND.
import type { Account, Filters, Partner } from './types.js';

/** A predicate on ids, answering "does this id pass the filters?". */
export type IdMatcher = (id: string) => boolean;

const matchAll: IdMatcher = () => true;

function active(values: readonly string[] | undefined): readonly string[] | null {
  return values !== undefined && values.length > 0 ? values : null;
}

export function hasAccountFilters(filters: Filters): boolean {
  return active(filters.segment) !== null || active(filters.region) !== null;
}

export function hasPartnerFilters(filters: Filters): boolean {
  return (
    active(filters.partner_type) !== null ||
    active(filters.partner_tier) !== null ||
    active(filters.partner_id) !== null
  );
}

/**
 * Which accounts pass the account filters. Without account filters every account id
 * passes (even one missing from `accounts`); with them, only listed accounts whose
 * segment/region is one of the requested values (a null segment matches no value).
 */
export function accountMatcher(accounts: readonly Account[], filters: Filters): IdMatcher {
  const segments = active(filters.segment);
  const regions = active(filters.region);
  if (segments === null && regions === null) return matchAll;
  const keep = new Set<string>();
  for (const a of accounts) {
    if (segments !== null && (a.segment === null || !segments.includes(a.segment))) continue;
    if (regions !== null && (a.region === null || !regions.includes(a.region))) continue;
    keep.add(a.account_id);
  }
  return (id) => keep.has(id);
}

/**
 * Which partners are "matching". Without partner filters every partner id matches; with
 * them, only listed partners whose type, tier (a null tier matches no value) and id are
 * among the requested values.
 */
export function partnerMatcher(partners: readonly Partner[], filters: Filters): IdMatcher {
  const types = active(filters.partner_type);
  const tiers = active(filters.partner_tier);
  const ids = active(filters.partner_id);
  if (types === null && tiers === null && ids === null) return matchAll;
  const keep = new Set<string>();
  for (const p of partners) {
    if (types !== null && !types.includes(p.type)) continue;
    if (tiers !== null && (p.tier === null || !tiers.includes(p.tier))) continue;
    if (ids !== null && !ids.includes(p.partner_id)) continue;
    keep.add(p.partner_id);
  }
  return (id) => keep.has(id);
}

/** The matcher used where partner filters do not apply (CAC): every partner matches. */
export const ANY_PARTNER: IdMatcher = matchAll;
