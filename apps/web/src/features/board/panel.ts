import type { MetricsValues } from '../../api/types';
import type { PeriodParams } from './queries';

/** What each executive panel gets: this period's figures, the previous period's, and the query params. */
export interface PanelData {
  /** undefined while loading (or while the figures of another period are still shown). */
  values: MetricsValues | undefined;
  previous: MetricsValues | undefined;
  previousLabel: string | null;
  params: PeriodParams;
  hasPartnerFilters: boolean;
}
