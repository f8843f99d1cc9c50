import { describe, expect, it } from '@jest/globals';
import { METRIC_CATALOG, METRIC_KEYS, PIPELINE_CATALOG, PIPELINE_KEYS } from '@partner-kpi/metrics';
import { createFormatters } from '../../lib/format';
import { resolvePeriod } from '../../lib/periods';
import {
  accountLines,
  asOfParts,
  accountSideText,
  dealLines,
  dealSideText,
  defaultSnapshotName,
  exactValue,
  filtersText,
  formatAsOf,
  formatDifference,
  groupFigures,
  orderFigures,
  parseSnapshotState,
  rowsChanged,
  shortFingerprint,
  snapshotSearch,
} from './board-pack';
import type { DealChange, FigureComparison } from './types';

const fmt = createFormatters('USD', 'en-US');
const ID = '0b6f3c1e-8a4d-4c55-9f0e-2d7b1a9c3e42';

function figure(
  key: FigureComparison['key'],
  reported: number | null,
  recomputed: number | null,
  extra: Partial<FigureComparison> = {},
): FigureComparison {
  const def = METRIC_CATALOG[key];
  return {
    key,
    label: def.label,
    unit: def.unit,
    reported,
    recomputed,
    difference: reported === null || recomputed === null ? null : recomputed - reported,
    changed: reported !== recomputed,
    ...extra,
  };
}

const noDeals = () => ({
  added: [] as DealChange[],
  removed: [] as DealChange[],
  amount_changed: [] as DealChange[],
  class_changed: [] as DealChange[],
  role_changed: [] as DealChange[],
});

describe('which snapshot the URL opens', () => {
  it('reads ?snapshot=<uuid>&view=compare, and drops anything else', () => {
    expect(parseSnapshotState(`?period=FY2027-Q1&snapshot=${ID}&view=compare`)).toEqual({
      id: ID,
      view: 'compare',
    });
    expect(parseSnapshotState(`?snapshot=${ID.toUpperCase()}`)).toEqual({
      id: ID,
      view: 'report',
    });
    expect(parseSnapshotState('?snapshot=not-a-uuid&view=compare')).toEqual({
      id: null,
      view: 'report',
    });
    expect(parseSnapshotState('?view=compare')).toEqual({ id: null, view: 'report' });
    expect(parseSnapshotState('')).toEqual({ id: null, view: 'report' });
  });

  it('sets and clears the snapshot, keeping the period and filters', () => {
    const search = '?period=FY2027-Q1&segment=SMB&segment=Enterprise';
    const open = snapshotSearch(search, { id: ID, view: 'compare' });
    expect(new URLSearchParams(open).getAll('segment')).toEqual(['SMB', 'Enterprise']);
    expect(parseSnapshotState(open)).toEqual({ id: ID, view: 'compare' });
    const report = snapshotSearch(open, { id: ID, view: 'report' });
    expect(new URLSearchParams(report).has('view')).toBe(false);
    expect(snapshotSearch(open, { id: null, view: 'compare' })).toBe(search);
    expect(snapshotSearch(`?snapshot=${ID}`, { id: null, view: 'report' })).toBe('');
  });
});

describe('text of a snapshot', () => {
  it('names a new snapshot after the board period', () => {
    const q1 = resolvePeriod({ kind: 'quarter', fy: 2027, quarter: 1 }, 2, '2027-06-01');
    expect(defaultSnapshotName(q1, fmt)).toBe('FY2027 Q1 board readout');
    const running = resolvePeriod({ kind: 'quarter', fy: 2027, quarter: 1 }, 2, '2026-03-10');
    expect(running.toDate).toBe(true);
    expect(defaultSnapshotName(running, fmt)).toBe('FY2027 Q1 board readout (to date)');
    const year = resolvePeriod({ kind: 'year', fy: 2026 }, 1, '2027-01-05');
    expect(defaultSnapshotName(year, fmt)).toBe('FY2026 board readout');
    const custom = resolvePeriod(
      { kind: 'custom', from: '2026-03-01', to: '2026-03-15' },
      1,
      '2026-04-01',
    );
    expect(defaultSnapshotName(custom, fmt)).toBe(
      `${fmt.dateRange('2026-03-01', '2026-03-15')} board readout`,
    );
    expect(defaultSnapshotName(custom, fmt)).toMatch(/^Mar 1\s–\s15, 2026 board readout$/);
  });

  it('lists the filters by their labels, partners by name, or says there are none', () => {
    expect(filtersText({})).toBe('No filters (all data)');
    expect(filtersText({ segment: [] })).toBe('No filters (all data)');
    expect(
      filtersText({ region: ['NA'], segment: ['SMB', 'Mid-Market'], partner_id: ['P1'] }, (id) =>
        id === 'P1' ? 'Acme Cloud' : id,
      ),
    ).toBe('Segment: SMB, Mid-Market · Region: NA · Partner: Acme Cloud');
  });

  it('shortens a fingerprint and shows an as-of time with its zone', () => {
    expect(shortFingerprint('a'.repeat(20) + 'b'.repeat(44))).toBe('aaaaaaaaaaaa');
    expect(formatAsOf('2026-03-03T14:05:09.123Z', 'en-US', 'UTC')).toBe(
      'Mar 3, 2026, 02:05 PM UTC',
    );
    expect(formatAsOf('not a date')).toBe('not a date');
    expect(asOfParts('2026-03-03T14:05:09.123Z', 'en-US', 'UTC')).toEqual({
      date: 'Mar 3, 2026',
      time: '02:05 PM UTC',
    });
  });
});

