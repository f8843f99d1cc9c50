import { HttpException, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { mapSource, MappingError } from '../mappings/mapping.js';
import { MappingsService } from '../mappings/mappings.service.js';
import { MAPPING_WARNINGS, UNATTRIBUTED_PARTNER } from '../mappings/presets.js';
import type { EntityName } from './entity-specs.js';
import { ImportHistoryService, type ImportRunRecord } from './import-history.service.js';
import { ImportConflictError, Importer, ImportValidationError, type ImportOptions, type ImportSummary } from './importer.js';
import type { ImportWarning, RowError } from './row-validator.js';
import { MalformedInputError, PayloadTooLargeError, type RecordSource } from './sources.js';
import { DEAL_FACTS_SOURCES, DealFactsService } from '../metrics/deal-facts.service.js';
import { IMPORT_LOCK_KEY, IMPORT_LOCK_SQL } from './import-lock.js';

/** Serialises writers: imports (and the demo load) run one at a time; readers are never blocked. */

const WARNING_SAMPLE_ROWS = 20;

@Injectable()
export class ImportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mappings: MappingsService,
    private readonly history: ImportHistoryService,
    private readonly dealFacts: DealFactsService,
  ) {}

  /**
   * One import request, applied whole or not at all (a dry run always rolls back), through the
   * named column mapping when there is one, and recorded in the import history either way.
   */
  async import(
    entity: EntityName,
    openSource: () => Promise<RecordSource>,
    opts: ImportOptions,
    mappingName: string | null = null,
  ): Promise<ImportSummary> {
    const startedAt = new Date();
    const mappingWarnings = new Map<string, ImportWarning>();
    const warn = (code: string, message: string, row: number) => {
      const w = mappingWarnings.get(code) ?? { code, message, count: 0, rows: [] };
      if (row > 0) {
        w.count += 1;
        if (w.rows.length < WARNING_SAMPLE_ROWS) w.rows.push(row);
      }
      mappingWarnings.set(code, w);
    };
    const record = (r: Omit<ImportRunRecord, 'startedAt' | 'entity' | 'mode' | 'dryRun' | 'onError' | 'mapping'>) =>
      this.history
        .record({ startedAt, entity, mode: opts.mode, dryRun: opts.dryRun, onError: opts.onError, mapping: mappingName, ...r })
        .catch(() => 0); // the history must never turn an import's answer into an error
    try {
      const source = await openSource();
      let input = source;
      let catchAll = false;
      if (mappingName !== null) {
        const preset = await this.mappings.resolve(mappingName, entity);
        const mapped = mapSource(source, entity, preset.mapping, preset.rules, (code, row) => warn(code, MAPPING_WARNINGS[code] ?? code, row), preset.ruleColumns);
        input = mapped.source;
        if (mapped.unused.length > 0) warn('unknown_columns', `ignored columns no field reads: ${mapped.unused.join(', ')}`, 0);
        catchAll = preset.usesCatchAllPartner === true;
      }
      const summary = await this.inTransaction(async (client) => {
        const created = catchAll ? await ensureCatchAllPartner(client) : false;
        const result = await this.importWith(client, entity, input, opts);
        if (created) {
          // Keep the catch-all partner only if a deal now points at it.
          const used = await client.query(`SELECT 1 FROM deals WHERE sourcing_partner_id = $1 LIMIT 1`, [UNATTRIBUTED_PARTNER.partner_id]);
          if (used.rowCount === 0) await client.query(`DELETE FROM partners WHERE partner_id = $1`, [UNATTRIBUTED_PARTNER.partner_id]);
          else warn('unattributed_partner_created', MAPPING_WARNINGS.unattributed_partner_created, 0);
        }
        return { result, commit: !opts.dryRun };
      }, [entity]);
      summary.warnings = [...mappingWarnings.values(), ...summary.warnings];
      await record({
        status: opts.dryRun ? 'dry_run' : 'applied',
        httpStatus: 200,
        message: null,
        counts: summary,
        rejectedCount: summary.rejected_count,
        errorCount: summary.rejected.reduce((n, r) => n + r.errors.length, 0),
        warnings: summary.warnings,
        problems: summary.rejected.flatMap((r) => r.errors.map((e): RowError => ({ row: r.row, ...e }))),
      });
      return summary;
    } catch (err) {
      const failure = err instanceof ImportValidationError ? new ImportValidationError(err.errors, err.errorCount, [...mappingWarnings.values(), ...err.warnings]) : err;
      const [httpStatus, message] = describeFailure(failure);
      await record({
        status: httpStatus >= 500 ? 'failed' : 'rejected',
        httpStatus,
        message,
        rejectedCount: 0,
        errorCount: failure instanceof ImportValidationError ? failure.errorCount : 0,
        warnings: failure instanceof ImportValidationError ? failure.warnings : [...mappingWarnings.values()],
        problems: failure instanceof ImportValidationError ? failure.errors : [],
      });
      throw failure instanceof MappingError ? new MalformedInputError(`the mapping does not fit this import: ${failure.message}`) : failure;
    }
  }

  /**
   * Runs `work` in one transaction holding the import lock; commits only if it says so.
   * `entities` are those it may change: the read-side deal facts are rebuilt only when one of
   * them feeds them, and otherwise stay valid for the new data version.
   */
  async inTransaction<T>(work: (client: pg.ClientBase) => Promise<{ result: T; commit: boolean }>, entities: readonly EntityName[]): Promise<T> {
    // A deal-facts rebuild in progress would hold back this import's table locks: cancel it.
    // (One for another reason is cancelled too; it runs again once imports are quiet.)
    await this.dealFacts.interrupt();
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as pg.ClientBase;
    try {
      await client.query('BEGIN');
      const free = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${IMPORT_LOCK_KEY}) AS ok`);
      if (!free.rows[0].ok) {
        // Held by another import (wait for it), or by a rebuild that began after the cancel above.
        await this.dealFacts.interrupt();
        await client.query(IMPORT_LOCK_SQL);
      }
      const { result, commit } = await work(client);
      const rebuild = entities.some((e) => DEAL_FACTS_SOURCES.includes(e));
      if (commit) {
        // Readers key cached results on this version: bump it with the data, atomically.
        await client.query('UPDATE data_state SET version = version + 1 WHERE id = 1');
        // Facts built from the previous version are still those of this one.
        if (!rebuild) await client.query('UPDATE deal_facts_state SET version = version + 1 WHERE id = 1 AND version = (SELECT version - 1 FROM data_state WHERE id = 1)');
      }
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      if (commit && rebuild) this.dealFacts.refreshSoon();
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** Imports inside a transaction the caller holds. */
  async importWith(client: pg.ClientBase, entity: EntityName, source: RecordSource, opts: ImportOptions): Promise<ImportSummary> {
    const settings = await client.query<{ reporting_currency: string }>('SELECT reporting_currency FROM settings WHERE id = 1');
    return new Importer(client).run(entity, source, opts, settings.rows[0].reporting_currency);
  }
}

/** Creates the catch-all partner if missing; true when it was created by this call. */
async function ensureCatchAllPartner(client: pg.ClientBase): Promise<boolean> {
  const res = await client.query(
    `INSERT INTO partners (partner_id, name, type) VALUES ($1, $2, $3) ON CONFLICT (partner_id) DO NOTHING`,
    [UNATTRIBUTED_PARTNER.partner_id, UNATTRIBUTED_PARTNER.name, UNATTRIBUTED_PARTNER.type],
  );
  return (res.rowCount ?? 0) > 0;
}

function describeFailure(err: unknown): [number, string] {
  if (err instanceof ImportValidationError) return [422, err.message];
  if (err instanceof ImportConflictError) return [409, err.message];
  if (err instanceof MalformedInputError || err instanceof MappingError) return [400, err.message];
  if (err instanceof PayloadTooLargeError) return [413, err.message];
  if (err instanceof HttpException) return [err.getStatus(), err.message];
  return [500, 'internal error'];
}
