import type {
  AttachmentGroup,
  DealClass,
  DealType,
  DealStage,
  DrillRole,
  Filters,
  MetricDefinition,
  MetricKey,
  MetricsValues,
  PipelineMetricDefinition,
  Settings,
} from '@partner-kpi/metrics';
import type { PipelineResponse, SeriesResponse } from '../metrics/metrics.service.js';
import type { Fingerprint } from './fingerprint.js';

/** One deal behind a figure, as it stood when the figure was reported. */
export interface FrozenDealRow {
  deal_id: string;
  class: DealClass;
  /** Money as a JSON number (the drill-down's), exact to the cent. */
  amount: number;
  role: DrillRole;
}

/** One cohort account behind a retention figure. */
export interface FrozenAccountRow {
  account_id: string;
  name: string | null;
  arr_start: number;
  arr_end: number;
  attachment: AttachmentGroup;
  churned: boolean;
}

export type FrozenDrill =
  | { kind: 'deals'; rows: FrozenDealRow[] }
  | { kind: 'accounts'; start_month: string; end_month: string; rows: FrozenAccountRow[] };

/** What a deal looked like (the fields a reader needs to recognise it), once per deal. */
export interface DealDetail {
  deal_id: string;
  name: string | null;
  account_id: string;
  account_name: string | null;
  type: DealType;
  stage: DealStage;
  created_on: string;
  closed_on: string | null;
  sourcing_partner_id: string | null;
  credited_partner_ids: string[];
}

export interface SnapshotPeriod {
  from: string;
  to: string;
  /** The fiscal name of the period: `FY2026 Q2`, `FY2026`, `2026-03`, or a range of those. */
  label: string;
}

/** The figures of the board readout, frozen. Stored as JSONB (`snapshots.content`). */
export interface SnapshotContent {
  /** Shape version of this object, so a later release can still read old snapshots. */
  format: 1;
  period: SnapshotPeriod;
  filters: Filters;
  settings: Settings;
  /** data_state.version when frozen (bumped by every import). */
  data_version: string;
  fingerprint: Fingerprint;
  catalog: { metrics: MetricDefinition[]; pipeline: PipelineMetricDefinition[] };
  /** GET /api/v1/metrics over the period. */
  metrics: MetricsValues;
  /** GET /api/v1/metrics/series?grain=quarter: the 8 fiscal quarters ending with the period's. */
  series: SeriesResponse;
  /** The rows behind every drillable figure (catalog `drill` 'deals' or 'accounts'). */
  drill: Partial<Record<MetricKey, FrozenDrill>>;
  /** Every deal named in `drill`, once. */
  deals: Record<string, DealDetail>;
  /** GET /api/v1/pipeline as of the period's last day. */
  pipeline: PipelineResponse;
}

/** The figures a snapshot list shows. */
export const HEADLINE_KEYS = [
  'total_bookings',
  'partner_sourced_revenue',
  'partner_influenced_revenue',
  'partner_attributed_revenue',
  'partner_share_of_bookings',
  'win_rate_lift',
  'acv_lift',
  'cac_reduction',
  'churn_reduction',
] as const satisfies readonly MetricKey[];
export type HeadlineKey = (typeof HEADLINE_KEYS)[number];

export interface SnapshotSummary {
  id: string;
  name: string;
  period: SnapshotPeriod;
  filters: Filters;
  /** When the figures were frozen (ISO 8601, UTC): the as-of of every export. */
  created_at: string;
  /** sha256 of the data the figures were computed from (see `content.fingerprint`). */
  fingerprint: string;
  headline: Record<HeadlineKey, number | null>;
}

export interface Snapshot extends SnapshotSummary {
  content: SnapshotContent;
}
