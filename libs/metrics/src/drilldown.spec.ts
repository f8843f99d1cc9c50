import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { METRIC_CATALOG, METRIC_KEYS } from './catalog.js';
import type { MetricKey } from './catalog.js';
import { ZERO, toCents } from './decimal.js';
import type { Dec } from './decimal.js';
import { DEAL_DRILLS, NotDrillableError, drillDown, drillDownPipeline } from './drilldown.js';
import type { DrillDealRow, DrillDownResult } from './drilldown.js';
import { computeMetrics } from './metrics.js';
import { computePipeline } from './pipeline.js';
import {
  BOARD_PERIOD,
  CFO_PERIOD,
  CMO_PERIOD,
  CRO_PERIOD,
  boardDataset,
  cfoDataset,
  cmoDataset,
  croDataset,
} from './testing/fixtures.js';
import { randomDataset } from './testing/random-dataset.js';
import type { Dataset, Filters, Period } from './types.js';

const ids = (r: DrillDownResult) => r.rows.map((x) => ('deal_id' in x ? x.deal_id : x.account_id));
const dealRows = (r: DrillDownResult): DrillDealRow[] => {
  if (r.kind !== 'deals') throw new Error('expected deal rows');
  return r.rows;
};

describe('drill-down on the hand-computed datasets', () => {
  it('total_bookings: the won bookings deals, by close date', () => {
    const r = drillDown(boardDataset, 'total_bookings', BOARD_PERIOD);
    expect(ids(r)).toEqual(['D1', 'D2', 'D7', 'D3']);
    expect(dealRows(r).every((x) => x.role === 'booking')).toBe(true);
    expect(toCents(dealRows(r).reduce((s, x) => s.plus(x.amount), ZERO))).toBe(3350.65);
  });

  it('partner_share_of_bookings: which deals are the numerator', () => {
    const r = dealRows(drillDown(boardDataset, 'partner_share_of_bookings', BOARD_PERIOD));
    expect(r.map((x) => [x.deal_id, x.role])).toEqual([
      ['D1', 'sourced'],
      ['D2', 'influenced'],
      ['D7', 'influenced'],
      ['D3', 'not_attributed'],
    ]);
    expect(r[1].counting_touches.map((t) => t.partner_id)).toEqual(['P2']);
    expect(r[3].counting_touches).toEqual([]); // D3's touch came after its close
  });

  it('partner filters change the class of the rows', () => {
    expect(
      ids(drillDown(boardDataset, 'partner_sourced_revenue', BOARD_PERIOD, { partner_id: ['P3'] })),
    ).toEqual([]);
    const infl = dealRows(
      drillDown(boardDataset, 'partner_influenced_revenue', BOARD_PERIOD, { partner_id: ['P3'] }),
    );
    expect(infl.map((x) => [x.deal_id, x.credited_partner_ids])).toEqual([['D7', ['P3']]]);
  });

  it('win rate: won and lost rows', () => {
    const r = dealRows(drillDown(croDataset, 'win_rate_direct', CRO_PERIOD));
    expect(r.map((x) => [x.deal_id, x.role])).toEqual([
      ['X3', 'lost'],
      ['X4', 'lost'],
      ['X5', 'lost'],
      ['X9', 'lost'],
      ['X1', 'won'],
      ['X2', 'won'],
    ]);
  });

  it('cycle figures list back-dated won deals as excluded', () => {
    const r = dealRows(drillDown(croDataset, 'cycle_days_median_influenced', CRO_PERIOD));
    expect(r.map((x) => [x.deal_id, x.role, x.cycle_days])).toEqual([
      ['I1', 'won', 20],
      ['I2', 'excluded_from_cycle', null],
    ]);
  });

  it('lifts list both sides, told apart by class', () => {
    const r = dealRows(drillDown(croDataset, 'acv_lift', CRO_PERIOD));
    expect(r.map((x) => `${x.deal_id}:${x.class}`).sort()).toEqual(
      [
        'I1:influenced',
        'I2:influenced',
        'S1:sourced',
        'S2:sourced',
        'X1:direct',
        'X2:direct',
      ].sort(),
    );
  });

  it('new customers: the first wins, classed without partner filters', () => {
    const r = dealRows(
      drillDown(cmoDataset, 'new_customers', CMO_PERIOD, { partner_type: ['isv'] }),
    );
    expect(r.map((x) => [x.deal_id, x.class, x.role])).toEqual([
      ['F1a', 'sourced', 'first_win'],
      ['D10', 'direct', 'first_win'],
      ['F4', 'influenced', 'first_win'],
      ['F6', 'sourced', 'first_win'],
    ]);
    expect(ids(drillDown(cmoDataset, 'new_customers_direct', CMO_PERIOD))).toEqual(['D10']);
  });

  it('retention: the cohort accounts with ARR at S and E', () => {
    const r = drillDown(cfoDataset, 'nrr', CFO_PERIOD);
    if (r.kind !== 'accounts') throw new Error('expected accounts');
    expect(r.start_month).toBe('2025-03');
    expect(r.end_month).toBe('2026-03');
    expect(
      r.rows.map((a) => [a.account_id, a.arr_start, a.arr_end, a.attachment, a.churned]),
    ).toEqual([
      ['A1', '1000', '1200', 'attached', false],
      ['A2', '500', '0', 'unattached', true],
      ['A3', '2000', '1500', 'attached', false],
      ['A6', '800', '0', 'unattached', true],
    ]);
    expect(ids(drillDown(cfoDataset, 'nrr_attached', CFO_PERIOD))).toEqual(['A1', 'A3']);
    expect(ids(drillDown(cfoDataset, 'churn_rate_unattached', CFO_PERIOD))).toEqual(['A2', 'A6']);
    // with P1 only, A3 (attached to P2) is in neither part
    expect(
      ids(drillDown(cfoDataset, 'churn_reduction', CFO_PERIOD, { partner_id: ['P1'] })),
    ).toEqual(['A1', 'A2', 'A6']);
  });

  it('refuses the keys that are not drillable', () => {
    expect(() => drillDown(boardDataset, 'active_partners', BOARD_PERIOD)).toThrow(
      NotDrillableError,
    );
    expect(() => drillDown(boardDataset, 'partner_spend', BOARD_PERIOD)).toThrow(NotDrillableError);
  });

  it('every drillable key has a drill and every deal key a deal selection', () => {
    for (const key of METRIC_KEYS) {
      const def = METRIC_CATALOG[key];
      expect([key, DEAL_DRILLS[key] !== undefined]).toEqual([key, def.drill === 'deals']);
    }
  });

  it('pipeline drill-down: the deals behind a pipeline figure', () => {
    const ds = randomDataset({ seed: 7, size: 150 });
    const asOf = '2025-06-15';
    const { metrics } = computePipeline(ds, asOf);
    const r = drillDownPipeline(ds, 'open_pipeline_partner', asOf);
    expect(toCents(r.rows.reduce((s, x) => s.plus(x.amount), ZERO))).toBe(
      metrics.open_pipeline_partner,
    );
    expect(drillDownPipeline(ds, 'slipped_deals_direct', asOf).rows).toHaveLength(
      metrics.slipped_deals_direct,
    );
    expect(
      drillDownPipeline(ds, 'won_this_week_direct', asOf).rows.every((x) => x.role === 'won'),
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// Recompute a figure from its drill-down rows alone (the CFO's audit), for the property test.

const sum = (rows: readonly DrillDealRow[]): Dec => rows.reduce((s, x) => s.plus(x.amount), ZERO);
const won = (rows: readonly DrillDealRow[]) => rows.filter((x) => x.role === 'won');
const winRateOf = (rows: readonly DrillDealRow[]) => {
  const closed = rows.filter((x) => x.role === 'won' || x.role === 'lost').length;
  return closed === 0 ? null : won(rows).length / closed;
};
const acvOf = (rows: readonly DrillDealRow[]) => {
  const w = won(rows);
  return w.length === 0 ? null : sum(w).div(w.length);
};
const cyclesOf = (rows: readonly DrillDealRow[]) =>
  won(rows)
    .map((x) => x.cycle_days)
    .filter((c): c is number => c !== null)
    .sort((a, b) => a - b);
const medianOf = (v: number[]) =>
  v.length === 0
    ? null
    : v.length % 2
      ? v[v.length >> 1]
      : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
const isPartner = (x: DrillDealRow) => x.class === 'sourced' || x.class === 'influenced';

/** The figure recomputed from rows; undefined for keys whose figure also needs spend. */
function recompute(metricKey: MetricKey, r: DrillDownResult): number | null | undefined {
  const key: string = metricKey;
  if (r.kind === 'accounts') {
    const start = r.rows.reduce((s, a) => s.plus(a.arr_start), ZERO);
    const end = r.rows.reduce((s, a) => s.plus(a.arr_end), ZERO);
    const attached = r.rows.filter((a) => a.attachment === 'attached');
    const unattached = r.rows.filter((a) => a.attachment === 'unattached');
    const churn = (rows: typeof r.rows) =>
      rows.length === 0 ? null : rows.filter((a) => a.churned).length / rows.length;
    switch (key) {
      case 'nrr':
      case 'nrr_attached':
      case 'nrr_unattached':
        return start.isZero() ? null : end.div(start).toNumber();
      case 'logo_churn_rate':
      case 'churn_rate_attached':
      case 'churn_rate_unattached':
        return churn(r.rows);
      case 'churn_reduction': {
        const a = churn(attached);
        const u = churn(unattached);
        return a === null || u === null || u === 0 ? null : 1 - a / u;
      }
      default:
        return undefined;
    }
  }
  const rows = r.rows;
  const cro =
    /^(win_rate|acv|cycle_days_median|cycle_days_mean|sales_velocity)_(partner|direct|sourced|influenced)$/.exec(
      key,
    );
  if (cro) {
    switch (cro[1]) {
      case 'win_rate':
        return winRateOf(rows);
      case 'acv': {
        const a = acvOf(rows);
        return a === null ? null : toCents(a);
      }
      case 'cycle_days_median':
        return medianOf(cyclesOf(rows));
      case 'cycle_days_mean': {
        const c = cyclesOf(rows);
        return c.length === 0 ? null : c.reduce((s, x) => s + x, 0) / c.length;
      }
      default: {
        const c = cyclesOf(rows);
        const total = c.reduce((s, x) => s + x, 0);
        return won(rows).length === 0 || c.length === 0 || total === 0
          ? null
          : toCents(sum(won(rows)).times(c.length).div(total));
      }
    }
  }
  switch (key) {
    case 'total_bookings':
    case 'partner_sourced_revenue':
    case 'partner_influenced_revenue':
    case 'partner_attributed_revenue':
      return toCents(sum(rows));
    case 'partner_share_of_bookings': {
      const all = sum(rows);
      return all.isZero()
        ? null
        : sum(rows.filter((x) => x.role !== 'not_attributed'))
            .div(all)
            .toNumber();
    }
    case 'new_customers':
    case 'new_customers_partner':
    case 'new_customers_direct':
      return rows.length;
    case 'win_rate_lift': {
      const p = winRateOf(rows.filter(isPartner));
      const d = winRateOf(rows.filter((x) => x.class === 'direct'));
      return p === null || d === null || d === 0 ? null : p / d;
    }
    case 'cycle_time_reduction': {
      const p = medianOf(cyclesOf(rows.filter(isPartner)));
      const d = medianOf(cyclesOf(rows.filter((x) => x.class === 'direct')));
      return p === null || d === null || d === 0 ? null : 1 - p / d;
    }
    case 'lead_win_rate_sourced':
    case 'lead_win_rate_non_sourced':
      return winRateOf(rows);
    case 'lead_cycle_days_median_sourced':
    case 'lead_cycle_days_median_non_sourced':
      return medianOf(cyclesOf(rows));
    default:
      return undefined;
  }
}

function expectSame(actual: number | null | undefined, expected: number | null, label: string) {
  if (actual === undefined) return;
  if (actual === null || expected === null) {
    expect([label, actual]).toEqual([label, expected]);
  } else {
    expect([label, Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected))]).toEqual([
      label,
      true,
    ]);
  }
}

const drillableKeys = METRIC_KEYS.filter((k) => METRIC_CATALOG[k].drill !== null);

describe('drill-down rows reproduce the figure (property)', () => {
  const scenario = fc.record({
    seed: fc.integer(),
    size: fc.integer({ min: 0, max: 80 }),
    from: fc.integer({ min: 0, max: 1000 }),
    length: fc.integer({ min: 0, max: 400 }),
    filter: fc.constantFrom<Filters>(
      {},
      { partner_type: ['reseller', 'referral'] },
      { segment: ['SMB'] },
      { partner_id: ['P1', 'P2'], region: ['NA', 'EMEA'] },
    ),
  });

  it('for every drillable key', () => {
    fc.assert(
      fc.property(scenario, ({ seed, size, from, length, filter }) => {
        const ds: Dataset = randomDataset({ seed, size });
        const start = new Date(Date.UTC(2024, 0, 1 + from)).toISOString().slice(0, 10);
        const end = new Date(Date.UTC(2024, 0, 1 + from + length)).toISOString().slice(0, 10);
        const period: Period = { from: start, to: end };
        const metrics = computeMetrics(ds, period, filter);
        for (const key of drillableKeys) {
          const r = drillDown(ds, key, period, filter);
          expectSame(recompute(key, r), metrics[key], key);
          if (key === 'partner_program_roi')
            expectSame(toCents(sum(dealRows(r))), metrics.partner_sourced_revenue, key);
          if (key === 'blended_cac') expect(dealRows(r)).toHaveLength(metrics.new_customers ?? -1);
        }
      }),
      { numRuns: 60 },
    );
  });
});
