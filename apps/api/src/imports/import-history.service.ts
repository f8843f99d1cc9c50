import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImportWarning, RowError } from './row-validator.js';

export interface ImportRunRecord {
  startedAt: Date;
  entity: string;
  mode: string;
  dryRun: boolean;
  onError: string;
  mapping: string | null;
  status: 'applied' | 'dry_run' | 'rejected' | 'failed';
  httpStatus: number;
  message: string | null;
  counts?: { received: number; inserted: number; updated: number; unchanged: number; deleted: number };
  rejectedCount: number;
  errorCount: number;
  warnings: ImportWarning[];
  /** The row/field problems: the 422's errors, or the rows on_error=skip rejected. */
  problems: RowError[];
}

export interface ImportRun {
  id: number;
  started_at: string;
  finished_at: string;
  entity: string;
  mode: string;
  dry_run: boolean;
  on_error: string;
  mapping: string | null;
  status: string;
  http_status: number;
  message: string | null;
  received: number | null;
  inserted: number | null;
  updated: number | null;
  unchanged: number | null;
  deleted: number | null;
  rejected_count: number;
  error_count: number;
  warnings: ImportWarning[];
}

const COLUMNS = `id, started_at, finished_at, entity, mode, dry_run, on_error, mapping, status, http_status, message,
  received, inserted, updated, unchanged, deleted, rejected_count, error_count, warnings`;

/** Every import request, applied or refused, with what it did: nothing is lost without a trace. */
@Injectable()
export class ImportHistoryService {
  constructor(private readonly dataSource: DataSource) {}

  async record(r: ImportRunRecord): Promise<number> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO import_runs (started_at, entity, mode, dry_run, on_error, mapping, status, http_status, message,
                                received, inserted, updated, unchanged, deleted, rejected_count, error_count, warnings, problems)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
      [
        r.startedAt, r.entity, r.mode, r.dryRun, r.onError, r.mapping, r.status, r.httpStatus, r.message,
        r.counts?.received ?? null, r.counts?.inserted ?? null, r.counts?.updated ?? null, r.counts?.unchanged ?? null,
        r.counts?.deleted ?? null, r.rejectedCount, r.errorCount, JSON.stringify(r.warnings), JSON.stringify(r.problems),
      ],
    );
    return Number(rows[0].id);
  }

  async list(limit: number, offset: number): Promise<{ total: number; runs: ImportRun[] }> {
    const runs = await this.dataSource.query<ImportRun[]>(
      `SELECT ${COLUMNS} FROM import_runs ORDER BY id DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const [{ n }] = await this.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM import_runs`);
    return { total: Number(n), runs: runs.map(normalise) };
  }

  async get(id: number): Promise<ImportRun & { problems: RowError[] }> {
    const rows = await this.dataSource.query<(ImportRun & { problems: RowError[] })[]>(
      `SELECT ${COLUMNS}, problems FROM import_runs WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) throw new NotFoundException(`no import run ${id}`);
    return { ...normalise(rows[0]), problems: rows[0].problems };
  }

  /** The rejected rows of a run with their reasons, as CSV (one line per problem). */
  async problemsCsv(id: number): Promise<string> {
    const run = await this.get(id);
    const lines = ['row,field,message'];
    for (const p of run.problems) lines.push([String(p.row), csvCell(p.field), csvCell(p.message)].join(','));
    return lines.join('\r\n') + '\r\n';
  }
}

function normalise<T extends ImportRun>(r: T): T {
  return {
    ...r,
    id: Number(r.id),
    started_at: new Date(r.started_at).toISOString(),
    finished_at: new Date(r.finished_at).toISOString(),
  };
}

/** RFC 4180 quoting, and a leading quote on text a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
