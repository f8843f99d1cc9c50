import { Module } from '@nestjs/common';
import { MappingsController } from '../mappings/mappings.controller.js';
import { MappingsService } from '../mappings/mappings.service.js';
import { ImportHistoryController } from './import-history.controller.js';
import { ImportHistoryService } from './import-history.service.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';

@Module({
  // The specific routes (mappings, runs) are declared before POST :entity.
  controllers: [MappingsController, ImportHistoryController, ImportsController],
  providers: [ImportsService, MappingsService, ImportHistoryService],
  exports: [ImportsService],
})
export class ImportsModule {}
