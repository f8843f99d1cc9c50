import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, chmod, cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';

const CHILD = fileURLToPath(
  new URL('../../test/fixtures/embedded-postgres-child.mjs', import.meta.url),
);
const isRoot = process.getuid?.() === 0;

const dirs: string[] = [];
const servers: EmbeddedPostgres[] = [];
const children: ChildProcess[] = [];

async function freshDir(mode = 0o755): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'embedded-pg-spec-'));
  // As root the server runs as an unprivileged user, which must be able to enter the dir.
  await chmod(dir, mode);
  dirs.push(dir);
  return dir;
}

let template: Promise<string> | undefined;

/**
 * A fresh data dir holding a copy of a stopped cluster: initdb costs ~2 s, copying ~0.1 s. The
 * first test covers a real first start (initdb); the others only need some cluster. As root the
 * copy is owned by root, so the start also hands it over to the server user.
 */
async function dirWithCluster(): Promise<string> {
  template ??= (async () => {
    const dir = await freshDir();
    dirs.pop(); // kept until afterAll
    await (await startEmbeddedPostgres({ dataDir: dir })).stop();
    return dir;
  })();
  const dir = await freshDir();
  await cp(path.join(await template, 'pg'), path.join(dir, 'pg'), { recursive: true });
  return dir;
}

afterAll(async () => {
  if (template) await rm(await template, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir });
  servers.push(server);
  return server;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Alive and not a zombie. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).charAt(0) !== 'Z';
  } catch {
    return false;
  }
}

/** PIDs of running `postgres` processes, from the process listing. */
function postgresPids(): number[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,stat=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, state, comm]) => comm === 'postgres' && !state?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** Runs the fixture child on `dataDir` until it prints READY; returns its pids. */
function startChild(
  dataDir: string,
  args: string[] = [],
): Promise<{ child: ChildProcess; postmasterPid: number }> {
  const child = spawn(process.execPath, [CHILD, dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^READY (.*)$/m.exec(out);
      if (m?.[1])
        resolve({
          child,
          postmasterPid: (JSON.parse(m[1]) as { postmasterPid: number }).postmasterPid,
        });
    });
    child.once('exit', (code) =>
      reject(new Error(`child exited (${code}) before READY:\n${out}${err}`)),
    );
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dirs.splice(0)) {
    // A postmaster of a failed test may still run there.
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
      if (isAlive(pid)) {
        process.kill(pid, 'SIGQUIT');
        await waitUntil(() => !isAlive(pid), 5_000);
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
});

