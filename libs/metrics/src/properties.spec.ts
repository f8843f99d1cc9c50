// Property tests on small random datasets (fast-check). The arbitrary draws from tiny pools
// of ids and a two-year window of dates so collisions, ties and boundary cases are common.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { METRIC_CATALOG, METRIC_KEYS, isMoneyUnit } from './catalog.js';
import type { MetricsValues } from './catalog.js';
import { addDays } from './dates.js';
import { Dec, ZERO } from './decimal.js';
import { computeLeaderboard } from './leaderboard.js';
import { computeMetrics, computeSeries } from './metrics.js';
import { computePipeline } from './pipeline.js';
import { randomDataset } from './testing/random-dataset.js';
import {
  ATTACHMENT_RELATIONS,
  DEAL_STAGES,
  DEAL_TYPES,
  PARTNER_TYPES,
  SPEND_MOTIONS,
  TOUCH_TYPES,
} from './types.js';
import type { Dataset, Deal, Filters, Period, Settings } from './types.js';

const PARTNER_IDS = ['P1', 'P2', 'P3', 'P10'] as const;
const ACCOUNT_IDS = ['A1', 'A2', 'A3', 'A4'] as const;
const BASE = '2025-01-01';
const DAYS = 730; // 2025-01-01 .. 2026-12-31

const day = fc.integer({ min: 0, max: DAYS - 1 }).map((n) => addDays(BASE, n));
const month = fc.integer({ min: 0, max: 35 }).map((n) => {
  const y = 2024 + Math.floor(n / 12);
  return `${y}-${String((n % 12) + 1).padStart(2, '0')}`;
});
const money = fc.oneof(
  fc.integer({ min: 0, max: 5_000_000 }).map((c) => (c / 100).toFixed(2)),
  fc.integer({ min: 0, max: 50 }).map((k) => String(k * 1000)),
  fc.constant('0.01'),
);

const dealDraft = fc.record({
  account_id: fc.constantFrom(...ACCOUNT_IDS),
  amount: money,
  type: fc.constantFrom(...DEAL_TYPES),
  stage: fc.constantFrom(...DEAL_STAGES),
  created_on: day,
  cycle: fc.integer({ min: -20, max: 120 }),
  expected: fc.option(fc.integer({ min: -60, max: 120 }), { nil: null }),
  sourcing_partner_id: fc.option(fc.constantFrom(...PARTNER_IDS), { nil: null, freq: 3 }),
  stage_name: fc.option(fc.constantFrom('Discovery', 'Proposal'), { nil: null }),
});

