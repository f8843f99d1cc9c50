import { METRIC_CATALOG, type MetricKey, type Unit } from '@partner-kpi/metrics';

/**
 * Number formats of the board pack, shared by every export so a figure reads the same in the
 * PDF, the deck and the spreadsheet. English (en-US) digits and separators; money in the
 * reporting currency (ISO 4217 code from the settings).
 */

/** Ratios shown as multiples ("2.1x") rather than percentages. */
export const MULTIPLE_KEYS: ReadonlySet<string> = new Set<MetricKey>([
  'win_rate_lift',
  'acv_lift',
  'partner_program_roi',
]);

export const NOT_AVAILABLE = '—';

const cache = new Map<string, Intl.NumberFormat>();
function nf(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** $1,234,567.89 */
export function money(value: number, currency: string): string {
  return nf(
    `m2:${currency}`,
    () =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }),
  ).format(value);
}

/** $1,234,568 */
export function moneyWhole(value: number, currency: string): string {
  return nf(
    `m0:${currency}`,
    () =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: 0,
        maximumFractionDigits: 0,
      }),
  ).format(value);
}

/** $1.23M, $456.2K, $7,890 */
export function moneyCompact(value: number, currency: string): string {
  const abs = Math.abs(value);
  if (abs < 10_000) return moneyWhole(value, currency);
  const digits = abs >= 1e6 ? 2 : 1;
  return nf(
    `mc${digits}:${currency}`,
    () =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        notation: 'compact',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  ).format(value);
}

/** Axis ticks: $150K, $1.5M, $0 (no trailing zeros). */
export function moneyTick(value: number, currency: string): string {
  return nf(
    `mt:${currency}`,
    () =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        notation: 'compact',
        minimumFractionDigits: 0,
        maximumFractionDigits: 1,
      }),
  ).format(value);
}

/** The symbol (or code) the reporting currency is written with: '$', '€', 'CHF'. */
export function currencySymbol(currency: string): string {
  return (
    new Intl.NumberFormat('en-US', { style: 'currency', currency })
      .formatToParts(0)
      .find((p) => p.type === 'currency')?.value ?? currency
  );
}

export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}

export function multiple(value: number): string {
  return `${value.toFixed(value >= 10 ? 0 : value >= 1 ? 1 : 2)}x`;
}

export function count(value: number): string {
  return nf('count', () => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })).format(
    value,
  );
}

function oneDecimal(value: number): string {
  return nf('d1', () => new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })).format(value);
}

/** A figure for display, by the unit of its catalog entry. */
export function formatValue(
  key: string,
  unit: Unit,
  value: number | null,
  currency: string,
): string {
  if (value === null) return NOT_AVAILABLE;
  switch (unit) {
    case 'currency':
      return money(value, currency);
    case 'currency_per_day':
      return `${moneyWhole(value, currency)}/day`;
    case 'ratio':
      return MULTIPLE_KEYS.has(key) ? multiple(value) : percent(value);
    case 'days':
      return `${oneDecimal(value)} days`;
    case 'months':
      return `${oneDecimal(value)} months`;
    case 'count':
      return count(value);
  }
}

/** A metric for display (full precision money: to the cent). */
export function formatMetric(key: MetricKey, value: number | null, currency: string): string {
  return formatValue(key, METRIC_CATALOG[key].unit, value, currency);
}

/** A metric for a tile: money compact ($1.2M), the rest as formatMetric. */
export function formatMetricShort(key: MetricKey, value: number | null, currency: string): string {
  const unit = METRIC_CATALOG[key].unit;
  if (value !== null && unit === 'currency') return moneyCompact(value, currency);
  if (value !== null && unit === 'currency_per_day') return `${moneyCompact(value, currency)}/day`;
  return formatValue(key, unit, value, currency);
}

/**
 * The Excel number format of a unit, money in the reporting currency: `"$"#,##0.00`. The symbol is
 * quoted so any currency (CHF, kr) is literal text.
 */
export function excelNumberFormat(key: string, unit: Unit, currency: string): string {
  const sym = currencySymbol(currency).replace(/"/g, '');
  const cur = sym.length > 1 ? `"${sym} "` : `"${sym}"`;
  switch (unit) {
    case 'currency':
      return `${cur}#,##0.00;-${cur}#,##0.00`;
    case 'currency_per_day':
      return `${cur}#,##0.00"/day"`;
    case 'ratio':
      return MULTIPLE_KEYS.has(key) ? '0.00"x"' : '0.0%';
    case 'days':
      return '0.0" days"';
    case 'months':
      return '0.0" months"';
    case 'count':
      return '#,##0';
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-06-30 -> 30 Jun 2026 */
export function longDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** An ISO timestamp -> 3 Jul 2026, 14:02 UTC */
export function timestampUtc(iso: string): string {
  const t = new Date(iso);
  const date = t.toISOString();
  return `${longDate(date)}, ${date.slice(11, 16)} UTC`;
}

export function monthName(month: number): string {
  return (
    [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ][month - 1] ?? String(month)
  );
}
