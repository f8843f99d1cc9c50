import { Module } from '@nestjs/common';
import { PartnersController } from '../partners/partners.controller.js';
import { PipelineController } from '../pipeline/pipeline.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({
  controllers: [MetricsController, PipelineController, PartnersController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
