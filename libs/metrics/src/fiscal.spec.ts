import { describe, expect, it } from '@jest/globals';
import {
  fiscalQuarterOf,
  fiscalQuarterPeriod,
  fiscalYearOf,
  fiscalYearPeriod,
  periodContaining,
  periodsOverlapping,
} from './fiscal.js';

describe('fiscal calendar starting in February (FY2027 = Feb 2026..Jan 2027)', () => {
  it('names the fiscal year after the calendar year it ends in', () => {
    expect(fiscalYearOf('2026-01-31', 2)).toBe(2026);
    expect(fiscalYearOf('2026-02-01', 2)).toBe(2027);
    expect(fiscalYearOf('2026-12-31', 2)).toBe(2027);
    expect(fiscalYearOf('2027-01-31', 2)).toBe(2027);
    expect(fiscalYearPeriod(2027, 2)).toEqual({
      label: 'FY2027',
      from: '2026-02-01',
      to: '2027-01-31',
    });
  });

  it('puts the quarter boundaries at Feb, May, Aug and Nov', () => {
    expect(fiscalQuarterOf('2026-02-01', 2)).toBe(1);
    expect(fiscalQuarterOf('2026-04-30', 2)).toBe(1);
    expect(fiscalQuarterOf('2026-05-01', 2)).toBe(2);
    expect(fiscalQuarterOf('2026-10-31', 2)).toBe(3);
    expect(fiscalQuarterOf('2026-11-01', 2)).toBe(4);
    expect(fiscalQuarterOf('2027-01-31', 2)).toBe(4);
    expect(fiscalQuarterPeriod(2027, 1, 2)).toEqual({
      label: 'FY2027 Q1',
      from: '2026-02-01',
      to: '2026-04-30',
    });
    // Q4 of FY2028 ends on the leap day's month: Nov 2027..Jan 2028.
    expect(fiscalQuarterPeriod(2028, 4, 2)).toEqual({
      label: 'FY2028 Q4',
      from: '2027-11-01',
      to: '2028-01-31',
    });
    expect(periodContaining('2027-01-15', 'quarter', 2).label).toBe('FY2027 Q4');
  });

  it('lists whole quarters overlapping a range', () => {
    expect(periodsOverlapping('2026-03-15', '2026-06-01', 'quarter', 2)).toEqual([
      { label: 'FY2027 Q1', from: '2026-02-01', to: '2026-04-30' },
      { label: 'FY2027 Q2', from: '2026-05-01', to: '2026-07-31' },
    ]);
  });

  it('lists whole years overlapping a range', () => {
    expect(periodsOverlapping('2026-01-15', '2026-02-15', 'year', 2)).toEqual([
      { label: 'FY2026', from: '2025-02-01', to: '2026-01-31' },
      { label: 'FY2027', from: '2026-02-01', to: '2027-01-31' },
    ]);
  });

  it('lists calendar months with YYYY-MM labels', () => {
    expect(periodsOverlapping('2024-01-31', '2024-03-01', 'month', 2)).toEqual([
      { label: '2024-01', from: '2024-01-01', to: '2024-01-31' },
      { label: '2024-02', from: '2024-02-01', to: '2024-02-29' },
      { label: '2024-03', from: '2024-03-01', to: '2024-03-31' },
    ]);
  });
});

describe('fiscal calendar starting in January', () => {
  it('is the calendar year', () => {
    expect(fiscalYearOf('2026-01-01', 1)).toBe(2026);
    expect(fiscalYearOf('2026-12-31', 1)).toBe(2026);
    expect(fiscalYearPeriod(2026, 1)).toEqual({
      label: 'FY2026',
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(periodsOverlapping('2026-03-31', '2026-04-01', 'quarter', 1)).toEqual([
      { label: 'FY2026 Q1', from: '2026-01-01', to: '2026-03-31' },
      { label: 'FY2026 Q2', from: '2026-04-01', to: '2026-06-30' },
    ]);
  });
});

describe('fiscal calendar starting in December', () => {
  it('runs Dec..Nov and is named after the November it ends in', () => {
    expect(fiscalYearOf('2026-12-01', 12)).toBe(2027);
    expect(fiscalYearOf('2026-11-30', 12)).toBe(2026);
    expect(fiscalQuarterPeriod(2027, 1, 12)).toEqual({
      label: 'FY2027 Q1',
      from: '2026-12-01',
      to: '2027-02-28',
    });
  });
});

describe('fiscal calendar validation', () => {
  it('rejects a bad start month, a bad quarter and from > to', () => {
    expect(() => fiscalYearOf('2026-01-01', 0)).toThrow(RangeError);
    expect(() => fiscalYearOf('2026-01-01', 13)).toThrow(RangeError);
    expect(() => fiscalQuarterPeriod(2026, 5, 1)).toThrow(RangeError);
    expect(() => periodsOverlapping('2026-02-01', '2026-01-01', 'month', 1)).toThrow(RangeError);
  });

  it('a one-day range gives the one period containing it', () => {
    expect(periodsOverlapping('2026-05-01', '2026-05-01', 'year', 5)).toEqual([
      { label: 'FY2027', from: '2026-05-01', to: '2027-04-30' },
    ]);
  });
});
