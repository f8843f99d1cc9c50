import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  checkPeriod,
  dayNumber,
  daysBetween,
  firstDayOfMonth,
  fromDayNumber,
  isIsoDate,
  isIsoMonth,
  lastDayOfMonth,
  monthOf,
} from './dates.js';

describe('date helpers', () => {
  it('counts whole days between dates, across month ends and leap days', () => {
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(0);
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59); // 31 + 28
    expect(daysBetween('2024-01-01', '2024-03-01')).toBe(60); // 31 + 29 (leap year)
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
  });

  it('adds days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-02-11', -6)).toBe('2026-02-05');
  });

  it('does month arithmetic', () => {
    expect(monthOf('2026-03-15')).toBe('2026-03');
    expect(firstDayOfMonth('2026-03')).toBe('2026-03-01');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2100-02')).toBe('2100-02-28'); // not a leap year
    expect(lastDayOfMonth('2000-02')).toBe('2000-02-29'); // a leap year
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
    expect(addMonths('2026-03', -12)).toBe('2025-03');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
  });

  it('validates dates and months strictly', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate('2026-02-03T00:00:00Z')).toBe(false);
    expect(isIsoMonth('2026-12')).toBe(true);
    expect(isIsoMonth('2026-00')).toBe(false);
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => checkPeriod({ from: '2026-02-01', to: '2026-01-31' })).toThrow(/from/);
    expect(() => checkPeriod({ from: '2026-01-01', to: 'soon' })).toThrow(/to/);
  });

  it('handles years below 100 (Date.UTC would map them to 19xx)', () => {
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(daysBetween('0050-01-01', '0051-01-01')).toBe(365);
  });

  it('agrees with Date.UTC and round-trips (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -30_000, max: 60_000 }),
        fc.integer({ min: -800, max: 800 }),
        (n, k) => {
          const date = fromDayNumber(n);
          expect(isIsoDate(date)).toBe(true);
          expect(dayNumber(date)).toBe(n);
          expect(
            Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8))),
          ).toBe(n * 86_400_000);
          expect(daysBetween(date, addDays(date, k))).toBe(k);
        },
      ),
    );
  });
});
