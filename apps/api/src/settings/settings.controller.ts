import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { RequireRole, type AuthedRequest } from '../auth/auth.decorators.js';
import { SettingsDto, UpdateSettingsDto } from './dto/settings.dto.js';
import { SettingsService } from './settings.service.js';

@ApiTags('settings')
@Controller('api/v1/settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @RequireRole('viewer')
  @ApiOkResponse({ type: SettingsDto })
  get(): Promise<SettingsDto> {
    return this.settings.get();
  }

  @Put()
  @RequireRole('admin')
  @ApiOkResponse({ type: SettingsDto })
  async update(@Body() body: UpdateSettingsDto, @Req() req: AuthedRequest): Promise<SettingsDto> {
    const before = await this.settings.get();
    const after = await this.settings.update(body);
    await this.audit.record(req, 'settings.update', null, { before, after });
    return after;
  }
}
