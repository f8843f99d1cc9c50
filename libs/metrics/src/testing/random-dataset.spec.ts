import { describe, expect, it } from '@jest/globals';
import { isIsoDate, isIsoMonth } from '../dates.js';
import { computeMetrics } from '../metrics.js';
import {
  ATTACHMENT_RELATIONS,
  DEAL_STAGES,
  DEAL_TYPES,
  PARTNER_TYPES,
  SPEND_MOTIONS,
  TOUCH_TYPES,
} from '../types.js';
import { mulberry32, randomDataset } from './random-dataset.js';

const MONEY = /^\d+(\.\d{1,2})?$/;

describe('randomDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(randomDataset({ seed: 42, size: 120 })).toEqual(randomDataset({ seed: 42, size: 120 }));
    expect(randomDataset({ seed: 42, size: 120 })).not.toEqual(
      randomDataset({ seed: 43, size: 120 }),
    );
    const r = mulberry32(1);
    const values = Array.from({ length: 1000 }, () => r());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(1)()).toBe(values[0]);
  });

  it('produces rows valid under the import contract', () => {
    for (const seed of [1, 2, 3]) {
      const ds = randomDataset({ seed, size: 400 });
      const partners = new Set(ds.partners.map((p) => p.partner_id));
      const accounts = new Set(ds.accounts.map((a) => a.account_id));
      const deals = new Set(ds.deals.map((d) => d.deal_id));
      expect(partners.size).toBe(ds.partners.length);
      expect(accounts.size).toBe(ds.accounts.length);
      expect(deals.size).toBe(ds.deals.length);
      for (const p of ds.partners) {
        expect(PARTNER_TYPES).toContain(p.type);
        if (p.joined_on !== null) expect(isIsoDate(p.joined_on)).toBe(true);
      }
      for (const d of ds.deals) {
        expect(accounts.has(d.account_id)).toBe(true);
        expect(d.amount).toMatch(MONEY);
        expect(DEAL_TYPES).toContain(d.type);
        expect(DEAL_STAGES).toContain(d.stage);
        expect(isIsoDate(d.created_on)).toBe(true);
        expect(
          d.stage === 'open'
            ? d.closed_on === null
            : d.closed_on !== null && isIsoDate(d.closed_on),
        ).toBe(true);
        if (d.sourcing_partner_id !== null) expect(partners.has(d.sourcing_partner_id)).toBe(true);
      }
      const touchKeys = new Set<string>();
      for (const t of ds.touches) {
        expect(deals.has(t.deal_id) && partners.has(t.partner_id)).toBe(true);
        expect(TOUCH_TYPES).toContain(t.touch_type);
        expect(isIsoDate(t.touched_on)).toBe(true);
        touchKeys.add(`${t.deal_id}|${t.partner_id}|${t.touch_type}|${t.touched_on}`);
      }
      expect(touchKeys.size).toBe(ds.touches.length);
      const arrKeys = new Set(ds.arr.map((r) => `${r.account_id}|${r.month}`));
      expect(arrKeys.size).toBe(ds.arr.length);
      for (const r of ds.arr) {
        expect(accounts.has(r.account_id) && isIsoMonth(r.month)).toBe(true);
        expect(r.arr).toMatch(MONEY);
      }
      const attKeys = new Set(
        ds.attachments.map((a) => `${a.account_id}|${a.partner_id}|${a.relation}`),
      );
      expect(attKeys.size).toBe(ds.attachments.length);
      for (const a of ds.attachments) {
        expect(accounts.has(a.account_id) && partners.has(a.partner_id)).toBe(true);
        expect(ATTACHMENT_RELATIONS).toContain(a.relation);
        expect(a.until === null || a.until >= a.since).toBe(true);
      }
      const spendKeys = new Set(ds.spend.map((s) => `${s.month}|${s.motion}|${s.category}`));
      expect(spendKeys.size).toBe(ds.spend.length);
      for (const s of ds.spend) {
        expect(SPEND_MOTIONS).toContain(s.motion);
        expect(s.amount).toMatch(MONEY);
      }
    }
  });

  it('contains the awkward cases the definitions must survive', () => {
    const ds = randomDataset({ seed: 5, size: 400 });
    const closedOn = new Map(ds.deals.map((d) => [d.deal_id, d.closed_on]));
    const wins = ds.deals.filter((d) => d.stage === 'won');
    const winDays = new Set<string>();
    let firstWinTieCandidates = 0;
    for (const d of wins) {
      const key = `${d.account_id}|${d.closed_on}`;
      if (winDays.has(key)) firstWinTieCandidates++;
      winDays.add(key);
    }
    const features = {
      backDated: ds.deals.filter((d) => d.closed_on !== null && d.closed_on < d.created_on).length,
      sameDay: ds.deals.filter((d) => d.closed_on === d.created_on).length,
      renewals: ds.deals.filter((d) => d.type === 'renewal').length,
      expansions: ds.deals.filter((d) => d.type === 'expansion').length,
      open: ds.deals.filter((d) => d.stage === 'open').length,
      openExpectedEarly: ds.deals.filter(
        (d) =>
          d.stage === 'open' && d.expected_close_on !== null && d.expected_close_on < '2025-01-01',
      ).length,
      openExpectedLate: ds.deals.filter(
        (d) =>
          d.stage === 'open' && d.expected_close_on !== null && d.expected_close_on > '2026-01-01',
      ).length,
      sourced: ds.deals.filter((d) => d.sourcing_partner_id !== null).length,
      touchesAfterClose: ds.touches.filter((t) => {
        const c = closedOn.get(t.deal_id);
        return c !== undefined && c !== null && t.touched_on > c;
      }).length,
      touchesOnClose: ds.touches.filter((t) => closedOn.get(t.deal_id) === t.touched_on).length,
      firstWinTieCandidates,
      centAmounts: ds.deals.filter((d) => /\.\d\d$/.test(d.amount)).length,
      wholeAmounts: ds.deals.filter((d) => !d.amount.includes('.')).length,
      zeroAmounts: ds.deals.filter((d) => d.amount === '0').length,
      nullStageName: ds.deals.filter((d) => d.stage_name === null).length,
      nullTier: ds.partners.filter((p) => p.tier === null).length,
      nullSegment: ds.accounts.filter((a) => a.segment === null).length,
      explicitZeroArr: ds.arr.filter((r) => r.arr === '0').length,
      endedAttachments: ds.attachments.filter((a) => a.until !== null).length,
      openAttachments: ds.attachments.filter((a) => a.until === null).length,
      sharedSpend: ds.spend.filter((s) => s.motion === 'shared').length,
      partnerSpend: ds.spend.filter((s) => s.motion === 'partner').length,
      directSpend: ds.spend.filter((s) => s.motion === 'direct').length,
      inactivePartners: ds.partners.filter((p) => p.status === 'inactive').length,
    };
    for (const [name, n] of Object.entries(features)) expect([name, n > 0]).toEqual([name, true]);
    // and the figures come out defined on a realistic period
    const m = computeMetrics(
      ds,
      { from: '2025-01-01', to: '2025-12-31' },
      {},
      { reporting_currency: 'USD', fiscal_year_start_month: 1, gross_margin: 0.8 },
    );
    for (const key of [
      'total_bookings',
      'win_rate_lift',
      'partner_cac',
      'direct_cac',
      'nrr',
      'churn_reduction',
      'partner_program_roi',
    ] as const) {
      expect([key, m[key] !== null]).toEqual([key, true]);
    }
    const other = computeMetrics(
      ds,
      { from: '2025-01-01', to: '2025-12-31' },
      { partner_id: ['P1'] },
    );
    expect(other.total_bookings).toBe(m.total_bookings);
    expect(other.partner_attributed_revenue).toBeLessThan(m.partner_attributed_revenue ?? 0);
  });
});
