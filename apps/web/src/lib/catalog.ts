// The metric catalog of GET /api/v1/metrics/catalog, indexed by key: the one source of the
// labels, units, directions, formulas and null reasons the SPA shows.
import type {
  MetricDefinition,
  MetricKey,
  PipelineKey,
  PipelineMetricDefinition,
} from '@partner-kpi/metrics';
import type { CatalogEntry, CatalogResponse } from '../api/types';

export interface Catalog {
  get(key: string): CatalogEntry | undefined;
  metric(key: MetricKey): MetricDefinition;
  pipeline(key: PipelineKey): PipelineMetricDefinition;
}

/** An entry for a key the API did not describe (an older API): the key itself as its label. */
function unknownEntry<K extends string, A extends string>(
  key: K,
  alignment: A,
): MetricDefinition<K, A> {
  return {
    key,
    alignment,
    label: key,
    unit: 'count',
    better: 'higher',
    formula: '',
    deal_based: false,
    drill: null,
    null_reason: null,
  };
}

export function indexCatalog(response: CatalogResponse): Catalog {
  const metrics = new Map<string, MetricDefinition>(response.metrics.map((e) => [e.key, e]));
  const pipeline = new Map<string, PipelineMetricDefinition>(
    response.pipeline.map((e) => [e.key, e]),
  );
  return {
    get: (key) => metrics.get(key) ?? pipeline.get(key),
    metric: (key) => metrics.get(key) ?? unknownEntry(key, 'board'),
    pipeline: (key) => pipeline.get(key) ?? unknownEntry(key, 'pipeline'),
  };
}

/** Why a figure shows `—`: the catalog's reason, or a generic one. */
export function nullReason(entry: Pick<CatalogEntry, 'null_reason'> | undefined): string {
  return entry?.null_reason ?? 'not defined for this selection (a ratio over zero)';
}