describe('startEmbeddedPostgres', () => {
  it('creates a cluster, keeps data across a stop and a start, and requires the password', async () => {
    const dir = await freshDir();
    const first = await start(dir);
    expect(first.url).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/partner_kpi$/);
    expect(first.clusterDir).toBe(path.join(dir, 'pg'));

    await query(first.url, 'CREATE TABLE probe (id int PRIMARY KEY, note text NOT NULL)');
    await query(first.url, `INSERT INTO probe VALUES (1, 'kept')`);
    const [settings] = await query<{ encoding: string; collate: string; fsync: string }>(
      first.url,
      `SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collate, current_setting('fsync') AS fsync
         FROM pg_database WHERE datname = current_database()`,
    );
    expect(settings).toEqual({ encoding: 'UTF8', collate: 'C', fsync: 'on' });

    // scram-sha-256, not trust: a wrong password is refused.
    const wrong = new URL(first.url);
    wrong.password = 'not-the-password';
    await expect(query(wrong.toString(), 'SELECT 1')).rejects.toThrow(
      /password authentication failed/,
    );

    const pwFile = await stat(path.join(dir, 'pg', 'superuser-password'));
    expect(pwFile.mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'pg'))).mode & 0o777).toBe(0o700);
    if (isRoot) expect(pwFile.uid).not.toBe(0);

    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    await first.stop(); // idempotent

    const second = await start(dir);
    expect(second.pid).not.toBe(first.pid);
    expect(await query(second.url, 'SELECT id, note FROM probe')).toEqual([
      { id: 1, note: 'kept' },
    ]);
    // The password was generated once and is reused.
    expect(new URL(second.url).password).toBe(new URL(first.url).password);
    // The postmaster logs to the cluster's postgres.log.
    expect(await readFile(path.join(dir, 'pg', 'postgres.log'), 'utf8')).toContain(
      'database system is ready to accept connections',
    );
  });

  it('comes back after kill -9 of its Node process: the postmaster stops itself, committed data survives', async () => {
    const dir = await dirWithCluster();
    const { child, postmasterPid } = await startChild(dir);
    expect(isAlive(postmasterPid)).toBe(true);

    const killedAt = Date.now();
    await killHard(child);
    // setpriv --pdeathsig SIGINT: the orphaned postmaster shuts down by itself.
    expect(await waitUntil(() => !isAlive(postmasterPid), 10_000)).toBe(true);
    const orphanGoneMs = Date.now() - killedAt;

    const restartAt = Date.now();
    const server = await start(dir);
    const restartMs = Date.now() - restartAt;
    expect(restartMs).toBeLessThan(10_000);

    const rows = await query<{ note: string }>(
      server.url,
      'SELECT note FROM crash_probe ORDER BY id',
    );
    expect(rows).toEqual([{ note: 'committed' }]);
    expect(postgresPids()).not.toContain(postmasterPid);
    expect(postgresPids()).toContain(server.pid);
    process.stderr.write(
      `crash (pdeathsig): orphan gone ${orphanGoneMs} ms after kill -9, restart ${restartMs} ms\n`,
    );
  });

  it('comes back after kill -9 when the old postmaster is still running (no parent-death signal)', async () => {
    const dir = await dirWithCluster();
    const { child, postmasterPid } = await startChild(dir, ['--no-pdeathsig']);
    await killHard(child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Without the parent-death signal the orphan keeps running...
    expect(isAlive(postmasterPid)).toBe(true);

    const restartAt = Date.now();
    const server = await start(dir);
    const restartMs = Date.now() - restartAt;
    expect(restartMs).toBeLessThan(10_000);

    // ...until the next start stops it.
    expect(postgresPids()).not.toContain(postmasterPid);
    const rows = await query<{ note: string }>(
      server.url,
      'SELECT note FROM crash_probe ORDER BY id',
    );
    expect(rows).toEqual([{ note: 'committed' }]);
    process.stderr.write(
      `crash (leftover postmaster): restart incl. stopping it ${restartMs} ms\n`,
    );
  });

  it('refuses to start on a DATA_DIR another running instance uses, and leaves that one alone', async () => {
    const dir = await dirWithCluster();
    const { child, postmasterPid } = await startChild(dir);
    await expect(start(dir)).rejects.toThrow(/already runs on .*Stop that one first/);
    expect(isAlive(postmasterPid)).toBe(true);
    await killHard(child);
  });

  it('starts when postmaster.pid names a process that is not PostgreSQL (pid reused after a reboot)', async () => {
    const dir = await dirWithCluster();
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    const server = await start(dir);
    const pidText = await readFile(pidFile, 'utf8');
    await server.stop();

    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(stranger);
    const strangerPid = stranger.pid ?? -1;
    await writeFile(pidFile, pidText.replace(/^\d+/, String(strangerPid)));

    const again = await start(dir);
    expect(isAlive(strangerPid)).toBe(true); // not ours: left alone
    expect(await query(again.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('reports a failed start with the tail of postgres.log', async () => {
    const dir = await dirWithCluster();
    await appendFile(
      path.join(dir, 'pg', 'postgresql.conf'),
      '\nshared_preload_libraries = no_such_library\n',
    );
    await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(
      /did not start[\s\S]*postgres\.log[\s\S]*no_such_library/,
    );
  });

  (isRoot ? it : it.skip)(
    'as root, says what to do when the server user cannot reach the data dir',
    async () => {
      const dir = await freshDir(0o700);
      await expect(startEmbeddedPostgres({ dataDir: path.join(dir, 'data') })).rejects.toThrow(
        new RegExp(
          `cannot reach the data directory .*: ${dir} is not traversable by it\\. Set DATA_DIR`,
        ),
      );
    },
  );
});
