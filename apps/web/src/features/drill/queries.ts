import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Filters } from '@partner-kpi/metrics';
import { getJson } from '../../api/client';
import type { MetricDrillResponse, PipelineDrillResponse } from '../../api/types';

export const DRILL_PAGE_SIZE = 50;

export interface MetricDrillParams {
  key: string;
  from: string;
  to: string;
  filters: Filters;
  offset: number;
  limit: number;
}

export interface PipelineDrillParams {
  key: string;
  asOf: string;
  filters: Filters;
  offset: number;
  limit: number;
}

export const drillKeys = {
  metric: (p: MetricDrillParams) => ['metrics', 'drill', p.key, p] as const,
  pipeline: (p: PipelineDrillParams) => ['pipeline', 'drill', p.key, p] as const,
};

/** GET /api/v1/metrics/{key}/deals: the exact deals (or cohort accounts) behind a figure. */
export const metricDrillOptions = (p: MetricDrillParams) =>
  queryOptions({
    queryKey: drillKeys.metric(p),
    queryFn: ({ signal }) =>
      getJson<MetricDrillResponse>(
        `/api/v1/metrics/${encodeURIComponent(p.key)}/deals`,
        { from: p.from, to: p.to, ...p.filters, offset: p.offset, limit: p.limit },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

/** GET /api/v1/pipeline/{key}/deals?as_of=: the deals behind a pipeline figure. */
export const pipelineDrillOptions = (p: PipelineDrillParams) =>
  queryOptions({
    queryKey: drillKeys.pipeline(p),
    queryFn: ({ signal }) =>
      getJson<PipelineDrillResponse>(
        `/api/v1/pipeline/${encodeURIComponent(p.key)}/deals`,
        { as_of: p.asOf, ...p.filters, offset: p.offset, limit: p.limit },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
