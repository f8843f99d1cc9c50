import {
  addMonths,
  lastDayOfMonth,
  monthOf,
  type ClosedFacts,
  type CroFactsClass,
  type Filters,
  type MetricsFacts,
  type Period,
  type RetentionFacts,
} from '@partner-kpi/metrics';
import type pg from 'pg';
import { accountCondition, dealClassSql, partnerCondition, SqlParams } from './sql.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Runs a query task on one of a set of connections (each serves one task at a time). */
export type RunOn = <T>(task: (db: Queryable) => Promise<T>) => Promise<T>;

/**
 * Spreads tasks over `pool`: connections of one database snapshot (see MetricsService), so the
 * independent queries of a request run side by side and still agree with each other.
 */
export function onConnections(pool: readonly Queryable[]): RunOn {
  const free = [...pool];
  const waiting: ((db: Queryable) => void)[] = [];
  return async <T>(task: (db: Queryable) => Promise<T>): Promise<T> => {
    const db = free.pop() ?? (await new Promise<Queryable>((resolve) => waiting.push(resolve)));
    try {
      return await task(db);
    } finally {
      const next = waiting.shift();
      if (next) next(db);
      else free.push(db);
    }
  };
}

/**
 * The aggregates behind every metric of a period (libs/metrics `MetricsFacts`), computed in
 * PostgreSQL: a handful of set-based queries over indexed columns instead of loading rows into
 * Node. `metricsFromFacts` in the library turns them into the metric values, so the formulas
 * exist once; tests check these facts equal the library's `computeFacts` on the same data.
 * The queries are independent: given several connections of one snapshot they run in parallel.
 */
export async function computeFactsSql(db: Queryable | RunOn, period: Period, f: Filters, useDealFacts?: boolean): Promise<MetricsFacts> {
  const on: RunOn = typeof db === 'function' ? db : onConnections([db]);
  const facts = useDealFacts ?? (await on(dealFactsReady));
  // The slowest first, so that they do not end up queued behind the quick ones.
  const [closed, newCustomers, retention, active, spend] = await Promise.all([
    facts && noPartnerFilters(f) ? closedFromDealFacts(on, period, f) : on((c) => closedDealFacts(c, period, f)),
    on((c) => newCustomerFacts(c, period, f, facts)),
    on((c) => retentionFacts(c, period.to, f, facts)),
    on((c) => activePartners(c, period, f, facts)),
    on((c) => spendFacts(c, period)),
  ]);
  return { bookings: closed.bookings, cro: closed.cro, active_partners: active, new_customers: newCustomers, spend, retention };
}

/**
 * Whether `deal_facts` was built from the data this snapshot sees (see DealFactsService): then
 * the class of a closed deal without partner filters, and first wins, are read from it.
 */
export async function dealFactsReady(db: Queryable): Promise<boolean> {
  const res = await db.query(`SELECT 1 FROM deal_facts_state s, data_state v WHERE s.id = 1 AND v.id = 1 AND s.version = v.version`);
  return (res.rowCount ?? 0) > 0;
}

const noPartnerFilters = (f: Filters) => !f.partner_type?.length && !f.partner_tier?.length && !f.partner_id?.length;

const CRO_CLASSES: readonly CroFactsClass[] = ['partner', 'direct', 'sourced', 'influenced', 'non_sourced'];


/** SQL conditions selecting the deals of each CRO class from the `cls` column. */
const CRO_CLASS_SQL: Record<CroFactsClass, string> = {
  partner: `cls IN ('sourced', 'influenced')`,
  direct: `cls = 'direct'`,
  sourced: `cls = 'sourced'`,
  influenced: `cls = 'influenced'`,
  non_sourced: `cls <> 'sourced'`,
};

/** One row of FILTERed aggregates per class over `closed` (no fan-out, no sort of the rows). */
function closedAggregates(): string {
  const won = `type = 'new_business' AND stage = 'won'`;
  return CRO_CLASSES.map((k) => {
    const c = CRO_CLASS_SQL[k];
    return `count(*) FILTER (WHERE ${c} AND ${won}) AS ${k}_won,
            count(*) FILTER (WHERE ${c} AND type = 'new_business' AND stage = 'lost') AS ${k}_lost,
            sum(amount) FILTER (WHERE ${c} AND ${won}) AS ${k}_won_amount,
            count(*) FILTER (WHERE ${c} AND ${won} AND cycle >= 0) AS ${k}_cycle_count,
            sum(cycle) FILTER (WHERE ${c} AND ${won} AND cycle >= 0) AS ${k}_cycle_sum,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY cycle) FILTER (WHERE ${c} AND ${won} AND cycle >= 0) AS ${k}_cycle_median`;
  }).join(',\n');
}