/** A small dataset whose rows respect the import keys (duplicates removed). */
export const datasetArb: fc.Arbitrary<Dataset> = fc
  .record({
    partners: fc.tuple(
      ...PARTNER_IDS.map(() =>
        fc.record({
          type: fc.constantFrom(...PARTNER_TYPES.slice(0, 3)),
          tier: fc.option(fc.constantFrom('gold', 'silver'), { nil: null }),
          joined_on: fc.option(day, { nil: null }),
        }),
      ),
    ),
    accounts: fc.tuple(
      ...ACCOUNT_IDS.map(() =>
        fc.record({
          segment: fc.option(fc.constantFrom('SMB', 'Enterprise'), { nil: null }),
          region: fc.constantFrom('NA', 'EMEA'),
        }),
      ),
    ),
    deals: fc.array(dealDraft, { maxLength: 25 }),
    touches: fc.array(
      fc.record({
        deal: fc.nat(),
        partner_id: fc.constantFrom(...PARTNER_IDS),
        touch_type: fc.constantFrom(...TOUCH_TYPES.slice(0, 3)),
        offset: fc.integer({ min: -30, max: 150 }),
      }),
      { maxLength: 30 },
    ),
    arr: fc.array(fc.record({ account_id: fc.constantFrom(...ACCOUNT_IDS), month, arr: money }), {
      maxLength: 30,
    }),
    attachments: fc.array(
      fc.record({
        account_id: fc.constantFrom(...ACCOUNT_IDS),
        partner_id: fc.constantFrom(...PARTNER_IDS),
        relation: fc.constantFrom(...ATTACHMENT_RELATIONS),
        since: day.map((d) => addDays(d, -365)),
        length: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      }),
      { maxLength: 6 },
    ),
    spend: fc.array(
      fc.record({
        month,
        motion: fc.constantFrom(...SPEND_MOTIONS),
        category: fc.constantFrom('a', 'b'),
        amount: money,
      }),
      { maxLength: 20 },
    ),
  })
  .map((raw): Dataset => {
    const deals: Deal[] = raw.deals.map((d, i) => ({
      deal_id: `D${i + 1}`,
      account_id: d.account_id,
      name: null,
      amount: d.amount,
      type: d.type,
      stage: d.stage,
      stage_name: d.stage_name,
      created_on: d.created_on,
      closed_on: d.stage === 'open' ? null : addDays(d.created_on, d.cycle),
      expected_close_on: d.expected === null ? null : addDays(d.created_on, d.expected),
      sourcing_partner_id: d.sourcing_partner_id,
    }));
    const unique = <T>(rows: T[], key: (r: T) => string) => {
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(key(r)) && seen.add(key(r)) !== undefined);
    };
    return {
      partners: PARTNER_IDS.map((partner_id, i) => ({
        partner_id,
        name: partner_id,
        status: 'active',
        ...raw.partners[i],
      })),
      accounts: ACCOUNT_IDS.map((account_id, i) => ({
        account_id,
        name: account_id,
        ...raw.accounts[i],
      })),
      deals,
      touches:
        deals.length === 0
          ? []
          : unique(
              raw.touches.map((t) => {
                const d = deals[t.deal % deals.length];
                return {
                  deal_id: d.deal_id,
                  partner_id: t.partner_id,
                  touch_type: t.touch_type,
                  touched_on: addDays(d.created_on, t.offset),
                };
              }),
              (t) => `${t.deal_id}|${t.partner_id}|${t.touch_type}|${t.touched_on}`,
            ),
      arr: unique(raw.arr, (r) => `${r.account_id}|${r.month}`),
      attachments: unique(
        raw.attachments.map(({ length, ...a }) => ({
          ...a,
          until: length === null ? null : addDays(a.since, length),
        })),
        (a) => `${a.account_id}|${a.partner_id}|${a.relation}`,
      ),
      spend: unique(raw.spend, (s) => `${s.month}|${s.motion}|${s.category}`),
    };
  });

const filtersArb: fc.Arbitrary<Filters> = fc.record(
  {
    segment: fc.subarray(['SMB', 'Enterprise']),
    region: fc.subarray(['NA', 'EMEA']),
    partner_type: fc.subarray([...PARTNER_TYPES.slice(0, 3)]),
    partner_tier: fc.subarray(['gold', 'silver']),
    partner_id: fc.subarray([...PARTNER_IDS]),
  },
  { requiredKeys: [] },
);

/** [from, to] with from <= to inside the window. */
const periodArb: fc.Arbitrary<Period> = fc
  .tuple(fc.integer({ min: -30, max: DAYS }), fc.integer({ min: 0, max: 500 }))
  .map(([a, len]) => ({ from: addDays(BASE, a), to: addDays(BASE, a + len) }));

const SETTINGS: Settings = {
  reporting_currency: 'USD',
  fiscal_year_start_month: 2,
  gross_margin: 0.75,
};
const RUNS = { numRuns: 100 };
const dec = (n: number | null) => new Dec(n ?? NaN);

