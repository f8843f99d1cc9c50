import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Saved column mappings, and the history of every import request. */
export class MappingsAndHistory1763860000000 implements MigrationInterface {
  name = 'MappingsAndHistory1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_mappings (
        name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        mapping jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE import_runs (
        id bigserial PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        entity text NOT NULL,
        mode text NOT NULL,
        dry_run boolean NOT NULL,
        on_error text NOT NULL,
        mapping text,
        status text NOT NULL CHECK (status IN ('applied', 'dry_run', 'rejected', 'failed')),
        http_status integer NOT NULL,
        message text,
        received integer,
        inserted integer,
        updated integer,
        unchanged integer,
        deleted integer,
        rejected_count integer NOT NULL DEFAULT 0,
        error_count integer NOT NULL DEFAULT 0,
        warnings jsonb NOT NULL DEFAULT '[]',
        problems jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`CREATE INDEX import_runs_started_at_idx ON import_runs (started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS import_runs`);
    await q.query(`DROP TABLE IF EXISTS import_mappings`);
  }
}
