import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DrillQueryDto, PeriodQueryDto, SeriesQueryDto } from './dto/query.dto.js';
import { MetricsService, type DrillResponse, type MetricsResponse, type SeriesResponse } from './metrics.service.js';
import { CatalogResponseDto, DrillResponseDto, MetricsResponseDto, SeriesResponseDto } from './dto/responses.dto.js';
import { RequireRole } from '../auth/auth.decorators.js';

@ApiTags('metrics')
@RequireRole('viewer')
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(private readonly metricsService: MetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Every board, CRO, CMO and CFO metric over [from, to] (docs/spec/metrics.md)' })
  @ApiOkResponse({ type: MetricsResponseDto })
  metrics(@Query() q: PeriodQueryDto): Promise<MetricsResponse> {
    return this.metricsService.metrics(q);
  }

  @Get('series')
  @ApiOperation({ summary: 'The same metrics for each fiscal month, quarter or year overlapping [from, to] (default: the last 8 quarters)' })
  @ApiOkResponse({ type: SeriesResponseDto })
  series(@Query() q: SeriesQueryDto): Promise<SeriesResponse> {
    return this.metricsService.series(q);
  }

  @Get('catalog')
  @ApiOperation({ summary: 'Label, alignment, unit, direction and formula of every metric and pipeline key' })
  @ApiOkResponse({ type: CatalogResponseDto })
  catalog() {
    return this.metricsService.catalog();
  }

  @Get(':key/deals')
  @ApiOperation({ summary: 'Drill-down: the exact deals (or, for retention, accounts) behind a figure, with their class and counting touches' })
  @ApiParam({ name: 'key', description: 'a metric key of the catalog' })
  @ApiOkResponse({ type: DrillResponseDto })
  drill(@Param('key') key: string, @Query() q: DrillQueryDto): Promise<DrillResponse> {
    return this.metricsService.drill(key, q);
  }
}
