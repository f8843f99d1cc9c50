// The data-quality report and the rows of one check (GET /api/v1/data-quality[/key]).
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { getJson } from '../../api/client';
import type { DataQualityReport, QualityRows } from './types';

export const dataQualityKeys = {
  all: ['data-quality'] as const,
  report: () => ['data-quality', 'report'] as const,
  rows: (p: { key: string; limit: number; offset: number }) => ['data-quality', 'rows', p] as const,
};

export const dataQualityOptions = () =>
  queryOptions({
    queryKey: dataQualityKeys.report(),
    queryFn: ({ signal }) => getJson<DataQualityReport>('/api/v1/data-quality', {}, signal),
    staleTime: 60_000,
  });

export const QUALITY_PAGE_SIZE = 100;

export const qualityRowsOptions = (p: { key: string; limit: number; offset: number }) =>
  queryOptions({
    queryKey: dataQualityKeys.rows(p),
    queryFn: ({ signal }) =>
      getJson<QualityRows>(
        `/api/v1/data-quality/${encodeURIComponent(p.key)}`,
        { limit: p.limit, offset: p.offset },
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
