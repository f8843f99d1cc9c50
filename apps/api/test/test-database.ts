/**
 * The database of a test run. `global-setup.ts` creates it (a fresh database on DATABASE_URL's
 * server, or an embedded PostgreSQL in a temporary directory) and exports its URL as
 * TEST_DATABASE_URL, which Jest's workers inherit.
 */
import pg from 'pg';

/** URL of this run's test database. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set: run the tests through Jest with apps/api/jest.config.js ' +
        '(its globalSetup provides the database)',
    );
  }
  return url;
}

/** `serverUrl` with its database replaced by `database`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Creates `database` on the server of `serverUrl` (connecting to serverUrl's own database). */
export async function createDatabase(serverUrl: string, database: string): Promise<string> {
  await withClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(database)}`),
  );
  return databaseUrl(serverUrl, database);
}

/** Drops `database`, disconnecting whoever is still connected to it. */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await withClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`),
  );
}

/**
 * An extra empty database on the test server, for a test that needs one of its own (e.g. to run
 * migrations from scratch). Call `drop()` when done.
 */
export async function createScratchDatabase(
  label = 'scratch',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = testDatabaseUrl();
  const name = `partner_kpi_${label}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const url = await createDatabase(serverUrl, name);
  return { url, drop: () => dropDatabase(serverUrl, name) };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
