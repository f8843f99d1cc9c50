// The queries of the board readout for a URL, given the settings: used by the page, and by
// main.tsx to start fetching them before React has rendered anything (the first chart is
// then one round trip after the settings, not one render later).
import type { Settings } from '../../api/types';
import { comparisons, resolvePeriod, trendRange } from '../../lib/periods';
import { parseViewState, toApiFilters } from '../../lib/url-state';
import { metricsOptions, seriesOptions } from './queries';

export function boardQueries(search: string, settings: Settings, today: string) {
  const view = parseViewState(search);
  const start = settings.fiscal_year_start_month;
  const period = resolvePeriod(view.period, start, today);
  const filters = toApiFilters(view.filters);
  const comps = comparisons(view.period, start, today);
  return {
    view,
    period,
    filters,
    comps,
    current: metricsOptions({ from: period.from, to: period.to, filters }),
    compared: comps.map((c) => metricsOptions({ from: c.period.from, to: c.period.to, filters })),
    series: seriesOptions({ ...trendRange(period, start), filters, grain: 'quarter' }),
  };
}
