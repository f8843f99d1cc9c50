import { describe, expect, it } from '@jest/globals';
import { computePipeline, STAGE_CLOSED_AFTER_AS_OF, STAGE_NONE } from './pipeline.js';
import { makeDataset, makeDeal, makePartner, makeTouch } from './testing/builders.js';
import { DEFAULT_SETTINGS } from './types.js';

// As of D = 2026-02-11: the week is 2026-02-05..2026-02-11. With the fiscal year starting
// in February, the quarter is FY2027 Q1 = 2026-02-01..2026-04-30.
const D = '2026-02-11';
const FEB = { ...DEFAULT_SETTINGS, fiscal_year_start_month: 2 };

const ds = makeDataset({
  partners: [
    makePartner('P1'),
    makePartner('P2'),
    makePartner('P3'),
    makePartner('P9', { type: 'isv' }),
  ],
  deals: [
    // open, sourced, expected in the quarter, not slipped
    makeDeal('O1', {
      stage: 'open',
      amount: '1000',
      created_on: '2026-01-01',
      expected_close_on: '2026-02-20',
      stage_name: 'Proposal',
      sourcing_partner_id: 'P1',
    }),
    // open, direct, created in the week, expected 2026-02-01: slipped, and in the quarter
    makeDeal('O2', {
      stage: 'open',
      amount: '500',
      created_on: '2026-02-06',
      expected_close_on: '2026-02-01',
      stage_name: 'Discovery',
    }),
    // created after D: not open at D
    makeDeal('O3', {
      stage: 'open',
      amount: '7777',
      created_on: '2026-02-12',
      expected_close_on: '2026-02-20',
      sourcing_partner_id: 'P1',
    }),
    // won after D: open at D; P2's touch is after D, so it was direct at D
    makeDeal('C1', {
      stage: 'won',
      amount: '2000',
      created_on: '2026-01-10',
      closed_on: '2026-02-20',
      expected_close_on: '2026-05-05',
      stage_name: 'Closed Won',
    }),
    // won in the week, influenced by P2
    makeDeal('C2', {
      stage: 'won',
      amount: '300',
      created_on: '2026-01-05',
      closed_on: '2026-02-09',
    }),
    // lost on the first day of the week, direct
    makeDeal('C3', {
      stage: 'lost',
      amount: '150',
      created_on: '2026-01-05',
      closed_on: '2026-02-05',
    }),
    // lost the day before the week
    makeDeal('C4', {
      stage: 'lost',
      amount: '99',
      created_on: '2026-01-05',
      closed_on: '2026-02-04',
    }),
    // an open renewal (pipeline counts every type), touched by P3 on D, no stage name
    makeDeal('O4', { stage: 'open', amount: '250.50', type: 'renewal', created_on: '2025-12-01' }),
    // created on D, sourced by P9, expected yesterday: slipped
    makeDeal('O5', {
      stage: 'open',
      amount: '100',
      created_on: D,
      expected_close_on: '2026-02-10',
      stage_name: 'Proposal',
      sourcing_partner_id: 'P9',
    }),
    // created and won on D: new pipeline and won this week, not open at D
    makeDeal('C5', { stage: 'won', amount: '40', created_on: D, closed_on: D }),
  ],
  touches: [
    makeTouch('C1', 'P2', '2026-02-15'),
    makeTouch('C2', 'P2', '2026-01-20'),
    makeTouch('O4', 'P3', D),
  ],
});

