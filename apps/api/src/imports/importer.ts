import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { dependentsOf, ENTITY_SPECS, type EntityName, type EntitySpec, type ReferenceSpec } from './entity-specs.js';
import {
  CopyBinaryWriter, CsvFastPath, RowChecker, ValueEncoder, WARNING_MESSAGES, type FieldError, type ImportWarning, type KeySet, type RowError,
} from './row-validator.js';
import { csvCell, type RecordSource } from './sources.js';

export type ImportMode = 'upsert' | 'replace';
export type OnError = 'reject' | 'skip';

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
  onError: OnError;
}

export interface RejectedRow {
  row: number;
  errors: { field: string; message: string }[];
}

export interface ImportSummary {
  entity: EntityName;
  mode: ImportMode;
  dry_run: boolean;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected_count: number;
  rejected: RejectedRow[];
  rejected_truncated: boolean;
  warnings: ImportWarning[];
}

/** 422: the request is refused whole; `errors` lists every problem found (up to MAX_REPORTED_ERRORS). */
export class ImportValidationError extends Error {
  constructor(
    readonly errors: RowError[],
    readonly errorCount: number,
    readonly warnings: ImportWarning[],
  ) {
    super(`${errorCount} invalid value(s); nothing was written`);
  }
}

/** 409: a replace would leave rows of another entity pointing at deleted ids. */
export class ImportConflictError extends Error {
  constructor(
    message: string,
    readonly conflicts: { entity: string; count: number; examples: Record<string, string>[] }[],
  ) {
    super(message);
  }
}

/** Errors and rejected rows listed in one answer; counts always cover them all. */
export const MAX_REPORTED_ERRORS = 10_000;
const WARNING_SAMPLE_ROWS = 20;
const STAGE = 'import_stage';
const REJECTS = 'import_rejects';
const BULK_SAVEPOINT = 'import_bulk_load';
/** Memory for re-creating the indexes after a bulk load (sorts in memory at a million rows). */
const INDEX_BUILD_MEMORY = '256MB';
/**
 * Referenced ids are loaded into memory and checked while streaming when there are at most this
 * many (cheap whatever the request), or at most twice as many as the request's rows (cheaper
 * than the anti-join after the COPY); never more than REFERENCES_MAX. Otherwise SQL checks them.
 */
const REFERENCES_SMALL = 200_000;
const REFERENCES_MAX = 5_000_000;

/** Test hook: force where references are checked ('auto': as the sizes say). */
export const importTuning: { references: 'auto' | 'memory' | 'sql' } = { references: 'auto' };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Applies one import request inside the caller's transaction (the caller owns BEGIN/COMMIT and
 * holds the import lock, so the demo loader can apply seven entities atomically). Rows are parsed
 * and validated in Node while streaming, and COPYed to PostgreSQL as they go; references, the
 * replace guard and the merge are set-based SQL. No per-row round trips.
 *
 * Two ways in:
 * - bulk load, when the target table is empty (a first load; not for dry runs): valid rows are
 *   COPYed straight into the table with its indexes and key constraints dropped, and those are
 *   re-created once the rows are in (one sort per index instead of a million random inserts).
 *   All of it happens under a savepoint, so a refused request leaves the table as it was,
 *   indexes included.
 * - merge, otherwise: rows are COPYed into a temporary staging table, then one UPDATE of the
 *   changed rows and one INSERT of the new keys.
 */
export class Importer {
  constructor(private readonly client: pg.ClientBase) {}

  async run(entity: EntityName, source: RecordSource, opts: ImportOptions, reportingCurrency: string): Promise<ImportSummary> {
    const spec = ENTITY_SPECS[entity];
    const t0 = performance.now();
    const lap = (what: string) => {
      if (process.env.IMPORT_TIMING) console.error(`[import ${entity}] ${what} +${Math.round(performance.now() - t0)} ms`);
    };
    const errors = new ErrorCollector();
    const warnings = new WarningCollector();

    const columns = source.columns();
    const known = new Set(spec.fields.map((f) => f.name));
    const unknown = columns.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      warnings.add('unknown_columns', `ignored columns not in the ${entity} contract: ${unknown.join(', ')}`, 0);
    }

    if (source.header) {
      const present = new Set(columns);
      const missing = spec.fields.filter((f) => f.required && !present.has(f.name));
      if (missing.length > 0) {
        const errs = missing.map((f) => ({ row: 0, field: f.name, message: `required column ${f.name} is missing from the CSV header` }));
        throw new ImportValidationError(errs, errs.length, warnings.list());
      }
    }

