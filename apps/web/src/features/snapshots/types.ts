// Response shapes of /api/v1/snapshots (apps/api/src/snapshots: snapshot.types.ts, compare.ts,
// snapshots.service.ts), as the SPA reads them. Money is a JSON number, exact to the cent.
import type {
  AttachmentGroup,
  DealClass,
  DealStage,
  DealType,
  DrillRole,
  Filters,
  MetricKey,
  MetricsValues,
  PipelineKey,
  Settings,
  Unit,
} from '@partner-kpi/metrics';
import type { CatalogResponse, PipelineResponse, SeriesResponse } from '../../api/types';

export interface SnapshotPeriod {
  from: string;
  to: string;
  /** The fiscal name of the period: `FY2026 Q2`, `FY2026`, `2026-03`, or a range of those. */
  label: string;
}

/** The figures the snapshot list shows beside each snapshot. */
export type HeadlineKey =
  | 'total_bookings'
  | 'partner_sourced_revenue'
  | 'partner_influenced_revenue'
  | 'partner_attributed_revenue'
  | 'partner_share_of_bookings'
  | 'win_rate_lift'
  | 'acv_lift'
  | 'cac_reduction'
  | 'churn_reduction';

export interface SnapshotSummary {
  id: string;
  name: string;
  period: SnapshotPeriod;
  filters: Filters;
  /** When the figures were frozen (ISO 8601, UTC): the as-of of every export. */
  created_at: string;
  /** sha256 (hex) of the imported data the figures were computed from. */
  fingerprint: string;
  headline: Record<HeadlineKey, number | null>;
}

export interface SnapshotList {
  /** Newest first. */
  snapshots: SnapshotSummary[];
}

export interface FrozenDealRow {
  deal_id: string;
  class: DealClass;
  amount: number;
  role: DrillRole;
}

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

export interface SnapshotContent {
  format: 1;
  period: SnapshotPeriod;
  filters: Filters;
  settings: Settings;
  data_version: string;
  fingerprint: { value: string; covers: string; tables: Record<string, unknown> };
  catalog: CatalogResponse;
  metrics: MetricsValues;
  /** The 8 fiscal quarters ending with the period's. */
  series: SeriesResponse;
  drill: Partial<Record<MetricKey, FrozenDrill>>;
  deals: Record<string, DealDetail>;
  /** As of the period's last day. */
  pipeline: PipelineResponse;
}

export interface Snapshot extends SnapshotSummary {
  content: SnapshotContent;
}

export interface CreateSnapshotBody {
  name: string;
  from: string;
  to: string;
  filters?: Filters;
}

// --- GET /api/v1/snapshots/:id/compare -------------------------------------------------

export const DEAL_CHANGE_KINDS = [
  'added',
  'removed',
  'amount_changed',
  'class_changed',
  'role_changed',
] as const;
export type DealChangeKind = (typeof DEAL_CHANGE_KINDS)[number];

export const ACCOUNT_CHANGE_KINDS = [
  'added',
  'removed',
  'arr_changed',
  'attachment_changed',
  'churn_changed',
] as const;
export type AccountChangeKind = (typeof ACCOUNT_CHANGE_KINDS)[number];

export interface DealSide {
  class: DealClass;
  amount: number;
  role: DrillRole;
}

export interface DealChange {
  deal_id: string;
  name: string | null;
  account_name: string | null;
  reported: DealSide | null;
  recomputed: DealSide | null;
}

export interface AccountSide {
  arr_start: number;
  arr_end: number;
  attachment: AttachmentGroup;
  churned: boolean;
}

export interface AccountChange {
  account_id: string;
  name: string | null;
  reported: AccountSide | null;
  recomputed: AccountSide | null;
}

export interface FigureComparison {
  key: MetricKey;
  label: string;
  unit: Unit;
  reported: number | null;
  recomputed: number | null;
  /** recomputed - reported (money to the cent); null when either is null. */
  difference: number | null;
  changed: boolean;
  deals?: Record<DealChangeKind, DealChange[]>;
  accounts?: Record<AccountChangeKind, AccountChange[]>;
}

export interface ValueComparison {
  key: string;
  reported: number | null;
  recomputed: number | null;
  difference: number | null;
}

export interface SeriesComparison {
  label: string;
  from: string;
  to: string;
  /** Only the figures that differ. */
  changed: ValueComparison[];
}

export interface PipelineComparison extends ValueComparison {
  key: PipelineKey;
  label: string;
  unit: Unit;
  changed: boolean;
}

export interface DealState {
  amount: number;
  class: DealClass;
  type: string;
  stage: string;
  closed_on: string | null;
}

export interface DealRestatement {
  deal_id: string;
  name: string | null;
  account_id: string | null;
  account_name: string | null;
  changes: DealChangeKind[];
  figures: MetricKey[];
  reported: DealState | null;
  recomputed: DealState | null;
  /** Plain sentences from the API: what changed in the deal's row and what that did. */
  explanation: string[];
}

export interface CompareResponse {
  snapshot: Pick<SnapshotSummary, 'id' | 'name' | 'period' | 'filters' | 'created_at'>;
  recomputed_at: string;
  settings: {
    used: 'as_reported';
    as_reported: Settings;
    current: Settings;
    differs: (keyof Settings)[];
    note: string;
  };
  fingerprint: { as_reported: string; current: string; changed: boolean; tables_changed: string[] };
  summary: {
    restated: boolean;
    figures_changed: number;
    figures_total: number;
    deals_explaining: number;
    text: string;
  };
  figures: FigureComparison[];
  series: SeriesComparison[];
  pipeline: PipelineComparison[];
  deals: DealRestatement[];
}

export const EXPORT_FORMATS = ['pdf', 'pptx', 'xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
