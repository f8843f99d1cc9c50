import { Controller, Get, Header, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ImportHistoryService } from './import-history.service.js';
import { RequireRole } from '../auth/auth.decorators.js';

class RunsQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer from 1 to 500' })
  @Min(1, { message: 'limit must be an integer from 1 to 500' })
  @Max(500, { message: 'limit must be an integer from 1 to 500' })
  limit = 50;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a non-negative integer' })
  @Min(0, { message: 'offset must be a non-negative integer' })
  offset = 0;
}

@ApiTags('import')
@RequireRole('viewer')
@Controller('api/v1/import/runs')
export class ImportHistoryController {
  constructor(private readonly history: ImportHistoryService) {}

  @Get()
  @ApiOperation({ summary: 'Import history, newest first: entity, mode, mapping, counts, warnings, rejected rows' })
  list(@Query() q: RunsQueryDto) {
    return this.history.list(q.limit, q.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One import run with its row/field problems' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.history.get(id);
  }

  @Get(':id/rejected.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="rejected-rows.csv"')
  @ApiOperation({ summary: 'The rejected rows of a run with their reasons, as CSV' })
  rejected(@Param('id', ParseIntPipe) id: number): Promise<string> {
    return this.history.problemsCsv(id);
  }
}
