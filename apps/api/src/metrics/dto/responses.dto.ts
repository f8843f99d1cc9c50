import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { METRIC_CATALOG, METRIC_KEYS, PIPELINE_CATALOG, PIPELINE_KEYS } from '@partner-kpi/metrics';

// Response shapes for the OpenAPI document. The metric objects are described key by key from
// the catalog, so the docs list every key with its unit and formula.

const metricsSchema = {
  type: 'object',
  description: 'every metric key; null where a denominator is zero. Money is rounded to cents.',
  properties: Object.fromEntries(
    METRIC_KEYS.map((k) => [k, { type: 'number', nullable: true, description: `${METRIC_CATALOG[k].label} (${METRIC_CATALOG[k].unit}): ${METRIC_CATALOG[k].formula}` }]),
  ),
} as ApiPropertyOptions;

const pipelineSchema = {
  type: 'object',
  properties: Object.fromEntries(
    PIPELINE_KEYS.map((k) => [k, { type: 'number', description: `${PIPELINE_CATALOG[k].label} (${PIPELINE_CATALOG[k].unit}): ${PIPELINE_CATALOG[k].formula}` }]),
  ),
} as ApiPropertyOptions;

const filtersSchema = {
  type: 'object',
  description: 'the filters applied',
  properties: Object.fromEntries(['segment', 'region', 'partner_type', 'partner_tier', 'partner_id'].map((k) => [k, { type: 'array', items: { type: 'string' } }])),
} as ApiPropertyOptions;

export class MetricsResponseDto {
  @ApiProperty({ example: '2026-07-01' }) from: string;
  @ApiProperty({ example: '2026-09-30' }) to: string;
  @ApiProperty(filtersSchema) filters: object;
  @ApiProperty(metricsSchema) metrics: object;
}

class SeriesEntryDto {
  @ApiProperty({ example: 'FY2027 Q1' }) label: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty(metricsSchema) metrics: object;
}

export class SeriesResponseDto {
  @ApiProperty({ enum: ['month', 'quarter', 'year'] }) grain: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty(filtersSchema) filters: object;
  @ApiProperty({ type: [SeriesEntryDto] }) series: SeriesEntryDto[];
}

class CatalogEntryDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['board', 'cmo', 'cro', 'cfo', 'pipeline'] }) alignment: string;
  @ApiProperty({ enum: ['currency', 'ratio', 'days', 'count', 'months', 'currency_per_day'] }) unit: string;
  @ApiProperty({ enum: ['higher', 'lower'] }) better: string;
  @ApiProperty({ description: 'one-line formula' }) formula: string;
  @ApiProperty() deal_based: boolean;
  @ApiProperty({ enum: ['deals', 'accounts'], nullable: true }) drill: string | null;
}

export class CatalogResponseDto {
  @ApiProperty({ type: [CatalogEntryDto] }) metrics: CatalogEntryDto[];
  @ApiProperty({ type: [CatalogEntryDto] }) pipeline: CatalogEntryDto[];
}

export class DrillResponseDto {
  @ApiProperty() key: string;
  @ApiProperty({ enum: ['deals', 'accounts'] }) kind: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty(filtersSchema) filters: object;
  @ApiProperty({ description: 'rows behind the figure (all pages)' }) total: number;
  @ApiProperty() offset: number;
  @ApiProperty() limit: number;
  @ApiPropertyOptional({ description: 'retention drill-downs: month S' }) start_month?: string;
  @ApiPropertyOptional({ description: 'retention drill-downs: month E' }) end_month?: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'deals: deal fields + class (sourced/influenced/direct/other), counting_touches, credited_partner_ids, cycle_days, role (which part of the figure); accounts: arr_start, arr_end, attachment, attached_partner_ids, churned',
  })
  rows: object[];
}

export class PipelineResponseDto {
  @ApiProperty() as_of: string;
  @ApiProperty({ description: '{from, to}: [as_of - 6, as_of]' }) week: object;
  @ApiProperty({ description: 'the fiscal quarter containing as_of: {label, from, to}' }) quarter: object;
  @ApiProperty(pipelineSchema) metrics: object;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '{stage_name, class, amount, count} of open deals' }) by_stage: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'open partner deals, largest first' }) deals: object[];
  @ApiProperty(filtersSchema) filters: object;
}

export class LeaderboardResponseDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty(filtersSchema) filters: object;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'per partner: partner_id, name, type, tier, status, joined_on, sourced_revenue, sourced_deals, influenced_revenue, influenced_deals, influenced_revenue_split, win_rate, won_deals, lost_deals, open_pipeline, open_deals, time_to_first_deal_days',
  })
  partners: object[];
}
