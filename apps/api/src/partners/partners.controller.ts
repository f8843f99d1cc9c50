import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LeaderboardResponseDto } from '../metrics/dto/responses.dto.js';
import { PeriodQueryDto } from '../metrics/dto/query.dto.js';
import { MetricsService, type LeaderboardResponse } from '../metrics/metrics.service.js';
import { RequireRole } from '../auth/auth.decorators.js';

@ApiTags('partners')
@RequireRole('viewer')
@Controller('api/v1/partners')
export class PartnersController {
  constructor(private readonly metricsService: MetricsService) {}

  @Get('leaderboard')
  @ApiOperation({ summary: 'Per partner: sourced, influenced (full and split credit), win rate, open pipeline, time to first deal' })
  @ApiOkResponse({ type: LeaderboardResponseDto })
  leaderboard(@Query() q: PeriodQueryDto): Promise<LeaderboardResponse> {
    return this.metricsService.leaderboard(q);
  }
}
