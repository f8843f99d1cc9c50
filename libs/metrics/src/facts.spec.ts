// The facts behind GET /api/v1/metrics: computeFacts (from rows) against metricsFromFacts,
// an independent brute-force reading of metrics.md, and the invariants the SQL fast path
// must satisfy too; then metricsFromFacts on hand-written facts.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { METRIC_KEYS } from './catalog.js';
import { prepareDataset } from './context.js';
import { addDays, addMonths, daysBetween, lastDayOfMonth, monthOf } from './dates.js';
import { Dec, ZERO } from './decimal.js';
import {
  CRO_FACTS_CLASSES,
  emptyClosedFacts,
  emptyFacts,
  emptyRetentionFacts,
  factsDiff,
  factsEqual,
  moneyString,
} from './facts.js';
import type { ClosedFacts, MetricsFacts, RetentionFacts } from './facts.js';
import { computeFacts, computeMetrics, metricsFromFacts } from './metrics.js';
import { compareIds } from './order.js';
import { RANDOM_DATASET_SPAN, randomDataset } from './testing/random-dataset.js';
import { DEFAULT_SETTINGS } from './types.js';
import type { Dataset, Deal, DealClass, Filters, Period, Settings } from './types.js';

const SETTINGS: Settings = {
  reporting_currency: 'USD',
  fiscal_year_start_month: 2,
  gross_margin: 0.75,
};

/** Named filter combinations (ids, types, tiers, segments and regions of randomDataset). */
const NAMED_FILTERS: readonly Filters[] = [
  {},
  { partner_id: ['P1', 'partner-ü'] },
  { partner_type: ['reseller', 'msp'] },
  { partner_tier: ['gold', 'Tier 1'] },
  { partner_type: ['reseller', 'distributor', 'msp'], partner_tier: ['gold', 'silver'] },
  { partner_id: ['nobody'] },
  { segment: ['SMB'] },
  { region: ['NA', 'EMEA'] },
  { segment: ['Enterprise', 'Mid-Market'], region: ['APAC'] },
  { segment: ['SMB', 'Enterprise'], partner_id: ['P2', 'P4', 'P5'] },
  { region: ['EMEA'], partner_type: ['isv', 'si'], partner_tier: ['platinum'] },
];

const randomFilters: fc.Arbitrary<Filters> = fc.record(
  {
    segment: fc.subarray(['SMB', 'Mid-Market', 'Enterprise']),
    region: fc.subarray(['NA', 'EMEA', 'APAC']),
    partner_type: fc.subarray(['reseller', 'distributor', 'msp', 'isv', 'si', 'agency']),
    partner_tier: fc.subarray(['gold', 'silver', 'Tier 1', 'platinum']),
    partner_id: fc.subarray(['P1', 'P2', 'partner-ü', 'P4', 'P7', 'P10']),
  },
  { requiredKeys: [] },
);

const filtersArb = fc.oneof(fc.constantFrom(...NAMED_FILTERS), randomFilters);

/** Periods inside (and a little around) the generator's three years. */
const periodArb: fc.Arbitrary<Period> = fc
  .tuple(fc.integer({ min: -30, max: 1100 }), fc.integer({ min: 0, max: 500 }))
  .map(([a, len]) => ({
    from: addDays(RANDOM_DATASET_SPAN.from, a),
    to: addDays(RANDOM_DATASET_SPAN.from, a + len),
  }));

const scenarioArb = fc.record({
  seed: fc.integer(),
  size: fc.integer({ min: 3, max: 160 }),
  period: periodArb,
  filters: filtersArb,
});

const hasPartnerFilters = (f: Filters) =>
  [f.partner_type, f.partner_tier, f.partner_id].some((v) => v !== undefined && v.length > 0);

const RUNS = { numRuns: 100 };
const d = (s: string) => new Dec(s);

