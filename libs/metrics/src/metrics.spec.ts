import { describe, expect, it } from '@jest/globals';
import { computeMetrics, computeSeries } from './metrics.js';
import { makeDataset, makeDeal, makeSpend } from './testing/builders.js';
import { boardDataset, BOARD_PERIOD } from './testing/fixtures.js';
import { DEFAULT_SETTINGS } from './types.js';

const FEB = { ...DEFAULT_SETTINGS, fiscal_year_start_month: 2 };

describe('computeSeries', () => {
  const ds = makeDataset({
    deals: [
      makeDeal('A', { amount: '100', closed_on: '2026-01-31' }), // FY2026 Q4
      makeDeal('B', { amount: '200', closed_on: '2026-02-01' }), // FY2027 Q1
      makeDeal('C', { amount: '400', closed_on: '2026-05-01' }), // FY2027 Q2
    ],
    spend: [makeSpend('2026-01', 'partner', '10'), makeSpend('2026-04', 'partner', '20')],
  });

  it('one entry per whole fiscal period overlapping the range', () => {
    const s = computeSeries(ds, { from: '2026-01-15', to: '2026-05-01' }, 'quarter', {}, FEB);
    expect(
      s.map((e) => [e.label, e.from, e.to, e.metrics.total_bookings, e.metrics.partner_spend]),
    ).toEqual([
      ['FY2026 Q4', '2025-11-01', '2026-01-31', 100, 10],
      ['FY2027 Q1', '2026-02-01', '2026-04-30', 200, 20],
      ['FY2027 Q2', '2026-05-01', '2026-07-31', 400, 0],
    ]);
  });

  it('years and months', () => {
    const years = computeSeries(ds, { from: '2026-01-01', to: '2026-02-01' }, 'year', {}, FEB);
    expect(years.map((e) => [e.label, e.metrics.total_bookings])).toEqual([
      ['FY2026', 100],
      ['FY2027', 600],
    ]);
    const months = computeSeries(ds, { from: '2026-01-31', to: '2026-02-01' }, 'month', {}, FEB);
    expect(months.map((e) => [e.label, e.metrics.total_bookings])).toEqual([
      ['2026-01', 100],
      ['2026-02', 200],
    ]);
  });
});

describe('computeMetrics input handling', () => {
  it('rejects a malformed period, naming the parameter', () => {
    expect(() => computeMetrics(boardDataset, { from: '2026-01-01', to: '2025-12-31' })).toThrow(
      /from/,
    );
    expect(() => computeMetrics(boardDataset, { from: '2026-1-1', to: '2026-12-31' })).toThrow(
      /from/,
    );
    expect(() => computeMetrics(boardDataset, { from: '2026-01-01', to: '2026-02-30' })).toThrow(
      /to/,
    );
  });

  it('empty filter lists mean no filter', () => {
    expect(
      computeMetrics(boardDataset, BOARD_PERIOD, {
        segment: [],
        region: [],
        partner_type: [],
        partner_tier: [],
        partner_id: [],
      }),
    ).toEqual(computeMetrics(boardDataset, BOARD_PERIOD));
  });

  it('an empty dataset: sums 0, ratios null, never NaN', () => {
    const m = computeMetrics(makeDataset(), BOARD_PERIOD);
    for (const [key, v] of Object.entries(m)) {
      expect([key, v === null || v === 0]).toEqual([key, true]);
    }
    expect(m.total_bookings).toBe(0);
    expect(m.nrr).toBeNull();
    expect(m.blended_cac).toBeNull();
  });
});
