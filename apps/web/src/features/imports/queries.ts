// Saved column mappings and presets, the import history, saving a mapping, and the import
// itself (dry run or applied), after which every figure is refetched.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { getJson, sendRequest } from '../../api/client';
import type { Entity } from './entities';
import type { ColumnMapping, ImportRunsResponse, MappingSummary } from './types';
import {
  uploadImport,
  type ImportOutcome,
  type ImportRequest,
  type UploadProgress,
} from './upload';

export const importKeys = {
  all: ['imports'] as const,
  mappings: () => ['imports', 'mappings'] as const,
  runs: (p: { limit: number; offset: number }) => ['imports', 'runs', p] as const,
};

/** GET /api/v1/import/mappings: the presets and the saved mappings. */
export const mappingsOptions = () =>
  queryOptions({
    queryKey: importKeys.mappings(),
    queryFn: ({ signal }) => getJson<MappingSummary[]>('/api/v1/import/mappings', {}, signal),
    staleTime: 60_000,
  });

export const RUNS_PAGE_SIZE = 20;

/** GET /api/v1/import/runs, newest first. */
export const runsOptions = (p: { limit: number; offset: number }) =>
  queryOptions({
    queryKey: importKeys.runs(p),
    queryFn: ({ signal }) =>
      getJson<ImportRunsResponse>(
        '/api/v1/import/runs',
        { limit: p.limit, offset: p.offset },
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

/** PUT /api/v1/import/mappings/{name}. */
export function useSaveMapping() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, mapping }: { name: string; mapping: ColumnMapping }) =>
      sendRequest<MappingSummary>('PUT', `/api/v1/import/mappings/${encodeURIComponent(name)}`, {
        body: mapping,
      }),
    onSuccess: async (saved) => {
      // In the list at once, so the page can select it before the list is refetched.
      client.setQueryData(importKeys.mappings(), (list: MappingSummary[] | undefined) =>
        list ? [...list.filter((m) => m.name !== saved.name), saved] : list,
      );
      await client.invalidateQueries({ queryKey: importKeys.mappings() });
    },
  });
}

export interface ImportVariables {
  file: Blob;
  request: ImportRequest;
  onProgress: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

/**
 * The import (or its dry run). The history records dry runs too, so it is refetched either way;
 * an applied import changes every figure, so then everything but the catalog is refetched.
 */
export function useImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, request, onProgress, signal }: ImportVariables): Promise<ImportOutcome> =>
      uploadImport(file, request, onProgress, signal),
    onSettled: async (outcome, _error, { request }) => {
      const applied = outcome?.kind === 'done' && !request.dryRun;
      await client.invalidateQueries(
        applied
          ? { predicate: (q) => q.queryKey[0] !== 'catalog' }
          : { queryKey: [...importKeys.all, 'runs'] },
      );
    },
  });
}

const LAST_MAPPING_KEY = 'partner-kpi.import.last-mapping';

/** The mapping last used per entity ('' = none), remembered in this browser. */
export function lastMapping(entity: Entity): string | null {
  try {
    const all = JSON.parse(localStorage.getItem(LAST_MAPPING_KEY) ?? '{}') as Record<
      string,
      unknown
    >;
    const v = all[entity];
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function rememberMapping(entity: Entity, name: string): void {
  try {
    const all = JSON.parse(localStorage.getItem(LAST_MAPPING_KEY) ?? '{}') as Record<
      string,
      unknown
    >;
    localStorage.setItem(LAST_MAPPING_KEY, JSON.stringify({ ...all, [entity]: name }));
  } catch {
    // Storage full or disabled: the choice is simply not remembered.
  }
}
