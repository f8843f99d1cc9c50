/**
 * npm run bench:load — throughput and latency of GET /api/v1/metrics under concurrent load.
 *
 * Starts the built API (dist/main.js) as a separate process — on the embedded PostgreSQL in a
 * fresh temporary DATA_DIR, or on a scratch database of DATABASE_URL's server when set — with a
 * random KPI_ADMIN_TOKEN, loads the demo dataset (POST /api/v1/demo), warms up, then runs
 * autocannon with BENCH_CONNECTIONS (default 50) connections for BENCH_DURATION seconds
 * (default 30) twice:
 *   1. the current fiscal quarter, the same request each time (a board being viewed: served by
 *      the result cache after the first computation);
 *   2. a different period per request, cycling in order through quarter-to-date periods of the
 *      last 8 fiscal quarters (each quarter's start to each of its days): more distinct periods
 *      than the result cache holds (src/metrics/result-cache.ts, 500 entries, least recently
 *      used first), so, cycled in order, practically every request is computed in SQL.
 * Prints requests/s, p50/p99 latency, non-2xx answers, errors, timeouts, and the peak memory of
 * the API process and of the embedded PostgreSQL processes. Exit code 1 on any error or non-2xx.
 * BENCH_WARMUP: seconds of warm-up per run (default 5).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { addDays, periodContaining, type LabelledPeriod } from '@partner-kpi/metrics';
import { clusterProcesses } from '../database/embedded-postgres.js';
import {
  fmt,
  memoryOf,
  scratchDatabase,
  startApi,
  table,
  type ApiProcess,
} from './bench-support.js';

const DURATION = positive('BENCH_DURATION', 30);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
/** ResultCache's default capacity (src/metrics/result-cache.ts). */
const CACHE_ENTRIES = 500;
const QUARTERS = 8;

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// autocannon (CommonJS, no bundled types): the part of its API used here.

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}

interface Histogram {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  [percentile: string]: number;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: Histogram;
  requests: Histogram & { sent: number };
  throughput: Histogram;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}

type Autocannon = (opts: AutocannonOptions) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ---------------------------------------------------------------------------------------------
// Memory of the API process and of the embedded PostgreSQL processes

interface MemoryPeak {
  apiRssMiB: number;
  pgPssMiB: number;
  pgRssMiB: number;
  pgProcesses: number;
}

/** Proportional set size (shared pages divided among their users): a fair sum over processes. */
function pssMiB(pid: number): number {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0) / 1024;
}