describe('differences', () => {
  it('are signed, money to the cent, percentages in points, multiples as ×', () => {
    expect(formatDifference(1000.5, 'currency', 'total_bookings', fmt)).toBe('+$1,000.50');
    expect(formatDifference(-0.4, 'currency', 'total_bookings', fmt)).toBe('−$0.40');
    expect(formatDifference(0.0412, 'ratio', 'partner_share_of_bookings', fmt)).toBe('+4.1 pts');
    expect(formatDifference(-0.25, 'ratio', 'win_rate_lift', fmt)).toBe('−0.25×');
    expect(formatDifference(2, 'count', 'new_customers', fmt)).toBe('+2');
    expect(formatDifference(-3.5, 'days', 'cycle_days_median_partner', fmt)).toBe('−3.5 days');
    expect(formatDifference(0, 'currency', 'total_bookings', fmt)).toBe('no change');
    // A small change still shows a digit: never "+0.0 pts" for a restated figure.
    expect(formatDifference(0.0001, 'ratio', 'partner_share_of_bookings', fmt)).toBe('+0.01 pts');
    expect(formatDifference(0.004, 'ratio', 'acv_lift', fmt)).toBe('+0.004×');
    expect(formatDifference(-0.04, 'months', 'cac_payback_months', fmt)).toBe('−0.04 months');
    expect(formatDifference(null, 'currency', 'total_bookings', fmt)).toBe('—');
  });

  it('shows figures exactly', () => {
    expect(exactValue(1265847.9, 'currency', 'total_bookings', fmt)).toBe('$1,265,847.90');
    expect(exactValue(12.5, 'currency_per_day', 'sales_velocity_partner', fmt)).toBe('$12.50/day');
    expect(exactValue(0.4, 'ratio', 'partner_share_of_bookings', fmt)).toBe('40.00%');
    expect(exactValue(2.3456, 'ratio', 'acv_lift', fmt)).toBe('2.346×');
    expect(exactValue(45.16, 'months', 'cac_payback_months', fmt)).toBe('45.2 months');
    expect(exactValue(1234, 'count', 'new_customers', fmt)).toBe('1,234');
    expect(exactValue(null, 'ratio', 'nrr', fmt)).toBe('—');
  });
});

describe('the frozen catalog as tables', () => {
  const entriesOf = (alignment: string) =>
    METRIC_KEYS.map((k) => METRIC_CATALOG[k]).filter((e) => e.alignment === alignment);

  it('puts the CRO classes side by side, one row per measure, lifts as singles', () => {
    const g = groupFigures(entriesOf('cro'));
    expect(g.singles.map((e) => e.key)).toEqual([
      'win_rate_lift',
      'acv_lift',
      'cycle_time_reduction',
    ]);
    expect(g.matrices).toHaveLength(1);
    expect(g.matrices[0].columns).toEqual([
      'Partner',
      'Direct',
      'Partner-sourced',
      'Partner-influenced',
    ]);
    expect(g.matrices[0].rows.map((r) => r.base)).toEqual([
      'Win rate',
      'ACV',
      'Median sales cycle',
      'Mean sales cycle',
      'Sales velocity',
    ]);
    expect(g.matrices[0].rows[0].cells.map((e) => e.key)).toEqual([
      'win_rate_partner',
      'win_rate_direct',
      'win_rate_sourced',
      'win_rate_influenced',
    ]);
  });

  it('keeps every entry exactly once, and separates rows with different qualifiers', () => {
    for (const alignment of ['board', 'cmo', 'cro', 'cfo']) {
      const entries = entriesOf(alignment);
      const g = groupFigures(entries);
      const keys = [
        ...g.singles.map((e) => e.key),
        ...g.matrices.flatMap((m) => m.rows.flatMap((r) => r.cells.map((e) => e.key))),
      ];
      expect([...keys].sort()).toEqual(entries.map((e) => e.key).sort());
    }
    const cmo = groupFigures(entriesOf('cmo'));
    expect(cmo.matrices.map((m) => m.columns)).toEqual([
      ['Partner-acquired', 'Direct-acquired'],
      ['Partner-sourced', 'Not partner-sourced'],
    ]);
    expect(cmo.matrices[1].rows.map((r) => r.base)).toEqual(['Lead win rate', 'Median lead cycle']);
    // "New customers" (no qualifier) stays a single beside its two qualified variants.
    expect(cmo.singles.map((e) => e.key)).toContain('new_customers');
    const pipeline = groupFigures(PIPELINE_KEYS.map((k) => PIPELINE_CATALOG[k]));
    expect(pipeline.singles).toEqual([]);
    expect(pipeline.matrices).toHaveLength(1);
  });

  it('leaves a qualified label alone when it is the only one of its base', () => {
    const g = groupFigures([
      { key: 'a', label: 'Alpha (partner)' },
      { key: 'b', label: 'Beta' },
    ]);
    expect(g.singles.map((e) => e.key)).toEqual(['a', 'b']);
    expect(g.matrices).toEqual([]);
  });
});

