// The import API's answers (apps/api/src/imports, apps/api/src/mappings), as the SPA reads them.
import type { Entity } from './entities';

export type ImportMode = 'upsert' | 'replace';
export type OnError = 'reject' | 'skip';

/** A column mapping (data-model.md, "Column mappings and CRM presets"). */
export interface ColumnMapping {
  entity?: Entity;
  /** field -> source column (presets may list alternatives). */
  columns?: Record<string, string | readonly string[]>;
  /** field -> raw value -> stored value. */
  values?: Record<string, Record<string, string>>;
  date_format?: string;
  defaults?: Record<string, string>;
}

/** GET /api/v1/import/mappings: presets first, then saved mappings by name. */
export interface MappingSummary {
  name: string;
  kind: 'preset' | 'saved';
  description?: string;
  /** Presets: the entities they map. */
  entities?: Entity[];
  /** Saved mappings: the mapping itself. */
  mapping?: ColumnMapping;
  updated_at?: string;
}

/** A warning kind, counted over the whole request, with the first rows as examples. */
export interface ImportWarning {
  code: string;
  message: string;
  count: number;
  rows: number[];
}

export interface RowProblem {
  /** 1-based data row (the CSV line number minus one); 0 is the header. */
  row: number;
  field: string;
  message: string;
}

export interface RejectedRow {
  row: number;
  errors: { field: string; message: string }[];
}

/** 200 of POST /api/v1/import/{entity}. */
export interface ImportSummary {
  entity: Entity;
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

/** 422 of POST /api/v1/import/{entity}: nothing was written. */
export interface ImportInvalidBody {
  statusCode: 422;
  message: string;
  error_count: number;
  errors_truncated: boolean;
  errors: RowProblem[];
  warnings: ImportWarning[];
}

/** 409 of a replace that would orphan other rows. */
export interface ImportConflictBody {
  statusCode: 409;
  message: string;
  conflicts?: { entity: string; count: number; examples: Record<string, string>[] }[];
}

/** One row of GET /api/v1/import/runs. */
export interface ImportRun {
  id: number;
  started_at: string;
  finished_at: string;
  entity: string;
  mode: ImportMode;
  dry_run: boolean;
  on_error: OnError;
  mapping: string | null;
  status: 'applied' | 'dry_run' | 'rejected' | 'failed';
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

export interface ImportRunsResponse {
  total: number;
  runs: ImportRun[];
}
