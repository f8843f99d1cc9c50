import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  FILTER_KEYS,
  METRIC_CATALOG,
  METRIC_KEYS,
  periodContaining,
  type DrillDownResult,
  type Filters,
  type MetricKey,
  type Period,
  type Settings,
} from '@partner-kpi/metrics';
import { DataSource } from 'typeorm';
import { filtersOf, type FiltersQueryDto, type PeriodQueryDto } from '../metrics/dto/query.dto.js';
import { MetricsService, resolvePeriod, type SnapshotReads } from '../metrics/metrics.service.js';
import {
  anyFigureChanged,
  restate,
  type CurrentDealRow,
  type Figures,
  type Restatement,
} from './compare.js';
import type { CreateSnapshotDto } from './dto/create-snapshot.dto.js';
import { changedTables, computeFingerprint, type Fingerprint } from './fingerprint.js';
import {
  HEADLINE_KEYS,
  type DealDetail,
  type FrozenDrill,
  type HeadlineKey,
  type Snapshot,
  type SnapshotContent,
  type SnapshotPeriod,
  type SnapshotSummary,
} from './snapshot.types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Drillable keys: their rows are frozen with the figures. */
const DRILL_KEYS: readonly MetricKey[] = METRIC_KEYS.filter(
  (k) => METRIC_CATALOG[k].drill !== null,
);

const SETTINGS_KEYS = [
  'reporting_currency',
  'fiscal_year_start_month',
  'gross_margin',
] as const satisfies readonly (keyof Settings)[];

export interface CompareResponse {
  snapshot: Pick<SnapshotSummary, 'id' | 'name' | 'period' | 'filters' | 'created_at'>;
  /** When today's figures were computed. */
  recomputed_at: string;
  settings: {
    /** The recomputation uses the settings frozen with the snapshot, so only data can differ. */
    used: 'as_reported';
    as_reported: Settings;
    current: Settings;
    /** Settings whose value today differs from the frozen one. */
    differs: (keyof Settings)[];
    note: string;
  };
  fingerprint: { as_reported: string; current: string; changed: boolean; tables_changed: string[] };
  summary: {
    restated: boolean;
    figures_changed: number;
    figures_total: number;
    deals_explaining: number;
    text: string;
  };
  figures: Restatement['figures'];
  series: Restatement['series'];
  pipeline: Restatement['pipeline'];
  deals: Restatement['deals'];
}

interface SnapshotRow {
  id: string;
  name: string;
  period_from: string;
  period_to: string;
  filters: Filters;
  created_at: Date;
  fingerprint: string;
  headline: Record<HeadlineKey, number | null>;
  content?: SnapshotContent;
}

