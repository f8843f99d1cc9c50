import { Module } from '@nestjs/common';
import { DataQualityController } from './data-quality.controller.js';
import { DataQualityService } from './data-quality.service.js';

@Module({ controllers: [DataQualityController], providers: [DataQualityService] })
export class DataQualityModule {}
