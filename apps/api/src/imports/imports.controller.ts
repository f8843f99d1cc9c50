import {
  Controller, ForbiddenException, HttpCode, NotFoundException, Param, Post, Query, Req, UnsupportedMediaTypeException, Inject,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { RequireRole, type AuthedRequest } from '../auth/auth.decorators.js';
import { atLeast } from '../auth/roles.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ImportQueryDto } from './dto/import-query.dto.js';
import { ENTITY_NAMES, isEntityName } from './entity-specs.js';
import type { ImportSummary } from './importer.js';
import { ImportsService } from './imports.service.js';
import { csvSource, jsonSource, PayloadTooLargeError } from './sources.js';

@ApiTags('import')
@RequireRole('editor')
@Controller('api/v1/import')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  @Post(':entity')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import rows of one entity (CSV or JSON)',
    description:
      'See docs/spec/data-model.md. Atomic; 422 lists every invalid row and field, 400 malformed body, 409 a replace that would orphan rows, 413 body over the limit.',
  })
  @ApiParam({ name: 'entity', enum: ENTITY_NAMES })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ description: 'CSV with a header line (RFC 4180, UTF-8, optional BOM), or a JSON array of objects' })
  @ApiOkResponse({ description: 'received / inserted / updated / unchanged / deleted counts, rejected rows (on_error=skip) and warnings' })
  async import(@Param('entity') entity: string, @Query() query: ImportQueryDto, @Req() req: AuthedRequest): Promise<ImportSummary> {
    if (!isEntityName(entity)) {
      throw new NotFoundException(`unknown entity "${entity}"; expected one of ${ENTITY_NAMES.join(', ')}`);
    }
    if (query.mode === 'replace' && !query.dry_run && !(req.principal && atLeast(req.principal.role, 'admin'))) {
      throw new ForbiddenException('mode=replace deletes the rows not sent: it needs the admin role (a dry run does not)');
    }
    const summary = await this.run(entity, query, req);
    if (!query.dry_run) {
      await this.audit.record(req, 'import', entity, {
        mode: query.mode, on_error: query.on_error, mapping: query.mapping ?? null,
        received: summary.received, inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged,
        deleted: summary.deleted, rejected: summary.rejected_count,
      });
    }
    return summary;
  }

  private run(entity: Parameters<ImportsService['import']>[0], query: ImportQueryDto, req: AuthedRequest): Promise<ImportSummary> {
    const opts = { mode: query.mode, dryRun: query.dry_run, onError: query.on_error };
    if (req.is(['text/csv', 'application/csv', 'text/plain'])) {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > this.config.importMaxBytes) {
        throw new PayloadTooLargeError(`the body is larger than the import limit of ${this.config.importMaxBytes} bytes`);
      }
      return this.imports.import(entity, () => csvSource(req, this.config.importMaxBytes), opts, query.mapping ?? null);
    }
    if (req.is('application/json')) {
      return this.imports.import(entity, () => Promise.resolve(jsonSource(req.body)), opts, query.mapping ?? null);
    }
    throw new UnsupportedMediaTypeException('send the rows as text/csv or application/json');
  }
}
