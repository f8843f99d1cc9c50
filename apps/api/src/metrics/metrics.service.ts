import { BadRequestException, Injectable } from '@nestjs/common';
import {
  addDays,
  computeLeaderboard,
  daysBetween,
  computePipeline,
  drillDown,
  drillDownFromContext,
  drillDownPipeline,
  isPipelineKey,
  isMetricKey,
  lastDayOfMonth,
  METRIC_CATALOG,
  METRIC_KEYS,
  metricsFromFacts,
  monthOf,
  addMonths,
  NotDrillableError,
  periodContaining,
  periodsOverlapping,
  PIPELINE_CATALOG,
  PIPELINE_KEYS,
  prepareDataset,
  type DrillDownResult,
  type DrillKind,
  type Filters,
  type LabelledPeriod,
  type LeaderboardRow,
  type MetricKey,
  type MetricsValues,
  type Period,
  type PipelineResult,
  type Settings,
} from '@partner-kpi/metrics';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { loadDataset } from './dataset.repository.js';
import { filtersOf, type DrillQueryDto, type PeriodQueryDto, type PipelineQueryDto, type SeriesQueryDto } from './dto/query.dto.js';
import { computeFactsSql, dealFactsReady, onConnections, type RunOn } from './facts.repository.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { ResultCache } from './result-cache.js';
import { accountCondition, partnerCondition, SqlParams } from './sql.js';

type Db = Pick<pg.ClientBase, 'query'>;

/** A read query running longer than this is cancelled (the answer is a 503, not a stuck server). */
export const READ_TIMEOUT_MS = 60_000;

/**
 * How many requests may hold rows in Node at once (pipeline, leaderboard, drill-downs, board
 * snapshots): each can load a few hundred thousand deals on a large company's data, and the API
 * runs with a heap of 896 MiB (--max-old-space-size) to stay under 1 GiB. The others wait;
 * answers from the result cache do not.
 */
export const ROW_LOADING_CONCURRENCY = 1;

/**
 * Metrics and series run their aggregate queries on this many connections of one snapshot at
 * once, and at most FACTS_CONCURRENCY such requests compute at a time (each holds its
 * connections while it waits for the others: bounded, so the pool can never be exhausted).
 */
export const FACTS_CONNECTIONS = 3;
export const FACTS_CONCURRENCY = 2;

/** At most this many periods in one series request. */
export const MAX_SERIES_PERIODS = 60;

export interface MetricsResponse {
  from: string;
  to: string;
  filters: Filters;
  metrics: MetricsValues;
}

export interface SeriesResponse {
  grain: string;
  from: string;
  to: string;
  filters: Filters;
  series: (LabelledPeriod & { metrics: MetricsValues })[];
}

export interface DrillResponse {
  key: string;
  kind: DrillDownResult['kind'];
  from: string;
  to: string;
  filters: Filters;
  total: number;
  offset: number;
  limit: number;
  start_month?: string;
  end_month?: string;
  rows: unknown[];
}

export interface LeaderboardResponse {
  from: string;
  to: string;
  filters: Filters;
  partners: LeaderboardRow[];
}

export interface PipelineResponse extends PipelineResult {
  filters: Filters;
}

/** The reads of `MetricsService.read`, all on one database snapshot. */
export interface SnapshotReads {
  /** The settings stored at that snapshot. */
  readonly storedSettings: Settings;
  /** The settings the reads use (given to `read`, else the stored ones). */
  readonly settings: Settings;
  /** data_state.version at that snapshot (bumped by every committed import). */
  readonly dataVersion: string;
  /** A read-only SQL query on the snapshot. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  metrics(q: PeriodQueryDto): Promise<MetricsResponse>;
  series(q: SeriesQueryDto): Promise<SeriesResponse>;
  pipeline(q: PipelineQueryDto): Promise<PipelineResponse>;
  /** Every row behind each given key (catalog `drill` not null), from one load of the data. */
  drillAll(q: PeriodQueryDto, keys: readonly MetricKey[]): Promise<Map<MetricKey, DrillDownResult>>;
}

