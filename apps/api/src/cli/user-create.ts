/**
 * npm run user:create -- --email cpo@example.com [--role admin|editor|viewer] [--name "..."]
 *
 * Creates a user (default role admin) in the product's database, as the first-run setup screen
 * does. The password comes from KPI_USER_PASSWORD when set, else from a prompt without echo when
 * stdin is a terminal, else from one line of stdin (`echo "$PW" | npm run user:create -- ...`).
 *
 * Database: DATABASE_URL when set. Otherwise the embedded PostgreSQL in DATA_DIR (default
 * ./.data): when a postmaster of that cluster is running (the product is up, or starting), we
 * connect to it and leave it alone; starting the embedded server ourselves would first stop
 * that "leftover" server, i.e. the running product's database. When none runs, we start it, run
 * the migrations, create the user and stop it again.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isEmail, length, maxLength } from 'class-validator';
import pg from 'pg';
import { hashPassword } from '../auth/secrets.js';
import { isRole, ROLES, type Role } from '../auth/roles.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDataSource, runMigrations } from '../database/data-source.js';
import {
  clusterProcesses,
  DEFAULT_DATABASE,
  postgresUrl,
  readPassword,
  startEmbeddedPostgres,
} from '../database/embedded-postgres.js';

const USAGE = `Usage: npm run user:create -- --email <email> [--role ${ROLES.join('|')}] [--name "<name>"]

Creates a user (default role admin). The password (12 to 1024 characters) is read from the
environment variable KPI_USER_PASSWORD when set, else prompted for on the terminal, else read
from one line of standard input.
Database: DATABASE_URL when set, else the embedded PostgreSQL in DATA_DIR (default ./.data).`;

/** A problem of the user's making: printed as is, exit code 1. */
class UserError extends Error {}

/** Ctrl-C at the password prompt. */
class Interrupted extends Error {}

interface NewUser {
  email: string;
  role: Role;
  name: string | null;
}

// ---------------------------------------------------------------------------------------------
// Arguments and validation (the same rules as the API's NewPasswordFields / CreateUserDto)

function parseCommandLine(argv: string[]): NewUser | 'help' {
  let values: { email?: string; role?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UserError(`${errorMessage(err)}\n\n${USAGE}`);
  }
  if (values.help) return 'help';
  if (values.email === undefined) throw new UserError(`--email is required\n\n${USAGE}`);
  const email = values.email.trim();
  if (!isEmail(email)) throw new UserError(`email must be an email address, got "${email}"`);
  if (!maxLength(email, 254)) throw new UserError('email must be at most 254 characters');
  const role = values.role?.trim() ?? 'admin';
  if (!isRole(role)) throw new UserError(`role must be one of ${ROLES.join(', ')}, got "${role}"`);
  const name = values.name?.trim() || null;
  if (name !== null && !maxLength(name, 200))
    throw new UserError('name must be at most 200 characters');
  return { email, role, name };
}

function checkPassword(password: string): void {
  if (!length(password, 12, 1024))
    throw new UserError('password must be 12 to 1024 characters long');
}

// ---------------------------------------------------------------------------------------------
// The password

async function readUserPassword(email: string): Promise<string> {
  const fromEnv = process.env.KPI_USER_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (process.stdin.isTTY) {
    const first = await promptHidden(`Password for ${email} (12+ characters, not shown): `);
    checkPassword(first);
    const again = await promptHidden('Repeat the password: ');
    if (again !== first) throw new UserError('the two passwords differ');
    return first;
  }
  const line = await readLine(process.stdin);
  if (line === null) {
    throw new UserError(
      'no password: set KPI_USER_PASSWORD, run in a terminal to be prompted, or pipe one line on standard input',
    );
  }
  return line;
}

/** Reads characters in raw mode (no echo) up to Enter. Prompts go to stderr, stdout stays clean. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = (err?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Interrupted('interrupted'));
        if (ch === '\u0004')
          return value === '' ? finish(new Interrupted('no password typed')) : finish();
        if (ch === '\u007f' || ch === '\b') {
          value = Array.from(value).slice(0, -1).join('');
        } else if (ch === '\u0015') {
          value = ''; // Ctrl-U
        } else if (ch === '\u001b') {
          return; // an escape sequence (arrow keys...): ignore the rest of this chunk
        } else if (ch >= ' ') {
          value += ch;
        }
      }
    };
    process.stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** The first line of a stream without its line ending; null when the stream ends empty. */
