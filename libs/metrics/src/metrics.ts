// GET /api/v1/metrics: every key of the board, CRO, CMO and CFO tables of metrics.md.
import { activePartnerIds, boardValues, bookingsFacts, wonBookingsClosingIn } from './board.js';
import type { MetricsValues } from './catalog.js';
import { METRIC_KEYS } from './catalog.js';
import { cfoValues, cohortFacts, retentionCohort } from './cfo.js';
import { cmoValues, newCustomerFacts, newCustomersIn, spendIn } from './cmo.js';
import { prepareDataset } from './context.js';
import type { Context } from './context.js';
import { croFacts, croValues, newBusinessClosingIn } from './cro.js';
import { checkPeriod } from './dates.js';
import { periodsOverlapping } from './fiscal.js';
import type { Grain, LabelledPeriod } from './fiscal.js';
import type { MetricsFacts } from './facts.js';
import { DEFAULT_SETTINGS } from './types.js';
import type { Dataset, Filters, Period, Settings } from './types.js';

/**
 * The facts of a period, from the rows (the definition; the API's SQL fast path must give
 * the same facts, see `factsEqual`). Classes are decided as facts.ts describes.
 */
export function computeFacts(ctx: Context, period: Period): MetricsFacts {
  checkPeriod(period);
  return {
    bookings: bookingsFacts(wonBookingsClosingIn(ctx, period)),
    active_partners: activePartnerIds(ctx, period).length,
    cro: croFacts(newBusinessClosingIn(ctx, period)),
    new_customers: newCustomerFacts(newCustomersIn(ctx, period)),
    spend: spendIn(ctx, period),
    retention: cohortFacts(retentionCohort(ctx, period.to)),
  };
}

/**
 * Every metric of GET /api/v1/metrics from the facts alone, in catalog order: money
 * (currency, currency_per_day) rounded to cents half away from zero at the end, other
 * numbers unrounded, null where a ratio's denominator is zero or its inputs are empty.
 */
export function metricsFromFacts(
  facts: MetricsFacts,
  settings: Settings = DEFAULT_SETTINGS,
): MetricsValues {
  const values: MetricsValues = {
    ...boardValues(facts),
    ...croValues(facts.cro),
    ...cmoValues(facts, settings),
    ...cfoValues(facts),
  };
  // Key order of the catalog, so responses read the same way every time.
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, values[k]])) as MetricsValues;
}

/** computeMetrics on a prepared (filtered and indexed) dataset: reuse one context for many periods. */
export function computeMetricsFromContext(
  ctx: Context,
  period: Period,
  settings: Settings = DEFAULT_SETTINGS,
): MetricsValues {
  return metricsFromFacts(computeFacts(ctx, period), settings);
}

/**
 * Every metric over the period `[from, to]` with the filters. Money (units currency and
 * currency_per_day) is rounded to cents; every other number is unrounded; null where a
 * ratio's denominator is zero or its inputs are empty.
 */
export function computeMetrics(
  ds: Dataset,
  period: Period,
  filters: Filters = {},
  settings: Settings = DEFAULT_SETTINGS,
): MetricsValues {
  return computeMetricsFromContext(prepareDataset(ds, filters), period, settings);
}

export interface SeriesEntry extends LabelledPeriod {
  metrics: MetricsValues;
}

/**
 * GET /api/v1/metrics/series: "one entry per fiscal period overlapping [from, to] (each
 * period whole), each with the same metrics object".
 */
export function computeSeries(
  ds: Dataset,
  period: Period,
  grain: Grain,
  filters: Filters = {},
  settings: Settings = DEFAULT_SETTINGS,
): SeriesEntry[] {
  checkPeriod(period);
  const ctx = prepareDataset(ds, filters);
  return periodsOverlapping(period.from, period.to, grain, settings.fiscal_year_start_month).map(
    (p) => ({ ...p, metrics: computeMetricsFromContext(ctx, p, settings) }),
  );
}