describe('metric properties', () => {
  it('every key is a finite number or null; money has at most two decimals', () => {
    fc.assert(
      fc.property(datasetArb, periodArb, filtersArb, (ds, p, f) => {
        const m = computeMetrics(ds, p, f, SETTINGS);
        for (const key of METRIC_KEYS) {
          const v = m[key];
          expect([key, v === null || Number.isFinite(v)]).toEqual([key, true]);
          if (v !== null && isMoneyUnit(METRIC_CATALOG[key].unit)) {
            expect([key, new Dec(v).decimalPlaces() <= 2]).toEqual([key, true]);
          }
        }
      }),
      RUNS,
    );
  });

  it('sourced + influenced = attributed, and attributed <= total bookings', () => {
    fc.assert(
      fc.property(datasetArb, periodArb, filtersArb, (ds, p, f) => {
        const m = computeMetrics(ds, p, f);
        expect(
          dec(m.partner_sourced_revenue).plus(dec(m.partner_influenced_revenue)).toFixed(2),
        ).toBe(dec(m.partner_attributed_revenue).toFixed(2));
        expect(dec(m.partner_attributed_revenue).lte(dec(m.total_bookings))).toBe(true);
      }),
      RUNS,
    );
  });

  it('the leaderboard split sums exactly to partner_influenced_revenue', () => {
    fc.assert(
      fc.property(datasetArb, periodArb, filtersArb, (ds, p, f) => {
        const rows = computeLeaderboard(ds, p, f);
        const split = rows.reduce((s, r) => s.plus(r.influenced_revenue_split), ZERO);
        const sourced = rows.reduce((s, r) => s.plus(r.sourced_revenue), ZERO);
        const m = computeMetrics(ds, p, f);
        expect(split.toFixed(2)).toBe(dec(m.partner_influenced_revenue).toFixed(2));
        expect(sourced.toFixed(2)).toBe(dec(m.partner_sourced_revenue).toFixed(2));
      }),
      RUNS,
    );
  });

  it('blended CAC is the customer-weighted mean of partner and direct CAC', () => {
    let checked = 0;
    const cacScenario = fc.oneof(
      fc.tuple(datasetArb, periodArb, filtersArb),
      // the seeded generator over long periods, where both CACs are usually defined
      fc
        .tuple(
          fc.integer(),
          fc.integer({ min: 30, max: 150 }),
          fc.integer({ min: 0, max: 500 }),
          filtersArb,
        )
        .map(([seed, size, start, f]) => {
          const p: Period = {
            from: addDays('2024-06-01', start),
            to: addDays('2024-06-01', start + 240),
          };
          return [randomDataset({ seed, size }), p, f] as const;
        }),
    );
    fc.assert(
      fc.property(cacScenario, ([ds, p, f]) => {
        const m = computeMetrics(ds, p, f);
        expect(m.new_customers).toBe(
          (m.new_customers_partner ?? 0) + (m.new_customers_direct ?? 0),
        );
        if (
          m.partner_cac === null ||
          m.direct_cac === null ||
          m.blended_cac === null ||
          !m.new_customers
        )
          return;
        checked++;
        const weighted =
          ((m.new_customers_partner ?? 0) * m.partner_cac +
            (m.new_customers_direct ?? 0) * m.direct_cac) /
          m.new_customers;
        // each CAC is rounded to cents: the two sides differ by at most a cent
        expect(Math.abs(weighted - m.blended_cac)).toBeLessThanOrEqual(0.01 + 1e-9);
      }),
      RUNS,
    );
    expect(checked).toBeGreaterThan(10);
  });

  it('additive figures over [a, b] + [b+1, c] equal the figure over [a, c]', () => {
    const split = fc.tuple(periodArb, fc.integer({ min: 0, max: 500 })).map(([p, cut]) => {
      const b = addDays(p.from, cut);
      return b < p.to ? { a: p.from, b, c: p.to } : { a: p.from, b: p.from, c: addDays(p.from, 1) };
    });
    fc.assert(
      fc.property(datasetArb, split, filtersArb, (ds, { a, b, c }, f) => {
        const left = computeMetrics(ds, { from: a, to: b }, f);
        const right = computeMetrics(ds, { from: addDays(b, 1), to: c }, f);
        const whole = computeMetrics(ds, { from: a, to: c }, f);
        for (const key of [
          'total_bookings',
          'partner_sourced_revenue',
          'partner_influenced_revenue',
          'new_customers',
          'new_customers_partner',
          'partner_spend',
        ] as const) {
          expect([key, dec(left[key]).plus(dec(right[key])).toFixed(2)]).toEqual([
            key,
            dec(whole[key]).toFixed(2),
          ]);
        }
      }),
      RUNS,
    );
  });

  it('a fiscal series adds up to the whole range for additive figures', () => {
    fc.assert(
      fc.property(
        datasetArb,
        fc.constantFrom<'month' | 'quarter'>('month', 'quarter'),
        (ds, grain) => {
          const series = computeSeries(
            ds,
            { from: '2025-02-01', to: '2026-01-31' },
            grain,
            {},
            SETTINGS,
          );
          expect(series).toHaveLength(grain === 'month' ? 12 : 4);
          const year = computeMetrics(ds, { from: '2025-02-01', to: '2026-01-31' }, {}, SETTINGS);
          const total = (key: keyof MetricsValues) =>
            series.reduce((s, e) => s.plus(dec(e.metrics[key])), ZERO).toFixed(2);
          expect(total('total_bookings')).toBe(dec(year.total_bookings).toFixed(2));
          expect(total('partner_spend')).toBe(dec(year.partner_spend).toFixed(2));
          expect(total('new_customers')).toBe(dec(year.new_customers).toFixed(2));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a partner filter naming every partner changes nothing', () => {
    fc.assert(
      fc.property(datasetArb, periodArb, (ds, p) => {
        expect(computeMetrics(ds, p, { partner_id: [...PARTNER_IDS] })).toEqual(
          computeMetrics(ds, p),
        );
      }),
      RUNS,
    );
  });

  it('partner filters never change totals, CAC or the retention cohort', () => {
    fc.assert(
      fc.property(datasetArb, periodArb, filtersArb, (ds, p, f) => {
        const accountOnly = { segment: f.segment, region: f.region };
        const a = computeMetrics(ds, p, accountOnly);
        const b = computeMetrics(ds, p, f);
        for (const key of [
          'total_bookings',
          'new_customers',
          'blended_cac',
          'partner_cac',
          'direct_cac',
          'nrr',
          'grr',
          'logo_churn_rate',
          'partner_spend',
        ] as const) {
          expect([key, b[key]]).toEqual([key, a[key]]);
        }
      }),
      RUNS,
    );
  });

  it('pipeline: by_stage adds up to the open pipeline of all classes; partner + direct <= it', () => {
    fc.assert(
      fc.property(datasetArb, day, filtersArb, (ds, asOf, f) => {
        const r = computePipeline(ds, asOf, f, SETTINGS);
        const all = r.by_stage.reduce((s, x) => s.plus(x.amount), ZERO);
        const count = r.by_stage.reduce((s, x) => s + x.count, 0);
        const known = dec(r.metrics.open_pipeline_partner).plus(
          dec(r.metrics.open_pipeline_direct),
        );
        const other = r.by_stage
          .filter((x) => x.class === 'other')
          .reduce((s, x) => s.plus(x.amount), ZERO);
        expect(all.toFixed(2)).toBe(known.plus(other).toFixed(2));
        expect(count).toBeGreaterThanOrEqual(
          r.metrics.open_deals_partner + r.metrics.open_deals_direct,
        );
        expect(r.deals).toHaveLength(r.metrics.open_deals_partner);
        for (let i = 1; i < r.deals.length; i++) {
          expect(new Dec(r.deals[i - 1].amount).gte(r.deals[i].amount)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('the seeded generator satisfies the same identities', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 20, max: 150 }),
        periodArb,
        filtersArb,
        (seed, size, p, f) => {
          const ds = randomDataset({ seed, size });
          const m = computeMetrics(ds, p, f);
          expect(
            dec(m.partner_sourced_revenue).plus(dec(m.partner_influenced_revenue)).toFixed(2),
          ).toBe(dec(m.partner_attributed_revenue).toFixed(2));
          const split = computeLeaderboard(ds, p, f).reduce(
            (s, r) => s.plus(r.influenced_revenue_split),
            ZERO,
          );
          expect(split.toFixed(2)).toBe(dec(m.partner_influenced_revenue).toFixed(2));
        },
      ),
      { numRuns: 40 },
    );
  });
});
