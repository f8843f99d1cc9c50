/**
 * Jest globalSetup (runs once, in Jest's parent process): provides the run's database.
 * - DATABASE_URL set: a fresh database `partner_kpi_test_<pid>_<time>` on that server.
 * - otherwise: an embedded PostgreSQL in a fresh temporary directory.
 * Its URL goes to process.env.TEST_DATABASE_URL, which the workers inherit; global-teardown.ts
 * undoes what was done here.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type EmbeddedPostgresModule = typeof import('../src/database/embedded-postgres.js');
type TestDatabaseModule = typeof import('./test-database.js');

export interface TestDatabaseRun {
  url: string;
  teardown(): Promise<void>;
}

declare global {
  var __PARTNER_KPI_TEST_DATABASE__: TestDatabaseRun | undefined;
}

export default async function globalSetup(): Promise<void> {
  const run = await provideDatabase();
  globalThis.__PARTNER_KPI_TEST_DATABASE__ = run;
  process.env.TEST_DATABASE_URL = run.url;
}

async function provideDatabase(): Promise<TestDatabaseRun> {
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (serverUrl) {
    const { createDatabase, dropDatabase } = await load<TestDatabaseModule>('./test-database.ts');
    const name = `partner_kpi_test_${process.pid}_${Date.now()}`;
    const url = await createDatabase(serverUrl, name);
    return { url, teardown: () => dropDatabase(serverUrl, name) };
  }

  const { startEmbeddedPostgres } = await load<EmbeddedPostgresModule>(
    '../src/database/embedded-postgres.ts',
  );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'partner-kpi-test-'));
  try {
    // As root the server runs as an unprivileged user, which must be able to enter the dir.
    await chmod(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: dir });
    return {
      url: server.url,
      teardown: async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Jest loads globalSetup outside its ESM test runtime: swc compiles this file to CommonJS and
 * Node `require`s it, so the moduleNameMapper that turns `./x.js` into `./x.ts` does not apply.
 * Importing a source by the absolute path of its .ts file works there (Jest's require hook
 * compiles it); the modules loaded this way import only packages and node built-ins.
 */
async function load<T>(relativeTsPath: string): Promise<T> {
  return (await import(fileURLToPath(new URL(relativeTsPath, import.meta.url)))) as T;
}
