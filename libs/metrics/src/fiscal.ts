// The fiscal calendar (data-model.md, settings): "fiscal_year_start_month 1..12; 2 means
// FY runs Feb..Jan; the fiscal year is named after the calendar year in which it ends
// (FY2027 = Feb 2026..Jan 2027)". Series labels (metrics.md, "Series"): `FY2027 Q1`,
// `FY2027`, `2026-03`.
import { addMonths, firstDayOfMonth, isIsoDate, lastDayOfMonth, monthOf } from './dates.js';

export const GRAINS = ['month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];

/** A whole calendar or fiscal period: a closed date interval with its display label. */
export interface LabelledPeriod {
  label: string;
  from: string;
  to: string;
}

function checkStartMonth(startMonth: number): void {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) {
    throw new RangeError(`fiscal_year_start_month must be an integer 1..12, got ${startMonth}`);
  }
}

/** Month of the fiscal year (0 = first month) of a 'YYYY-MM' month. */
function fiscalMonthIndex(month: string, startMonth: number): number {
  return (Number(month.slice(5, 7)) - startMonth + 12) % 12;
}

/** The fiscal year of a date, named after the calendar year in which it ends. */
export function fiscalYearOf(date: string, startMonth: number): number {
  checkStartMonth(startMonth);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  // A year starting in January ends in December of the same year; any other start
  // month ends in the next calendar year, which names it.
  return startMonth === 1 || month < startMonth ? year : year + 1;
}

/** The fiscal quarter (1..4) of a date. */
export function fiscalQuarterOf(date: string, startMonth: number): number {
  checkStartMonth(startMonth);
  return Math.floor(fiscalMonthIndex(monthOf(date), startMonth) / 3) + 1;
}

/** First month ('YYYY-MM') of fiscal year `fy`. */
function fiscalYearStartMonth(fy: number, startMonth: number): string {
  const startYear = startMonth === 1 ? fy : fy - 1;
  return `${String(startYear).padStart(4, '0')}-${String(startMonth).padStart(2, '0')}`;
}

function span(label: string, firstMonth: string, months: number): LabelledPeriod {
  return {
    label,
    from: firstDayOfMonth(firstMonth),
    to: lastDayOfMonth(addMonths(firstMonth, months - 1)),
  };
}

export function fiscalYearPeriod(fy: number, startMonth: number): LabelledPeriod {
  checkStartMonth(startMonth);
  return span(`FY${fy}`, fiscalYearStartMonth(fy, startMonth), 12);
}

export function fiscalQuarterPeriod(
  fy: number,
  quarter: number,
  startMonth: number,
): LabelledPeriod {
  checkStartMonth(startMonth);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new RangeError(`quarter must be 1..4, got ${quarter}`);
  }
  const first = addMonths(fiscalYearStartMonth(fy, startMonth), (quarter - 1) * 3);
  return span(`FY${fy} Q${quarter}`, first, 3);
}

/** The calendar month containing a date, labelled 'YYYY-MM'. */
export function monthPeriod(date: string): LabelledPeriod {
  const month = monthOf(date);
  return span(month, month, 1);
}

/** The whole period of the given grain that contains `date`. */
export function periodContaining(date: string, grain: Grain, startMonth: number): LabelledPeriod {
  switch (grain) {
    case 'month':
      return monthPeriod(date);
    case 'quarter':
      return fiscalQuarterPeriod(
        fiscalYearOf(date, startMonth),
        fiscalQuarterOf(date, startMonth),
        startMonth,
      );
    case 'year':
      return fiscalYearPeriod(fiscalYearOf(date, startMonth), startMonth);
  }
}

/**
 * Every whole period of `grain` overlapping [from, to], in order (metrics.md, "Series":
 * "one entry per fiscal period overlapping [from, to] (each period whole)").
 */
export function periodsOverlapping(
  from: string,
  to: string,
  grain: Grain,
  startMonth: number,
): LabelledPeriod[] {
  if (!isIsoDate(from) || !isIsoDate(to)) throw new RangeError('from and to must be YYYY-MM-DD');
  if (from > to) throw new RangeError('from must not be after to');
  const periods: LabelledPeriod[] = [];
  let current = periodContaining(from, grain, startMonth);
  while (current.from <= to) {
    periods.push(current);
    const next = addMonths(monthOf(current.to), 1);
    current = periodContaining(firstDayOfMonth(next), grain, startMonth);
  }
  return periods;
}
