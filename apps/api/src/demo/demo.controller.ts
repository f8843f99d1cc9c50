import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { type DemoResult, DemoService } from './demo.service.js';

class DemoQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'wipe the data already loaded first' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'replace must be true or false' })
  replace = false;
}

@ApiTags('demo')
@Controller('api/v1/demo')
export class DemoController {
  constructor(private readonly demo: DemoService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Load the demo dataset (about three years up to today) through the import path' })
  @ApiOkResponse({ description: 'the import summary of each entity' })
  load(@Query() query: DemoQueryDto): Promise<DemoResult> {
    return this.demo.load(new Date().toISOString().slice(0, 10), query.replace);
  }
}
