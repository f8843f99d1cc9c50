import { describe, expect, it } from '@jest/globals';
import { computeMetrics } from './metrics.js';
import { makeDataset, makeDeal } from './testing/builders.js';
import { BOARD_PERIOD, boardDataset } from './testing/fixtures.js';

const P = BOARD_PERIOD;
const ds = boardDataset;

describe('board headline', () => {
  it('without filters', () => {
    const m = computeMetrics(ds, P);
    // D1 + D2 + D3 + D7 = 1000.10 + 2000.20 + 300.30 + 50.05 (D4 renewal, D5 before P, D6 lost)
    expect(m.total_bookings).toBe(3350.65);
    expect(m.partner_sourced_revenue).toBe(1000.1); // D1
    expect(m.partner_influenced_revenue).toBe(2050.25); // D2 + D7
    expect(m.partner_attributed_revenue).toBe(3050.35);
    expect(m.partner_share_of_bookings).toBeCloseTo(3050.35 / 3350.65, 14);
    // P1 sourced D6 created in P; P2 sourced D8 created in P and touched D2 in P; P3 touched D1, D7 in P.
    expect(m.active_partners).toBe(3);
  });

  it('renewals never count as bookings', () => {
    const onlyRenewal = makeDataset({
      deals: [makeDeal('R', { amount: '5000', type: 'renewal', closed_on: '2026-02-01' })],
    });
    const m = computeMetrics(onlyRenewal, P);
    expect(m.total_bookings).toBe(0);
    expect(m.partner_share_of_bookings).toBeNull(); // 0 / 0
  });

  it('with a partner filter, deals of other partners stay in the totals only', () => {
    const m = computeMetrics(ds, P, { partner_type: ['reseller'] }); // P1
    expect(m.total_bookings).toBe(3350.65); // D2 and D7 are now "other", still bookings
    expect(m.partner_sourced_revenue).toBe(1000.1);
    expect(m.partner_influenced_revenue).toBe(0);
    expect(m.partner_attributed_revenue).toBe(1000.1);
    expect(m.partner_share_of_bookings).toBeCloseTo(1000.1 / 3350.65, 14);
    expect(m.active_partners).toBe(1); // P1 (D6)
  });

  it('a deal sourced by a non-matching partner is not influenced by a matching one', () => {
    const m = computeMetrics(ds, P, { partner_id: ['P3'] });
    // D1 is sourced by P1 (not matching) and touched by P3: other. D7 is influenced by P3.
    expect(m.partner_sourced_revenue).toBe(0);
    expect(m.partner_influenced_revenue).toBe(50.05);
    expect(m.total_bookings).toBe(3350.65);
    expect(m.active_partners).toBe(1);
  });

  it('account filters keep the deals (and touches) of matching accounts only', () => {
    const m = computeMetrics(ds, P, { segment: ['Enterprise'] }); // A2: D3, D4, D6, D7
    expect(m.total_bookings).toBe(350.35); // D3 + D7
    expect(m.partner_sourced_revenue).toBe(0);
    expect(m.partner_influenced_revenue).toBe(50.05);
    // P1: D6 created in P; P3: touch on D7. P2 touched D2 and sourced D8, both of A1.
    expect(m.active_partners).toBe(2);
  });

  it('an empty period: sums are 0, the share is null', () => {
    const m = computeMetrics(ds, { from: '2030-01-01', to: '2030-12-31' });
    expect(m.total_bookings).toBe(0);
    expect(m.partner_attributed_revenue).toBe(0);
    expect(m.partner_share_of_bookings).toBeNull();
    expect(m.active_partners).toBe(0);
  });

  it('sums money exactly (no binary float drift)', () => {
    const deals = Array.from({ length: 10 }, (_, i) =>
      makeDeal(`X${i}`, { amount: '0.10', closed_on: '2026-02-01' }),
    );
    const m = computeMetrics(makeDataset({ deals }), P);
    expect(m.total_bookings).toBe(1); // 10 x 0.10, where floats give 0.9999999999999999
  });
});