    const ctx: RunContext = { spec, source, opts, reportingCurrency, errors, warnings, lap };
    if (!opts.dryRun && (await this.isEmpty(spec))) {
      await this.client.query(`SAVEPOINT ${BULK_SAVEPOINT}`);
      try {
        const summary = await this.bulkLoad(ctx);
        await this.client.query(`RELEASE SAVEPOINT ${BULK_SAVEPOINT}`);
        return summary;
      } catch (err) {
        // Undo the load and the dropped indexes, whatever the caller does with the transaction.
        await this.client.query(`ROLLBACK TO SAVEPOINT ${BULK_SAVEPOINT}`).catch(() => undefined);
        throw err;
      }
    }
    return this.stageAndMerge(ctx);
  }

  private async isEmpty(spec: EntitySpec): Promise<boolean> {
    const res = await this.client.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${spec.table}) AS empty`);
    return res.rows[0].empty;
  }

  /**
   * Reads the whole source: validates every record, finds duplicate keys, and appends the COPY
   * encoding of each valid record to `sink.out` (with row_no and ok for the staging table);
   * invalid records go to `sink.invalid`. A CSV body is read as bytes, and its records are
   * checked and encoded from them (CsvFastPath); a record that path does not accept, and every
   * record of other sources, goes through RowChecker.
   */
  private async readRecords(ctx: RunContext, sink: RecordSink): Promise<ReadResult> {
    const { spec, source, errors, warnings } = ctx;
    const columns = source.columns();
    const width = columns.length;
    const columnOf = spec.fields.map((f) => columns.indexOf(f.name));
    const keyIndexes = spec.key.map((k) => spec.fields.findIndex((f) => f.name === k));
    const validation = { reportingCurrency: ctx.reportingCurrency };
    const checker = new RowChecker(spec, validation);
    const encoder = new ValueEncoder(spec.fields);
    const values = checker.values;
    let keys = new KeyIndex();
    const out = sink.out;
    let received = 0;
    let valid = 0;

    // References checked in memory (when loadReferences found that worth it), per field.
    let refChecks: { field: number; ref: ReferenceSpec; set: KeyIndex }[] = [];
    const useReferences = (sets: Map<EntityName, KeyIndex> | null) => {
      refChecks = sets === null ? [] : spec.references.map((ref) => ({ field: spec.fields.findIndex((f) => f.name === ref.field), ref, set: sets.get(ref.entity)! }));
      return refChecks.length > 0;
    };

    const slow = (cells: readonly unknown[], base: number, row: number) => {
      let ok = checker.check(cells, base, columnOf);
      if (checker.warnings.length > 0) {
        for (const code of checker.warnings) warnings.add(code, WARNING_MESSAGES[code] ?? code, row);
      }
      if (ok) {
        const first = keys.addString(keyOf(values, keyIndexes), row);
        if (first !== 0) {
          ok = false;
          checker.errors.push({
            field: spec.key.join('+'),
            message: `duplicate key ${spec.key.map((k, j) => `${k}=${values[keyIndexes[j]]}`).join(', ')}: already on row ${first}`,
          });
        }
      }
      for (const check of refChecks) {
        const value = values[check.field];
        if (value !== null && check.set.get(value) === 0) {
          ok = false;
          checker.errors.push(unknownReference(check.ref, value));
        }
      }
      if (ok) {
        valid += 1;
        encoder.add(out, values, sink.staged ? row : -1);
      } else {
        errors.addRow(row, checker.errors);
        sink.invalid(row, values);
      }
    };

    let referencesChecked: boolean;
    const csv = source.csvBatches?.()[Symbol.asyncIterator]();
    if (csv) {
      const fast = new CsvFastPath(spec, validation, columnOf, width);
      const cells = new Array<string>(width);
      // The first batch tells the size of a record, hence (with the body's length) of the request.
      let next = await csv.next();
      let estimate: number | null = null;
      if (!next.done && source.bytesHint !== undefined && next.value.count > 0) {
        const batch = next.value;
        const perRecord = (batch.ends[batch.count * width - 1] - batch.starts[0] + 1) / batch.count;
        estimate = Math.round(source.bytesHint / perRecord);
        keys = new KeyIndex(estimate);
      }
      referencesChecked = useReferences(await this.loadReferences(spec, estimate));
      ctx.referencesChecked = referencesChecked;
      if (referencesChecked) fast.useReferences(spec.fields.map((_, i) => refChecks.find((c) => c.field === i)?.set ?? null));
      ctx.lap(`references ${referencesChecked ? 'loaded' : 'left to SQL'} (about ${estimate ?? '?'} rows)`);
      for (; !next.done; next = await csv.next()) {
        const batch = next.value;
        for (let r = 0; r < batch.count; r++) {
          const row = batch.firstRow + r;
          const base = r * width;
          received += 1;
          if (fast.tryRecord(batch, base, out, sink.staged ? row : -1)) {
            if (keys.add(fast.key, 0, fast.keyLength, row) === 0) {
              valid += 1;
              if (fast.warning !== null) warnings.add(fast.warning, WARNING_MESSAGES[fast.warning] ?? fast.warning, row);
              continue;
            }
            out.pos = fast.recordStart; // a duplicate key: taken back, and reported below
          }
          for (let c = 0; c < width; c++) cells[c] = csvCell(batch, base + c);
          slow(cells, 0, row);
        }
        await sink.flush();
      }
    } else {
      referencesChecked = useReferences(await this.loadReferences(spec, source.rowsHint ?? null));
      ctx.referencesChecked = referencesChecked;
      keys = new KeyIndex(source.rowsHint);
      for await (const batch of source.batches()) {
        for (const { row, values: cells } of batch) {
          received += 1;
          slow(cells, 0, row);
        }
        await sink.flush();
      }
    }
    out.finish();
    await sink.flush();
    return { received, valid, keys, referencesChecked };
  }

  /**
   * The ids the spec's references point to, loaded into memory, when that is worth it (see
   * REFERENCES_SMALL); null when SQL should check them after the COPY. `requestRows` is an
   * estimate of the request's size, if known.
   */
  private async loadReferences(spec: EntitySpec, requestRows: number | null): Promise<Map<EntityName, KeyIndex> | null> {
    if (spec.references.length === 0 || importTuning.references === 'sql') return null;
    const targets = [...new Set(spec.references.map((r) => r.entity))];
    const res = await this.client.query<{ n: number }>(
      `SELECT coalesce(sum(GREATEST(c.reltuples, 0)), 0)::float8 AS n FROM pg_class c WHERE c.oid = ANY($1::regclass[])`,
      [targets.map((e) => ENTITY_SPECS[e].table)],
    );
    const estimate = res.rows[0].n;
    const auto = importTuning.references === 'auto';
    if (auto && estimate > REFERENCES_SMALL && (requestRows === null || estimate > 2 * requestRows)) return null;
    const sets = new Map<EntityName, KeyIndex>();
    let total = 0;
    for (const entity of targets) {
      const target = ENTITY_SPECS[entity];
      const column = spec.references.find((r) => r.entity === entity)!.column;
      const set = await this.loadKeys(`SELECT ${ident(column)} FROM ${target.table} LIMIT ${REFERENCES_MAX + 1}`, estimate);
      total += set.count;
      // The statistics were stale: far more ids than estimated; SQL is the better judge then.
      if (total > REFERENCES_MAX || (auto && total > REFERENCES_SMALL && (requestRows === null || total > 4 * requestRows))) return null;
      sets.set(entity, set);
    }
    return sets;
  }

  /** The single text column of `select`, as a set (COPY binary out: no row objects, no strings). */
  private async loadKeys(select: string, expected: number): Promise<KeyIndex> {
    const set = new KeyIndex(expected);
    const stream = this.client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`));
    let carry: Buffer = Buffer.alloc(0);
    let headerDone = false;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      let p = 0;
      if (!headerDone) {
        if (buf.length < 19) {
          carry = buf;
          continue;
        }
        p = 19 + buf.readInt32BE(15); // signature, flags, header extension
        headerDone = true;
      }
      // Tuples: int16 field count (-1: end), then int32 length and the bytes.
      while (p + 2 <= buf.length) {
        const fields = buf.readInt16BE(p);
        if (fields === -1) {
          p += 2;
          break;
        }
        if (p + 6 > buf.length) break;
        const length = buf.readInt32BE(p + 2);
        if (p + 6 + Math.max(length, 0) > buf.length) break;
        if (length >= 0) set.add(buf, p + 6, p + 6 + length, 1);
        p += 6 + Math.max(length, 0);
      }
      carry = buf.subarray(p);
    }
    return set;
  }

  // ---------------------------------------------------------------------------------------------
  // Bulk load into an empty table
  // ---------------------------------------------------------------------------------------------

  private async bulkLoad(ctx: RunContext): Promise<ImportSummary> {
    const { spec, opts, errors, warnings, lap } = ctx;
    const rebuild = await this.dropIndexes(spec);
    lap(`dropped ${rebuild.length} index(es)`);

    const cols = spec.fields.map((f) => ident(f.name)).join(', ');
    const copy = new CopyWriter(this.client, `COPY ${spec.table} (${cols}) FROM STDIN (FORMAT binary)`);
    // Invalid rows are not loaded; their references are still checked (from a side table), so the
    // answer lists every problem at once.
    const refFields = spec.references.map((r) => spec.fields.findIndex((f) => f.name === r.field));
    const rejects: string[] = [];
    let rejectBuf = '';
    const sink: RecordSink = {
      out: new CopyBinaryWriter(),
      staged: false,
      invalid: (row, values) => {
        if (refFields.length > 0 && !referencesChecked()) rejectBuf += `${row}\t${refFields.map((i) => copyText(values[i])).join('\t')}\n`;
      },
      flush: async () => {
        await copy.write(sink.out.take());
        if (rejectBuf.length > 0) {
          rejects.push(rejectBuf);
          rejectBuf = '';
        }
      },
    };
    let read: ReadResult;
    const referencesChecked = () => ctx.referencesChecked === true;
    try {
      read = await this.readRecords(ctx, sink);
      await copy.end();
    } catch (err) {
      await copy.abort();
      throw err;
    }
    lap(`parsed, validated and loaded ${read.valid} rows`);

    if (rejects.length > 0 && !read.referencesChecked) {
      await this.client.query(`DROP TABLE IF EXISTS ${REJECTS}`);
      await this.client.query(
        `CREATE TEMP TABLE ${REJECTS} (row_no integer NOT NULL, ${spec.references.map((r) => `${ident(r.field)} text`).join(', ')}) ON COMMIT DROP`,
      );
      const side = new CopyWriter(this.client, `COPY ${REJECTS} (row_no, ${spec.references.map((r) => ident(r.field)).join(', ')}) FROM STDIN`);
      for (const chunk of rejects) await side.write(chunk);
      await side.end();
    }

    // References not checked in memory: rows loaded into the table are named through the key →
    // first row index, invalid rows through the side table.
    let dropped = 0;
    for (const ref of read.referencesChecked ? [] : spec.references) {
      const target = ENTITY_SPECS[ref.entity];
      const missing = (alias: string) =>
        `${alias}.${ident(ref.field)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${target.table} t WHERE t.${ident(ref.column)} = ${alias}.${ident(ref.field)})`;
      const keyCols = spec.key.map((k) => keyText(spec, k, 'l')).join(', ');
      const sql =
        opts.onError === 'skip'
          ? `DELETE FROM ${spec.table} l WHERE ${missing('l')} RETURNING ${keyCols}, l.${ident(ref.field)} AS value`
          : `SELECT ${keyCols}, l.${ident(ref.field)} AS value FROM ${spec.table} l WHERE ${missing('l')}`;
      const res = await this.client.query<string[]>({ text: sql, rowMode: 'array' });
      const found: { row: number; value: string }[] = [];
      const n = spec.key.length;
      for (const r of res.rows) found.push({ row: read.keys.get(n === 1 ? r[0] : r.slice(0, n).join('\u0000')), value: r[n] });
      dropped += opts.onError === 'skip' ? found.length : 0;
      if (rejects.length > 0) {
        const side = await this.client.query<{ row_no: number; value: string }>(
          `SELECT s.row_no, s.${ident(ref.field)} AS value FROM ${REJECTS} s WHERE ${missing('s')}`,
        );
        found.push(...side.rows.map((r) => ({ row: r.row_no, value: r.value })));
      }
      found.sort((a, b) => a.row - b.row);
      for (const f of found) errors.addRow(f.row, [unknownReference(ref, f.value)]);
    }
    if (opts.onError === 'reject' && errors.count > 0) {
      throw new ImportValidationError(errors.sorted(), errors.count, warnings.list());
    }
    lap('references checked');

    await this.restoreIndexes(rebuild);
    lap('indexes re-created');
    const inserted = read.valid - dropped;
    return summary(ctx, read.received, inserted, 0, inserted, 0);
  }

  /**
   * Drops the table's indexes and key constraints (those no foreign key depends on), returning
   * the statements that re-create them. Read from the catalog, so indexes added by later
   * migrations are handled too.
   */
  private async dropIndexes(spec: EntitySpec): Promise<string[]> {
    const constraints = await this.client.query<{ name: string; def: string }>(
      `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c
        WHERE c.conrelid = $1::regclass AND c.contype IN ('p', 'u', 'x')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)
        ORDER BY c.contype, c.conname`,
      [spec.table],
    );
    const indexes = await this.client.query<{ name: string; def: string }>(
      `SELECT quote_ident(i.schemaname) || '.' || quote_ident(i.indexname) AS name, i.indexdef AS def
         FROM pg_indexes i
        WHERE (quote_ident(i.schemaname) || '.' || quote_ident(i.tablename))::regclass = $1::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                           WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
        ORDER BY i.indexname`,
      [spec.table],
    );
    const rebuild: string[] = [];
    for (const c of constraints.rows) {
      await this.client.query(`ALTER TABLE ${spec.table} DROP CONSTRAINT ${ident(c.name)}`);
      rebuild.push(`ALTER TABLE ${spec.table} ADD CONSTRAINT ${ident(c.name)} ${c.def}`);
    }
    for (const i of indexes.rows) {
      await this.client.query(`DROP INDEX ${i.name}`);
      rebuild.push(i.def);
    }
    return rebuild;
  }

  private async restoreIndexes(statements: string[]): Promise<void> {
    if (statements.length === 0) return;
    const res = await this.client.query<{ mem: string }>(`SELECT current_setting('maintenance_work_mem') AS mem`);
    await this.client.query(`SELECT set_config('maintenance_work_mem', $1, true)`, [INDEX_BUILD_MEMORY]);
    for (const sql of statements) {
      const t = performance.now();
      await this.client.query(sql);
      if (process.env.IMPORT_TIMING) console.error(`   ${Math.round(performance.now() - t)} ms ${sql.slice(0, 90)}`);
    }
    await this.client.query(`SELECT set_config('maintenance_work_mem', $1, true)`, [res.rows[0].mem]);
  }

  // ---------------------------------------------------------------------------------------------
  // Staging table and merge
  // ---------------------------------------------------------------------------------------------

  private async stageAndMerge(ctx: RunContext): Promise<ImportSummary> {
    const { spec, opts, errors, warnings, lap } = ctx;
    await this.client.query(`DROP TABLE IF EXISTS ${STAGE}`);
    await this.client.query(
      `CREATE TEMP TABLE ${STAGE} (row_no integer NOT NULL, ok boolean NOT NULL, ${spec.fields.map((f) => `${ident(f.name)} ${f.sqlType}`).join(', ')}) ON COMMIT DROP`,
    );
    const copy = new CopyWriter(this.client, `COPY ${STAGE} (row_no, ok, ${spec.fields.map((f) => ident(f.name)).join(', ')}) FROM STDIN (FORMAT binary)`);
    const encoder = new ValueEncoder(spec.fields);
    const sink: RecordSink = {
      out: new CopyBinaryWriter(),
      staged: true,
      // Invalid rows are staged too (flagged), so their references are checked with the rest
      // and the answer lists every problem at once.
      invalid: (row, values) => encoder.add(sink.out, values, row, false),
      flush: () => copy.write(sink.out.take()),
    };
    let read: ReadResult;
    try {
      read = await this.readRecords(ctx, sink);
      await copy.end();
    } catch (err) {
      await copy.abort();
      throw err;
    }
    lap('parsed, validated and staged');
    let valid = read.valid;

    // References not checked in memory are checked set-wise against what is stored (the
    // contract's import order).
    for (const ref of read.referencesChecked ? [] : spec.references) {
      const target = ENTITY_SPECS[ref.entity];
      const missing = `s.${ident(ref.field)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${target.table} t WHERE t.${ident(ref.column)} = s.${ident(ref.field)})`;
      const sql =
        opts.onError === 'skip'
          ? `DELETE FROM ${STAGE} s WHERE ${missing} RETURNING s.row_no, s.ok, s.${ident(ref.field)} AS value`
          : `SELECT s.row_no, s.ok, s.${ident(ref.field)} AS value FROM ${STAGE} s WHERE ${missing} ORDER BY s.row_no LIMIT ${MAX_REPORTED_ERRORS}`;
      const res = await this.client.query<{ row_no: number; ok: boolean; value: string }>(sql);
      const rows = opts.onError === 'skip' ? res.rows.sort((a, b) => a.row_no - b.row_no) : res.rows;
      for (const r of rows) {
        if (r.ok && opts.onError === 'skip') valid -= 1;
        errors.addRow(r.row_no, [unknownReference(ref, r.value)]);
      }
      if (opts.onError === 'reject' && res.rows.length === MAX_REPORTED_ERRORS) errors.markTruncated();
    }
    if (opts.onError === 'reject' && errors.count > 0) {
      throw new ImportValidationError(errors.sorted(), errors.count, warnings.list());
    }
    if (valid < read.received) await this.client.query(`DELETE FROM ${STAGE} WHERE NOT ok`);
    lap('references checked');

    const deleted = opts.mode === 'replace' ? await this.guardReplace(spec) : 0;
    const { inserted, updated } = opts.dryRun ? await this.countChanges(spec) : await this.merge(spec);
    lap('merged');
    const deletedRows = opts.mode === 'replace' && !opts.dryRun ? await this.deleteMissing(spec) : deleted;
    return summary(ctx, read.received, inserted, updated, valid, deletedRows);
  }

  private keyMatch(spec: EntitySpec, a: string, b: string): string {
    return spec.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(' AND ');
  }

  /** Counts the stored rows a replace would delete, refusing (409) if other rows still point at them. */
  private async guardReplace(spec: EntitySpec): Promise<number> {
    const goes = `NOT EXISTS (SELECT 1 FROM ${STAGE} s WHERE ${this.keyMatch(spec, 's', 't')})`;
    const conflicts: { entity: string; count: number; examples: Record<string, string>[] }[] = [];
    for (const { spec: dep, ref } of dependentsOf(spec.entity)) {
      const res = await this.client.query<{ n: string; examples: Record<string, string>[] | null }>(
        `SELECT count(*) AS n,
                (array_agg(json_build_object(${dep.key.map((k) => `'${k}', d.${ident(k)}`).join(', ')}, '${ref.field}', d.${ident(ref.field)})))[1:5] AS examples
           FROM ${dep.table} d
           JOIN ${spec.table} t ON t.${ident(ref.column)} = d.${ident(ref.field)}
          WHERE ${goes}`,
      );
      const n = Number(res.rows[0].n);
      if (n > 0) conflicts.push({ entity: dep.entity, count: n, examples: res.rows[0].examples ?? [] });
    }
    if (conflicts.length > 0) {
      const what = conflicts.map((c) => `${c.count} ${c.entity}`).join(' and ');
      throw new ImportConflictError(
        `replace would delete ${spec.entity} that ${what} still reference; import those rows without the references (or replace them) first. Nothing was changed.`,
        conflicts,
      );
    }
    const res = await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${spec.table} t WHERE ${goes}`);
    return Number(res.rows[0].n);
  }

  private async deleteMissing(spec: EntitySpec): Promise<number> {
    const res = await this.client.query(
      `DELETE FROM ${spec.table} t WHERE NOT EXISTS (SELECT 1 FROM ${STAGE} s WHERE ${this.keyMatch(spec, 's', 't')})`,
    );
    return res.rowCount ?? 0;
  }

  private nonKey(spec: EntitySpec): string[] {
    return spec.fields.map((f) => f.name).filter((n) => !spec.key.includes(n));
  }

  private distinct(spec: EntitySpec, a: string, b: string): string {
    const cols = this.nonKey(spec);
    if (cols.length === 0) return 'false';
    return `(${cols.map((c) => `${a}.${ident(c)}`).join(', ')}) IS DISTINCT FROM (${cols.map((c) => `${b}.${ident(c)}`).join(', ')})`;
  }

  private async countChanges(spec: EntitySpec): Promise<{ inserted: number; updated: number }> {
    const res = await this.client.query<{ inserted: string; updated: string }>(
      `SELECT count(*) FILTER (WHERE t.${ident(spec.key[0])} IS NULL) AS inserted,
              count(*) FILTER (WHERE t.${ident(spec.key[0])} IS NOT NULL AND ${this.distinct(spec, 's', 't')}) AS updated
         FROM ${STAGE} s LEFT JOIN ${spec.table} t ON ${this.keyMatch(spec, 's', 't')}`,
    );
    return { inserted: Number(res.rows[0].inserted), updated: Number(res.rows[0].updated) };
  }

  /**
   * Applies the staged rows: changed rows are updated, new keys inserted (an anti-join, so plain
   * inserts), rows equal to what is stored are left alone (unchanged). The import lock keeps other
   * writers out between the two statements.
   */
  private async merge(spec: EntitySpec): Promise<{ inserted: number; updated: number }> {
    const cols = spec.fields.map((f) => ident(f.name)).join(', ');
    const nonKey = this.nonKey(spec);
    let updated = 0;
    if (nonKey.length > 0) {
      const res = await this.client.query(
        `UPDATE ${spec.table} t SET ${nonKey.map((c) => `${ident(c)} = s.${ident(c)}`).join(', ')}
           FROM ${STAGE} s WHERE ${this.keyMatch(spec, 's', 't')} AND ${this.distinct(spec, 't', 's')}`,
      );
      updated = res.rowCount ?? 0;
    }
    const res = await this.client.query(
      `INSERT INTO ${spec.table} (${cols})
       SELECT ${cols} FROM ${STAGE} s WHERE NOT EXISTS (SELECT 1 FROM ${spec.table} t WHERE ${this.keyMatch(spec, 's', 't')})`,
    );
    return { inserted: res.rowCount ?? 0, updated };
  }
}

interface RunContext {
  spec: EntitySpec;
  source: RecordSource;
  opts: ImportOptions;
  reportingCurrency: string;
  errors: ErrorCollector;
  warnings: WarningCollector;
  lap: (what: string) => void;
  /** Set by readRecords once it knows whether references are checked in memory. */
  referencesChecked?: boolean;
}

/** Where readRecords puts the records. */
interface RecordSink {
  /** COPY binary encoding of the valid records. */
  out: CopyBinaryWriter;
  /** Staging table: each record starts with row_no and ok. */
  staged: boolean;
  /** An invalid record (values normalised where valid, null where not). */
  invalid(row: number, values: readonly (string | null)[]): void;
  /** Called after each batch: sends what was encoded. */
  flush(): Promise<void>;
}

interface ReadResult {
  received: number;
  valid: number;
  keys: KeyIndex;
  /** References were checked in memory (else SQL must check them). */
  referencesChecked: boolean;
}

function summary(ctx: RunContext, received: number, inserted: number, updated: number, valid: number, deleted: number): ImportSummary {
  return {
    entity: ctx.spec.entity,
    mode: ctx.opts.mode,
    dry_run: ctx.opts.dryRun,
    received,
    inserted,
    updated,
    unchanged: valid - inserted - updated,
    deleted,
    rejected_count: ctx.errors.rowCount,
    rejected: ctx.errors.rejectedRows(),
    rejected_truncated: ctx.errors.truncated,
    warnings: ctx.warnings.list(),
  };
}

function unknownReference(ref: ReferenceSpec, value: string): FieldError {
  return { field: ref.field, message: `${ref.field} ${JSON.stringify(value)} is not a known ${ref.column.replace(/_id$/, '')} (import ${ref.entity} first)` };
}

/** The key of a validated record, as KeyIndex stores it. */
function keyOf(values: readonly (string | null)[], keyIndexes: readonly number[]): string {
  if (keyIndexes.length === 1) return values[keyIndexes[0]] as string;
  let key = values[keyIndexes[0]] as string;
  for (let j = 1; j < keyIndexes.length; j++) key += '\u0000' + (values[keyIndexes[j]] as string);
  return key;
}

/** A key column read back as the text keyOf saw (dates and months as YYYY-MM-DD, whatever DateStyle says). */
function keyText(spec: EntitySpec, name: string, alias: string): string {
  const field = spec.fields.find((f) => f.name === name);
  return field?.sqlType === 'date' ? `to_char(${alias}.${ident(name)}, 'YYYY-MM-DD')` : `${alias}.${ident(name)}`;
}

// -----------------------------------------------------------------------------------------------
// COPY
// -----------------------------------------------------------------------------------------------

/**
 * One COPY ... FROM STDIN on the client, written to with backpressure. It starts with the first
 * write, so the client can run other queries until then.
 */
class CopyWriter {
  private stream: ReturnType<typeof copyFrom> | null = null;
  private done: Promise<unknown> = Promise.resolve();
  private failure: Error | null = null;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly sql: string,
  ) {}

  private start(): ReturnType<typeof copyFrom> {
    const stream = this.client.query(copyFrom(this.sql));
    this.done = once(stream, 'finish');
    stream.on('error', (err: Error) => (this.failure ??= err));
    this.stream = stream;
    return stream;
  }

  async write(chunk: string | Buffer | null): Promise<void> {
    if (this.failure) throw this.failure;
    if (chunk === null || chunk.length === 0) return;
    const stream = this.stream ?? this.start();
    if (!stream.write(chunk)) await once(stream, 'drain');
  }

  async end(): Promise<void> {
    (this.stream ?? this.start()).end();
    await this.done;
  }

  async abort(): Promise<void> {
    if (this.stream === null) return;
    this.stream.destroy();
    await this.done.catch(() => undefined);
  }
}

/** Escapes a value for COPY ... (FORMAT text). */
function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

// -----------------------------------------------------------------------------------------------
// Keys
// -----------------------------------------------------------------------------------------------

/**
 * Key → first row of the request: finds duplicate keys, and names the row of a key read back from
 * the table. Keys are UTF-8 bytes (a composite key's fields joined by a 0 byte), appended to one
 * growing buffer and found through an open-addressing hash table over typed arrays whose slots
 * hold the hash next to the entry (one cache miss per probe): a JavaScript Map of a million
 * strings costs several times the time and memory.
 */
export class KeyIndex implements KeySet {
  /** Pairs (hash, entry + 1); entry + 1 = 0: a free slot. */
  private slots: Int32Array;
  private hashes: Int32Array;
  private rows: Int32Array;
  /** Entry e's key is arena[offsets[e] .. offsets[e + 1]). */
  private offsets: Int32Array;
  private arena: Buffer;
  private size = 0;
  private scratch = Buffer.allocUnsafeSlow(1024);

  /** `expected`: about how many keys will come (sizes the table once instead of growing it). */
  constructor(expected = 0) {
    let capacity = 1 << 11;
    while (capacity < Math.min(expected, 1 << 22)) capacity *= 2;
    this.slots = new Int32Array(4 * capacity);
    this.hashes = new Int32Array(capacity);
    this.rows = new Int32Array(capacity);
    this.offsets = new Int32Array(capacity + 1);
    this.arena = Buffer.allocUnsafeSlow(16 * capacity);
  }

  /** Number of keys. */
  get count(): number {
    return this.size;
  }

  /** Records `row` as the first row of key[start .. end) and returns 0, or returns the key's earlier row. */
  add(key: Buffer, start: number, end: number, row: number): number {
    const h = hashBytes(key, start, end);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = h & mask;
    for (;;) {
      const e = slots[2 * i + 1];
      if (e === 0) break;
      if (slots[2 * i] === h && this.equals(e - 1, key, start, end)) return this.rows[e - 1];
      i = (i + 1) & mask;
    }
    const e = this.size++;
    if (e === this.rows.length) this.growEntries();
    const length = end - start;
    const at = this.offsets[e];
    if (at + length > this.arena.length) {
      const arena = Buffer.allocUnsafeSlow(Math.max(2 * this.arena.length, at + length));
      this.arena.copy(arena, 0, 0, at);
      this.arena = arena;
    }
    const arena = this.arena;
    for (let j = 0; j < length; j++) arena[at + j] = key[start + j];
    this.offsets[e + 1] = at + length;
    this.hashes[e] = h;
    this.rows[e] = row;
    slots[2 * i] = h;
    slots[2 * i + 1] = e + 1;
    if (this.size * 4 > slots.length) this.growSlots();
    return 0;
  }

  /** The first row of key[start .. end), or 0 if absent. */
  find(key: Buffer, start: number, end: number): number {
    const h = hashBytes(key, start, end);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = slots[2 * i + 1];
      if (e === 0) return 0;
      if (slots[2 * i] === h && this.equals(e - 1, key, start, end)) return this.rows[e - 1];
    }
  }

  /** `add` for a key given as a string. */
  addString(key: string, row: number): number {
    return this.add(this.scratch, 0, this.toScratch(key), row);
  }

  /** `find` for a key given as a string. */
  get(key: string): number {
    return this.find(this.scratch, 0, this.toScratch(key));
  }

  private toScratch(key: string): number {
    if (3 * key.length > this.scratch.length) this.scratch = Buffer.allocUnsafeSlow(3 * key.length);
    return this.scratch.write(key, 0, 'utf8');
  }

  private equals(e: number, key: Buffer, start: number, end: number): boolean {
    const at = this.offsets[e];
    const length = end - start;
    if (this.offsets[e + 1] - at !== length) return false;
    const arena = this.arena;
    for (let j = 0; j < length; j++) if (arena[at + j] !== key[start + j]) return false;
    return true;
  }

  private growEntries(): void {
    const n = this.rows.length * 2;
    const hashes = new Int32Array(n);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const rows = new Int32Array(n);
    rows.set(this.rows);
    this.rows = rows;
    const offsets = new Int32Array(n + 1);
    offsets.set(this.offsets);
    this.offsets = offsets;
  }

  /** Doubles the table (kept at most half full). */
  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let e = 0; e < this.size; e++) {
      const h = this.hashes[e];
      let i = h & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = h;
      slots[2 * i + 1] = e + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over bytes, with murmur3's finaliser. */
function hashBytes(key: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ key[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// -----------------------------------------------------------------------------------------------
// Errors and warnings
// -----------------------------------------------------------------------------------------------

class ErrorCollector {
  private readonly errors: RowError[] = [];
  private readonly rows = new Map<number, { field: string; message: string }[]>();
  count = 0;
  rowCount = 0;
  truncated = false;

  addRow(row: number, errs: readonly { field: string; message: string }[]): void {
    this.count += errs.length;
    const existing = this.rows.get(row);
    if (existing === undefined) this.rowCount += 1;
    if (this.errors.length >= MAX_REPORTED_ERRORS) {
      this.truncated = true;
      return;
    }
    for (const e of errs) this.errors.push({ row, ...e });
    if (existing) existing.push(...errs);
    else this.rows.set(row, [...errs]);
  }

  markTruncated(): void {
    this.truncated = true;
  }

  sorted(): RowError[] {
    return [...this.errors].sort((a, b) => a.row - b.row);
  }

  rejectedRows(): RejectedRow[] {
    return [...this.rows.entries()].sort((a, b) => a[0] - b[0]).map(([row, errors]) => ({ row, errors }));
  }
}

class WarningCollector {
  private readonly byCode = new Map<string, ImportWarning>();

  add(code: string, message: string, row: number): void {
    let w = this.byCode.get(code);
    if (!w) {
      w = { code, message, count: 0, rows: [] };
      this.byCode.set(code, w);
    }
    if (row > 0) {
      w.count += 1;
      if (w.rows.length < WARNING_SAMPLE_ROWS) w.rows.push(row);
    }
  }

  list(): ImportWarning[] {
    return [...this.byCode.values()];
  }
}
