import { describe, expect, it } from '@jest/globals';
import { computeLeaderboard, splitEvenly } from './leaderboard.js';
import { computeMetrics } from './metrics.js';
import { makeDataset, makeDeal, makePartner, makeTouch } from './testing/builders.js';

const P = { from: '2026-01-01', to: '2026-03-31' };

const ds = makeDataset({
  partners: [
    makePartner('P1', { type: 'reseller', joined_on: '2025-12-01' }),
    makePartner('P2', { type: 'referral', joined_on: '2026-02-01' }),
    makePartner('P3', { type: 'isv', joined_on: null }),
    makePartner('P4', { type: 'msp', joined_on: '2026-01-01' }),
  ],
  deals: [
    // sourced by P1, touched by P2
    makeDeal('L1', {
      amount: '1000',
      created_on: '2026-01-01',
      closed_on: '2026-01-31',
      sourcing_partner_id: 'P1',
    }),
    // influenced by P1, P2 (twice) and P3: 100.00 split 33.34 / 33.33 / 33.33
    makeDeal('L2', { amount: '100.00', created_on: '2026-01-01', closed_on: '2026-02-10' }),
    // influenced expansion by P2 and P3: 0.05 split 0.03 / 0.02
    makeDeal('L3', {
      amount: '0.05',
      type: 'expansion',
      created_on: '2026-01-01',
      closed_on: '2026-03-01',
    }),
    // lost, sourced by P2
    makeDeal('L4', {
      amount: '500',
      stage: 'lost',
      created_on: '2026-01-01',
      closed_on: '2026-02-15',
      sourcing_partner_id: 'P2',
    }),
    // a renewal sourced by P1: no revenue, no win rate
    makeDeal('L5', {
      amount: '9000',
      type: 'renewal',
      created_on: '2026-01-01',
      closed_on: '2026-03-10',
      sourcing_partner_id: 'P1',
    }),
    // open at `to`, sourced by P3
    makeDeal('L6', {
      amount: '700',
      stage: 'open',
      created_on: '2026-03-01',
      sourcing_partner_id: 'P3',
    }),
    // won after `to`, so open at `to`; P1 touched it before `to`, P4 after
    makeDeal('L7', { amount: '200', created_on: '2026-03-01', closed_on: '2026-04-10' }),
    // P1's first win ever, before P1 joined (back-dated data)
    makeDeal('L8', {
      amount: '50',
      created_on: '2025-11-01',
      closed_on: '2025-11-15',
      sourcing_partner_id: 'P1',
    }),
    // P4 touched it only after the close: direct
    makeDeal('L9', { amount: '80', created_on: '2026-01-01', closed_on: '2026-01-05' }),
  ],
  touches: [
    makeTouch('L1', 'P2', '2026-01-15'),
    makeTouch('L2', 'P1', '2026-01-20'),
    makeTouch('L2', 'P2', '2026-01-25'),
    makeTouch('L2', 'P3', '2026-02-01'),
    makeTouch('L2', 'P2', '2026-02-05', 'services'),
    makeTouch('L3', 'P2', '2026-02-01'),
    makeTouch('L3', 'P3', '2026-02-01'),
    makeTouch('L7', 'P1', '2026-03-15'),
    makeTouch('L7', 'P4', '2026-04-05'),
    makeTouch('L9', 'P4', '2026-01-06'),
  ],
});

