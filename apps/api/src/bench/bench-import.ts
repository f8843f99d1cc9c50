/**
 * npm run bench:import — import speed and memory at scale.
 *
 * Generates a seeded dataset (BENCH_DEALS deals, default 1,000,000, and proportionate partners,
 * accounts, touches, ARR, attachments, spend) as CSV files, starts the built API as a separate
 * process on a fresh database, and for each entity times
 *   - POST /api/v1/import/{entity} of the CSV file (streamed over HTTP), and
 *   - PostgreSQL COPY of the same file into a bare table (same column types, no keys, indexes or
 *     constraints) on the same server,
 * printing both, their ratio, and the API's peak RSS (and how long the API's background rebuild of
 * its read-side deal facts takes after each import; the next COPY waits for it). The database is DATABASE_URL's server when
 * set (the figure the target is about), else an embedded PostgreSQL in a temporary directory.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { generateCsv, type EntityName } from '../demo/generate.js';
import { ENTITY_NAMES, ENTITY_SPECS } from '../imports/entity-specs.js';
import { AUTH_HEADERS, fmt, memoryOf, scratchDatabase, startApi, table, waitForDealFacts } from './bench-support.js';

const DEALS = Number(process.env.BENCH_DEALS ?? 1_000_000);
const SEED = 42;
const END_DATE = '2026-09-30';

async function postFile(url: string, file: string): Promise<{ status: number; body: string }> {
  const req = http.request(url, { method: 'POST', headers: { ...AUTH_HEADERS, 'Content-Type': 'text/csv', 'Content-Length': fs.statSync(file).size } });
  const responded = once(req, 'response') as Promise<[http.IncomingMessage]>;
  await pipeline(fs.createReadStream(file), req);
  const [res] = await responded;
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return { status: res.statusCode ?? 0, body };
}

async function copyBare(client: pg.Client, entity: EntityName, file: string): Promise<number> {
  const spec = ENTITY_SPECS[entity];
  const bare = `bare_${entity}`;
  // Months are 'YYYY-MM' in the CSV: text in the bare table (the import turns them into dates).
  const cols = spec.fields.map((f) => `"${f.name}" ${f.kind === 'month' ? 'text' : f.sqlType}`).join(', ');
  await client.query(`DROP TABLE IF EXISTS ${bare}; CREATE TABLE ${bare} (${cols})`);
  const header = fs.readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 4096).split('\n')[0];
  const start = performance.now();
  await pipeline(fs.createReadStream(file), client.query(copyFrom(`COPY ${bare} (${header}) FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  const seconds = (performance.now() - start) / 1000;
  await client.query(`DROP TABLE ${bare}`);
  return seconds;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-bench-import-'));
  let serverUrl = process.env.DATABASE_URL ?? '';
  let stopEmbedded = async () => {};
  const where = serverUrl ? `PostgreSQL server (DATABASE_URL)` : 'embedded PostgreSQL';
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'data') });
    serverUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const db = await scratchDatabase(serverUrl, 'bench_import');
  console.log(`bench:import — ${DEALS.toLocaleString('en-US')} deals, seed ${SEED}, on ${where}, ${os.cpus().length} cores`);

  const files = new Map<EntityName, { file: string; rows: number; bytes: number }>();
  const genStart = performance.now();
  for (const entity of ENTITY_NAMES) {
    const file = path.join(tmp, `${entity}.csv`);
    const out = fs.createWriteStream(file);
    let rows = -1;
    for (const chunk of generateCsv(entity, { seed: SEED, deals: DEALS, endDate: END_DATE })) {
      rows += chunk.split('\n').length - 1;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    files.set(entity, { file, rows, bytes: fs.statSync(file).size });
  }
  console.log(`generated CSV in ${fmt((performance.now() - genStart) / 1000, 1)} s\n`);

  const api = await startApi(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const rows: string[][] = [];
  try {
    for (const entity of ENTITY_NAMES) {
      const { file, rows: n, bytes } = files.get(entity)!;
      const copySeconds = await copyBare(client, entity, file);
      const start = performance.now();
      const res = await postFile(`${api.url}/api/v1/import/${entity}`, file);
      const importSeconds = (performance.now() - start) / 1000;
      if (res.status !== 200) throw new Error(`import of ${entity} answered ${res.status}: ${res.body.slice(0, 500)}`);
      const summary = JSON.parse(res.body) as { inserted: number };
      if (summary.inserted !== n) throw new Error(`${entity}: ${summary.inserted} inserted, ${n} expected`);
      rows.push([entity, n.toLocaleString('en-US'), fmt(bytes / 1048576, 1), fmt(importSeconds), fmt(copySeconds), `${fmt(importSeconds / copySeconds)}x`,
        Math.round(n / importSeconds).toLocaleString('en-US')]);
      // The API then rebuilds its read-side deal facts in the background: not part of the
      // import's answer, but let it finish before the next COPY so the two do not share the CPU.
      const rebuild = await waitForDealFacts(client);
      console.log(`  ${entity}: import ${fmt(importSeconds)} s, COPY ${fmt(copySeconds)} s (deal facts rebuilt ${fmt(rebuild, 1)} s later)`);
    }
    const mem = memoryOf(api.child.pid!);
    console.log(`\n${table(['entity', 'rows', 'MiB', 'import s', 'COPY s', 'ratio', 'rows/s'], rows)}`);
    console.log(`\nAPI peak RSS during the imports: ${fmt(mem.peakMiB, 0)} MiB (target < 1024 MiB)`);
    const deals = rows.find((r) => r[0] === 'deals')!;
    console.log(`deals import / COPY ratio: ${deals[5]} (target <= 2x on a PostgreSQL server)`);
  } finally {
    await client.end();
    await api.stop();
    await db.drop();
    await stopEmbedded();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
