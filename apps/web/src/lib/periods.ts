// Which dates a view covers: the fiscal quarter or year picked in the URL (or a custom
// from/to), cut at today when it is still running, the periods it is compared with, and the
// eight quarters of the trend. Pure: the fiscal start month and today are arguments.
import {
  addDays,
  addMonths,
  daysBetween,
  firstDayOfMonth,
  fiscalQuarterOf,
  fiscalQuarterPeriod,
  fiscalYearOf,
  fiscalYearPeriod,
  isIsoDate,
  lastDayOfMonth,
  monthOf,
  periodContaining,
  type Period,
} from '@partner-kpi/metrics';

export type PeriodSelection =
  | { kind: 'current' }
  | { kind: 'quarter'; fy: number; quarter: number }
  | { kind: 'year'; fy: number }
  | { kind: 'custom'; from: string; to: string };

export interface ResolvedPeriod extends Period {
  /** `FY2027 Q1`, `FY2027`, or null for a custom range (the UI formats its dates). */
  label: string | null;
  grain: 'quarter' | 'year' | 'custom';
  /** The whole fiscal period (equal to from/to for a custom range). */
  full: Period;
  /** The period is still running: it is cut at today ("to date"). */
  toDate: boolean;
  /** The period starts after today: nothing can have happened in it yet. */
  future: boolean;
}

export interface Comparison {
  kind: 'previous' | 'year_ago';
  period: ResolvedPeriod;
  /** Days kept from the start of the compared period when the current one is to date. */
  sameDays: number | null;
}

const PERIOD_RE = /^FY(\d{4})(?:-Q([1-4]))?$/;

/** `FY2027-Q1` → quarter, `FY2027` → year; null for anything else. */
export function parsePeriodParam(value: string | null): PeriodSelection | null {
  if (value === null) return null;
  const m = PERIOD_RE.exec(value);
  if (!m) return null;
  const fy = Number(m[1]);
  if (fy < 1900 || fy > 2999) return null;
  return m[2] === undefined ? { kind: 'year', fy } : { kind: 'quarter', fy, quarter: Number(m[2]) };
}

/** The `period` URL parameter of a selection (null for the default and for custom ranges). */
export function periodParam(sel: PeriodSelection): string | null {
  switch (sel.kind) {
    case 'quarter':
      return `FY${sel.fy}-Q${sel.quarter}`;
    case 'year':
      return `FY${sel.fy}`;
    case 'current':
    case 'custom':
      return null;
  }
}

export function isValidRange(from: string, to: string): boolean {
  return isIsoDate(from) && isIsoDate(to) && from <= to;
}

function fiscal(
  full: Period & { label: string },
  grain: 'quarter' | 'year',
  today: string,
): ResolvedPeriod {
  const running = full.from <= today && today < full.to;
  return {
    from: full.from,
    to: running ? today : full.to,
    label: full.label,
    grain,
    full: { from: full.from, to: full.to },
    toDate: running,
    future: full.from > today,
  };
}

export function resolvePeriod(
  sel: PeriodSelection,
  startMonth: number,
  today: string,
): ResolvedPeriod {
  switch (sel.kind) {
    case 'current':
      return fiscal(periodContaining(today, 'quarter', startMonth), 'quarter', today);
    case 'quarter':
      return fiscal(fiscalQuarterPeriod(sel.fy, sel.quarter, startMonth), 'quarter', today);
    case 'year':
      return fiscal(fiscalYearPeriod(sel.fy, startMonth), 'year', today);
    case 'custom':
      return {
        from: sel.from,
        to: sel.to,
        label: null,
        grain: 'custom',
        full: { from: sel.from, to: sel.to },
        toDate: false,
        future: sel.from > today,
      };
  }
}

/** The same calendar day `years` years away, clamped to the month's end (Feb 29 → Feb 28). */
export function shiftYears(date: string, years: number): string {
  const month = addMonths(monthOf(date), years * 12);
  const last = lastDayOfMonth(month);
  const day = `${month}-${date.slice(8, 10)}`;
  return day > last ? last : day;
}