/**
 * Deal and account rows as JSON: money becomes a JSON number (the library keeps exact decimal
 * strings, whose scale depends on where they came from: '1000.00' from a file, '1000.0000'
 * from numeric(19,4)).
 */
export function toJsonRows<T extends object>(rows: readonly T[]): T[] {
  return rows.map((r) => {
    const out = { ...r } as Record<string, unknown>;
    for (const k of ['amount', 'arr_start', 'arr_end']) if (typeof out[k] === 'string') out[k] = Number(out[k]);
    return out as unknown as T;
  });
}

/** Today's date (UTC): the default end of a period and the default as-of date. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Loads what each question needs in one consistent snapshot (REPEATABLE READ, read only: an
 * import committing meanwhile is seen wholly or not at all) and lets libs/metrics define the
 * numbers. Metrics and series come from SQL aggregates (`computeFactsSql`); pipeline,
 * leaderboard and drill-downs from the rows that can matter, loaded by a targeted query.
 */
@Injectable()
export class MetricsService {
  private readonly cache = new ResultCache();
  private readonly rowLoading = new ConcurrencyGate(ROW_LOADING_CONCURRENCY);
  private readonly facts = new ConcurrencyGate(FACTS_CONCURRENCY);

  constructor(private readonly dataSource: DataSource) {}

  catalog() {
    return {
      metrics: METRIC_KEYS.map((k) => METRIC_CATALOG[k]),
      pipeline: PIPELINE_KEYS.map((k) => PIPELINE_CATALOG[k]),
    };
  }

  async metrics(q: PeriodQueryDto): Promise<MetricsResponse> {
    return this.cached('metrics', q, (_db, settings, on) => metricsIn(on, settings, q), this.facts, FACTS_CONNECTIONS);
  }

  async series(q: SeriesQueryDto): Promise<SeriesResponse> {
    return this.cached('series', q, (_db, settings, on) => seriesIn(on, settings, q), this.facts, FACTS_CONNECTIONS);
  }

  async drill(key: string, q: DrillQueryDto): Promise<DrillResponse> {
    if (!isMetricKey(key)) {
      throw new BadRequestException(`key "${key}" is not a metric key; GET /api/v1/metrics/catalog lists them`);
    }
    const kind = METRIC_CATALOG[key].drill;
    if (kind === null) {
      throw new BadRequestException(`${key} is not built from deals or accounts, so it has no drill-down`);
    }
    return this.rowLoading.run(() => this.snapshot(async (db, settings) => {
      const period = resolvePeriod(q, settings);
      const filters = filtersOf(q);
      const ds = await loadDrillDataset(db, period, [kind]);
      let result: DrillDownResult;
      try {
        result = drillDown(ds, key, period, filters, settings);
      } catch (err) {
        if (err instanceof NotDrillableError) throw new BadRequestException(err.message);
        throw err;
      }
      const rows = result.rows as unknown[];
      return {
        key,
        kind: result.kind,
        ...period,
        filters,
        ...(result.kind === 'accounts' ? { start_month: result.start_month, end_month: result.end_month } : {}),
        total: rows.length,
        offset: q.offset,
        limit: q.limit,
        rows: toJsonRows(rows.slice(q.offset, q.offset + q.limit) as object[]),
      };
    }));
  }

  async pipeline(q: PipelineQueryDto): Promise<PipelineResponse> {
    return this.cached('pipeline', q, (db, settings) => pipelineIn(db, settings, q), this.rowLoading);
  }

