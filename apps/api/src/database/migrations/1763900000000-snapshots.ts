import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Board snapshots: what a board readout showed, frozen (docs/decisions.md, "Board snapshots").
 * The figures live in `content` (JSONB); the list columns are copies made at insert. A trigger
 * refuses every UPDATE, so no code path (and no hand-run SQL short of dropping the trigger) can
 * change a reported figure; a snapshot can only be deleted.
 */
export class Snapshots1763900000000 implements MigrationInterface {
  name = 'Snapshots1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        period_from date NOT NULL,
        period_to date NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        fingerprint text NOT NULL,
        headline jsonb NOT NULL,
        content jsonb NOT NULL,
        CONSTRAINT snapshots_period CHECK (period_from <= period_to)
      )`);
    await q.query(`CREATE INDEX snapshots_created_at_idx ON snapshots (created_at DESC)`);
    await q.query(`
      CREATE FUNCTION snapshots_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'board snapshots are immutable (snapshot %)', OLD.id USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER snapshots_immutable BEFORE UPDATE ON snapshots
        FOR EACH ROW EXECUTE FUNCTION snapshots_refuse_update()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS snapshots`);
    await q.query(`DROP FUNCTION IF EXISTS snapshots_refuse_update()`);
  }
}
