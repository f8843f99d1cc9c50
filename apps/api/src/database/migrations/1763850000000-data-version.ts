import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter bumped by every committed import: read in the same snapshot as the data, it tells
 * whether a computed result is still current (the metrics result cache keys on it).
 */
export class DataVersion1763850000000 implements MigrationInterface {
  name = 'DataVersion1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE data_state (id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1), version bigint NOT NULL DEFAULT 0)`);
    await q.query(`INSERT INTO data_state (id, version) VALUES (1, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS data_state`);
  }
}
