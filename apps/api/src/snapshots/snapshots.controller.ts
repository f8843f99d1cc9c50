import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { RequireRole, type AuthedRequest } from '../auth/auth.decorators.js';
import { CreateSnapshotDto } from './dto/create-snapshot.dto.js';
import {
  CompareResponseDto,
  SnapshotDto,
  SnapshotListDto,
  SnapshotSummaryDto,
} from './dto/snapshot-responses.dto.js';
import { exportFileName } from './exporters/appendix.js';
import { renderCsv } from './exporters/csv.exporter.js';
import { renderPdf } from './exporters/pdf.exporter.js';
import { renderPptx } from './exporters/pptx.exporter.js';
import { renderXlsx } from './exporters/xlsx.exporter.js';
import type { Snapshot, SnapshotSummary } from './snapshot.types.js';
import { SnapshotsService, type CompareResponse } from './snapshots.service.js';

const MEDIA = {
  pdf: 'application/pdf',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

function file(s: Snapshot, ext: keyof typeof MEDIA, body: Buffer): StreamableFile {
  const name = exportFileName(s, ext);
  return new StreamableFile(body, {
    type: MEDIA[ext],
    disposition: `attachment; filename="${name}"`,
    length: body.length,
  });
}

const idParam = ApiParam({ name: 'id', format: 'uuid', description: 'snapshot id' });

/**
 * Board snapshots. No route changes a snapshot's figures (the table refuses UPDATE); DELETE is
 * the one destructive route.
 */
@ApiTags('snapshots')
@RequireRole('viewer')
@Controller('api/v1/snapshots')
export class SnapshotsController {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @RequireRole('editor')
  @ApiOperation({
    summary:
      'Freeze a board readout: every metric, the 8-quarter series, the deals behind each figure, the pipeline, catalog, settings and a data fingerprint, in one database snapshot',
  })
  @ApiCreatedResponse({ type: SnapshotSummaryDto })
  async create(@Body() dto: CreateSnapshotDto, @Req() req: AuthedRequest): Promise<SnapshotSummary> {
    const snapshot = await this.snapshots.create(dto);
    await this.audit.record(req, 'snapshot.create', snapshot.id, { name: snapshot.name, from: dto.from, to: dto.to, fingerprint: snapshot.fingerprint });
    return snapshot;
  }

  @Get()
  @ApiOperation({
    summary:
      'Every snapshot, newest first: id, name, period, created_at, fingerprint, headline figures',
  })
  @ApiOkResponse({ type: SnapshotListDto })
  list(): Promise<{ snapshots: SnapshotSummary[] }> {
    return this.snapshots.list();
  }

  @Get(':id')
  @idParam
  @ApiOperation({ summary: 'One snapshot with everything frozen in it' })
  @ApiOkResponse({ type: SnapshotDto })
  @ApiNotFoundResponse({ description: 'unknown snapshot id' })
  get(@Param('id') id: string): Promise<Snapshot> {
    return this.snapshots.get(id);
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @idParam
  @ApiOperation({
    summary: 'Delete a snapshot (the one destructive route; admins only)',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'unknown snapshot id' })
  async remove(@Param('id') id: string, @Req() req: AuthedRequest): Promise<void> {
    const snapshot = await this.snapshots.get(id);
    await this.snapshots.remove(id);
    await this.audit.record(req, 'snapshot.delete', id, { name: snapshot.name, from: snapshot.period.from, to: snapshot.period.to });
  }

  @Get(':id/compare')
  @idParam
  @ApiOperation({
    summary:
      'Restatement: each figure as reported vs recomputed on today’s data (same period, filters and settings), and the deals that explain the difference',
  })
  @ApiOkResponse({ type: CompareResponseDto })
  @ApiNotFoundResponse({ description: 'unknown snapshot id' })
  compare(@Param('id') id: string): Promise<CompareResponse> {
    return this.snapshots.compare(id);
  }

  @Get(':id/export.pdf')
  @idParam
  @ApiOperation({ summary: 'The board pack as PDF (vector charts)' })
  @ApiProduces(MEDIA.pdf)
  async pdf(@Param('id') id: string): Promise<StreamableFile> {
    const s = await this.snapshots.get(id);
    return file(s, 'pdf', await renderPdf(s));
  }

  @Get(':id/export.pptx')
  @idParam
  @ApiOperation({ summary: 'The board pack as PowerPoint (native charts)' })
  @ApiProduces(MEDIA.pptx)
  async pptx(@Param('id') id: string): Promise<StreamableFile> {
    const s = await this.snapshots.get(id);
    return file(s, 'pptx', await renderPptx(s));
  }

  @Get(':id/export.xlsx')
  @idParam
  @ApiOperation({
    summary:
      'The appendix as a workbook: every figure and the deals behind each, series, pipeline, definitions, provenance',
  })
  @ApiProduces(MEDIA.xlsx)
  async xlsx(@Param('id') id: string): Promise<StreamableFile> {
    const s = await this.snapshots.get(id);
    return file(s, 'xlsx', await renderXlsx(s));
  }

  @Get(':id/export.csv')
  @idParam
  @ApiOperation({
    summary:
      'The appendix as CSV: a figure record per metric followed by its deal (or account) records',
  })
  @ApiProduces(MEDIA.csv)
  async csv(@Param('id') id: string): Promise<StreamableFile> {
    const s = await this.snapshots.get(id);
    return file(s, 'csv', renderCsv(s));
  }
}
