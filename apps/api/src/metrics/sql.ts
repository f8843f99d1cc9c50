import type { Filters } from '@partner-kpi/metrics';

/** Collects positional parameters while a query is assembled: `sql.p(value)` -> `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];
  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Account filters as a condition on `accountIdExpr` (metrics.md "Filters": segment and region
 * are exact, repeatable, and a null segment/region matches no value). 'true' without filters.
 */
export function accountCondition(sql: SqlParams, accountIdExpr: string, f: Filters): string {
  const parts: string[] = [];
  if (f.segment?.length) parts.push(`a.segment = ANY(${sql.p(f.segment)}::text[])`);
  if (f.region?.length) parts.push(`a.region = ANY(${sql.p(f.region)}::text[])`);
  if (parts.length === 0) return 'true';
  return `EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = ${accountIdExpr} AND ${parts.join(' AND ')})`;
}

/**
 * Partner filters as a condition on a partner id expression: the id names a partner whose type,
 * tier (null tier matches no value) and id are among the requested values. 'true' without
 * partner filters (every partner matches).
 */
export function partnerCondition(sql: SqlParams, partnerIdExpr: string, f: Filters): string {
  const parts: string[] = [];
  if (f.partner_type?.length) parts.push(`p.type = ANY(${sql.p(f.partner_type)}::text[])`);
  if (f.partner_tier?.length) parts.push(`p.tier = ANY(${sql.p(f.partner_tier)}::text[])`);
  if (f.partner_id?.length) parts.push(`p.partner_id = ANY(${sql.p(f.partner_id)}::text[])`);
  if (parts.length === 0) return 'true';
  return `EXISTS (SELECT 1 FROM partners p WHERE p.partner_id = ${partnerIdExpr} AND ${parts.join(' AND ')})`;
}

/**
 * The class of deal `d` (metrics.md "Deal classes" with partner filters), touches counting when
 * `touched_on <= cutoff`:
 *   sourced    - its sourcing partner matches;
 *   other      - sourced by a non-matching partner, or touched (in time) only by non-matching ones;
 *   influenced - not sourced, and a matching partner has a counting touch;
 *   direct     - no sourcing partner and no counting touch.
 * Mirrors classifyDeal in libs/metrics; tests check the two agree on random data.
 */
export function dealClassSql(sql: SqlParams, d: string, cutoff: string, f: Filters): string {
  const sourcedMatch = partnerCondition(sql, `${d}.sourcing_partner_id`, f);
  const touchMatch = partnerCondition(sql, 't.partner_id', f);
  const counting = `FROM touches t WHERE t.deal_id = ${d}.deal_id AND t.touched_on <= ${cutoff}`;
  const filtered = touchMatch !== 'true';
  return `CASE
    WHEN ${d}.sourcing_partner_id IS NOT NULL THEN ${filtered || sourcedMatch !== 'true' ? `CASE WHEN ${sourcedMatch} THEN 'sourced' ELSE 'other' END` : `'sourced'`}
    WHEN EXISTS (SELECT 1 ${counting}${filtered ? ` AND ${touchMatch}` : ''}) THEN 'influenced'
    ${filtered ? `WHEN EXISTS (SELECT 1 ${counting}) THEN 'other'` : ''}
    ELSE 'direct' END`;
}
