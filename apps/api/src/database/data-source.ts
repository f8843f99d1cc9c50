import pg from 'pg';
import { DataSource } from 'typeorm';
import { SettingsEntity } from './entities/settings.entity.js';
import { InitialSchema1763700000000 } from './migrations/1763700000000-initial-schema.js';
import { MetricsIndexes1763800000000 } from './migrations/1763800000000-metrics-indexes.js';
import { DataVersion1763850000000 } from './migrations/1763850000000-data-version.js';
import { MappingsAndHistory1763860000000 } from './migrations/1763860000000-mappings-and-history.js';
import { Snapshots1763900000000 } from './migrations/1763900000000-snapshots.js';
import { AuthAndAudit1764000000000 } from './migrations/1764000000000-auth-and-audit.js';
import { IdsCollateC1764100000000 } from './migrations/1764100000000-ids-collate-c.js';
import { DealFacts1764200000000 } from './migrations/1764200000000-deal-facts.js';

// `date` columns are calendar dates without a time zone: keep them as 'YYYY-MM-DD' strings
// instead of letting pg turn them into JavaScript Dates at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export const MIGRATIONS = [InitialSchema1763700000000, MetricsIndexes1763800000000, DataVersion1763850000000, MappingsAndHistory1763860000000, Snapshots1763900000000, AuthAndAudit1764000000000, IdsCollateC1764100000000, DealFacts1764200000000];

export function createDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [SettingsEntity],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    poolSize: options.poolSize ?? 10,
    extra: { application_name: 'partner-kpi' },
  });
}

/**
 * Runs pending migrations once, under a session advisory lock so that several instances
 * starting together (docker compose scale) do not race; each waits and then finds none pending.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('partner_kpi:migrations'))`);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner
      .query(`SELECT pg_advisory_unlock(hashtext('partner_kpi:migrations'))`)
      .catch(() => undefined);
    await runner.release();
  }
}
