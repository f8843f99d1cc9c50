import { describe, expect, it } from '@jest/globals';
import { computeMetrics } from './metrics.js';
import { makeDataset, makeDeal, makePartner, makeSpend } from './testing/builders.js';
import { CMO_PERIOD, CRO_PERIOD, cmoDataset, croDataset } from './testing/fixtures.js';
import { DEFAULT_SETTINGS } from './types.js';

const P = CMO_PERIOD;

// Spend in Q1 2026: partner 300 + 300.50 = 600.50; direct 1000 + 500 = 1500; shared
// 400 + 200 = 600; total 2700.50 (2025-12 and 2026-04 are outside).
// New customers: A1 (F1a, sourced, 1000), A2 (D10, direct, 3000), A4 (F4, influenced,
// 800), A6 (F6, sourced, 600): 4, of which 3 partner-acquired and 1 direct-acquired.

describe('CMO: new customers and CAC', () => {
  const m = computeMetrics(cmoDataset, P);

  it('counts new customers by first win; ties go to the smallest deal_id string', () => {
    expect(m.new_customers).toBe(4);
    expect(m.new_customers_partner).toBe(3);
    expect(m.new_customers_direct).toBe(1); // A2's first win is D10 (direct), not D9
  });

  it('allocates shared spend in proportion to new customers', () => {
    expect(m.blended_cac).toBe(675.13); // 2700.50 / 4 = 675.125
    expect(m.partner_cac).toBe(350.17); // (600.50 + 600 * 3/4) / 3 = 350.1666...
    expect(m.direct_cac).toBe(1650); // (1500 + 600 * 1/4) / 1
    expect(m.cac_reduction).toBeCloseTo(3899.5 / 4950, 14); // 1 - 350.1666.../1650
  });

  it('CAC payback: blended CAC / (mean first win / 12 * gross margin)', () => {
    // mean first win = (1000 + 3000 + 800 + 600) / 4 = 1350; 675.125 / (1350 / 12 * 0.8) = 7.50138...
    expect(m.cac_payback_months).toBeCloseTo(675.125 / 90, 12);
    const half = computeMetrics(cmoDataset, P, {}, { ...DEFAULT_SETTINGS, gross_margin: 0.5 });
    expect(half.cac_payback_months).toBeCloseTo(675.125 / (1350 / 12 / 2), 12);
  });

  it('CAC ignores partner filters', () => {
    const f = computeMetrics(cmoDataset, P, { partner_type: ['isv'] });
    expect(f.new_customers_partner).toBe(3);
    expect(f.new_customers_direct).toBe(1);
    expect(f.partner_cac).toBe(350.17);
    expect(f.blended_cac).toBe(675.13);
    expect(f.partner_sourced_revenue).toBe(0); // while the board figures do narrow
  });

  it('with account filters, customers narrow but spend stays company-wide', () => {
    const f = computeMetrics(cmoDataset, P, { segment: ['SMB'] }); // A1 (partner), A2 (direct)
    expect(f.new_customers).toBe(2);
    expect(f.blended_cac).toBe(1350.25); // 2700.50 / 2
    expect(f.partner_cac).toBe(900.5); // (600.50 + 600 * 1/2) / 1
    expect(f.direct_cac).toBe(1800); // (1500 + 600 * 1/2) / 1
    expect(f.cac_payback_months).toBeCloseTo(1350.25 / ((2000 / 12) * 0.8), 12);
  });

  it('no new customers: every CAC figure is null', () => {
    const f = computeMetrics(cmoDataset, { from: '2026-05-01', to: '2026-05-31' });
    expect(f.new_customers).toBe(0);
    for (const key of [
      'blended_cac',
      'partner_cac',
      'direct_cac',
      'cac_reduction',
      'cac_payback_months',
    ] as const) {
      expect(f[key]).toBeNull();
    }
  });

  it('only direct customers: partner CAC and the reduction are null; all shared spend goes direct', () => {
    const ds = makeDataset({
      deals: [makeDeal('A', { amount: '100', closed_on: '2026-01-15' })],
      spend: [
        makeSpend('2026-01', 'direct', '10'),
        makeSpend('2026-01', 'shared', '5'),
        makeSpend('2026-01', 'partner', '7'),
      ],
    });
    const f = computeMetrics(ds, P);
    expect(f.partner_cac).toBeNull();
    expect(f.cac_reduction).toBeNull();
    expect(f.direct_cac).toBe(15);
    expect(f.blended_cac).toBe(22);
  });

  it('payback is null when the first wins are all 0; CAC is 0 (not null) with no spend', () => {
    const ds = makeDataset({ deals: [makeDeal('A', { amount: '0', closed_on: '2026-01-15' })] });
    const f = computeMetrics(ds, P);
    expect(f.blended_cac).toBe(0);
    expect(f.cac_payback_months).toBeNull();
  });
});

describe('CMO: lead quality', () => {
  it('sourced vs not sourced (influenced + direct + other)', () => {
    const m = computeMetrics(croDataset, CRO_PERIOD);
    expect(m.lead_win_rate_sourced).toBe(2 / 3); // = win_rate_sourced
    expect(m.lead_win_rate_sourced).toBe(m.win_rate_sourced);
    expect(m.lead_win_rate_non_sourced).toBe(0.5); // I1, I2, X1, X2 won; X3, X4, X5, X9 lost
    expect(m.lead_cycle_days_median_sourced).toBe(20);
    expect(m.lead_cycle_days_median_non_sourced).toBe(60); // [20, 60, 90]; I2 is back-dated
  });

  it('under a partner filter, deals sourced by other partners are not sourced', () => {
    const m = computeMetrics(croDataset, CRO_PERIOD, { partner_id: ['P2'] });
    expect(m.lead_win_rate_sourced).toBeNull();
    expect(m.lead_win_rate_non_sourced).toBe(6 / 11); // S1, S2 join the won; S3 the lost
    expect(m.lead_cycle_days_median_non_sourced).toBe(30); // [10, 20, 30, 60, 90]
    expect(m.lead_cycle_days_median_sourced).toBeNull();
  });

  it('a partner filter matching nobody leaves no partner deal', () => {
    const ds = makeDataset({
      partners: [makePartner('P1')],
      deals: croDataset.deals,
      touches: croDataset.touches,
    });
    const m = computeMetrics(ds, CRO_PERIOD, { partner_tier: ['none'] });
    expect(m.win_rate_partner).toBeNull();
    expect(m.win_rate_direct).toBe(1 / 3); // direct deals are unchanged
  });
});
