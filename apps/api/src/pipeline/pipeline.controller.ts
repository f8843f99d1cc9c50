import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DrillResponseDto, PipelineResponseDto } from '../metrics/dto/responses.dto.js';
import { PipelineDrillQueryDto, PipelineQueryDto } from '../metrics/dto/query.dto.js';
import { MetricsService, type PipelineResponse } from '../metrics/metrics.service.js';
import { RequireRole } from '../auth/auth.decorators.js';

@ApiTags('pipeline')
@RequireRole('viewer')
@Controller('api/v1/pipeline')
export class PipelineController {
  constructor(private readonly metricsService: MetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Weekly pipeline review as of a date: open, new, won/lost this week, closing this quarter, slipped; by stage; open partner deals' })
  @ApiOkResponse({ type: PipelineResponseDto })
  pipeline(@Query() q: PipelineQueryDto): Promise<PipelineResponse> {
    return this.metricsService.pipeline(q);
  }

  @Get(':key/deals')
  @ApiOperation({ summary: 'Drill-down of a pipeline figure as of a date: the deals behind it, with their class and counting touches' })
  @ApiParam({ name: 'key', description: 'a pipeline key of the catalog' })
  @ApiOkResponse({ type: DrillResponseDto })
  drill(@Param('key') key: string, @Query() q: PipelineDrillQueryDto) {
    return this.metricsService.pipelineDrill(key, q);
  }
}
