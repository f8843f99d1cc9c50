// Board snapshots: the list, one snapshot with everything frozen in it, its restatement
// against today's data, and the freeze / delete mutations (which invalidate the list).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { getJson, sendRequest } from '../../api/client';
import type {
  CompareResponse,
  CreateSnapshotBody,
  ExportFormat,
  Snapshot,
  SnapshotList,
  SnapshotSummary,
} from './types';

const BASE = '/api/v1/snapshots';

export const snapshotKeys = {
  all: ['snapshots'] as const,
  list: () => ['snapshots', 'list'] as const,
  detail: (id: string) => ['snapshots', 'detail', id] as const,
  compare: (id: string) => ['snapshots', 'detail', id, 'compare'] as const,
};

/** GET /api/v1/snapshots: every snapshot, newest first. */
export const snapshotListOptions = () =>
  queryOptions({
    queryKey: snapshotKeys.list(),
    queryFn: ({ signal }) => getJson<SnapshotList>(BASE, {}, signal),
  });

/** GET /api/v1/snapshots/:id: immutable, so it never goes stale. */
export const snapshotOptions = (id: string) =>
  queryOptions({
    queryKey: snapshotKeys.detail(id),
    queryFn: ({ signal }) => getJson<Snapshot>(`${BASE}/${encodeURIComponent(id)}`, {}, signal),
    staleTime: Infinity,
  });

/** GET /api/v1/snapshots/:id/compare: recomputed on today's data at every visit. */
export const snapshotCompareOptions = (id: string) =>
  queryOptions({
    queryKey: snapshotKeys.compare(id),
    queryFn: ({ signal }) =>
      getJson<CompareResponse>(`${BASE}/${encodeURIComponent(id)}/compare`, {}, signal),
    staleTime: 0,
  });

/** The export routes, rendered from the snapshot only. */
export function exportHref(id: string, format: ExportFormat): string {
  return `${BASE}/${encodeURIComponent(id)}/export.${format}`;
}

/** POST /api/v1/snapshots {name, from, to, filters}. */
export function useCreateSnapshot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSnapshotBody) => sendRequest<SnapshotSummary>('POST', BASE, { body }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: snapshotKeys.list() });
    },
  });
}

/** DELETE /api/v1/snapshots/:id (the one destructive route). */
export function useDeleteSnapshot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => sendRequest<void>('DELETE', `${BASE}/${encodeURIComponent(id)}`),
    onSuccess: async (_, id) => {
      client.removeQueries({ queryKey: snapshotKeys.detail(id) });
      await client.invalidateQueries({ queryKey: snapshotKeys.list() });
    },
  });
}