/** Samples VmRSS of the API and PSS/RSS of the postgres processes of `clusterDir` every 200 ms. */
function sampleMemory(
  apiPid: number,
  clusterDir: string | null,
): { peak: MemoryPeak; stop(): Promise<void> } {
  const peak: MemoryPeak = { apiRssMiB: 0, pgPssMiB: 0, pgRssMiB: 0, pgProcesses: 0 };
  const realDir = clusterDir ? fs.realpathSync(clusterDir) : null;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        peak.apiRssMiB = Math.max(peak.apiRssMiB, memoryOf(apiPid).rssMiB);
      } catch {
        // exited
      }
      if (realDir) {
        let pss = 0;
        let rss = 0;
        const pids = await clusterProcesses(realDir);
        for (const pid of pids) {
          try {
            rss += memoryOf(pid).rssMiB;
            pss += pssMiB(pid);
          } catch {
            // gone meanwhile
          }
        }
        peak.pgPssMiB = Math.max(peak.pgPssMiB, pss);
        peak.pgRssMiB = Math.max(peak.pgRssMiB, rss);
        peak.pgProcesses = Math.max(peak.pgProcesses, pids.length);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    peak,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function api<T>(url: string, token: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...init.headers },
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 400)}`);
  return JSON.parse(text) as T;
}

interface Period {
  from: string;
  to: string;
}

const metricsPath = (p: Period): string => `/api/v1/metrics?from=${p.from}&to=${p.to}`;

/** Quarter-to-date periods of the last `quarters` fiscal quarters, one per day, oldest first. */
function quarterToDatePeriods(today: string, startMonth: number, quarters: number): Period[] {
  const list: LabelledPeriod[] = [];
  let q = periodContaining(today, 'quarter', startMonth);
  for (let i = 0; i < quarters; i++) {
    list.unshift(q);
    q = periodContaining(addDays(q.from, -1), 'quarter', startMonth);
  }
  const periods: Period[] = [];
  for (const quarter of list) {
    const last = quarter.to < today ? quarter.to : today;
    for (let to = quarter.from; to <= last; to = addDays(to, 1))
      periods.push({ from: quarter.from, to });
  }
  return periods;
}

interface RunSpec {
  label: string;
  requests: AutocannonRequest[];
}

async function load(
  baseUrl: string,
  token: string,
  spec: RunSpec,
  seconds: number,
): Promise<AutocannonResult> {
  return autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    requests: spec.requests,
  });
}

function statusCodes(r: AutocannonResult): string {
  return Object.entries(r.statusCodeStats)
    .map(([code, { count }]) => `${code}: ${count}`)
    .join(', ');
}

/** Waits until a request that misses the cache is answered as fast as on an idle server. */
async function waitForIdle(base: string, token: string): Promise<void> {
  const probe = `${base}/api/v1/metrics?from=2000-01-01&to=`;
  let best = Infinity;
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    await api(`${probe}${addDays('2000-01-01', i)}`, token); // a new period each time: no cache hit
    const ms = performance.now() - start;
    if (ms < best * 1.5 && i >= 2) return;
    best = Math.min(best, ms);
  }
}

async function stopApi(server: ApiProcess): Promise<void> {
  const stopped = server.stop();
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 60_000);
  await stopped;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL?.trim() ?? '';
  const token = randomBytes(32).toString('base64url');
  const tmp = serverUrl ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-bench-load-'));
  if (tmp) fs.chmodSync(tmp, 0o755); // as root the embedded server runs as "postgres", which must reach it
  const scratch = serverUrl ? await scratchDatabase(serverUrl, 'load') : null;
  const clusterDir = tmp ? path.join(tmp, 'pg') : null;
  const env: Record<string, string> = {
    KPI_ADMIN_TOKEN: token,
    LOG_LEVEL: 'warn',
    LOAD_DEMO: 'false',
  };
  if (tmp) Object.assign(env, { DATABASE_URL: '', DATA_DIR: tmp });

  let server: ApiProcess | null = null;
  let failed = false;
  try {
    server = await startApi(scratch?.url ?? '', env);
    const base = server.url;
    const where = scratch
      ? "a scratch database on DATABASE_URL's server"
      : `the embedded PostgreSQL in ${tmp}`;

    const loadStart = performance.now();
    const demo = await api<{
      end_date: string;
      entities: Array<{ entity: string; inserted: number }>;
    }>(`${base}/api/v1/demo`, token, { method: 'POST' });
    const rows = demo.entities
      .map((e) => `${e.entity} ${e.inserted.toLocaleString('en-US')}`)
      .join(', ');
    const today = demo.end_date;
    const settings = await api<{ fiscal_year_start_month: number }>(
      `${base}/api/v1/settings`,
      token,
    );
    const quarter = periodContaining(today, 'quarter', settings.fiscal_year_start_month);
    const periods = quarterToDatePeriods(today, settings.fiscal_year_start_month, QUARTERS);
    if (periods.length <= CACHE_ENTRIES)
      throw new Error(
        `only ${periods.length} distinct periods: the result cache would hold them all`,
      );
    // One sanity check of the answer: real figures for the quarter.
    const sample = await api<Record<string, unknown>>(`${base}${metricsPath(quarter)}`, token);
    if (Object.keys(sample).length === 0)
      throw new Error('GET /api/v1/metrics answered an empty object');

    let next = 0;
    const runs: RunSpec[] = [
      {
        label: `current quarter ${quarter.label} (cached)`,
        requests: [{ method: 'GET', path: metricsPath(quarter) }],
      },
      {
        label: `${periods.length} periods, last ${QUARTERS} quarters (uncached)`,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({
              ...req,
              path: metricsPath(periods[next++ % periods.length]),
            }),
          },
        ],
      },
    ];

    console.log(
      `bench:load — GET /api/v1/metrics, ${CONNECTIONS} connections, ${DURATION} s per run (after ${WARMUP} s of warm-up), ` +
        `on ${where}\n` +
        `demo dataset up to ${today} loaded in ${fmt((performance.now() - loadStart) / 1000, 1)} s: ${rows}\n` +
        `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; ` +
        'autocannon runs in this process, on the same cores as the API and PostgreSQL\n',
    );

    const memory = sampleMemory(server.child.pid ?? -1, clusterDir);
    const results: Array<[RunSpec, AutocannonResult]> = [];
    try {
      for (const spec of runs) {
        if (WARMUP > 0) {
          const warm = await load(base, token, spec, WARMUP);
          if (warm.errors > 0 || warm.non2xx > 0) {
            console.log(
              `warm-up of "${spec.label}": ${warm.errors} errors, ${warm.non2xx} non-2xx (${statusCodes(warm)})`,
            );
          }
        }
        const result = await load(base, token, spec, DURATION);
        results.push([spec, result]);
        console.log(
          `${spec.label}: ${fmt(result.requests.average, 1)} req/s, p50 ${fmt(result.latency.p50, 1)} ms, ` +
            `p99 ${fmt(result.latency.p99, 1)} ms, status ${statusCodes(result) || 'none'}`,
        );
      }
      // autocannon closes its sockets at the end of a run, but the requests they had in flight
      // (up to one per connection, queued for a database connection) still run in the API: let
      // them finish, or stopping the API would cut their queries off (and log each as an error).
      await waitForIdle(base, token);
    } finally {
      await memory.stop();
    }

    console.log(
      '\n' +
        table(
          [
            'run',
            'req/s',
            'p50 ms',
            'p99 ms',
            'max ms',
            'requests',
            'non-2xx',
            'errors',
            'timeouts',
          ],
          results.map(([spec, r]) => [
            spec.label,
            fmt(r.requests.average, 1),
            fmt(r.latency.p50, 1),
            fmt(r.latency.p99, 1),
            fmt(r.latency.max, 1),
            r.requests.total.toLocaleString('en-US'),
            String(r.non2xx),
            String(r.errors),
            String(r.timeouts),
          ]),
        ),
    );
    const apiPeak = (() => {
      try {
        return memoryOf(server.child.pid ?? -1).peakMiB; // VmHWM: the kernel's own peak
      } catch {
        return memory.peak.apiRssMiB;
      }
    })();
    console.log(
      `\npeak memory: API process RSS ${fmt(memory.peak.apiRssMiB, 0)} MiB sampled (VmHWM ${fmt(apiPeak, 0)} MiB)` +
        (clusterDir
          ? `; embedded PostgreSQL ${memory.peak.pgProcesses} processes, ${fmt(memory.peak.pgPssMiB, 0)} MiB PSS ` +
            `(sum of their RSS ${fmt(memory.peak.pgRssMiB, 0)} MiB, shared buffers counted once per process)`
          : "; PostgreSQL: DATABASE_URL's server, not measured"),
    );
    console.log(
      '(a shared machine: figures vary from run to run; compare runs made on the same machine)',
    );

    const bad = results.filter(([, r]) => r.errors > 0 || r.non2xx > 0 || r.timeouts > 0);
    if (bad.length > 0) {
      failed = true;
      console.error(
        `\nFAILED: errors or non-2xx answers in: ${bad.map(([s]) => s.label).join('; ')}`,
      );
    }
  } finally {
    if (server) await stopApi(server);
    if (clusterDir && fs.existsSync(clusterDir)) {
      // The API stops its embedded PostgreSQL on SIGTERM; make sure before removing its files.
      const realDir = fs.realpathSync(clusterDir);
      const deadline = Date.now() + 30_000;
      while ((await clusterProcesses(realDir)).length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const left = await clusterProcesses(realDir);
      if (left.length > 0)
        console.error(`PostgreSQL processes ${left.join(', ')} still run on ${clusterDir}`);
    }
    await scratch?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