  async pipelineDrill(key: string, q: PipelineQueryDto & { limit: number; offset: number }): Promise<Omit<DrillResponse, 'from' | 'to'> & { as_of: string }> {
    if (!isPipelineKey(key)) {
      throw new BadRequestException(`key "${key}" is not a pipeline key; GET /api/v1/metrics/catalog lists them`);
    }
    return this.rowLoading.run(() => this.snapshot(async (db, settings) => {
      const asOf = q.as_of ?? today();
      const filters = filtersOf(q);
      const ds = await loadPipelineSlice(db, asOf);
      const result = drillDownPipeline(ds, key, asOf, filters, settings);
      return {
        key,
        kind: result.kind,
        as_of: asOf,
        filters,
        total: result.rows.length,
        offset: q.offset,
        limit: q.limit,
        rows: toJsonRows(result.rows.slice(q.offset, q.offset + q.limit)),
      };
    }));
  }

  async leaderboard(q: PeriodQueryDto): Promise<LeaderboardResponse> {
    return this.cached('leaderboard', q, async (db, settings) => {
      const period = resolvePeriod(q, settings);
      const filters = filtersOf(q);
      const sql = new SqlParams();
      const from = sql.p(period.from);
      const to = sql.p(period.to);
      const ds = await loadDataset(db, {
        sql,
        deals: `d.closed_on BETWEEN ${from}::date AND ${to}::date
                OR (d.created_on <= ${to}::date AND (d.stage = 'open' OR d.closed_on > ${to}::date))`,
      });
      const rows = computeLeaderboard(ds, period, filters);
      // time_to_first_deal_days looks at all data ("ever"), not at the period's rows.
      const firsts = await firstPartnerDeals(db, filters);
      for (const row of rows) {
        const first = firsts.get(row.partner_id);
        row.time_to_first_deal_days = first && row.joined_on ? daysBetween(row.joined_on, first) : null;
      }
      return { ...period, filters, partners: rows };
    }, this.rowLoading);
  }

