/**
 * `npm run user:create` (src/cli/user-create.ts), run as a child process from its TypeScript
 * sources (compiled on the fly by the swc loader of the other child-process tests):
 * - against the test database (DATABASE_URL), password on stdin or in KPI_USER_PASSWORD;
 * - against the embedded PostgreSQL of a DATA_DIR, both while a server runs on that cluster
 *   (which must be used, not stopped) and while none runs (started for the command, then stopped).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { clusterProcesses, startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { testDatabaseUrl } from './test-database.js';

const CLI = path.join(import.meta.dirname, '..', 'src', 'cli', 'user-create.ts');
const LOADER = pathToFileURL(path.join(import.meta.dirname, 'fixtures', 'ts-loader.mjs')).href;
const REGISTER = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(LOADER)})`;
const PASSWORD = 'correct horse battery staple';
const RUN = `${process.pid}-${Date.now()}`;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: testDatabaseUrl(),
    ...options.env,
  };
  if (options.env?.KPI_USER_PASSWORD === undefined) delete env.KPI_USER_PASSWORD;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REGISTER, CLI, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface UserRow {
  email: string;
  name: string | null;
  role: string;
  password_hash: string;
  disabled: boolean;
}

function findUser(url: string, email: string): Promise<UserRow | undefined> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<UserRow>(
      'SELECT email, name, role, password_hash, disabled FROM users WHERE lower(email) = lower($1)',
      [email],
    );
    return rows[0];
  });
}

describe('npm run user:create on DATABASE_URL', () => {
  const emails: string[] = [];
  const email = (label: string) => {
    const e = `${label}-${RUN}@example.com`;
    emails.push(e);
    return e;
  };

  afterAll(async () => {
    await withClient(testDatabaseUrl(), (c) =>
      c.query('DELETE FROM users WHERE lower(email) = ANY($1)', [
        emails.map((e) => e.toLowerCase()),
      ]),
    ).catch(() => undefined); // no users table: the CLI never got to migrate
  });

  it('creates a user from a password on stdin, with an argon2id hash, the role and the name', async () => {
    const cpo = email('Cpo');
    const res = await runCli(
      ['--email', `  ${cpo} `, '--role', 'editor', '--name', ' Chief Partner Officer '],
      {
        stdin: `${PASSWORD}\n`,
      },
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Created editor user ${cpo}`);
    expect(res.stdout + res.stderr).not.toContain(PASSWORD);
    const user = await findUser(testDatabaseUrl(), cpo);
    expect(user).toMatchObject({
      email: cpo,
      name: 'Chief Partner Officer',
      role: 'editor',
      disabled: false,
    });
    expect(user?.password_hash).toMatch(/^\$argon2id\$/);
    expect(user?.password_hash).not.toContain(PASSWORD);
  });

  it('takes KPI_USER_PASSWORD when set, and defaults to the admin role', async () => {
    const admin = email('admin');
    const res = await runCli(['--email', admin], {
      env: { KPI_USER_PASSWORD: PASSWORD },
      stdin: 'not this one\n',
    });
    expect(res.code).toBe(0);
    const user = await findUser(testDatabaseUrl(), admin);
    expect(user).toMatchObject({ role: 'admin', name: null });
    expect(user?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a duplicate email, whatever its case, with exit code 1 and a message', async () => {
    const dup = email('dup');
    expect((await runCli(['--email', dup], { stdin: PASSWORD })).code).toBe(0); // no newline: EOF ends the line
    const again = await runCli(['--email', dup.toUpperCase(), '--role', 'viewer'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/a user with the email .* exists already/i);
    expect(again.stdout + again.stderr).not.toContain(PASSWORD);
    expect((await findUser(testDatabaseUrl(), dup))?.role).toBe('admin');
  });

  it('refuses a password shorter than 12 characters, and creates nothing', async () => {
    const short = email('short');
    const res = await runCli(['--email', short], { stdin: 'elevenchars\n' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('password must be 12 to 1024 characters long');
    expect(res.stderr).not.toContain('elevenchars');
    expect(await findUser(testDatabaseUrl(), short)).toBeUndefined();
  });

  it('refuses a bad email, an unknown role, a missing email, and no password at all', async () => {
    const bad = await runCli(['--email', 'not-an-email'], { stdin: `${PASSWORD}\n` });
    expect(bad).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('email must be an email address'),
    });
    const role = await runCli(['--email', email('role'), '--role', 'owner'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(role).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('role must be one of viewer, editor, admin'),
    });
    const missing = await runCli([], { stdin: `${PASSWORD}\n` });
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--email is required'),
    });
    const none = await runCli(['--email', email('none')], { stdin: '' });
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining('no password') });
  });
});

describe('npm run user:create on the embedded PostgreSQL of DATA_DIR', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kpi-user-create-'));
    await chmod(dataDir, 0o755); // as root, the embedded server runs as "postgres", which must reach it
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses the server running on the cluster without stopping it, and starts/stops one when none runs', async () => {
    const env = { DATABASE_URL: '', DATA_DIR: dataDir };
    // A running product: its server must survive the command, which must use it.
    const server = await startEmbeddedPostgres({ dataDir });
    try {
      const res = await runCli(['--email', 'running@example.com', '--role', 'viewer'], {
        env,
        stdin: `${PASSWORD}\n`,
      });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(
        `running embedded PostgreSQL of ${path.join(dataDir, 'pg')} (pid ${server.pid}`,
      );
      expect(await findUser(server.url, 'running@example.com')).toMatchObject({ role: 'viewer' });
      expect(await clusterProcesses(await realpath(path.join(dataDir, 'pg')))).toContain(
        server.pid,
      );
    } finally {
      await server.stop();
    }

    // Nothing runs: the command starts the server, creates the user, and stops it again.
    const res = await runCli(['--email', 'stopped@example.com'], { env, stdin: `${PASSWORD}\n` });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Created admin user stopped@example.com`);
    expect(await clusterProcesses(await realpath(path.join(dataDir, 'pg')))).toEqual([]);

    const again = await startEmbeddedPostgres({ dataDir });
    try {
      const { rows } = await withClient(again.url, (c) =>
        c.query<{ email: string }>('SELECT email FROM users ORDER BY email'),
      );
      expect(rows.map((r) => r.email)).toEqual(['running@example.com', 'stopped@example.com']);
    } finally {
      await again.stop();
    }
  });
});
