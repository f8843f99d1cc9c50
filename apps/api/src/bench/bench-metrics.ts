/**
 * npm run bench:metrics — read latency at scale.
 *
 * Loads a seeded dataset (BENCH_DEALS deals, default 1,000,000, with proportionate partners,
 * accounts, touches, ARR, attachments and spend) through the import API of the built server
 * (a separate process) on a fresh database, then measures p50/p95 of
 *   GET /api/v1/metrics for a fiscal quarter and a fiscal year,
 *   GET /api/v1/metrics/series for 8 quarters,
 *   GET /api/v1/pipeline,
 * next to one hand-written SQL query computing the headline aggregates (bookings, partner-sourced
 * and partner-influenced revenue) over the same tables for the same quarter, and the ratio.
 * DATABASE_URL's server when set, else an embedded PostgreSQL in a temporary directory.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { generateCsv } from '../demo/generate.js';
import { ENTITY_NAMES } from '../imports/entity-specs.js';
import { AUTH_HEADERS, fmt, memoryOf, scratchDatabase, startApi, table, waitForDealFacts } from './bench-support.js';

const DEALS = Number(process.env.BENCH_DEALS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SEED = 7;
const END_DATE = '2026-09-30';
const QUARTER = { from: '2026-04-01', to: '2026-06-30' };
const YEAR = { from: '2025-07-01', to: '2026-06-30' };

async function importFile(url: string, file: string): Promise<void> {
  const req = http.request(url, { method: 'POST', headers: { ...AUTH_HEADERS, 'Content-Type': 'text/csv', 'Content-Length': fs.statSync(file).size } });
  const responded = once(req, 'response') as Promise<[http.IncomingMessage]>;
  await pipeline(fs.createReadStream(file), req);
  const [res] = await responded;
  let body = '';
  for await (const chunk of res) body += String(chunk);
  if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${body.slice(0, 400)}`);
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

async function time(runs: number, fn: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm-up (plans, caches)
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
}

async function getOk(url: string): Promise<void> {
  const res = await fetch(url, { headers: AUTH_HEADERS });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 400)}`);
  await res.arrayBuffer();
}

/** The baseline: one hand-written pass over deals and touches for the headline aggregates. */
const HEADLINE_SQL = `
  SELECT sum(d.amount) AS total_bookings,
         sum(d.amount) FILTER (WHERE d.sourcing_partner_id IS NOT NULL) AS partner_sourced,
         sum(d.amount) FILTER (WHERE d.sourcing_partner_id IS NULL AND EXISTS (
           SELECT 1 FROM touches t WHERE t.deal_id = d.deal_id AND t.touched_on <= d.closed_on)) AS partner_influenced
    FROM deals d
   WHERE d.stage = 'won' AND d.type IN ('new_business', 'expansion') AND d.closed_on BETWEEN $1 AND $2`;

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-bench-metrics-'));
  let serverUrl = process.env.DATABASE_URL ?? '';
  let stopEmbedded = async () => {};
  const where = serverUrl ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PostgreSQL';
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'data') });
    serverUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const db = await scratchDatabase(serverUrl, 'bench_metrics');
  console.log(`bench:metrics — ${DEALS.toLocaleString('en-US')} deals, seed ${SEED}, on ${where}, ${RUNS} runs each, ${os.cpus().length} cores`);
  const api = await startApi(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const loadStart = performance.now();
    for (const entity of ENTITY_NAMES) {
      const file = path.join(tmp, `${entity}.csv`);
      const out = fs.createWriteStream(file);
      for (const chunk of generateCsv(entity, { seed: SEED, deals: DEALS, endDate: END_DATE })) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      await importFile(`${api.url}/api/v1/import/${entity}`, file);
      fs.rmSync(file);
    }
    console.log(`loaded through the import API in ${fmt((performance.now() - loadStart) / 1000, 1)} s`);
    // The API rebuilds its precomputed deal facts after the last import, in the background;
    // until then it answers from the base tables. Measure the steady state, and say how long.
    console.log(`deal facts rebuilt ${fmt(await waitForDealFacts(client), 1)} s after the last import`);
    await client.query('ANALYZE');
    console.log('');

    const q = (p: Record<string, string>) => new URLSearchParams(p).toString();
    // Cold: every run asks for a different period (`to` moves back a day), so nothing is served
    // from the result cache and the SQL runs; warm: the same request again (a board being viewed).
    const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    let n = 0;
    const cold = (runs: number, url: (i: number) => string) => time(runs, () => getOk(url(n++)));
    const sqlCold = await time(RUNS, async () => {
      await client.query(HEADLINE_SQL, [QUARTER.from, shift(QUARTER.to, n++)]);
    });
    const few = Math.max(3, Math.floor(RUNS / 3));
    const rows: [string, { p50: number; p95: number }][] = [
      ['hand-written headline SQL (quarter)', sqlCold],
      ['GET /api/v1/metrics (quarter), cold', await cold(RUNS, (i) => `${api.url}/api/v1/metrics?${q({ from: QUARTER.from, to: shift(QUARTER.to, i) })}`)],
      ['GET /api/v1/metrics (quarter), warm', await time(RUNS, () => getOk(`${api.url}/api/v1/metrics?${q(QUARTER)}`))],
      ['GET /api/v1/metrics (year), cold', await cold(RUNS, (i) => `${api.url}/api/v1/metrics?${q({ from: YEAR.from, to: shift(YEAR.to, i) })}`)],
      ['GET /api/v1/metrics (year), warm', await time(RUNS, () => getOk(`${api.url}/api/v1/metrics?${q(YEAR)}`))],
      ['GET /api/v1/metrics/series (8 quarters), cold', await cold(few, (i) => `${api.url}/api/v1/metrics/series?${q({ from: '2024-07-01', to: shift('2026-06-30', i), grain: 'quarter' })}`)],
      ['GET /api/v1/metrics/series (8 quarters), warm', await time(RUNS, () => getOk(`${api.url}/api/v1/metrics/series?${q({ from: '2024-07-01', to: '2026-06-30', grain: 'quarter' })}`))],
      ['GET /api/v1/pipeline, cold', await cold(RUNS, (i) => `${api.url}/api/v1/pipeline?as_of=${shift(END_DATE, i)}`)],
      ['GET /api/v1/pipeline, warm', await time(RUNS, () => getOk(`${api.url}/api/v1/pipeline?as_of=${END_DATE}`))],
      ['GET /api/v1/partners/leaderboard (quarter), cold', await cold(few, (i) => `${api.url}/api/v1/partners/leaderboard?${q({ from: QUARTER.from, to: shift(QUARTER.to, i) })}`)],
    ];
    const sql = sqlCold;
    console.log(
      table(
        ['request', 'p50 ms', 'p95 ms', 'p50 / SQL'],
        rows.map(([name, r]) => [name, fmt(r.p50, 1), fmt(r.p95, 1), `${fmt(r.p50 / sql.p50)}x`]),
      ),
    );
    const mem = memoryOf(api.child.pid!);
    console.log(`\nAPI peak RSS: ${fmt(mem.peakMiB, 0)} MiB (target < 1024 MiB)`);
    console.log(
      `/api/v1/metrics (quarter) vs the hand-written SQL pass: cold ${fmt(rows[1][1].p50 / sql.p50)}x, warm ${fmt(rows[2][1].p50 / sql.p50)}x (target <= 1x)`,
    );
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