describe('partner leaderboard', () => {
  const rows = computeLeaderboard(ds, P);
  const byId = new Map(rows.map((r) => [r.partner_id, r]));

  it('has one row per partner, ranked by sourced + split influenced revenue', () => {
    expect(rows.map((r) => r.partner_id)).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('P1: sourced L1, influenced L2, wins L1 and L2, open L7, first win 16 days before joining', () => {
    expect(byId.get('P1')).toMatchObject({
      sourced_revenue: 1000,
      sourced_deals: 1,
      influenced_revenue: 100,
      influenced_deals: 1,
      influenced_revenue_split: 33.34, // the leftover cent goes to the smallest partner_id
      win_rate: 1,
      won_deals: 2,
      lost_deals: 0,
      open_pipeline: 200,
      open_deals: 1,
      time_to_first_deal_days: -16, // joined 2025-12-01, first sourced win L8 2025-11-15
    });
  });

  it('P2: touched L1 (sourced by P1) and sourced the lost L4 for its win rate', () => {
    expect(byId.get('P2')).toMatchObject({
      sourced_revenue: 0,
      influenced_revenue: 100.05, // L2 + L3, full credit
      influenced_deals: 2,
      influenced_revenue_split: 33.36, // 33.33 + 0.03
      win_rate: 2 / 3, // L1 won, L2 won, L4 lost
      open_pipeline: 0,
      time_to_first_deal_days: 9, // joined 2026-02-01, first influenced win L2 2026-02-10 (L1 was sourced by P1)
    });
  });

  it('P3: no joined_on, so no time to first deal', () => {
    expect(byId.get('P3')).toMatchObject({
      influenced_revenue: 100.05,
      influenced_revenue_split: 33.35, // 33.33 + 0.02
      win_rate: 1, // L2 (L3 is an expansion)
      open_pipeline: 700,
      time_to_first_deal_days: null,
    });
  });

  it('P4: touches after the close or after `to` earn nothing in P', () => {
    expect(byId.get('P4')).toMatchObject({
      sourced_revenue: 0,
      influenced_revenue: 0,
      influenced_revenue_split: 0,
      win_rate: null,
      open_pipeline: 0,
      open_deals: 0,
      // "ever": L7, won 2026-04-10 after P, was influenced by P4 (touch 2026-04-05 before
      // its close): 99 days after joining on 2026-01-01, whatever the period.
      time_to_first_deal_days: 99,
    });
  });

  it('the split column sums exactly to partner_influenced_revenue', () => {
    const total = rows.reduce((s, r) => s + Math.round(r.influenced_revenue_split * 100), 0);
    expect(total).toBe(Math.round((computeMetrics(ds, P).partner_influenced_revenue ?? NaN) * 100)); // 100.05
  });

  it('under partner filters, rows and splits cover the matching partners only', () => {
    const f = computeLeaderboard(ds, P, { partner_type: ['reseller', 'isv'] }); // P1, P3
    expect(f.map((r) => [r.partner_id, r.influenced_revenue_split])).toEqual([
      ['P1', 50], // L2 split between P1 and P3
      ['P3', 50.05], // 50 + L3 alone
    ]);
    expect(
      computeMetrics(ds, P, { partner_type: ['reseller', 'isv'] }).partner_influenced_revenue,
    ).toBe(100.05);
    // P1's win rate still counts L1 and L2; L4 (P2) is not P1's
    expect(f[0].win_rate).toBe(1);
  });
});

describe('splitEvenly', () => {
  const asStrings = (amount: string, n: number) => splitEvenly(amount, n).map((d) => d.toFixed(2));
  it('gives the leftover cents to the first shares', () => {
    expect(asStrings('100', 3)).toEqual(['33.34', '33.33', '33.33']);
    expect(asStrings('0.05', 2)).toEqual(['0.03', '0.02']);
    expect(asStrings('0.01', 3)).toEqual(['0.01', '0.00', '0.00']);
    expect(asStrings('0', 2)).toEqual(['0.00', '0.00']);
    expect(asStrings('10', 1)).toEqual(['10.00']);
  });
  it('works in the amount’s own smallest unit when it has more than two decimals', () => {
    expect(splitEvenly('10.005', 2).map((d) => d.toFixed())).toEqual(['5.003', '5.002']);
  });
  it('refuses zero shares', () => {
    expect(() => splitEvenly('1', 0)).toThrow(RangeError);
  });
});