/** A whole fiscal period, cut to its first `days` days when the current period is to date. */
function cut(
  p: Period & { label: string },
  grain: 'quarter' | 'year',
  days: number | null,
): ResolvedPeriod {
  const to =
    days === null ? p.to : addDays(p.from, days - 1) < p.to ? addDays(p.from, days - 1) : p.to;
  return {
    from: p.from,
    to,
    label: p.label,
    grain,
    full: { from: p.from, to: p.to },
    toDate: false,
    future: false,
  };
}

/**
 * What a period is compared with: the previous period and the same period a year earlier
 * (one comparison for a fiscal year, where the two coincide). A period that is still running
 * is compared like for like: the same number of days from the start of the other periods.
 */
export function comparisons(sel: PeriodSelection, startMonth: number, today: string): Comparison[] {
  const current = resolvePeriod(sel, startMonth, today);
  const sameDays = current.toDate ? daysBetween(current.from, current.to) + 1 : null;
  if (current.grain === 'custom') {
    const length = daysBetween(current.from, current.to) + 1;
    const custom = (from: string, to: string): ResolvedPeriod => ({
      from,
      to,
      label: null,
      grain: 'custom',
      full: { from, to },
      toDate: false,
      future: false,
    });
    return [
      {
        kind: 'previous',
        period: custom(addDays(current.from, -length), addDays(current.from, -1)),
        sameDays: null,
      },
      {
        kind: 'year_ago',
        period: custom(shiftYears(current.from, -1), shiftYears(current.to, -1)),
        sameDays: null,
      },
    ];
  }
  const fy = fiscalYearOf(current.full.from, startMonth);
  if (current.grain === 'year') {
    return [
      {
        kind: 'year_ago',
        period: cut(fiscalYearPeriod(fy - 1, startMonth), 'year', sameDays),
        sameDays,
      },
    ];
  }
  const quarter = fiscalQuarterOf(current.full.from, startMonth);
  const previous = periodContaining(addDays(current.full.from, -1), 'quarter', startMonth);
  return [
    { kind: 'previous', period: cut(previous, 'quarter', sameDays), sameDays },
    {
      kind: 'year_ago',
      period: cut(fiscalQuarterPeriod(fy - 1, quarter, startMonth), 'quarter', sameDays),
      sameDays,
    },
  ];
}

/** The eight fiscal quarters ending with the one that contains the end of the period. */
export function trendRange(period: Period, startMonth: number, quarters = 8): Period {
  const last = periodContaining(period.to, 'quarter', startMonth);
  return {
    from: firstDayOfMonth(addMonths(monthOf(last.from), -3 * (quarters - 1))),
    to: period.to,
  };
}

export interface PeriodOption {
  value: string;
  label: string;
}

/** Fiscal quarters from `ahead` quarters after today's back to `count` quarters in all, newest first. */
export function quarterOptions(
  today: string,
  startMonth: number,
  count = 13,
  ahead = 0,
): PeriodOption[] {
  const options: PeriodOption[] = [];
  let q = periodContaining(today, 'quarter', startMonth);
  for (let i = 0; i < ahead; i++) q = periodContaining(addDays(q.to, 1), 'quarter', startMonth);
  for (let i = 0; i < count; i++) {
    const fy = fiscalYearOf(q.from, startMonth);
    const n = fiscalQuarterOf(q.from, startMonth);
    options.push({ value: `FY${fy}-Q${n}`, label: q.label });
    q = periodContaining(addDays(q.from, -1), 'quarter', startMonth);
  }
  return options;
}

/** The fiscal year of today and the `count - 1` before it, newest first. */
export function yearOptions(today: string, startMonth: number, count = 4): PeriodOption[] {
  const fy = fiscalYearOf(today, startMonth);
  return Array.from({ length: count }, (_, i) => ({ value: `FY${fy - i}`, label: `FY${fy - i}` }));
}

/** Today's date in the user's calendar, YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