describe('weekly pipeline review', () => {
  const r = computePipeline(ds, D, {}, FEB);

  it('uses the week [D-6, D] and the fiscal quarter containing D', () => {
    expect(r.week).toEqual({ from: '2026-02-05', to: D });
    expect(r.quarter).toEqual({ label: 'FY2027 Q1', from: '2026-02-01', to: '2026-04-30' });
  });

  it('computes every figure for partner and direct', () => {
    expect(r.metrics).toEqual({
      open_pipeline_partner: 1350.5, // O1 1000 + O4 250.50 + O5 100
      open_deals_partner: 3,
      new_pipeline_partner: 100, // O5
      won_this_week_partner: 300, // C2
      lost_this_week_partner: 0,
      closing_this_quarter_partner: 1100, // O1 + O5
      slipped_deals_partner: 1, // O5
      open_pipeline_direct: 2500, // O2 500 + C1 2000
      open_deals_direct: 2,
      new_pipeline_direct: 540, // O2 500 + C5 40
      won_this_week_direct: 40, // C5
      lost_this_week_direct: 150, // C3
      closing_this_quarter_direct: 500, // O2 (C1 expected in May)
      slipped_deals_direct: 1, // O2
    });
  });

  it('by_stage: a deal closed since D goes to its own bucket; no stage name to another', () => {
    expect(r.by_stage).toEqual([
      { stage_name: STAGE_CLOSED_AFTER_AS_OF, class: 'direct', amount: 2000, count: 1 },
      { stage_name: STAGE_NONE, class: 'influenced', amount: 250.5, count: 1 },
      { stage_name: 'Discovery', class: 'direct', amount: 500, count: 1 },
      { stage_name: 'Proposal', class: 'sourced', amount: 1100, count: 2 },
    ]);
  });

  it('lists the open partner deals, largest first, with their counting touches', () => {
    expect(r.deals.map((d) => [d.deal_id, d.class])).toEqual([
      ['O1', 'sourced'],
      ['O4', 'influenced'],
      ['O5', 'sourced'],
    ]);
    expect(r.deals[1].counting_touches).toEqual([makeTouch('O4', 'P3', D)]);
  });

  it('a touch after D does not count yet; the next day it does', () => {
    const later = computePipeline(ds, '2026-02-15', {}, FEB);
    const c1 = later.by_stage.find(
      (s) => s.stage_name === STAGE_CLOSED_AFTER_AS_OF && s.class === 'influenced',
    );
    expect(c1).toEqual({
      stage_name: STAGE_CLOSED_AFTER_AS_OF,
      class: 'influenced',
      amount: 2000,
      count: 1,
    });
  });

  it('with a calendar fiscal year the quarter is Q1 = Jan..Mar', () => {
    const cal = computePipeline(ds, D);
    expect(cal.quarter).toEqual({ label: 'FY2026 Q1', from: '2026-01-01', to: '2026-03-31' });
    expect(cal.metrics.closing_this_quarter_partner).toBe(1100);
  });

  it('partner filters move other partners’ deals out of both classes', () => {
    const f = computePipeline(ds, D, { partner_id: ['P1'] }, FEB);
    expect(f.metrics.open_pipeline_partner).toBe(1000); // O1 only; O4 (P3) and O5 (P9) are other
    expect(f.metrics.open_deals_partner).toBe(1);
    expect(f.metrics.open_pipeline_direct).toBe(2500);
    expect(f.metrics.slipped_deals_partner).toBe(0);
    expect(f.metrics.won_this_week_partner).toBe(0); // C2 was influenced by P2
    expect(f.by_stage.filter((s) => s.class === 'other').map((s) => s.amount)).toEqual([
      250.5, 100,
    ]);
    expect(f.deals.map((d) => d.deal_id)).toEqual(['O1']);
  });

  it('an expected close on D is not slipped', () => {
    const one = makeDataset({
      deals: [makeDeal('X', { stage: 'open', created_on: '2026-01-01', expected_close_on: D })],
    });
    expect(computePipeline(one, D).metrics.slipped_deals_direct).toBe(0);
    expect(computePipeline(one, '2026-02-12').metrics.slipped_deals_direct).toBe(1);
  });

  it('rejects a malformed as-of date', () => {
    expect(() => computePipeline(ds, '2026-02-30')).toThrow(/as_of/);
  });
});