/** Won/lost deals closing in P, classed as they closed: bookings totals and the CRO facts. */
/** The CRO classes over deal_facts' precomputed flags (no partner filters: no 'other' class). */
const FACT_CRO_CLASS_SQL: Record<CroFactsClass, string> = {
  partner: `(f.sourced OR f.influenced)`,
  direct: `NOT (f.sourced OR f.influenced)`,
  sourced: `f.sourced`,
  influenced: `f.influenced`,
  non_sourced: `NOT f.sourced`,
};

/** The median of a distribution given as (value, count) pairs: percentile_cont(0.5) exactly. */
export function medianOfCounts(pairs: readonly (readonly [number, number])[]): number | null {
  const sorted = [...pairs].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (index < seen) return value;
    }
    throw new Error('unreachable');
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/**
 * `closedDealFacts` on deal_facts (no partner filters): one pass of FILTERed sums and counts, and
 * beside it (on another connection of the snapshot) the distribution of won new-business cycle
 * days by class, whose medians are computed here: no sort of the period's deals at all.
 */
async function closedFromDealFacts(on: RunOn, period: Period, f: Filters): Promise<Pick<MetricsFacts, 'bookings' | 'cro'>> {
  const where = (sql: SqlParams) =>
    `f.closed_on BETWEEN ${sql.p(period.from)}::date AND ${sql.p(period.to)}::date AND ${accountCondition(sql, 'f.account_id', f)}`;
  const won = `f.type = 'new_business' AND f.stage = 'won'`;
  const bookings = `f.stage = 'won' AND f.type IN ('new_business', 'expansion')`;
  const [sums, histogram] = await Promise.all([
    on(async (db) => {
      const sql = new SqlParams();
      const res = await db.query<Record<string, string | null>>(
        `SELECT sum(f.amount) FILTER (WHERE ${bookings}) AS bookings_total,
                sum(f.amount) FILTER (WHERE ${bookings} AND f.sourced) AS bookings_sourced,
                sum(f.amount) FILTER (WHERE ${bookings} AND f.influenced) AS bookings_influenced,
                ${CRO_CLASSES.map((k) => {
                  const c = FACT_CRO_CLASS_SQL[k];
                  return `count(*) FILTER (WHERE ${c} AND ${won}) AS ${k}_won,
                count(*) FILTER (WHERE ${c} AND f.type = 'new_business' AND f.stage = 'lost') AS ${k}_lost,
                sum(f.amount) FILTER (WHERE ${c} AND ${won}) AS ${k}_won_amount,
                count(*) FILTER (WHERE ${c} AND ${won} AND f.cycle >= 0) AS ${k}_cycle_count,
                sum(f.cycle) FILTER (WHERE ${c} AND ${won} AND f.cycle >= 0) AS ${k}_cycle_sum`;
                }).join(',\n')}
           FROM deal_facts f WHERE ${where(sql)}`,
        sql.values,
      );
      return res.rows[0];
    }),
    on(async (db) => {
      const sql = new SqlParams();
      const res = await db.query<{ sourced: boolean; influenced: boolean; cycle: number; n: string }>(
        `SELECT f.sourced, f.influenced, f.cycle, count(*) AS n FROM deal_facts f
          WHERE ${where(sql)} AND ${won} AND f.cycle >= 0 GROUP BY 1, 2, 3`,
        sql.values,
      );
      return res.rows;
    }),
  ]);
  const inClass: Record<CroFactsClass, (r: { sourced: boolean; influenced: boolean }) => boolean> = {
    partner: (r) => r.sourced || r.influenced,
    direct: (r) => !(r.sourced || r.influenced),
    sourced: (r) => r.sourced,
    influenced: (r) => r.influenced,
    non_sourced: (r) => !r.sourced,
  };
  const money = (v: string | null) => v ?? '0';
  const cro = Object.fromEntries(
    CRO_CLASSES.map((k): [CroFactsClass, ClosedFacts] => [
      k,
      {
        won: Number(sums[`${k}_won`]),
        lost: Number(sums[`${k}_lost`]),
        won_amount: money(sums[`${k}_won_amount`]),
        cycle_count: Number(sums[`${k}_cycle_count`]),
        cycle_sum: Number(sums[`${k}_cycle_sum`] ?? 0),
        cycle_median: medianOfCounts(histogram.filter(inClass[k]).map((r) => [r.cycle, Number(r.n)] as const)),
      },
    ]),
  ) as Record<CroFactsClass, ClosedFacts>;
  return {
    bookings: { total: money(sums.bookings_total), sourced: money(sums.bookings_sourced), influenced: money(sums.bookings_influenced) },
    cro,
  };
}

