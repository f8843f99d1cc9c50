import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { RequireRole, type AuthedRequest } from '../auth/auth.decorators.js';
import { MappingsService, type MappingSummary } from './mappings.service.js';

@ApiTags('import')
@RequireRole('viewer')
@Controller('api/v1/import/mappings')
export class MappingsController {
  constructor(
    private readonly mappings: MappingsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Built-in presets (salesforce, hubspot) and saved column mappings' })
  list(): Promise<MappingSummary[]> {
    return this.mappings.list();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One mapping or preset' })
  get(@Param('name') name: string): Promise<MappingSummary> {
    return this.mappings.get(name);
  }

  @Put(':name')
  @RequireRole('editor')
  @ApiOperation({ summary: 'Save a column mapping, used with ?mapping=NAME on any import' })
  @ApiBody({
    description:
      '{"entity"?: "deals", "columns": {"deal_id": "opportunity_id"}, "values": {"stage": {"Won": "won"}}, "date_format": "MM/DD/YYYY", "defaults": {"type": "new_business"}}',
  })
  @ApiOkResponse({ description: 'the saved mapping' })
  async save(@Param('name') name: string, @Body() body: unknown, @Req() req: AuthedRequest): Promise<MappingSummary> {
    const saved = await this.mappings.save(name, body);
    await this.audit.record(req, 'mapping.save', name);
    return saved;
  }

  @Delete(':name')
  @RequireRole('editor')
  @HttpCode(204)
  async remove(@Param('name') name: string, @Req() req: AuthedRequest): Promise<void> {
    await this.mappings.remove(name);
    await this.audit.record(req, 'mapping.delete', name);
  }
}
