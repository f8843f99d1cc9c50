import { describe, expect, it } from '@jest/globals';
import {
  comparisons,
  localToday,
  parsePeriodParam,
  periodParam,
  quarterOptions,
  resolvePeriod,
  shiftYears,
  trendRange,
  yearOptions,
} from './periods';

const TODAY = '2026-11-21';

describe('period URL parameter', () => {
  it('parses fiscal quarters and years, and nothing else', () => {
    expect(parsePeriodParam('FY2027-Q1')).toEqual({ kind: 'quarter', fy: 2027, quarter: 1 });
    expect(parsePeriodParam('FY2027')).toEqual({ kind: 'year', fy: 2027 });
    for (const bad of ['FY27', 'FY2027-Q5', 'FY2027 Q1', '2027-Q1', '', 'FY0999'])
      expect(parsePeriodParam(bad)).toBeNull();
    expect(parsePeriodParam(null)).toBeNull();
  });
  it('round-trips', () => {
    for (const v of ['FY2026-Q4', 'FY2025']) expect(periodParam(parsePeriodParam(v)!)).toBe(v);
    expect(periodParam({ kind: 'current' })).toBeNull();
    expect(periodParam({ kind: 'custom', from: '2026-01-01', to: '2026-02-01' })).toBeNull();
  });
});

describe('resolvePeriod', () => {
  it('defaults to the current fiscal quarter, cut at today', () => {
    expect(resolvePeriod({ kind: 'current' }, 1, TODAY)).toEqual({
      from: '2026-10-01',
      to: TODAY,
      label: 'FY2026 Q4',
      grain: 'quarter',
      full: { from: '2026-10-01', to: '2026-12-31' },
      toDate: true,
      future: false,
    });
  });
  it('follows the fiscal calendar (FY named after the year it ends in)', () => {
    // Fiscal year from February: FY2027 = Feb 2026..Jan 2027, so November 2026 is FY2027 Q4.
    const p = resolvePeriod({ kind: 'current' }, 2, TODAY);
    expect(p).toMatchObject({
      from: '2026-11-01',
      to: TODAY,
      label: 'FY2027 Q4',
      full: { from: '2026-11-01', to: '2027-01-31' },
    });
    expect(resolvePeriod({ kind: 'year', fy: 2027 }, 2, TODAY)).toMatchObject({
      from: '2026-02-01',
      to: TODAY,
      toDate: true,
      label: 'FY2027',
    });
  });
  it('keeps past periods whole and flags future ones', () => {
    expect(resolvePeriod({ kind: 'quarter', fy: 2026, quarter: 1 }, 1, TODAY)).toMatchObject({
      from: '2026-01-01',
      to: '2026-03-31',
      toDate: false,
      future: false,
    });
    expect(resolvePeriod({ kind: 'quarter', fy: 2027, quarter: 1 }, 1, TODAY)).toMatchObject({
      future: true,
      to: '2027-03-31',
    });
    // The last day of a quarter is not "to date": the quarter is complete.
    expect(resolvePeriod({ kind: 'quarter', fy: 2026, quarter: 4 }, 1, '2026-12-31')).toMatchObject(
      { toDate: false, to: '2026-12-31' },
    );
  });
  it('custom ranges are taken as they are', () => {
    expect(
      resolvePeriod({ kind: 'custom', from: '2026-01-15', to: '2026-02-14' }, 1, TODAY),
    ).toMatchObject({ from: '2026-01-15', to: '2026-02-14', label: null, grain: 'custom' });
  });
});

describe('comparisons', () => {
  it('compares a quarter to date with the same days of the previous quarter and of a year ago', () => {
    const [prev, yearAgo] = comparisons({ kind: 'current' }, 1, TODAY);
    // Oct 1..Nov 21 is 52 days: Jul 1..Aug 21 and Oct 1..Nov 21 a year earlier.
    expect(prev).toMatchObject({
      kind: 'previous',
      sameDays: 52,
      period: { from: '2026-07-01', to: '2026-08-21', label: 'FY2026 Q3' },
    });
    expect(yearAgo).toMatchObject({
      kind: 'year_ago',
      sameDays: 52,
      period: { from: '2025-10-01', to: '2025-11-21', label: 'FY2025 Q4' },
    });
  });
  it('caps the same days at the end of a shorter quarter', () => {
    // Fiscal year from March: Q1 FY2027 is Mar..May 2026; on May 30 that is 91 days, but the
    // previous quarter (Dec 2025..Feb 2026) has only 90.
    const [prev] = comparisons({ kind: 'current' }, 3, '2026-05-30');
    expect(prev.period).toMatchObject({ from: '2025-12-01', to: '2026-02-28', label: 'FY2026 Q4' });
    expect(prev.sameDays).toBe(91);
  });
  it('compares whole past quarters whole', () => {
    const [prev, yearAgo] = comparisons({ kind: 'quarter', fy: 2026, quarter: 1 }, 1, TODAY);
    expect(prev).toMatchObject({
      sameDays: null,
      period: { from: '2025-10-01', to: '2025-12-31', label: 'FY2025 Q4' },
    });
    expect(yearAgo.period).toMatchObject({
      from: '2025-01-01',
      to: '2025-03-31',
      label: 'FY2025 Q1',
    });
  });
  it('a fiscal year has one comparison: the year before', () => {
    const c = comparisons({ kind: 'year', fy: 2025 }, 1, TODAY);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      kind: 'year_ago',
      period: { from: '2024-01-01', to: '2024-12-31', label: 'FY2024' },
    });
  });
  it('custom ranges: the same length just before, and the same dates a year earlier', () => {
    const [prev, yearAgo] = comparisons(
      { kind: 'custom', from: '2024-02-01', to: '2024-02-29' },
      1,
      TODAY,
    );
    expect(prev.period).toMatchObject({ from: '2024-01-03', to: '2024-01-31' });
    expect(yearAgo.period).toMatchObject({ from: '2023-02-01', to: '2023-02-28' });
  });
});

describe('helpers', () => {
  it('shiftYears clamps Feb 29', () => {
    expect(shiftYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(shiftYears('2026-11-21', -1)).toBe('2025-11-21');
  });
  it('the trend is the eight fiscal quarters ending with the period', () => {
    expect(trendRange({ from: '2026-10-01', to: TODAY }, 1)).toEqual({
      from: '2025-01-01',
      to: TODAY,
    });
    expect(trendRange({ from: '2026-11-01', to: TODAY }, 2)).toEqual({
      from: '2025-02-01',
      to: TODAY,
    });
  });
  it('offers quarters and years newest first', () => {
    const q = quarterOptions(TODAY, 1, 5);
    expect(q.map((o) => o.value)).toEqual([
      'FY2026-Q4',
      'FY2026-Q3',
      'FY2026-Q2',
      'FY2026-Q1',
      'FY2025-Q4',
    ]);
    expect(q[0].label).toBe('FY2026 Q4');
    expect(quarterOptions(TODAY, 1, 2, 1).map((o) => o.value)).toEqual(['FY2027-Q1', 'FY2026-Q4']);
    expect(yearOptions(TODAY, 2, 2)).toEqual([
      { value: 'FY2027', label: 'FY2027' },
      { value: 'FY2026', label: 'FY2026' },
    ]);
  });
  it('localToday is the calendar date of the user', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
