import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DataQualityService } from './data-quality.service.js';
import { RequireRole } from '../auth/auth.decorators.js';

class RowsQueryDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer from 1 to 10000' })
  @Min(1, { message: 'limit must be an integer from 1 to 10000' })
  @Max(10000, { message: 'limit must be an integer from 1 to 10000' })
  limit = 100;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a non-negative integer' })
  @Min(0, { message: 'offset must be a non-negative integer' })
  offset = 0;
}

@ApiTags('data-quality')
@RequireRole('viewer')
@Controller('api/v1/data-quality')
export class DataQualityController {
  constructor(private readonly dataQuality: DataQualityService) {}

  @Get()
  @ApiOperation({ summary: 'Data-quality report: attribution coverage and checks (count, severity, what it affects, sample rows)' })
  report() {
    return this.dataQuality.report();
  }

  @Get(':key')
  @ApiOperation({ summary: 'Every row a data-quality check found, paged' })
  rows(@Param('key') key: string, @Query() q: RowsQueryDto) {
    return this.dataQuality.rows(key, q.limit, q.offset);
  }
}
