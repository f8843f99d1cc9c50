import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Filters } from '@partner-kpi/metrics';
import { getJson } from '../../api/client';
import type { PipelineResponse } from '../../api/types';

export interface PipelineParams {
  asOf: string;
  filters: Filters;
}

export const pipelineKeys = {
  all: ['pipeline'] as const,
  review: (p: PipelineParams) => ['pipeline', 'review', p] as const,
};

/** GET /api/v1/pipeline?as_of=: the weekly pipeline review as of a date. */
export const pipelineOptions = (p: PipelineParams) =>
  queryOptions({
    queryKey: pipelineKeys.review(p),
    queryFn: ({ signal }) =>
      getJson<PipelineResponse>('/api/v1/pipeline', { as_of: p.asOf, ...p.filters }, signal),
    placeholderData: keepPreviousData,
  });
