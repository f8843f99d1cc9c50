import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MappingsService, type MappingSummary } from './mappings.service.js';

@ApiTags('import')
@Controller('api/v1/import/mappings')
export class MappingsController {
  constructor(private readonly mappings: MappingsService) {}

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
  @ApiOperation({ summary: 'Save a column mapping, used with ?mapping=NAME on any import' })
  @ApiBody({
    description:
      '{"entity"?: "deals", "columns": {"deal_id": "opportunity_id"}, "values": {"stage": {"Won": "won"}}, "date_format": "MM/DD/YYYY", "defaults": {"type": "new_business"}}',
  })
  @ApiOkResponse({ description: 'the saved mapping' })
  save(@Param('name') name: string, @Body() body: unknown): Promise<MappingSummary> {
    return this.mappings.save(name, body);
  }

  @Delete(':name')
  @HttpCode(204)
  async remove(@Param('name') name: string): Promise<void> {
    await this.mappings.remove(name);
  }
}
