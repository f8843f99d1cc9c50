// Every number, amount and date the SPA shows goes through here: Intl.NumberFormat in the
// reporting currency (GET /api/v1/settings), `—` for null, and the change between two
// periods in the unit that makes sense for it (percentage points for percentages).
import type { Better, Unit } from '@partner-kpi/metrics';

/** What a null figure shows (metrics.md: "The UI shows — with the reason"). */
export const NULL_TEXT = '—';

/**
 * Ratios read as a multiple (2.0× = partners double the win rate) rather than a percentage.
 * The catalog's unit `ratio` covers both kinds, so the SPA tells them apart by key.
 */
export const MULTIPLE_KEYS: ReadonlySet<string> = new Set([
  'win_rate_lift',
  'acv_lift',
  'partner_program_roi',
]);

export function isMultiple(key: string): boolean {
  return MULTIPLE_KEYS.has(key);
}

export type Tone = 'good' | 'bad' | 'neutral';

export interface Change {
  /** e.g. "+12.4%", "−3.1 pts", "+0.12×", "no change", "—" */
  text: string;
  direction: 'up' | 'down' | 'flat' | 'none';
  tone: Tone;
  /** Why there is no change to show (text is then `—`). */
  reason?: string;
}

export interface FormatOptions {
  /** Short form for tiles and axes: $1.27M, 1.2K. */
  compact?: boolean;
}

export interface Formatters {
  readonly currency: string;
  readonly locale: string | undefined;
  money(value: number, options?: FormatOptions): string;
  /** Exact to the cent, for audit tables. */
  moneyExact(value: number): string;
  percent(value: number, fractionDigits?: number): string;
  multiple(value: number): string;
  days(value: number): string;
  months(value: number): string;
  count(value: number, options?: FormatOptions): string;
  perDay(value: number, options?: FormatOptions): string;
  /** A metric value in its catalog unit; `—` for null. */
  metric(value: number | null, unit: Unit, key: string, options?: FormatOptions): string;
  /** The change from `previous` to `current`, toned by the catalog's `better`. */
  change(
    current: number | null,
    previous: number | null,
    unit: Unit,
    key: string,
    better: Better,
  ): Change;
  date(iso: string): string;
  dateRange(from: string, to: string): string;
}

const MINUS = '\u2212';

function signed(text: string, value: number): string {
  if (value > 0) return `+${text}`;
  if (value < 0) return `${MINUS}${text}`;
  return text;
}

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function createFormatters(currency: string, locale?: string): Formatters {
  const cache = new Map<string, Intl.NumberFormat>();
  const nf = (id: string, options: Intl.NumberFormatOptions): Intl.NumberFormat => {
    let f = cache.get(id);
    if (!f) {
      try {
        f = new Intl.NumberFormat(locale, options);
      } catch {
        // A currency code Intl does not know: plain numbers with the code in front.
        const { style: _style, currency: _currency, currencyDisplay: _display, ...rest } = options;
        const plain = new Intl.NumberFormat(locale, rest);
        f = { format: (n: number) => `${currency} ${plain.format(n)}` } as Intl.NumberFormat;
      }
      cache.set(id, f);
    }
    return f;
  };
  const moneyFull = () =>
    nf('money', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    });
  const moneySmall = () =>
    nf('money-small', {
      style: 'currency',
      currency,
      maximumFractionDigits: 2,
      minimumFractionDigits: 0,
    });
  const moneyCompact = () =>
    nf('money-compact', {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumSignificantDigits: 3,
    });
  const moneyExact = () =>
    nf('money-exact', {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

  const money = (value: number, options: FormatOptions = {}): string => {
    const abs = Math.abs(value);
    if (options.compact && abs >= 10_000) return moneyCompact().format(value);
    return (abs < 100 && !Number.isInteger(value) ? moneySmall() : moneyFull()).format(value);
  };
  const percent = (value: number, fractionDigits = 1): string =>
    nf(`pct-${fractionDigits}`, {
      style: 'percent',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    }).format(value);
  const multiple = (value: number): string =>
    `${nf('multiple', { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(value)}×`;
  const oneDecimal = (value: number): string =>
    nf('one-decimal', { maximumFractionDigits: 1 }).format(value);
  const days = (value: number): string => `${oneDecimal(value)} ${value === 1 ? 'day' : 'days'}`;
  const months = (value: number): string =>
    `${oneDecimal(value)} ${value === 1 ? 'month' : 'months'}`;
  const count = (value: number, options: FormatOptions = {}): string =>
    options.compact && Math.abs(value) >= 10_000
      ? nf('count-compact', { notation: 'compact', maximumSignificantDigits: 3 }).format(value)
      : nf('count', { maximumFractionDigits: 0 }).format(value);
  const perDay = (value: number, options: FormatOptions = {}): string =>
    `${money(value, options)}/day`;

  const metric = (
    value: number | null,
    unit: Unit,
    key: string,
    options: FormatOptions = {},
  ): string => {
    if (value === null || !Number.isFinite(value)) return NULL_TEXT;
    switch (unit) {
      case 'currency':
        return money(value, options);
      case 'currency_per_day':
        return perDay(value, options);
      case 'ratio':
        return isMultiple(key) ? multiple(value) : percent(value);
      case 'days':
        return days(value);
      case 'months':
        return months(value);
      case 'count':
        return count(value, options);
    }
  };

  const change = (
    current: number | null,
    previous: number | null,
    unit: Unit,
    key: string,
    better: Better,
  ): Change => {
    if (current === null || previous === null) {
      return {
        text: NULL_TEXT,
        direction: 'none',
        tone: 'neutral',
        reason:
          current === null ? 'no figure for this period' : 'no figure for the comparison period',
      };
    }
    let text: string;
    let delta: number;
    if (unit === 'ratio' && !isMultiple(key)) {
      // Percentages change in percentage points: 40% -> 44% is +4.0 pts, not +10%.
      delta = Math.round((current - previous) * 1000) / 10;
      text = `${nf('pts', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(delta))} pts`;
    } else if (unit === 'ratio') {
      delta = Math.round((current - previous) * 100) / 100;
      text = `${nf('mult-delta', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(delta))}×`;
    } else if (previous === 0) {
      if (current === 0) return { text: 'no change', direction: 'flat', tone: 'neutral' };
      return {
        text: NULL_TEXT,
        direction: 'none',
        tone: 'neutral',
        reason: 'the comparison period was 0',
      };
    } else {
      delta = Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10;
      text = `${nf('pct-delta', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(delta))}%`;
    }
    if (delta === 0) return { text: 'no change', direction: 'flat', tone: 'neutral' };
    const direction = delta > 0 ? 'up' : 'down';
    const improved = (direction === 'up') === (better === 'higher');
    return { text: signed(text, delta), direction, tone: improved ? 'good' : 'bad' };
  };

  return {
    currency,
    locale,
    money,
    moneyExact: (value) => moneyExact().format(value),
    percent,
    multiple,
    days,
    months,
    count,
    perDay,
    metric,
    change,
    date: (iso) => dateFormat.format(utcDate(iso)),
    dateRange: (from, to) =>
      from === to
        ? dateFormat.format(utcDate(from))
        : dateFormat.formatRange(utcDate(from), utcDate(to)),
  };
}
