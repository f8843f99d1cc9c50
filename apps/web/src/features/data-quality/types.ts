// The data-quality report (apps/api/src/data-quality), as the SPA reads it.

export type Severity = 'ok' | 'info' | 'warning' | 'severe';

export interface QualityCheck {
  key: string;
  label: string;
  /** Every affected row (the samples are the first ones). */
  count: number;
  severity: Severity;
  /** What the problem does to the metrics. */
  affects: string;
  samples: Record<string, unknown>[];
}

export interface AttributionCoverage {
  won_bookings: number;
  sourced: number;
  influenced: number;
  direct: number;
  sourced_share: number | null;
  influenced_share: number | null;
  direct_share: number | null;
}

/** GET /api/v1/data-quality. */
export interface DataQualityReport {
  as_of: string;
  deals: number;
  attribution_coverage: AttributionCoverage;
  checks: QualityCheck[];
  /** The worst severity of any check. */
  severity: Severity;
}

/** GET /api/v1/data-quality/{key}: every affected row, paged. */
export interface QualityRows {
  key: string;
  total: number;
  rows: Record<string, unknown>[];
}