async function closedDealFacts(db: Queryable, period: Period, f: Filters): Promise<Pick<MetricsFacts, 'bookings' | 'cro'>> {
  const sql = new SqlParams();
  const from = sql.p(period.from);
  const to = sql.p(period.to);
  const bookings = `stage = 'won' AND type IN ('new_business', 'expansion')`;
  const closed = `SELECT d.stage, d.type, d.amount, (d.closed_on - d.created_on) AS cycle, ${dealClassSql(sql, 'd', 'd.closed_on', f)} AS cls
           FROM deals d
          WHERE d.closed_on BETWEEN ${from}::date AND ${to}::date AND d.stage IN ('won', 'lost')
            AND ${accountCondition(sql, 'd.account_id', f)}`;
  const res = await db.query<Record<string, string | number | null>>(
    `WITH closed AS MATERIALIZED (${closed})
     SELECT sum(amount) FILTER (WHERE ${bookings}) AS bookings_total,
            sum(amount) FILTER (WHERE ${bookings} AND cls = 'sourced') AS bookings_sourced,
            sum(amount) FILTER (WHERE ${bookings} AND cls = 'influenced') AS bookings_influenced,
            ${closedAggregates()}
       FROM closed`,
    sql.values,
  );
  const r = res.rows[0];
  const money = (v: string | number | null) => (v === null ? '0' : String(v));
  const cro = Object.fromEntries(
    CRO_CLASSES.map((k): [CroFactsClass, ClosedFacts] => [
      k,
      {
        won: Number(r[`${k}_won`]),
        lost: Number(r[`${k}_lost`]),
        won_amount: money(r[`${k}_won_amount`]),
        cycle_count: Number(r[`${k}_cycle_count`]),
        cycle_sum: Number(r[`${k}_cycle_sum`] ?? 0),
        cycle_median: r[`${k}_cycle_median`] === null ? null : Number(r[`${k}_cycle_median`]),
      },
    ]),
  ) as Record<CroFactsClass, ClosedFacts>;
  return {
    bookings: { total: money(r.bookings_total), sourced: money(r.bookings_sourced), influenced: money(r.bookings_influenced) },
    cro,
  };
}

/** Matching partners that sourced a deal created in P or have a touch dated in P. */
async function activePartners(db: Queryable, period: Period, f: Filters, useDealFacts: boolean): Promise<number> {
  const sql = new SqlParams();
  const from = sql.p(period.from);
  const to = sql.p(period.to);
  if (useDealFacts && !f.segment?.length && !f.region?.length) {
    // One probe of the activity days per (matching) partner.
    const res = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM partners x
        WHERE ${partnerCondition(sql, 'x.partner_id', f)}
          AND EXISTS (SELECT 1 FROM partner_activity a WHERE a.partner_id = x.partner_id AND a.day BETWEEN ${from}::date AND ${to}::date)`,
      sql.values,
    );
    return Number(res.rows[0].n);
  }
  const accounts = accountCondition(sql, 'd.account_id', f);
  // Without account filters a touch's deal need not be looked up.
  const touched =
    accounts === 'true'
      ? `SELECT t.partner_id FROM touches t WHERE t.touched_on BETWEEN ${from}::date AND ${to}::date`
      : `SELECT t.partner_id FROM touches t JOIN deals d ON d.deal_id = t.deal_id
          WHERE t.touched_on BETWEEN ${from}::date AND ${to}::date AND ${accountCondition(sql, 'd.account_id', f)}`;
  const res = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT d.sourcing_partner_id AS partner_id FROM deals d
        WHERE d.created_on BETWEEN ${from}::date AND ${to}::date AND d.sourcing_partner_id IS NOT NULL AND ${accounts}
       UNION
       ${touched}
     ) x WHERE ${partnerCondition(sql, 'x.partner_id', f)}`,
    sql.values,
  );
  return Number(res.rows[0].n);
}

/**
 * New customers in P: accounts whose first win (earliest closed_on, ties by the smallest deal_id
 * in code-point order) closes in P, split by the class of that deal with no partner filter.
 */
