import { describe, expect, it } from '@jest/globals';
import { createFormatters, isMultiple, NULL_TEXT } from './format';

const usd = createFormatters('USD', 'en-US');
const nbsp = (s: string) => s.replace(/[\u00a0\u2009\u202f]/g, ' ');

describe('money', () => {
  it('formats in the reporting currency, whole units by default', () => {
    expect(usd.money(3177722.63)).toBe('$3,177,723');
    expect(usd.money(0)).toBe('$0');
    expect(usd.money(-1500)).toBe('-$1,500');
  });
  it('keeps cents on small non-integer amounts and exact to the cent for audit', () => {
    expect(usd.money(53.5)).toBe('$53.5');
    expect(usd.moneyExact(6400)).toBe('$6,400.00');
    expect(usd.moneyExact(30550.245)).toBe('$30,550.25');
  });
  it('compacts large amounts for tiles and axes, not small ones', () => {
    expect(usd.money(1265847.92, { compact: true })).toBe('$1.27M');
    expect(usd.money(845188.93, { compact: true })).toBe('$845K');
    expect(usd.money(9999, { compact: true })).toBe('$9,999');
  });
  it('uses the currency and locale it is given', () => {
    const eur = createFormatters('EUR', 'de-DE');
    expect(nbsp(eur.money(1234.4))).toBe('1.234 €');
    expect(eur.currency).toBe('EUR');
  });
  it('falls back to the code when Intl does not know the currency', () => {
    expect(createFormatters('US1', 'en-US').money(1000)).toBe('US1 1,000');
  });
});

describe('metric values by catalog unit', () => {
  it('shows null as — whatever the unit', () => {
    for (const unit of [
      'currency',
      'ratio',
      'days',
      'count',
      'months',
      'currency_per_day',
    ] as const) {
      expect(usd.metric(null, unit, 'x')).toBe(NULL_TEXT);
    }
    expect(NULL_TEXT).toBe('—');
    expect(usd.metric(Number.NaN, 'ratio', 'nrr')).toBe('—');
  });
  it('shows ratios as percentages, lifts and ROI as multiples', () => {
    expect(usd.metric(0.664323824260269, 'ratio', 'partner_share_of_bookings')).toBe('66.4%');
    expect(usd.metric(1.1009163269618232, 'ratio', 'nrr')).toBe('110.1%');
    expect(usd.metric(0.570919216308918, 'ratio', 'cac_reduction')).toBe('57.1%');
    expect(usd.metric(1.9761640798226163, 'ratio', 'win_rate_lift')).toBe('1.98×');
    expect(usd.metric(2, 'ratio', 'acv_lift')).toBe('2.0×');
    expect(usd.metric(1.0913175808262157, 'ratio', 'partner_program_roi')).toBe('1.09×');
    expect(isMultiple('win_rate_partner')).toBe(false);
  });
  it('days, months, counts and currency per day', () => {
    expect(usd.metric(39, 'days', 'cycle_days_median_partner')).toBe('39 days');
    expect(usd.metric(1, 'days', 'cycle_days_median_partner')).toBe('1 day');
    expect(usd.metric(44.935483870967744, 'days', 'cycle_days_mean_partner')).toBe('44.9 days');
    expect(usd.metric(67.5, 'days', 'cycle_days_median_direct')).toBe('67.5 days');
    expect(usd.metric(27.104906277346874, 'months', 'cac_payback_months')).toBe('27.1 months');
    expect(usd.metric(1234, 'count', 'new_customers')).toBe('1,234');
    expect(usd.metric(36633.37, 'currency_per_day', 'sales_velocity_partner')).toBe('$36,633/day');
    expect(
      usd.metric(36633.37, 'currency_per_day', 'sales_velocity_partner', { compact: true }),
    ).toBe('$36.6K/day');
  });
});

describe('change between periods', () => {
  it('percentages change in percentage points, toned by the catalog direction', () => {
    const c = usd.change(0.664, 0.694, 'ratio', 'partner_share_of_bookings', 'higher');
    expect(c).toEqual({ text: '−3.0 pts', direction: 'down', tone: 'bad' });
    expect(usd.change(0.064, 0.077, 'ratio', 'logo_churn_rate', 'lower')).toMatchObject({
      text: '−1.3 pts',
      tone: 'good',
    });
  });
  it('amounts change in percent; up is bad when lower is better', () => {
    expect(usd.change(1128, 1000, 'currency', 'blended_cac', 'lower')).toEqual({
      text: '+12.8%',
      direction: 'up',
      tone: 'bad',
    });
    expect(usd.change(1241, 1000, 'currency', 'partner_sourced_revenue', 'higher')).toMatchObject({
      text: '+24.1%',
      tone: 'good',
    });
  });
  it('multiples change in ×', () => {
    expect(usd.change(1.98, 1.5, 'ratio', 'win_rate_lift', 'higher')).toMatchObject({
      text: '+0.48×',
      tone: 'good',
    });
  });
  it('no change, a zero base and missing figures say so instead of inventing a number', () => {
    expect(usd.change(5, 5, 'count', 'new_customers', 'higher')).toMatchObject({
      text: 'no change',
      tone: 'neutral',
      direction: 'flat',
    });
    expect(usd.change(0, 0, 'currency', 'partner_spend', 'lower')).toMatchObject({
      text: 'no change',
    });
    expect(usd.change(10, 0, 'currency', 'total_bookings', 'higher')).toMatchObject({
      text: '—',
      reason: 'the comparison period was 0',
    });
    expect(usd.change(null, 0.5, 'ratio', 'nrr', 'higher')).toMatchObject({
      text: '—',
      reason: 'no figure for this period',
    });
    expect(usd.change(0.5, null, 'ratio', 'nrr', 'higher')).toMatchObject({
      text: '—',
      reason: 'no figure for the comparison period',
    });
    // Rounds to nothing at the shown precision: no arrow for noise.
    expect(usd.change(0.50001, 0.5, 'ratio', 'nrr', 'higher')).toMatchObject({ text: 'no change' });
  });
});

describe('dates', () => {
  it('formats ISO dates without a time-zone shift', () => {
    expect(usd.date('2026-01-01')).toBe('Jan 1, 2026');
    expect(nbsp(usd.dateRange('2026-10-01', '2026-11-21'))).toMatch(/^Oct 1 – Nov 21, 2026$/);
    expect(usd.dateRange('2026-10-01', '2026-10-01')).toBe('Oct 1, 2026');
  });
});
