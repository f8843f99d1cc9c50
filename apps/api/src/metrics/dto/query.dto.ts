import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { GRAINS, isIsoDate, PARTNER_TYPES, type Filters, type Grain } from '@partner-kpi/metrics';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, type ValidationOptions } from 'class-validator';

/** A calendar date YYYY-MM-DD; the message names the parameter. */
function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(args?.value)}`,
      },
    },
    options,
  );
}

/** Repeatable query parameters arrive as a string or an array of strings. */
const toArray = ({ value }: { value: unknown }): unknown => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export class FiltersQueryDto {
  @ApiPropertyOptional({ type: [String], description: 'account segment (repeatable, exact match)' })
  @IsOptional()
  @Transform(toArray)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  segment?: string[];

  @ApiPropertyOptional({ type: [String], description: 'account region (repeatable, exact match)' })
  @IsOptional()
  @Transform(toArray)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  region?: string[];

  @ApiPropertyOptional({ enum: PARTNER_TYPES, isArray: true, description: 'partner type (repeatable)' })
  @IsOptional()
  @Transform(toArray)
  @IsIn(PARTNER_TYPES, { each: true, message: `partner_type must be one of ${PARTNER_TYPES.join(', ')}` })
  partner_type?: string[];

  @ApiPropertyOptional({ type: [String], description: 'partner tier (repeatable, exact match)' })
  @IsOptional()
  @Transform(toArray)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  partner_tier?: string[];

  @ApiPropertyOptional({ type: [String], description: 'partner id (repeatable)' })
  @IsOptional()
  @Transform(toArray)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  partner_id?: string[];
}

export class PeriodQueryDto extends FiltersQueryDto {
  @ApiPropertyOptional({ example: '2026-07-01', description: 'first day of the period (default: first day of the current fiscal quarter)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-09-30', description: 'last day of the period, inclusive (default: today)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class SeriesQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: GRAINS, default: 'quarter' })
  @IsOptional()
  @IsIn(GRAINS, { message: `grain must be one of ${GRAINS.join(', ')}` })
  grain: Grain = 'quarter';
}

/** A page of drill-down rows: `limit` rows from `offset`. */
class PageQueryDto {
  @ApiPropertyOptional({ default: 1000, minimum: 1, maximum: 100000, description: 'rows per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer from 1 to 100000' })
  @Min(1, { message: 'limit must be an integer from 1 to 100000' })
  @Max(100000, { message: 'limit must be an integer from 1 to 100000' })
  limit = 1000;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a non-negative integer' })
  @Min(0, { message: 'offset must be a non-negative integer' })
  offset = 0;
}

export class DrillQueryDto extends IntersectionType(PeriodQueryDto, PageQueryDto) {}

export class PipelineQueryDto extends FiltersQueryDto {
  @ApiPropertyOptional({ example: '2026-11-20', description: 'the as-of date D (default: today)' })
  @IsOptional()
  @IsCalendarDate()
  as_of?: string;
}

export class PipelineDrillQueryDto extends IntersectionType(PipelineQueryDto, PageQueryDto) {}

/** The filters of a query, in the library's shape (absent filters left out). */
export function filtersOf(q: FiltersQueryDto): Filters {
  const f: Filters = {};
  if (q.segment?.length) f.segment = q.segment;
  if (q.region?.length) f.region = q.region;
  if (q.partner_type?.length) f.partner_type = q.partner_type;
  if (q.partner_tier?.length) f.partner_tier = q.partner_tier;
  if (q.partner_id?.length) f.partner_id = q.partner_id;
  return f;
}