async function newCustomerFacts(db: Queryable, period: Period, f: Filters, useDealFacts: boolean): Promise<MetricsFacts['new_customers']> {
  const sql = new SqlParams();
  const from = sql.p(period.from);
  const to = sql.p(period.to);
  const cls = dealClassSql(sql, 'd', 'd.closed_on', {});
  // Precomputed: the first wins are flagged. Otherwise: accounts with a win in P, then each
  // one's first win ever (DISTINCT ON in first-win order), linear in their won deals.
  const res = await db.query<{ side: string; n: string; amount: string }>(
    useDealFacts
      ? `SELECT CASE WHEN f.sourced OR f.influenced THEN 'partner' ELSE 'direct' END AS side, count(*) AS n, sum(f.amount) AS amount
           FROM deal_facts f
          WHERE f.first_win AND f.closed_on BETWEEN ${from}::date AND ${to}::date AND ${accountCondition(sql, 'f.account_id', f)}
          GROUP BY 1`
      : `WITH candidates AS (
       SELECT DISTINCT d.account_id FROM deals d
        WHERE d.stage = 'won' AND d.closed_on BETWEEN ${from}::date AND ${to}::date AND ${accountCondition(sql, 'd.account_id', f)}
     ), first_wins AS (
       SELECT DISTINCT ON (d.account_id) d.deal_id, d.amount, d.closed_on, d.sourcing_partner_id
         FROM deals d JOIN candidates c ON c.account_id = d.account_id
        WHERE d.stage = 'won'
        ORDER BY d.account_id, d.closed_on, d.deal_id COLLATE "C"
     )
     SELECT CASE WHEN cls = 'direct' THEN 'direct' ELSE 'partner' END AS side, count(*) AS n, sum(amount) AS amount FROM (
       SELECT d.amount, ${cls} AS cls FROM first_wins d WHERE d.closed_on BETWEEN ${from}::date AND ${to}::date
     ) w GROUP BY 1`,
    sql.values,
  );
  const side = (s: string) => {
    const r = res.rows.find((x) => x.side === s);
    return { count: Number(r?.n ?? 0), first_win_amount: r?.amount ?? '0' };
  };
  return { partner: side('partner'), direct: side('direct') };
}

/** Spend rows whose month (its first day) is in P, by motion; spend ignores every filter. */
async function spendFacts(db: Queryable, period: Period): Promise<MetricsFacts['spend']> {
  const res = await db.query<{ motion: string; amount: string }>(
    `SELECT motion, sum(amount) AS amount FROM spend WHERE month BETWEEN $1::date AND $2::date GROUP BY motion`,
    [period.from, period.to],
  );
  const get = (m: string) => res.rows.find((r) => r.motion === m)?.amount ?? '0';
  return { partner: get('partner'), direct: get('direct'), shared: get('shared') };
}

/**
 * Trailing-twelve-month retention at the end of P: cohort = accounts with ARR in month S (12
 * months before the month of `to`), split into attached (to a matching partner on the last day
 * of S) and unattached (no attachment at all on that day).
 */
async function retentionFacts(db: Queryable, to: string, f: Filters, useDealFacts: boolean): Promise<MetricsFacts['retention']> {
  const arr = useDealFacts ? 'arr_by_month' : 'arr';
  const end = monthOf(to);
  const start = addMonths(end, -12);
  const sql = new SqlParams();
  const s = sql.p(`${start}-01`);
  const e = sql.p(`${end}-01`);
  const day = sql.p(lastDayOfMonth(start));
  const parts = { all: 'true', attached: 'attached', unattached: 'NOT any_attachment' } as const;
  const res = await db.query<Record<string, string | null>>(
    `WITH on_day AS (
       SELECT a2.account_id, bool_or(${partnerCondition(sql, 'a2.partner_id', f)}) AS attached
         FROM attachments a2
        WHERE a2.since <= ${day}::date AND (a2.until IS NULL OR a2.until >= ${day}::date)
        GROUP BY a2.account_id
     ), c AS (
       SELECT s.arr AS arr_s, coalesce(e.arr, 0) AS arr_e,
              o.account_id IS NOT NULL AS any_attachment, coalesce(o.attached, false) AS attached
         FROM ${arr} s
         LEFT JOIN ${arr} e ON e.account_id = s.account_id AND e.month = ${e}::date
         LEFT JOIN on_day o ON o.account_id = s.account_id
        WHERE s.month = ${s}::date AND s.arr > 0 AND ${accountCondition(sql, 's.account_id', f)})
     SELECT ${Object.entries(parts)
       .map(
         ([k, c]) => `count(*) FILTER (WHERE ${c}) AS ${k}_accounts,
            count(*) FILTER (WHERE ${c} AND arr_e = 0) AS ${k}_churned,
            sum(arr_s) FILTER (WHERE ${c}) AS ${k}_arr_start,
            sum(arr_e) FILTER (WHERE ${c}) AS ${k}_arr_end,
            sum(least(arr_s, arr_e)) FILTER (WHERE ${c}) AS ${k}_arr_kept,
            sum(arr_s) FILTER (WHERE ${c} AND arr_e = 0) AS ${k}_arr_churned`,
       )
       .join(',\n')}
       FROM c`,
    sql.values,
  );
  const r = res.rows[0];
  const get = (k: keyof typeof parts): RetentionFacts => ({
    accounts: Number(r[`${k}_accounts`]),
    churned: Number(r[`${k}_churned`]),
    arr_start: r[`${k}_arr_start`] ?? '0',
    arr_end: r[`${k}_arr_end`] ?? '0',
    arr_kept: r[`${k}_arr_kept`] ?? '0',
    arr_churned: r[`${k}_arr_churned`] ?? '0',
  });
  return { all: get('all'), attached: get('attached'), unattached: get('unattached') };
}