  /**
   * Several reads in ONE snapshot (the same REPEATABLE READ, read-only transaction), for answers
   * that must agree with each other, such as a board snapshot. The reads answer exactly as the
   * routes do (uncached). With `settings`, they use those instead of the stored ones (to
   * recompute figures with the settings in force when they were first reported).
   */
  read<T>(work: (reads: SnapshotReads) => Promise<T>, settings?: Settings): Promise<T> {
    return this.rowLoading.run(() => this.snapshot((db, stored, version) => {
      const used = settings ?? stored;
      return work({
        storedSettings: stored,
        settings: used,
        dataVersion: version,
        query: async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await db.query<R>(text, values)).rows,
        metrics: (q) => metricsIn(db, used, q),
        series: (q) => seriesIn(db, used, q),
        pipeline: (q) => pipelineIn(db, used, q),
        drillAll: async (q, keys) => {
          const period = resolvePeriod(q, used);
          const kinds = [...new Set(keys.map((k) => METRIC_CATALOG[k].drill))];
          const ctx = prepareDataset(await loadDrillDataset(db, period, kinds), filtersOf(q));
          const out = new Map<MetricKey, DrillDownResult>();
          for (const key of keys) out.set(key, drillDownFromContext(ctx, key, period));
          return out;
        },
      });
    }));
  }

  /**
   * `snapshot`, answered from the cache when the same request was computed on the same data
   * version, settings and day (defaults resolve against today).
   */
  private async cached<T>(
    route: string,
    q: object,
    work: (db: Db, settings: Settings, on: RunOn) => Promise<T>,
    gate?: ConcurrencyGate,
    connections = 1,
  ): Promise<T> {
    const keyOf = (settings: Settings, version: string) => JSON.stringify([route, version, today(), settings, q]);
    const compute = () =>
      this.snapshot(async (db, settings, version, pool) => {
        const key = keyOf(settings, version);
        const hit = this.cache.get<T>(key);
        if (hit !== undefined) return hit;
        const value = await work(db, settings, onConnections(pool));
        this.cache.set(key, value);
        return value;
      }, connections - 1);
    if (gate === undefined) return compute();
    // A cached answer passes the gate by; work that loads rows waits at it holding no connection.
    const hit = await this.snapshot((_db, settings, version) => Promise.resolve(this.cache.get<T>(keyOf(settings, version))));
    return hit !== undefined ? hit : gate.run(compute);
  }

  /**
   * Runs `work` in one read-only REPEATABLE READ transaction, with the settings of that snapshot.
   * With `extra` > 0, that many more connections join the same snapshot (pg_export_snapshot),
   * for queries that can run side by side; `pool` holds them all, the first one included.
   */
  private async snapshot<T>(work: (db: Db, settings: Settings, version: string, pool: Db[]) => Promise<T>, extra = 0): Promise<T> {
    const runners = [this.dataSource.createQueryRunner()];
    const clients: pg.ClientBase[] = [];
    const begin = async (client: pg.ClientBase, snapshotId?: string) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      if (snapshotId) await client.query(`SET TRANSACTION SNAPSHOT '${snapshotId}'`);
      // Short analytical queries: JIT compilation costs more than it saves; sorts stay in memory.
      await client.query(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; SET LOCAL statement_timeout = '${READ_TIMEOUT_MS}'`);
      clients.push(client);
    };
    try {
      const client = (await runners[0].connect()) as pg.ClientBase;
      await begin(client);
      const res = await client.query<Settings & { version: string }>(
        `SELECT s.reporting_currency, s.fiscal_year_start_month, s.gross_margin::float8 AS gross_margin, v.version
           FROM settings s, data_state v WHERE s.id = 1 AND v.id = 1`,
      );
      if (extra > 0) {
        const [{ id }] = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows;
        for (let i = 0; i < extra; i++) {
          const runner = this.dataSource.createQueryRunner();
          runners.push(runner);
          await begin((await runner.connect()) as pg.ClientBase, id);
        }
      }
      const { version, ...settings } = res.rows[0];
      const result = await work(client, settings, version, clients);
      // The joined transactions end first: the snapshot is exported by the first one.
      for (const c of clients.slice(1)) await c.query('COMMIT');
      await client.query('COMMIT');
      return result;
    } catch (err) {
      for (const c of clients.reverse()) await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      for (const r of runners) await r.release();
    }
  }
}

async function metricsIn(db: Db | RunOn, settings: Settings, q: PeriodQueryDto): Promise<MetricsResponse> {
  const period = resolvePeriod(q, settings);
  const filters = filtersOf(q);
  const facts = await computeFactsSql(db, period, filters);
  return { ...period, filters, metrics: metricsFromFacts(facts, settings) };
}

async function seriesIn(db: Db | RunOn, settings: Settings, q: SeriesQueryDto): Promise<SeriesResponse> {
  const period = resolvePeriod(q, settings, 8);
  const filters = filtersOf(q);
  const periods = periodsOverlapping(period.from, period.to, q.grain, settings.fiscal_year_start_month);
  if (periods.length > MAX_SERIES_PERIODS) {
    throw new BadRequestException(
      `from..to covers ${periods.length} ${q.grain}s; ask for at most ${MAX_SERIES_PERIODS} periods per request (narrow from/to or use a coarser grain)`,
    );
  }
  // The periods' queries share the connections (all of them, with several of one snapshot).
  const on = typeof db === 'function' ? db : onConnections([db]);
  const useDealFacts = await on(dealFactsReady);
  const series = await Promise.all(
    periods.map(async (p) => ({ ...p, metrics: metricsFromFacts(await computeFactsSql(on, p, filters, useDealFacts), settings) })),
  );
  return { grain: q.grain, ...period, filters, series };
}

async function pipelineIn(db: Db, settings: Settings, q: PipelineQueryDto): Promise<PipelineResponse> {
  const asOf = q.as_of ?? today();
  const filters = filtersOf(q);
  const ds = await loadPipelineSlice(db, asOf);
  const result = computePipeline(ds, asOf, filters, settings);
  return { ...result, deals: toJsonRows(result.deals), filters };
}

/**
 * The rows drill-downs of these kinds read over P: for 'deals', the deals closing in P plus the
 * whole won history of accounts with a win in P (to find first wins); for 'accounts' (retention),
 * ARR of months S and E and the attachments in force on the last day of S.
 */
function loadDrillDataset(db: Db, period: Period, kinds: readonly DrillKind[]) {
  const sql = new SqlParams();
  const from = sql.p(period.from);
  const to = sql.p(period.to);
  const start = addMonths(monthOf(period.to), -12);
  const accounts = kinds.includes('accounts');
  return loadDataset(db, {
    sql,
    deals: kinds.includes('deals')
      ? `d.closed_on BETWEEN ${from}::date AND ${to}::date
         OR (d.stage = 'won' AND d.account_id IN (SELECT w.account_id FROM deals w WHERE w.stage = 'won' AND w.closed_on BETWEEN ${from}::date AND ${to}::date))`
      : undefined,
    arrMonths: accounts ? [`${start}-01`, `${monthOf(period.to)}-01`] : undefined,
    attachmentsOn: accounts ? lastDayOfMonth(start) : undefined,
  });
}

/** Open at D, created in the week, or closed in the week: every deal a pipeline figure reads. */
function loadPipelineSlice(db: Db, asOf: string) {
  const sql = new SqlParams();
  const d = sql.p(asOf);
  const weekStart = sql.p(addDays(asOf, -6));
  return loadDataset(db, {
    sql,
    deals: `(d.created_on <= ${d}::date AND (d.stage = 'open' OR d.closed_on > ${d}::date))
            OR d.created_on BETWEEN ${weekStart}::date AND ${d}::date
            OR d.closed_on BETWEEN ${weekStart}::date AND ${d}::date`,
  });
}

/**
 * The period of a request: `to` defaults to today, `from` to the first day of the fiscal quarter
 * containing `to` (or, for series, of the quarter `quartersBack - 1` quarters earlier).
 */
export function resolvePeriod(q: { from?: string; to?: string }, settings: Settings, quartersBack = 1): Period {
  const to = q.to ?? today();
  let from = q.from;
  if (from === undefined) {
    let quarter = periodContaining(to, 'quarter', settings.fiscal_year_start_month);
    for (let i = 1; i < quartersBack; i++) {
      quarter = periodContaining(addDays(quarter.from, -1), 'quarter', settings.fiscal_year_start_month);
    }
    from = quarter.from;
  }
  if (from > to) throw new BadRequestException(`from (${from}) must not be after to (${to})`);
  return { from, to };
}

/**
 * Each partner's first won deal ever (sourced by it, or influenced by it: not sourced by anyone,
 * with its touch on or before the close), for time_to_first_deal_days.
 */
async function firstPartnerDeals(db: Db, f: Filters): Promise<Map<string, string>> {
  const sql = new SqlParams();
  const accounts = accountCondition(sql, 'd.account_id', f);
  const res = await db.query<{ partner_id: string; first: string }>(
    `SELECT partner_id, min(closed_on) AS first FROM (
       SELECT d.sourcing_partner_id AS partner_id, d.closed_on FROM deals d
        WHERE d.stage = 'won' AND d.sourcing_partner_id IS NOT NULL AND ${accounts}
       UNION ALL
       SELECT t.partner_id, d.closed_on FROM deals d JOIN touches t ON t.deal_id = d.deal_id AND t.touched_on <= d.closed_on
        WHERE d.stage = 'won' AND d.sourcing_partner_id IS NULL AND ${accounts}
     ) x WHERE ${partnerCondition(sql, 'x.partner_id', f)} GROUP BY partner_id`,
    sql.values,
  );
  return new Map(res.rows.map((r) => [r.partner_id, r.first]));
}