/**
 * Board snapshots: freeze what a readout showed (figures, series, the deals behind each figure,
 * pipeline, catalog, settings, a fingerprint of the data), all read in one database snapshot;
 * list, show and delete them; restate them against today's data.
 */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  async create(dto: CreateSnapshotDto): Promise<SnapshotSummary> {
    const filters = filtersOf(dto.filters ?? {});
    const q: PeriodQueryDto = { ...filters, from: dto.from, to: dto.to } as PeriodQueryDto;
    const frozen = await this.metrics.read(async (reads) => {
      const period = resolvePeriod(q, reads.settings);
      await checkFilterValues(reads, filters);
      const figures = await readFigures(reads, q);
      const [{ taken_at }] = await reads.query<{ taken_at: Date }>('SELECT now() AS taken_at');
      return {
        period,
        figures,
        settings: reads.settings,
        version: reads.dataVersion,
        takenAt: taken_at,
      };
    });
    const content: SnapshotContent = {
      format: 1,
      period: periodOf(frozen.period, frozen.settings),
      filters,
      settings: frozen.settings,
      data_version: frozen.version,
      fingerprint: frozen.figures.fingerprint,
      catalog: this.metrics.catalog(),
      metrics: frozen.figures.metrics,
      series: frozen.figures.series,
      drill: frozen.figures.drill,
      deals: frozen.figures.deals,
      pipeline: frozen.figures.pipeline,
    };
    const headline = Object.fromEntries(
      HEADLINE_KEYS.map((k) => [k, content.metrics[k]]),
    ) as Record<HeadlineKey, number | null>;
    const [row] = await this.dataSource.query<SnapshotRow[]>(
      `INSERT INTO snapshots (name, period_from, period_to, filters, created_at, fingerprint, headline, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id, name, period_from, period_to, filters, created_at, fingerprint, headline`,
      [
        dto.name,
        content.period.from,
        content.period.to,
        JSON.stringify(filters),
        frozen.takenAt,
        content.fingerprint.value,
        JSON.stringify(headline),
        JSON.stringify(content),
      ],
    );
    return summaryOf(row, content.period.label);
  }

  async list(): Promise<{ snapshots: SnapshotSummary[] }> {
    const rows = await this.dataSource.query<(SnapshotRow & { period_label: string })[]>(
      `SELECT id, name, period_from, period_to, filters, created_at, fingerprint, headline, content->'period'->>'label' AS period_label
         FROM snapshots ORDER BY created_at DESC, id`,
    );
    return {
      snapshots: rows.map((r) => summaryOf(r, r.period_label)),
    };
  }

  async get(id: string): Promise<Snapshot> {
    if (!UUID.test(id)) throw notFound(id);
    const [row] = await this.dataSource.query<SnapshotRow[]>(
      `SELECT id, name, period_from, period_to, filters, created_at, fingerprint, headline, content FROM snapshots WHERE id = $1`,
      [id],
    );
    if (!row?.content) throw notFound(id);
    return { ...summaryOf(row, row.content.period.label), content: row.content };
  }

  /** The one destructive route (admin only once roles exist, docs/decisions.md). */
  async remove(id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound(id);
    const res = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from('snapshots')
      .where('id = :id', { id })
      .execute();
    if (!res.affected) throw notFound(id);
  }

  /**
   * Each figure as reported vs recomputed on today's data with the same period, filters and
   * settings, and the deals (or accounts) that explain each difference.
   */
  async compare(id: string): Promise<CompareResponse> {
    const s = await this.get(id);
    const frozen = s.content;
    const q = {
      ...filtersOf(frozen.filters as FiltersQueryDto),
      from: frozen.period.from,
      to: frozen.period.to,
    } as PeriodQueryDto;
    const now = await this.metrics.read(async (reads) => {
      const figures = await readFigures(reads, q);
      // Deals the snapshot named that no figure holds today: what became of them.
      const gone = Object.keys(frozen.deals).filter((d) => !(d in figures.deals));
      const current = new Map<string, CurrentDealRow>();
      if (gone.length) {
        const rows = await reads.query<CurrentDealRow & { amount: string }>(
          `SELECT deal_id, name, account_id, amount::text AS amount, type, stage, closed_on FROM deals WHERE deal_id = ANY($1::text[])`,
          [gone],
        );
        for (const r of rows) current.set(r.deal_id, { ...r, amount: Number(r.amount) });
      }
      const [{ at }] = await reads.query<{ at: Date }>('SELECT now() AS at');
      return { figures, current, stored: reads.storedSettings, at };
    }, frozen.settings);

    const r = restate(frozen, now.figures, now.current);
    const differs = SETTINGS_KEYS.filter((k) => frozen.settings[k] !== now.stored[k]);
    const tables = changedTables(frozen.fingerprint, now.figures.fingerprint);
    const changed = r.figures.filter((f) => f.changed).length;
    return {
      snapshot: {
        id: s.id,
        name: s.name,
        period: s.period,
        filters: s.filters,
        created_at: s.created_at,
      },
      recomputed_at: now.at.toISOString(),
      settings: {
        used: 'as_reported',
        as_reported: frozen.settings,
        current: now.stored,
        differs,
        note: differs.length
          ? `Recomputed with the settings as reported; today's settings differ in ${differs.map((k) => `${k} (${String(frozen.settings[k])} then, ${String(now.stored[k])} now)`).join(', ')}, which this comparison does not apply.`
          : 'Recomputed with the settings as reported, which are also today’s.',
      },
      fingerprint: {
        as_reported: frozen.fingerprint.value,
        current: now.figures.fingerprint.value,
        changed: tables.length > 0,
        tables_changed: tables,
      },
      summary: {
        restated: anyFigureChanged(r),
        figures_changed: changed,
        figures_total: r.figures.length,
        deals_explaining: r.deals.length,
        text:
          changed === 0 && r.deals.length === 0
            ? tables.length
              ? `The data changed since the snapshot (${tables.join(', ')}) but no figure of ${s.period.label} moved.`
              : `Nothing changed: the data is the same as when ${s.period.label} was reported.`
            : `${changed} of ${r.figures.length} figures of ${s.period.label} differ from what was reported; ${r.deals.length} deal(s) explain the change (see deals).`,
      },
      figures: r.figures,
      series: r.series,
      pipeline: r.pipeline,
      deals: r.deals,
    };
  }
}

/**
 * Everything a readout shows, on one snapshot of the data: the metrics, the 8-quarter series
 * ending with the period, the rows behind every drillable figure, the pipeline as of the period's
 * end, and the data fingerprint.
 */
async function readFigures(
  reads: SnapshotReads,
  q: PeriodQueryDto,
): Promise<Figures & { fingerprint: Fingerprint }> {
  const metrics = await reads.metrics(q);
  // No `from`: the series route's default, the 8 fiscal quarters ending with the one holding `to`.
  const series = await reads.series({ ...q, from: undefined, grain: 'quarter' });
  const drills = await reads.drillAll(q, DRILL_KEYS);
  const pipeline = await reads.pipeline({ ...filterQuery(q), as_of: q.to });
  const fingerprint = await computeFingerprint(reads);
  const { drill, deals } = await freezeDrills(reads, drills);
  return { metrics: metrics.metrics, series, drill, deals, pipeline, fingerprint };
}