describe('restatement order and explanations', () => {
  const d1: DealChange = {
    deal_id: 'D1',
    name: 'Acme renewal',
    account_name: 'Acme',
    reported: { class: 'sourced', amount: 1000, role: 'booking' },
    recomputed: { class: 'sourced', amount: 1500, role: 'booking' },
  };
  const d3: DealChange = {
    deal_id: 'D3',
    name: null,
    account_name: null,
    reported: { class: 'direct', amount: 500, role: 'not_attributed' },
    recomputed: { class: 'influenced', amount: 500, role: 'influenced' },
  };

  it('puts changed figures first, then those whose rows changed, then the rest, in API order', () => {
    const swapped = figure('partner_influenced_revenue', 100, 100, {
      deals: { ...noDeals(), added: [d3], removed: [{ ...d3, deal_id: 'D4' }] },
    });
    const figures = [
      figure('total_bookings', 1000, 1000),
      figure('partner_sourced_revenue', 1000, 1500),
      swapped,
      figure('nrr', null, null),
      figure('partner_share_of_bookings', 0.4, null),
    ];
    const o = orderFigures(figures);
    expect(o.changed.map((f) => f.key)).toEqual([
      'partner_sourced_revenue',
      'partner_share_of_bookings',
    ]);
    expect(o.rowsOnly.map((f) => f.key)).toEqual(['partner_influenced_revenue']);
    expect(o.unchanged.map((f) => f.key)).toEqual(['total_bookings', 'nrr']);
    expect(rowsChanged(swapped)).toBe(true);
    expect(rowsChanged(figures[0])).toBe(false);
  });

  it('lists the deals of a figure by kind of change, with the reasons the API gives', () => {
    const f = figure('total_bookings', 1500, 2000, {
      deals: { ...noDeals(), amount_changed: [d1], class_changed: [d3] },
    });
    const lines = dealLines(f, [
      {
        deal_id: 'D1',
        name: 'Acme renewal',
        account_id: 'A1',
        account_name: 'Acme',
        changes: ['amount_changed'],
        figures: ['total_bookings'],
        reported: null,
        recomputed: null,
        explanation: ['amount changed from 1000 to 1500'],
      },
    ]);
    expect(lines.map((l) => [l.kind, l.deal_id, l.reasons])).toEqual([
      ['amount_changed', 'D1', ['amount changed from 1000 to 1500']],
      ['class_changed', 'D3', []],
    ]);
    expect(dealLines(figure('nrr', 1, 1.1), [])).toEqual([]);
    expect(dealSideText(d1.recomputed, fmt)).toBe('$1,500.00 · Partner-sourced · Booking');
    expect(dealSideText(null, fmt)).toBe('not in the figure');
  });

  it('lists the accounts of a retention figure', () => {
    const account = {
      account_id: 'A9',
      name: 'Globex',
      reported: { arr_start: 1000, arr_end: 1200, attachment: 'attached' as const, churned: false },
      recomputed: { arr_start: 1000, arr_end: 0, attachment: 'attached' as const, churned: true },
    };
    const f = figure('nrr', 1.2, 1, {
      accounts: {
        added: [],
        removed: [],
        arr_changed: [account],
        attachment_changed: [],
        churn_changed: [account],
      },
    });
    expect(accountLines(f).map((l) => l.kind)).toEqual(['arr_changed', 'churn_changed']);
    expect(accountSideText(account.recomputed, fmt)).toBe(
      'ARR $1,000.00 → $0.00 · Partner-attached · churned',
    );
  });
});
