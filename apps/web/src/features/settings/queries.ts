import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { getJson, putJson } from '../../api/client';
import type { Settings } from '../../api/types';

export const settingsKeys = { all: ['settings'] as const };

export const settingsOptions = () =>
  queryOptions({
    queryKey: settingsKeys.all,
    queryFn: ({ signal }) => getJson<Settings>('/api/v1/settings', {}, signal),
    staleTime: 5 * 60_000,
  });

/** PUT /api/v1/settings; every figure depends on the settings, so everything is refetched. */
export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<Settings> | Record<string, unknown>) =>
      putJson<Settings>('/api/v1/settings', change),
    onSuccess: async (saved) => {
      client.setQueryData(settingsKeys.all, saved);
      await client.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== 'settings' && q.queryKey[0] !== 'catalog',
      });
    },
  });
}