/** Only the filters of a period query (the pipeline takes an as-of date instead of a period). */
function filterQuery(q: PeriodQueryDto): FiltersQueryDto {
  return Object.fromEntries(FILTER_KEYS.filter((k) => q[k] !== undefined).map((k) => [k, q[k]]));
}

/** Drill-down rows in their frozen form: (deal_id, class, amount, role) per figure, details once per deal. */
async function freezeDrills(
  reads: SnapshotReads,
  drills: ReadonlyMap<MetricKey, DrillDownResult>,
): Promise<Pick<Figures, 'drill' | 'deals'>> {
  const drill: Partial<Record<MetricKey, FrozenDrill>> = {};
  const deals: Record<string, DealDetail> = {};
  for (const [key, result] of drills) {
    if (result.kind === 'accounts') {
      drill[key] = {
        kind: 'accounts',
        start_month: result.start_month,
        end_month: result.end_month,
        rows: result.rows.map((a) => ({
          account_id: a.account_id,
          name: a.name,
          arr_start: Number(a.arr_start),
          arr_end: Number(a.arr_end),
          attachment: a.attachment,
          churned: a.churned,
        })),
      };
      continue;
    }
    drill[key] = {
      kind: 'deals',
      rows: result.rows.map((r) => ({
        deal_id: r.deal_id,
        class: r.class,
        amount: Number(r.amount),
        role: r.role,
      })),
    };
    for (const r of result.rows) {
      deals[r.deal_id] ??= {
        deal_id: r.deal_id,
        name: r.name,
        account_id: r.account_id,
        account_name: null,
        type: r.type,
        stage: r.stage,
        created_on: r.created_on,
        closed_on: r.closed_on,
        sourcing_partner_id: r.sourcing_partner_id,
        credited_partner_ids: r.credited_partner_ids,
      };
    }
  }
  const accountIds = [...new Set(Object.values(deals).map((d) => d.account_id))];
  if (accountIds.length) {
    const names = await reads.query<{ account_id: string; name: string }>(
      `SELECT account_id, name FROM accounts WHERE account_id = ANY($1::text[])`,
      [accountIds],
    );
    const byId = new Map(names.map((n) => [n.account_id, n.name]));
    for (const d of Object.values(deals)) d.account_name = byId.get(d.account_id) ?? null;
  }
  return { drill, deals };
}

/**
 * Filter values must name something in the data: a board snapshot of a misspelt segment would
 * freeze a pack of zeros. (The metrics routes answer such a filter with empty figures.)
 */
async function checkFilterValues(reads: SnapshotReads, f: Filters): Promise<void> {
  const checks: [keyof Filters, string][] = [
    ['segment', `SELECT DISTINCT segment AS v FROM accounts WHERE segment = ANY($1::text[])`],
    ['region', `SELECT DISTINCT region AS v FROM accounts WHERE region = ANY($1::text[])`],
    ['partner_tier', `SELECT DISTINCT tier AS v FROM partners WHERE tier = ANY($1::text[])`],
    ['partner_id', `SELECT partner_id AS v FROM partners WHERE partner_id = ANY($1::text[])`],
  ];
  for (const [key, sql] of checks) {
    const values = f[key];
    if (!values?.length) continue;
    const found = new Set((await reads.query<{ v: string }>(sql, [values])).map((r) => r.v));
    const unknown = values.filter((v) => !found.has(v));
    if (unknown.length)
      throw new BadRequestException(
        `filters.${key}: no ${key.replace('_', ' ')} ${unknown.map((v) => JSON.stringify(v)).join(', ')} in the data`,
      );
  }
}

/** The period with its fiscal name: a whole quarter, year or month by its label, else a range. */
export function periodOf(p: Period, settings: Settings): SnapshotPeriod {
  const start = settings.fiscal_year_start_month;
  for (const grain of ['quarter', 'year', 'month'] as const) {
    const whole = periodContaining(p.from, grain, start);
    if (whole.from === p.from && whole.to === p.to) return { ...p, label: whole.label };
  }
  const first = periodContaining(p.from, 'quarter', start);
  const last = periodContaining(p.to, 'quarter', start);
  return {
    ...p,
    label: first.label === last.label ? `${first.label} (part)` : `${first.label} – ${last.label}`,
  };
}

function summaryOf(r: SnapshotRow, label: string): SnapshotSummary {
  return {
    id: r.id,
    name: r.name,
    period: { from: r.period_from, to: r.period_to, label },
    filters: r.filters,
    created_at: r.created_at.toISOString(),
    fingerprint: r.fingerprint,
    // jsonb keeps keys in its own order: list them in the catalog's.
    headline: Object.fromEntries(HEADLINE_KEYS.map((k) => [k, r.headline[k] ?? null])) as Record<
      HeadlineKey,
      number | null
    >,
  };
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`snapshot ${JSON.stringify(id)} not found`);
}