function readLine(stream: NodeJS.ReadStream): Promise<string | null> {
  return new Promise<string | null>((resolve, reject) => {
    let buffered = '';
    let seen = false;
    const done = (line: string | null): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
      stream.destroy(); // the rest of stdin is not ours to wait for
      resolve(line);
    };
    const onData = (chunk: string): void => {
      seen = true;
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl >= 0) done(buffered.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = (): void => done(seen ? buffered.replace(/\r$/, '') : null);
    const onError = (err: Error): void => reject(err);
    stream.setEncoding('utf8');
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

// ---------------------------------------------------------------------------------------------
// The database

interface Database {
  url: string;
  /** For the messages. */
  where: string;
  close(): Promise<void>;
}

interface RunningServer {
  pid: number;
  /** null while the server is starting and has not written its port yet. */
  port: number | null;
}

/**
 * The postmaster running on `clusterDir`, if any: `postmaster.pid` names a live postgres process
 * whose working directory is this cluster (the same test embedded-postgres.ts applies before it
 * stops a "leftover" server). Its port is line 4 of that file.
 */
async function runningServer(clusterDir: string): Promise<RunningServer | null> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let text: string;
  try {
    text = await fs.readFile(pidFile, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return null;
    throw new UserError(
      `cannot read ${pidFile} (${errorMessage(err)}): run as the user who runs the product, or set DATABASE_URL`,
    );
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const alive = await clusterProcesses(await fs.realpath(clusterDir));
  if (!alive.includes(pid)) return null; // a stale file: nothing runs
  const port = Number.parseInt(lines[3] ?? '', 10);
  return { pid, port: Number.isInteger(port) && port > 0 ? port : null };
}

/**
 * Connects to the postmaster running on `clusterDir`, waiting while it starts (crash recovery
 * included) or while it shuts down. Null when none runs (any more).
 */
async function connectRunning(
  clusterDir: string,
  timeoutMs: number,
  log: (m: string) => void,
): Promise<Database | null> {
  const deadline = Date.now() + timeoutMs;
  let waiting = false;
  for (;;) {
    const server = await runningServer(clusterDir);
    if (server === null) return null;
    let problem = 'it has not written its port yet';
    if (server.port !== null) {
      const url = postgresUrl(await readPassword(clusterDir), server.port, DEFAULT_DATABASE);
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
      try {
        await client.connect();
        await client.end();
        return {
          url,
          where: `the running embedded PostgreSQL of ${clusterDir} (pid ${server.pid}, port ${server.port})`,
          close: () => Promise.resolve(), // not ours: it keeps running
        };
      } catch (err) {
        await client.end().catch(() => undefined);
        const code = errorCode(err);
        // A SQLSTATE other than "starting up / shutting down" will not go away by waiting.
        if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && code !== '57P03') {
          throw new UserError(
            `cannot connect to the PostgreSQL server running on ${clusterDir} (pid ${server.pid}): ${errorMessage(err)}`,
          );
        }
        problem = errorMessage(err);
      }
    }
    if (Date.now() > deadline) {
      throw new UserError(
        `the PostgreSQL server running on ${clusterDir} (pid ${server.pid}) did not accept connections within ${timeoutMs / 1000} s: ${problem}`,
      );
    }
    if (!waiting) {
      log(
        `PostgreSQL (pid ${server.pid}) runs on ${clusterDir} but does not accept connections yet (${problem}): waiting`,
      );
      waiting = true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function openDatabase(env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<Database> {
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(`configuration error: ${err.message}`);
    throw err;
  }
  if (config.databaseUrl !== null) {
    const url = new URL(config.databaseUrl);
    return {
      url: config.databaseUrl,
      where: `DATABASE_URL (${url.host}${url.pathname})`,
      close: () => Promise.resolve(),
    };
  }
  const clusterDir = path.join(config.dataDir, 'pg');
  const running = await connectRunning(clusterDir, 5 * 60_000, log);
  if (running) return running;

  log(`no server runs on ${clusterDir}: starting the embedded PostgreSQL for this command`);
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
  // Ctrl-C or a TERM while we own the server: stop it cleanly before leaving.
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the embedded PostgreSQL`);
    void embedded.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    url: embedded.url,
    where: `the embedded PostgreSQL in ${config.dataDir}`,
    close: async () => {
      await embedded.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** The same INSERT as AuthService.createUser. */
async function insertUser(url: string, user: NewUser, password: string): Promise<{ id: string }> {
  const passwordHash = await hashPassword(password);
  // runMigrations holds one connection (its advisory lock) while the migrations take another.
  const dataSource = createDataSource(url, { poolSize: 2 });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    try {
      const [row] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO users (email, name, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING id`,
        [user.email, user.name, passwordHash, user.role],
      );
      return row;
    } catch (err) {
      if (errorCode(err) === '23505')
        throw new UserError(`a user with the email ${user.email} exists already`);
      throw err;
    }
  } finally {
    await dataSource.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const parsed = parseCommandLine(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const password = await readUserPassword(parsed.email);
  checkPassword(password);

  const db = await openDatabase(process.env, log);
  let created: { id: string };
  try {
    created = await insertUser(db.url, parsed, password);
  } finally {
    await db.close();
  }
  process.stdout.write(
    `Created ${parsed.role} user ${parsed.email}${parsed.name ? ` (${parsed.name})` : ''}, id ${created.id}, in ${db.where}\n`,
  );
  return 0;
}

function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof Interrupted) {
      process.stderr.write(`user:create: ${err.message}\n`);
      process.exit(130);
    }
    process.stderr.write(
      `user:create: ${err instanceof UserError ? '' : 'error: '}${errorMessage(err)}\n`,
    );
    process.exit(1);
  },
);
