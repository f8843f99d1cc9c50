// Every migration can be undone: on a scratch database, all of them up, all of them down (the
// schema is empty again), and up again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource, MIGRATIONS, runMigrations } from '../src/database/data-source.js';
import { createDatabase, dropDatabase, testDatabaseUrl } from './test-database.js';

const NAME = `partner_kpi_migrations_${process.pid}`;

async function tables(db: DataSource): Promise<string[]> {
  const rows = await db.query<{ t: string }[]>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  return rows.map((r) => r.t);
}

describe('migrations', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await createDataSource(await createDatabase(testDatabaseUrl(), NAME), { poolSize: 2 }).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(testDatabaseUrl(), NAME);
  });

  it('run up, down to nothing, and up again', async () => {
    expect(await runMigrations(db)).toHaveLength(MIGRATIONS.length);
    const all = await tables(db);
    expect(all).toEqual(expect.arrayContaining(['deals', 'users', 'audit_log', 'snapshots']));
    const [{ collation }] = await db.query<{ collation: string }[]>(
      `SELECT collation_name AS collation FROM information_schema.columns WHERE table_name = 'deals' AND column_name = 'deal_id'`,
    );
    expect(collation).toBe('C');
    for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration({ transaction: 'each' });
    expect(await tables(db)).toEqual(['migrations']);
    expect(await runMigrations(db)).toHaveLength(MIGRATIONS.length);
    expect(await tables(db)).toEqual(all);
  });
});
