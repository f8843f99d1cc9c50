import { Controller, ForbiddenException, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { AuditService } from '../audit/audit.service.js';
import { RequireRole, type AuthedRequest } from '../auth/auth.decorators.js';
import { atLeast } from '../auth/roles.js';
import { type DemoResult, DemoService } from './demo.service.js';

class DemoQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'wipe the data already loaded first' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'replace must be true or false' })
  replace = false;
}

@ApiTags('demo')
@RequireRole('editor')
@Controller('api/v1/demo')
export class DemoController {
  constructor(
    private readonly demo: DemoService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Load the demo dataset (about three years up to today) through the import path' })
  @ApiOkResponse({ description: 'the import summary of each entity' })
  async load(@Query() query: DemoQueryDto, @Req() req: AuthedRequest): Promise<DemoResult> {
    if (query.replace && !(req.principal && atLeast(req.principal.role, 'admin'))) {
      throw new ForbiddenException('replace=true deletes every imported row: it needs the admin role');
    }
    const result = await this.demo.load(new Date().toISOString().slice(0, 10), query.replace);
    await this.audit.record(req, 'demo.load', null, { replace: query.replace });
    return result;
  }
}
