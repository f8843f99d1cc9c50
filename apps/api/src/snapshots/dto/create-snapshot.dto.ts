import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isIsoDate } from '@partner-kpi/metrics';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { FiltersQueryDto } from '../../metrics/dto/query.dto.js';

/** A required calendar date YYYY-MM-DD (the library's check, as the metrics routes use). */
function IsRequiredCalendarDate(): PropertyDecorator {
  const date = ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
      defaultMessage: (args) =>
        `${args?.property} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(args?.value)}`,
    },
  });
  return (target, key) => {
    IsDefined({ message: `${String(key)} is required (YYYY-MM-DD)` })(target, key);
    date(target, key);
  };
}

/**
 * `{name, from, to, filters?}`. The filters are validated by the metrics routes' DTO class
 * (FiltersQueryDto: enum values, lengths; an unknown filter name is refused), so a snapshot holds
 * exactly what a metrics request can ask for. `from` and `to` are required here (a board period
 * is explicit; the metrics routes default them), with the same calendar-date check.
 */
export class CreateSnapshotDto {
  @ApiProperty({ example: 'Q2 board readout', maxLength: 200 })
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name: string;

  @ApiProperty({ example: '2026-04-01', description: 'first day of the period' })
  @IsRequiredCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-06-30', description: 'last day of the period, inclusive' })
  @IsRequiredCalendarDate()
  to: string;

  @ApiPropertyOptional({
    type: FiltersQueryDto,
    description: 'the filters of GET /api/v1/metrics (each a list of values)',
  })
  @IsOptional()
  @IsObject({ message: 'filters must be an object' })
  @ValidateNested()
  @Type(() => FiltersQueryDto)
  filters?: FiltersQueryDto;
}
