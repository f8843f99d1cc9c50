// Pure helpers of the data-quality page: severity order and wording, the columns of a check's
// rows, and the drill-down a sample deal can be audited in.
import { EMPTY_VIEW, serializeViewState } from '../../lib/url-state';
import type { Severity } from './types';

export const SEVERITY_ORDER: readonly Severity[] = ['severe', 'warning', 'info', 'ok'];

export const SEVERITY_TEXT: Record<Severity, string> = {
  severe: 'Severe',
  warning: 'Warning',
  info: 'Info',
  ok: 'OK',
};

/** Worst first, then by the number of affected rows (ties keep the API's order). */
export function sortChecks<T extends { severity: Severity; count: number }>(
  checks: readonly T[],
): T[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.c.severity) - SEVERITY_ORDER.indexOf(b.c.severity) ||
        b.c.count - a.c.count ||
        a.i - b.i,
    )
    .map((x) => x.c);
}

/** The columns of a check's rows, in the order they first appear. */
export function sampleColumns(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** A cell of a sample row as text ('' for null). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const BOOKING_TYPES: ReadonlySet<unknown> = new Set(['new_business', 'expansion']);

/**
 * The board's drill-down that lists a sample deal: a won new-business or expansion deal is in
 * the total-bookings drill-down of the day it closed (`/?from=D&to=D&drill=total_bookings`).
 * Other rows (open or lost deals, touches, accounts) have no single figure to open: null.
 */
export function dealDrillHref(row: Readonly<Record<string, unknown>>): string | null {
  const closed = row.closed_on;
  if (
    typeof row.deal_id !== 'string' ||
    row.stage !== 'won' ||
    !BOOKING_TYPES.has(row.type) ||
    typeof closed !== 'string' ||
    !ISO.test(closed)
  ) {
    return null;
  }
  return `/${serializeViewState({
    ...EMPTY_VIEW,
    period: { kind: 'custom', from: closed, to: closed },
    drill: { key: 'total_bookings', page: 1, partner: null },
  })}`;
}
