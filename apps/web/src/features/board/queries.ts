import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Filters, Period } from '@partner-kpi/metrics';
import { getJson } from '../../api/client';
import type { MetricsResponse, SeriesResponse } from '../../api/types';

export interface PeriodParams extends Period {
  filters: Filters;
}

export const metricsKeys = {
  all: ['metrics'] as const,
  values: (p: PeriodParams) => ['metrics', 'values', p] as const,
  series: (p: PeriodParams & { grain: 'month' | 'quarter' | 'year' }) =>
    ['metrics', 'series', p] as const,
};

/** GET /api/v1/metrics: every board, CMO, CRO and CFO figure over the period. */
export const metricsOptions = (p: PeriodParams) =>
  queryOptions({
    queryKey: metricsKeys.values(p),
    queryFn: ({ signal }) =>
      getJson<MetricsResponse>('/api/v1/metrics', { from: p.from, to: p.to, ...p.filters }, signal),
    placeholderData: keepPreviousData,
  });

/** GET /api/v1/metrics/series: the same figures per fiscal period overlapping from..to. */
export const seriesOptions = (p: PeriodParams & { grain: 'month' | 'quarter' | 'year' }) =>
  queryOptions({
    queryKey: metricsKeys.series(p),
    queryFn: ({ signal }) =>
      getJson<SeriesResponse>(
        '/api/v1/metrics/series',
        { grain: p.grain, from: p.from, to: p.to, ...p.filters },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
