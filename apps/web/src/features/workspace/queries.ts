// The workspace as a whole: the metric catalog, whether any data has been imported, the
// partner directory and the account segments/regions the filters offer, and the demo loader.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { PartnerType } from '@partner-kpi/metrics';
import { getJson, postJson } from '../../api/client';
import type {
  CatalogResponse,
  LeaderboardResponse,
  MetricDrillResponse,
  MetricsResponse,
  PipelineResponse,
} from '../../api/types';

export const catalogOptions = () =>
  queryOptions({
    queryKey: ['catalog'] as const,
    queryFn: ({ signal }) => getJson<CatalogResponse>('/api/v1/metrics/catalog', {}, signal),
    staleTime: Infinity,
  });

export interface PartnerInfo {
  partner_id: string;
  name: string;
  type: PartnerType;
  tier: string | null;
}

/**
 * Every partner with its name, type and tier. The API has no partner list, so this reads the
 * leaderboard without filters, which lists every partner.
 */
export const partnerDirectoryOptions = () =>
  queryOptions({
    queryKey: ['partners', 'directory'] as const,
    queryFn: async ({ signal }) => {
      const res = await getJson<LeaderboardResponse>('/api/v1/partners/leaderboard', {}, signal);
      return res.partners
        .map(({ partner_id, name, type, tier }): PartnerInfo => ({ partner_id, name, type, tier }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    staleTime: 5 * 60_000,
  });

export interface Dimensions {
  segments: string[];
  regions: string[];
}

/**
 * The account segments and regions to offer as filters. The API has no account list, so
 * this reads the accounts of the retention cohort (GET /metrics/nrr/deals), which carry them.
 */
export const dimensionsOptions = () =>
  queryOptions({
    queryKey: ['workspace', 'dimensions'] as const,
    queryFn: async ({ signal }): Promise<Dimensions> => {
      const res = await getJson<MetricDrillResponse>(
        '/api/v1/metrics/nrr/deals',
        { limit: 100000 },
        signal,
      );
      const segments = new Set<string>();
      const regions = new Set<string>();
      if (res.kind === 'accounts') {
        for (const a of res.rows) {
          if (a.segment) segments.add(a.segment);
          if (a.region) regions.add(a.region);
        }
      }
      return { segments: [...segments].sort(), regions: [...regions].sort() };
    },
    staleTime: 10 * 60_000,
  });

/**
 * Whether anything has been imported. Partners come first in the import order, so a
 * workspace with partners has data; without partners, the current pipeline and bookings
 * decide (a CRM imported without any partner yet).
 */
export const workspaceStatusOptions = (client: QueryClient) =>
  queryOptions({
    queryKey: ['workspace', 'status'] as const,
    queryFn: async ({ signal }): Promise<{ hasData: boolean }> => {
      const partners = await client.ensureQueryData(partnerDirectoryOptions());
      if (partners.length > 0) return { hasData: true };
      const [pipeline, metrics] = await Promise.all([
        getJson<PipelineResponse>('/api/v1/pipeline', {}, signal),
        getJson<MetricsResponse>('/api/v1/metrics', {}, signal),
      ]);
      const open = pipeline.metrics.open_deals_partner + pipeline.metrics.open_deals_direct;
      return {
        hasData:
          open > 0 || pipeline.by_stage.length > 0 || (metrics.metrics.total_bookings ?? 0) > 0,
      };
    },
    staleTime: 60_000,
  });

/** POST /api/v1/demo, then everything is refetched. */
export function useLoadDemo() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<unknown>('/api/v1/demo'),
    onSuccess: async () => {
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'catalog' });
    },
  });
}
