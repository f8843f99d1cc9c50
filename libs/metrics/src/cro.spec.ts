import { describe, expect, it } from '@jest/globals';
import { median } from './cro.js';
import { computeMetrics } from './metrics.js';
import { makeDataset, makeDeal, makePartner } from './testing/builders.js';
import { CRO_PERIOD, croDataset } from './testing/fixtures.js';

const P = CRO_PERIOD;

describe('CRO: win rates, ACV, cycle time, velocity', () => {
  const m = computeMetrics(croDataset, P);

  it('sourced: 2 won of 3, ACV 2000, cycles [10, 30]', () => {
    expect(m.win_rate_sourced).toBe(2 / 3);
    expect(m.acv_sourced).toBe(2000);
    expect(m.cycle_days_median_sourced).toBe(20); // even count: (10 + 30) / 2
    expect(m.cycle_days_mean_sourced).toBe(20);
    expect(m.sales_velocity_sourced).toBe(200); // 3 * 2/3 * 2000 / 20
  });

  it('influenced: a deal closed before created counts in win rate and ACV, not in cycle time', () => {
    expect(m.win_rate_influenced).toBe(1); // I1, I2 won
    expect(m.acv_influenced).toBe(3000); // (2000 + 4000) / 2
    expect(m.cycle_days_median_influenced).toBe(20); // I1 only
    expect(m.cycle_days_mean_influenced).toBe(20);
    expect(m.sales_velocity_influenced).toBe(300); // 2 * 1 * 3000 / 20
  });

  it('partner = sourced + influenced', () => {
    expect(m.win_rate_partner).toBe(0.8); // 4 / 5
    expect(m.acv_partner).toBe(2500); // 10000 / 4
    expect(m.cycle_days_median_partner).toBe(20); // [10, 20, 30]
    expect(m.cycle_days_mean_partner).toBe(20);
    expect(m.sales_velocity_partner).toBe(500); // 5 * 0.8 * 2500 / 20
  });

  it('direct: a touch after the close does not make X9 a partner deal', () => {
    expect(m.win_rate_direct).toBe(1 / 3); // X1, X2 won; X3, X4, X5, X9 lost
    expect(m.acv_direct).toBe(1500);
    expect(m.cycle_days_median_direct).toBe(75); // (60 + 90) / 2
    expect(m.cycle_days_mean_direct).toBe(75);
    expect(m.sales_velocity_direct).toBe(40); // 6 * 1/3 * 1500 / 75
  });

  it('lifts and cycle-time reduction', () => {
    expect(m.win_rate_lift).toBeCloseTo(2.4, 14); // 0.8 / (1/3)
    expect(m.acv_lift).toBeCloseTo(5 / 3, 14); // 2500 / 1500
    expect(m.cycle_time_reduction).toBeCloseTo(1 - 20 / 75, 14);
  });

  it('a period with no deals: every CRO figure is null', () => {
    const empty = computeMetrics(croDataset, { from: '2030-01-01', to: '2030-01-31' });
    for (const key of [
      'win_rate_partner',
      'acv_direct',
      'cycle_days_median_sourced',
      'cycle_days_mean_influenced',
      'sales_velocity_partner',
      'win_rate_lift',
      'acv_lift',
      'cycle_time_reduction',
    ] as const) {
      expect(empty[key]).toBeNull();
    }
  });

  it('only lost deals: win rate 0, ACV, cycle and velocity null, lift null when direct wins nothing', () => {
    const ds = makeDataset({
      partners: [makePartner('P1')],
      deals: [
        makeDeal('A', { stage: 'lost', closed_on: '2026-02-01' }),
        makeDeal('B', {
          stage: 'won',
          amount: '10',
          closed_on: '2026-02-01',
          sourcing_partner_id: 'P1',
        }),
      ],
    });
    const r = computeMetrics(ds, P);
    expect(r.win_rate_direct).toBe(0);
    expect(r.acv_direct).toBeNull();
    expect(r.cycle_days_median_direct).toBeNull();
    expect(r.sales_velocity_direct).toBeNull();
    expect(r.win_rate_lift).toBeNull(); // 1 / 0
    expect(r.acv_lift).toBeNull();
    expect(r.cycle_time_reduction).toBeNull();
  });

  it('velocity is null when the mean cycle is 0 (same-day closes); the median is then 0', () => {
    const ds = makeDataset({
      deals: [makeDeal('A', { amount: '10', created_on: '2026-02-01', closed_on: '2026-02-01' })],
    });
    const r = computeMetrics(ds, P);
    expect(r.cycle_days_median_direct).toBe(0);
    expect(r.cycle_days_mean_direct).toBe(0);
    expect(r.sales_velocity_direct).toBeNull();
  });

  it('cycle-time reduction is null when the direct median cycle is 0', () => {
    const ds = makeDataset({
      partners: [makePartner('P1')],
      deals: [
        makeDeal('A', { created_on: '2026-02-01', closed_on: '2026-02-01' }),
        makeDeal('B', {
          created_on: '2026-01-01',
          closed_on: '2026-02-01',
          sourcing_partner_id: 'P1',
        }),
      ],
    });
    expect(computeMetrics(ds, P).cycle_time_reduction).toBeNull();
  });

  it('only back-dated won deals: ACV defined, cycle figures and velocity null', () => {
    const ds = makeDataset({
      deals: [makeDeal('A', { amount: '10', created_on: '2026-03-01', closed_on: '2026-02-01' })],
    });
    const r = computeMetrics(ds, P);
    expect(r.win_rate_direct).toBe(1);
    expect(r.acv_direct).toBe(10);
    expect(r.cycle_days_median_direct).toBeNull();
    expect(r.cycle_days_mean_direct).toBeNull();
    expect(r.sales_velocity_direct).toBeNull();
  });

  it('money figures are rounded to cents, half away from zero', () => {
    const ds = makeDataset({
      deals: [
        makeDeal('A', { amount: '100.01', created_on: '2026-01-01', closed_on: '2026-01-04' }), // 3 days
        makeDeal('B', { amount: '200.02', created_on: '2026-01-01', closed_on: '2026-01-05' }), // 4 days
        makeDeal('C', { amount: '0.01', stage: 'lost', closed_on: '2026-01-05' }),
      ],
    });
    const r = computeMetrics(ds, P);
    expect(r.acv_direct).toBe(150.02); // 300.03 / 2 = 150.015
    expect(r.sales_velocity_direct).toBe(85.72); // 3 * 2/3 * 150.015 / 3.5 = 85.7228...
    expect(r.cycle_days_mean_direct).toBe(3.5);
  });
});

describe('median', () => {
  it('odd and even counts, unsorted input, empty', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });
});
