import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { RequireRole } from '../auth/auth.decorators.js';
import { type AuditEntry, AuditService } from './audit.service.js';

class AuditQueryDto {
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(1000, { message: 'limit must be at most 1000' })
  limit = 100;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must be at least 0' })
  offset = 0;

  @ApiPropertyOptional({ description: 'only entries of this action, e.g. import or auth.login' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_.]{1,64}$/, { message: 'action must be an action name such as import or auth.login' })
  action?: string;
}

@ApiTags('audit')
@RequireRole('admin')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first (admins only)' })
  @ApiOkResponse({ description: '{total, entries: [{id, at, actor, actor_kind, action, target, details, ip, request_id}]}' })
  list(@Query() q: AuditQueryDto): Promise<{ total: number; entries: AuditEntry[] }> {
    return this.audit.list(q.limit, q.offset, q.action);
  }
}
