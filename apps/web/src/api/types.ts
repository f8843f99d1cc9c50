// Response shapes of the API. The parts the API and the SPA share (metric keys, catalog
// entries, rows) come from @partner-kpi/metrics; only the envelopes are spelled out here
// (apps/api/src/metrics/metrics.service.ts), with money as JSON numbers (the API's
// toJsonRows turns the library's exact decimal strings into numbers rounded to cents).
import type {
  DrillAccountRow,
  DrillDealRow,
  Filters,
  LabelledPeriod,
  LeaderboardRow,
  MetricDefinition,
  MetricKey,
  MetricsValues,
  Period,
  PipelineDeal,
  PipelineKey,
  PipelineMetricDefinition,
  PipelineStageRow,
  Settings,
} from '@partner-kpi/metrics';

type WithNumbers<T, K extends keyof T> = Omit<T, K> & { [P in K]: number };

export type { Filters, LeaderboardRow, MetricKey, MetricsValues, PipelineKey, Settings };

export type DealRow = WithNumbers<DrillDealRow, 'amount'>;
export type AccountRow = WithNumbers<DrillAccountRow, 'arr_start' | 'arr_end'>;
export type OpenDealRow = WithNumbers<PipelineDeal, 'amount'>;

export type CatalogEntry = MetricDefinition | PipelineMetricDefinition;

export interface CatalogResponse {
  metrics: MetricDefinition[];
  pipeline: PipelineMetricDefinition[];
}

export interface MetricsResponse {
  from: string;
  to: string;
  filters: Filters;
  metrics: MetricsValues;
}

export type SeriesEntry = LabelledPeriod & { metrics: MetricsValues };

export interface SeriesResponse {
  grain: string;
  from: string;
  to: string;
  filters: Filters;
  series: SeriesEntry[];
}

interface DrillEnvelope {
  key: string;
  filters: Filters;
  total: number;
  offset: number;
  limit: number;
}

export type MetricDrillResponse = DrillEnvelope &
  Period &
  (
    | { kind: 'deals'; rows: DealRow[] }
    | { kind: 'accounts'; start_month: string; end_month: string; rows: AccountRow[] }
  );

export type PipelineDrillResponse = DrillEnvelope & {
  kind: 'deals';
  as_of: string;
  rows: DealRow[];
};

export type DrillResponse = MetricDrillResponse | PipelineDrillResponse;

export interface PipelineResponse {
  as_of: string;
  week: Period;
  quarter: LabelledPeriod;
  metrics: Record<PipelineKey, number>;
  by_stage: PipelineStageRow[];
  deals: OpenDealRow[];
  filters: Filters;
}

export interface LeaderboardResponse {
  from: string;
  to: string;
  filters: Filters;
  partners: LeaderboardRow[];
}
