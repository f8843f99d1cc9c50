import { ApiProperty } from '@nestjs/swagger';
import { METRIC_CATALOG } from '@partner-kpi/metrics';
import { HEADLINE_KEYS } from '../snapshot.types.js';

// Response shapes for the OpenAPI document.

class SnapshotPeriodDto {
  @ApiProperty({ example: '2026-04-01' }) from: string;
  @ApiProperty({ example: '2026-06-30' }) to: string;
  @ApiProperty({
    example: 'FY2026 Q2',
    description: 'fiscal name of the period (a quarter, year, month, or a range of quarters)',
  })
  label: string;
}

export class SnapshotSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: SnapshotPeriodDto }) period: SnapshotPeriodDto;
  @ApiProperty({
    type: 'object',
    description: 'the filters frozen with the figures',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  filters: object;
  @ApiProperty({
    description: 'when the figures were frozen (ISO 8601, UTC): the as-of of every export',
  })
  created_at: string;
  @ApiProperty({
    description: 'sha256 fingerprint of the imported data the figures were computed from',
  })
  fingerprint: string;
  @ApiProperty({
    type: 'object',
    description: 'headline figures as reported',
    properties: Object.fromEntries(
      HEADLINE_KEYS.map((k) => [
        k,
        { type: 'number', nullable: true, description: METRIC_CATALOG[k].label },
      ]),
    ),
  })
  headline: object;
}

export class SnapshotListDto {
  @ApiProperty({ type: [SnapshotSummaryDto], description: 'newest first' })
  snapshots: SnapshotSummaryDto[];
}

export class SnapshotDto extends SnapshotSummaryDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the frozen readout: format, period, filters, settings, data_version, fingerprint {value, covers, tables}, catalog, metrics (as GET /metrics), series (as GET /metrics/series?grain=quarter, 8 quarters), drill {key: {kind: deals, rows: [{deal_id, class, amount, role}]} | {kind: accounts, start_month, end_month, rows}}, deals {deal_id: details}, pipeline (as GET /pipeline?as_of=to)',
  })
  content: object;
}

export class CompareResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'id, name, period, filters, created_at of the snapshot',
  })
  snapshot: object;
  @ApiProperty() recomputed_at: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'used: as_reported; as_reported and current settings; differs: the settings that changed; note',
  })
  settings: object;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'as_reported and current fingerprints, changed, tables_changed',
  })
  fingerprint: object;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'restated, figures_changed, figures_total, deals_explaining, text',
  })
  summary: object;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'per metric key: label, unit, reported, recomputed, difference, changed, and for deal-based figures deals {added, removed, amount_changed, class_changed, role_changed} (each [{deal_id, name, account_name, reported: {class, amount, role}, recomputed}]), for retention figures accounts {added, removed, arr_changed, attachment_changed, churn_changed}',
  })
  figures: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'per quarter of the frozen series: the figures that differ',
  })
  series: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'pipeline figures as of the period end, reported vs recomputed',
  })
  pipeline: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'the deals that explain the restatement, once each: changes (added, removed, amount_changed, class_changed, role_changed), figures, reported, recomputed, explanation',
  })
  deals: object[];
}