describe('computeFacts and metricsFromFacts', () => {
  it('metricsFromFacts(computeFacts(ctx, p), s) deep-equals computeMetrics(ds, p, filters, s)', () => {
    fc.assert(
      fc.property(scenarioArb, ({ seed, size, period, filters }) => {
        const ds = randomDataset({ seed, size });
        const facts = computeFacts(prepareDataset(ds, filters), period);
        expect(metricsFromFacts(facts, SETTINGS)).toStrictEqual(
          computeMetrics(ds, period, filters, SETTINGS),
        );
      }),
      RUNS,
    );
  });

  it('computeFacts equals a brute-force reading of metrics.md (the SQL side mirrors it)', () => {
    fc.assert(
      fc.property(scenarioArb, ({ seed, size, period, filters }) => {
        const ds = randomDataset({ seed, size });
        const facts = computeFacts(prepareDataset(ds, filters), period);
        expect(factsDiff(facts, naiveFacts(ds, period, filters))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('facts invariants', () => {
    // the additive fields of closed facts, money normalised ('10.50' -> '10.5')
    const sums = (...fs: ClosedFacts[]) => ({
      won: fs.reduce((n, f) => n + f.won, 0),
      lost: fs.reduce((n, f) => n + f.lost, 0),
      won_amount: fs.reduce((n, f) => n.plus(f.won_amount), ZERO).toFixed(),
      cycle_count: fs.reduce((n, f) => n + f.cycle_count, 0),
      cycle_sum: fs.reduce((n, f) => n + f.cycle_sum, 0),
    });
    const retentionSums = (f: RetentionFacts) =>
      [f.accounts, f.churned, f.arr_start, f.arr_end, f.arr_kept, f.arr_churned].map((v) =>
        d(String(v)),
      );
    let withPartnerFilters = 0;
    fc.assert(
      fc.property(scenarioArb, ({ seed, size, period, filters }) => {
        const ds = randomDataset({ seed, size });
        const facts = computeFacts(prepareDataset(ds, filters), period);
        const { cro, bookings, retention, new_customers: nc } = facts;
        const partnerFiltered = hasPartnerFilters(filters);
        if (partnerFiltered) withPartnerFilters++;

        // cro.partner = sourced + influenced (counts and amounts)
        expect(sums(cro.partner)).toEqual(sums(cro.sourced, cro.influenced));
        // non_sourced = influenced + direct + other: at least influenced + direct, exactly
        // that without partner filters (no `other` deal then)
        const known = sums(cro.influenced, cro.direct);
        const ns = sums(cro.non_sourced);
        expect(ns.won).toBeGreaterThanOrEqual(known.won);
        expect(ns.lost).toBeGreaterThanOrEqual(known.lost);
        expect(ns.cycle_count).toBeGreaterThanOrEqual(known.cycle_count);
        expect(d(ns.won_amount).gte(known.won_amount)).toBe(true);
        if (!partnerFiltered) expect(ns).toEqual(known);
        for (const x of CRO_FACTS_CLASSES) {
          const c = cro[x];
          expect(c.cycle_count).toBeLessThanOrEqual(c.won);
          expect(c.cycle_median === null).toBe(c.cycle_count === 0);
        }
        // bookings: total >= sourced + influenced
        expect(d(bookings.total).gte(d(bookings.sourced).plus(bookings.influenced))).toBe(true);

        // new customers add up and ignore partner filters
        const m = metricsFromFacts(facts, SETTINGS);
        expect(m.new_customers).toBe(nc.partner.count + nc.direct.count);
        const accountOnly = { segment: filters.segment, region: filters.region };
        expect(computeFacts(prepareDataset(ds, accountOnly), period).new_customers).toEqual(nc);

        // retention.all ⊇ attached + unattached (= without partner filters)
        const all = retentionSums(retention.all);
        const parts = retentionSums(retention.attached).map((v, i) =>
          v.plus(retentionSums(retention.unattached)[i]),
        );
        all.forEach((v, i) => {
          expect(v.gte(parts[i])).toBe(true);
          if (!partnerFiltered) expect(v.eq(parts[i])).toBe(true);
        });
        for (const r of [retention.all, retention.attached, retention.unattached]) {
          expect(r.churned).toBeLessThanOrEqual(r.accounts);
          expect(d(r.arr_kept).lte(Dec.min(d(r.arr_start), d(r.arr_end)))).toBe(true);
          expect(d(r.arr_churned).lte(r.arr_start)).toBe(true);
        }
      }),
      RUNS,
    );
    expect(withPartnerFilters).toBeGreaterThan(20);
  });

  it('money facts are plain decimal strings, never exponents or rounded', () => {
    const ds = randomDataset({ seed: 7, size: 150 });
    const facts = computeFacts(prepareDataset(ds), RANDOM_DATASET_SPAN);
    const money = [
      ...Object.values(facts.bookings),
      ...Object.values(facts.spend),
      ...CRO_FACTS_CLASSES.map((x) => facts.cro[x].won_amount),
      facts.new_customers.partner.first_win_amount,
      ...Object.values(facts.retention).flatMap((r) => [
        r.arr_start,
        r.arr_end,
        r.arr_kept,
        r.arr_churned,
      ]),
    ];
    for (const v of money) expect(v).toMatch(/^\d+(\.\d+)?$/);
    // decimal.js would print these with an exponent in toString()
    expect(moneyString(new Dec('123456789012345678901.2345'))).toBe('123456789012345678901.2345');
    expect(moneyString(new Dec('0.00000001'))).toBe('0.00000001');
    expect(facts.bookings.total).toBe(
      ds.deals
        .filter((x) => x.stage === 'won' && x.type !== 'renewal')
        .filter((x) => x.closed_on! >= RANDOM_DATASET_SPAN.from)
        .filter((x) => x.closed_on! <= RANDOM_DATASET_SPAN.to)
        .reduce((s, x) => s.plus(x.amount), ZERO)
        .toFixed(),
    );
  });

  it('computeFacts checks the period', () => {
    expect(() => computeFacts(prepareDataset(randomDataset({ seed: 1, size: 5 })), {
      from: '2026-02-01',
      to: '2026-01-31',
    })).toThrow(/from/);
  });
});

/**
 * The facts straight from metrics.md over the raw dataset: no context, no index, no memo,
 * filters and classes re-read from the spec. The API's SQL mirrors the same definitions.
 */
function naiveFacts(ds: Dataset, p: Period, f: Filters): MetricsFacts {
  const given = (v: readonly string[] | undefined): v is readonly string[] =>
    v !== undefined && v.length > 0;
  const among = (v: readonly string[] | undefined, x: string | null) =>
    !given(v) || (x !== null && v.includes(x));
  const accountOk = (id: string) => {
    if (!given(f.segment) && !given(f.region)) return true;
    const a = ds.accounts.find((x) => x.account_id === id);
    return a !== undefined && among(f.segment, a.segment) && among(f.region, a.region);
  };
  const partnerOk = (id: string) => {
    if (!hasPartnerFilters(f)) return true;
    const x = ds.partners.find((y) => y.partner_id === id);
    return (
      x !== undefined &&
      among(f.partner_type, x.type) &&
      among(f.partner_tier, x.tier) &&
      among(f.partner_id, x.partner_id)
    );
  };
  const inP = (day: string | null) => day !== null && p.from <= day && day <= p.to;
  const deals = ds.deals.filter((x) => accountOk(x.account_id));
  const dealIds = new Set(deals.map((x) => x.deal_id));
  const touches = ds.touches.filter((t) => dealIds.has(t.deal_id));

  // "A touch counts for a deal when touched_on <= closed_on"; sourced, influenced, other, direct
  const classOf = (x: Deal, ok: (id: string) => boolean): DealClass => {
    const counting = touches.filter((t) => t.deal_id === x.deal_id && t.touched_on <= x.closed_on!);
    if (x.sourcing_partner_id !== null) return ok(x.sourcing_partner_id) ? 'sourced' : 'other';
    if (counting.some((t) => ok(t.partner_id))) return 'influenced';
    return counting.length > 0 ? 'other' : 'direct';
  };
  const closed = deals
    .filter((x) => x.stage !== 'open' && inP(x.closed_on))
    .map((x) => ({ deal: x, cls: classOf(x, partnerOk) }));
  const sum = (amounts: string[]) => amounts.reduce((s, a) => s.plus(a), ZERO).toFixed();

  const wonBookings = closed.filter((c) => c.deal.stage === 'won' && c.deal.type !== 'renewal');
  const bookings = (keep: (c: DealClass) => boolean) =>
    sum(wonBookings.filter((c) => keep(c.cls)).map((c) => c.deal.amount));

  const active = new Set<string>();
  for (const x of deals) {
    if (x.sourcing_partner_id !== null && inP(x.created_on)) active.add(x.sourcing_partner_id);
  }
  for (const t of touches) if (inP(t.touched_on)) active.add(t.partner_id);

  const closedFacts = (keep: (c: DealClass) => boolean): ClosedFacts => {
    const nb = closed.filter((c) => c.deal.type === 'new_business' && keep(c.cls));
    const won = nb.filter((c) => c.deal.stage === 'won');
    const cycles = won
      .map((c) => daysBetween(c.deal.created_on, c.deal.closed_on!))
      .filter((n) => n >= 0)
      .sort((a, b) => a - b);
    const k = cycles.length;
    return {
      won: won.length,
      lost: nb.length - won.length,
      won_amount: sum(won.map((c) => c.deal.amount)),
      cycle_count: k,
      cycle_sum: cycles.reduce((s, n) => s + n, 0),
      cycle_median: k === 0 ? null : (cycles[(k - 1) >> 1] + cycles[k >> 1]) / 2,
    };
  };

  // "An account's first win is its won deal (any type) with the earliest closed_on, ties
  // broken by the smallest deal_id"; classed with no partner filter.
  const firstWins = new Map<string, Deal>();
  for (const x of deals.filter((y) => y.stage === 'won')) {
    const cur = firstWins.get(x.account_id);
    if (
      cur === undefined ||
      x.closed_on! < cur.closed_on! ||
      (x.closed_on === cur.closed_on && compareIds(x.deal_id, cur.deal_id) < 0)
    ) {
      firstWins.set(x.account_id, x);
    }
  }
  const newWins = [...firstWins.values()].filter((x) => inP(x.closed_on));
  const motion = (partner: boolean) => {
    const wins = newWins.filter((x) => (classOf(x, () => true) !== 'direct') === partner);
    return { count: wins.length, first_win_amount: sum(wins.map((x) => x.amount)) };
  };

  const spend = (m: string) =>
    sum(ds.spend.filter((r) => r.motion === m && inP(`${r.month}-01`)).map((r) => r.amount));

  // Retention: E = month of `to`, S = 12 months before; attached / unattached on the last day of S
  const e = monthOf(p.to);
  const s = addMonths(e, -12);
  const arrOf = (account: string, month: string) =>
    ds.arr.find((r) => r.account_id === account && r.month === month)?.arr ?? '0';
  const day = lastDayOfMonth(s);
  const onDay = ds.attachments.filter(
    (a) => accountOk(a.account_id) && a.since <= day && (a.until === null || a.until >= day),
  );
  const cohort = ds.arr
    .filter((r) => r.month === s && accountOk(r.account_id) && d(r.arr).gt(0))
    .map((r) => ({ start: d(r.arr), end: d(arrOf(r.account_id, e)), id: r.account_id }));
  const retention = (keep: (id: string) => boolean): RetentionFacts => {
    const part = cohort.filter((a) => keep(a.id));
    const churned = part.filter((a) => a.end.isZero());
    const total = (values: Dec[]) => values.reduce((x, v) => x.plus(v), ZERO).toFixed();
    return {
      accounts: part.length,
      churned: churned.length,
      arr_start: total(part.map((a) => a.start)),
      arr_end: total(part.map((a) => a.end)),
      arr_kept: total(part.map((a) => Dec.min(a.start, a.end))),
      arr_churned: total(churned.map((a) => a.start)),
    };
  };

  const isPartner = (c: DealClass) => c === 'sourced' || c === 'influenced';
  return {
    bookings: {
      total: bookings(() => true),
      sourced: bookings((c) => c === 'sourced'),
      influenced: bookings((c) => c === 'influenced'),
    },
    active_partners: [...active].filter(partnerOk).length,
    cro: {
      partner: closedFacts(isPartner),
      direct: closedFacts((c) => c === 'direct'),
      sourced: closedFacts((c) => c === 'sourced'),
      influenced: closedFacts((c) => c === 'influenced'),
      non_sourced: closedFacts((c) => c !== 'sourced'),
    },
    new_customers: { partner: motion(true), direct: motion(false) },
    spend: { partner: spend('partner'), direct: spend('direct'), shared: spend('shared') },
    retention: {
      all: retention(() => true),
      attached: retention((id) => onDay.some((a) => a.account_id === id && partnerOk(a.partner_id))),
      unattached: retention((id) => !onDay.some((a) => a.account_id === id)),
    },
  };
}

/** Facts with a few fields set, the rest empty. */
function facts(patch: {
  bookings?: Partial<MetricsFacts['bookings']>;
  active_partners?: number;
  cro?: Partial<Record<keyof MetricsFacts['cro'], Partial<ClosedFacts>>>;
  new_customers?: Partial<MetricsFacts['new_customers']>;
  spend?: Partial<MetricsFacts['spend']>;
  retention?: Partial<Record<keyof MetricsFacts['retention'], Partial<RetentionFacts>>>;
}): MetricsFacts {
  const f = emptyFacts();
  Object.assign(f.bookings, patch.bookings);
  if (patch.active_partners !== undefined) f.active_partners = patch.active_partners;
  for (const x of CRO_FACTS_CLASSES) f.cro[x] = { ...emptyClosedFacts(), ...patch.cro?.[x] };
  Object.assign(f.new_customers, patch.new_customers);
  Object.assign(f.spend, patch.spend);
  for (const part of ['all', 'attached', 'unattached'] as const) {
    f.retention[part] = { ...emptyRetentionFacts(), ...patch.retention?.[part] };
  }
  return f;
}

describe('metricsFromFacts on hand-written facts', () => {
  it('empty facts: every key in catalog order, sums 0, everything else null', () => {
    const m = metricsFromFacts(emptyFacts());
    expect(Object.keys(m)).toEqual([...METRIC_KEYS]);
    const zeros = [
      'total_bookings',
      'partner_sourced_revenue',
      'partner_influenced_revenue',
      'partner_attributed_revenue',
      'active_partners',
      'new_customers',
      'new_customers_partner',
      'new_customers_direct',
      'partner_spend',
    ];
    for (const key of METRIC_KEYS) {
      expect([key, m[key]]).toEqual([key, zeros.includes(key) ? 0 : null]);
    }
  });

  it('board: attributed, share (unrounded inputs) and money rounded half away from zero', () => {
    const m = metricsFromFacts(
      facts({
        bookings: { total: '3350.655', sourced: '1000.105', influenced: '2050.2500' },
        active_partners: 3,
      }),
    );
    expect(m.total_bookings).toBe(3350.66);
    expect(m.partner_sourced_revenue).toBe(1000.11);
    expect(m.partner_influenced_revenue).toBe(2050.25);
    expect(m.partner_attributed_revenue).toBe(3050.36); // 3050.355
    expect(m.partner_share_of_bookings).toBeCloseTo(3050.355 / 3350.655, 15);
    expect(m.active_partners).toBe(3);
  });

  it('zero denominators give null, never 0 or NaN', () => {
    const m = metricsFromFacts(
      facts({
        bookings: { sourced: '500' },
        cro: {
          direct: { lost: 3 }, // nothing won
          partner: { won: 2, won_amount: '20', cycle_count: 2, cycle_sum: 0, cycle_median: 0 },
        },
        retention: { attached: { accounts: 2, churned: 0, arr_start: '10', arr_end: '10' } },
      }),
    );
    expect(m.win_rate_direct).toBe(0);
    expect(m.acv_direct).toBeNull();
    expect(m.cycle_days_median_direct).toBeNull();
    expect(m.cycle_days_mean_direct).toBeNull();
    expect(m.sales_velocity_direct).toBeNull();
    expect(m.win_rate_lift).toBeNull(); // 1 / 0
    expect(m.acv_lift).toBeNull();
    expect(m.cycle_time_reduction).toBeNull();
    // same-day closes: mean cycle 0, velocity null
    expect(m.cycle_days_mean_partner).toBe(0);
    expect(m.sales_velocity_partner).toBeNull();
    expect(m.partner_share_of_bookings).toBeNull(); // total 0
    expect(m.partner_program_roi).toBeNull(); // no partner spend
    expect(m.nrr).toBeNull(); // empty cohort
    expect(m.nrr_attached).toBe(1);
    expect(m.churn_rate_unattached).toBeNull();
    expect(m.churn_reduction).toBeNull();
  });

  it('medians are taken as given (an even count has a half-day median), never recomputed', () => {
    const m = metricsFromFacts(
      facts({
        cro: {
          partner: { won: 2, won_amount: '300', cycle_count: 2, cycle_sum: 25, cycle_median: 12.5 },
          direct: { won: 4, won_amount: '400', cycle_count: 4, cycle_sum: 200, cycle_median: 50 },
          sourced: { won: 1, lost: 1, cycle_count: 1, cycle_sum: 7, cycle_median: 7 },
          non_sourced: { won: 3, lost: 1, cycle_count: 2, cycle_sum: 41, cycle_median: 20.5 },
        },
      }),
    );
    expect(m.cycle_days_median_partner).toBe(12.5);
    expect(m.cycle_days_mean_partner).toBe(12.5);
    expect(m.cycle_days_median_direct).toBe(50);
    expect(m.cycle_time_reduction).toBe(0.75); // 1 - 12.5 / 50
    expect(m.sales_velocity_partner).toBe(24); // 300 * 2 / 25
    expect(m.acv_lift).toBe(1.5); // 150 / 100
    expect(m.lead_win_rate_sourced).toBe(0.5);
    expect(m.lead_cycle_days_median_sourced).toBe(7);
    expect(m.lead_win_rate_non_sourced).toBe(0.75);
    expect(m.lead_cycle_days_median_non_sourced).toBe(20.5);
  });

  it('ACV and velocity round to cents at the end, from the exact won amount', () => {
    const m = metricsFromFacts(
      facts({
        cro: {
          direct: {
            won: 2,
            lost: 1,
            won_amount: '300.0300', // as PostgreSQL's numeric(19,4) prints it
            cycle_count: 2,
            cycle_sum: 7,
            cycle_median: 3.5,
          },
        },
      }),
    );
    expect(m.acv_direct).toBe(150.02); // 150.015
    expect(m.sales_velocity_direct).toBe(85.72); // 300.03 * 2 / 7 = 85.7228...
    expect(m.win_rate_direct).toBe(2 / 3);
  });

  it('CAC: shared spend allocated in proportion to new customers', () => {
    const f = facts({
      new_customers: {
        partner: { count: 3, first_win_amount: '2400' },
        direct: { count: 1, first_win_amount: '3000' },
      },
      spend: { partner: '600.50', direct: '1500', shared: '600' },
    });
    const m = metricsFromFacts(f);
    expect(m.new_customers).toBe(4);
    expect(m.new_customers_partner).toBe(3);
    expect(m.new_customers_direct).toBe(1);
    expect(m.blended_cac).toBe(675.13); // 2700.50 / 4 = 675.125
    expect(m.partner_cac).toBe(350.17); // (600.50 + 600 * 3/4) / 3 = 350.1666...
    expect(m.direct_cac).toBe(1650); // (1500 + 600 * 1/4) / 1
    expect(m.cac_reduction).toBeCloseTo(3899.5 / 4950, 15); // 1 - 350.1666... / 1650, exact CACs
    expect(m.partner_spend).toBe(600.5);
  });

  it('CAC with customers of one motion only: all shared spend goes to it', () => {
    const m = metricsFromFacts(
      facts({
        new_customers: { direct: { count: 2, first_win_amount: '100' } },
        spend: { partner: '7', direct: '10', shared: '5' },
      }),
    );
    expect(m.partner_cac).toBeNull();
    expect(m.cac_reduction).toBeNull();
    expect(m.direct_cac).toBe(7.5); // (10 + 5) / 2
    expect(m.blended_cac).toBe(11);
  });

  it('payback: blended CAC / (mean first win / 12 * gross margin), exact', () => {
    const f = facts({
      new_customers: {
        partner: { count: 3, first_win_amount: '2400' },
        direct: { count: 1, first_win_amount: '3000' },
      },
      spend: { partner: '600.50', direct: '1500', shared: '600' },
    });
    // 675.125 / (1350 / 12 * 0.8) = 2700.5 * 12 / (5400 * 0.8)
    expect(metricsFromFacts(f).cac_payback_months).toBe(32406 / 4320);
    const half = metricsFromFacts(f, { ...DEFAULT_SETTINGS, gross_margin: 0.5 });
    expect(half.cac_payback_months).toBe(32406 / 2700);
    // first wins of 0: null; no spend: 0 (not null)
    const zero = facts({ new_customers: { direct: { count: 1, first_win_amount: '0' } } });
    expect(metricsFromFacts(zero).cac_payback_months).toBeNull();
    expect(metricsFromFacts(zero).blended_cac).toBe(0);
    const free = facts({ new_customers: { direct: { count: 1, first_win_amount: '10' } } });
    expect(metricsFromFacts(free).cac_payback_months).toBe(0);
  });

  it('retention and churn_reduction', () => {
    const m = metricsFromFacts(
      facts({
        retention: {
          all: {
            accounts: 25,
            churned: 6,
            arr_start: '4300',
            arr_end: '2700',
            arr_kept: '2500',
            arr_churned: '1300',
          },
          attached: { accounts: 10, churned: 1, arr_start: '3000', arr_end: '2700' },
          unattached: { accounts: 10, churned: 4, arr_start: '1000', arr_end: '0' },
        },
        bookings: { sourced: '1000' },
        spend: { partner: '400' },
      }),
    );
    expect(m.nrr).toBe(27 / 43);
    expect(m.grr).toBe(25 / 43);
    expect(m.logo_churn_rate).toBe(0.24);
    expect(m.revenue_churn_rate).toBe(13 / 43);
    expect(m.nrr_attached).toBe(0.9);
    expect(m.nrr_unattached).toBe(0);
    expect(m.churn_rate_attached).toBe(0.1);
    expect(m.churn_rate_unattached).toBe(0.4);
    expect(m.churn_reduction).toBe(1 - 0.1 / 0.4); // 0.75: partners cut churn by 75%
    expect(m.partner_program_roi).toBe(2.5);
  });
});

const clone = (f: MetricsFacts): MetricsFacts => JSON.parse(JSON.stringify(f)) as MetricsFacts;

describe('factsDiff / factsEqual', () => {
  const base = computeFacts(prepareDataset(randomDataset({ seed: 3, size: 120 })), {
    from: '2025-01-01',
    to: '2025-12-31',
  });

  it('money compares as decimals; medians within 1e-9; counts exactly', () => {
    const sqlish: MetricsFacts = clone(base);
    sqlish.bookings.total = new Dec(base.bookings.total).toFixed(4); // '123.4500'
    sqlish.spend.shared = new Dec(base.spend.shared).toFixed(4);
    const median = base.cro.partner.cycle_median;
    expect(median).not.toBeNull();
    sqlish.cro.partner.cycle_median = median! + 1e-12;
    expect(factsEqual(base, sqlish)).toBe(true);
    expect(factsDiff(base, sqlish)).toEqual([]);
  });

  it('names every differing field', () => {
    const other: MetricsFacts = clone(base);
    other.bookings.sourced = new Dec(base.bookings.sourced).plus('0.01').toFixed();
    other.cro.direct.won += 1;
    other.cro.sourced.cycle_median = null;
    other.retention.unattached.arr_kept = 'not a number';
    expect(factsEqual(base, other)).toBe(false);
    expect(factsDiff(base, other).map((line) => line.split(':')[0])).toEqual([
      'bookings.sourced',
      'cro.direct.won',
      'cro.sourced.cycle_median',
      'retention.unattached.arr_kept',
    ]);
    expect(factsEqual(emptyFacts(), emptyFacts())).toBe(true);
  });
});
