import path from 'node:path';

/** Everything the API reads from its environment, validated once at boot. */
export interface AppConfig {
  /** HTTP port serving the API and the SPA. */
  port: number;
  /** Bind address. */
  host: string;
  /** A PostgreSQL server to use; when absent an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl: string | null;
  /** Where the embedded PostgreSQL keeps its cluster. */
  dataDir: string;
  /** Largest CSV import body, in bytes (streamed). */
  importMaxBytes: number;
  /** Largest JSON body (imports and other requests), in bytes (buffered). */
  jsonMaxBytes: number;
  /** Directory of the built SPA, or null to serve the API only. */
  webDir: string | null;
  /** Load the demo dataset at start-up when the database is empty. */
  loadDemo: boolean;
  /** KPI_ADMIN_TOKEN: a bearer token accepted as an admin (bootstrap and automation); null = none. */
  adminToken: string | null;
  /** Secure flag of the session cookies: true, false, or null = when the request came over HTTPS. */
  cookieSecure: boolean | null;
  /** Express "trust proxy" (TRUST_PROXY): how client addresses and HTTPS are read behind a proxy. */
  trustProxy: string | null;
  /** Structured log level. */
  logLevel: LogLevel;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

const MiB = 1024 * 1024;

function parseSize(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const m = /^(\d+)\s*(b|kb|k|kib|mb|m|mib|gb|g|gib)?$/i.exec(raw.trim());
  if (!m) throw new ConfigError(`${name} must be a size such as 512MB or 1048576, got "${raw}"`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? MiB : unit.startsWith('g') ? 1024 * MiB : 1;
  const bytes = Number(m[1]) * factor;
  if (bytes < 1024) throw new ConfigError(`${name} must be at least 1KB, got "${raw}"`);
  return bytes;
}

function parseBool(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '') return false;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): AppConfig {
  const portRaw = env.PORT ?? '3000';
  const port = Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${portRaw}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const adminToken = env.KPI_ADMIN_TOKEN === undefined || env.KPI_ADMIN_TOKEN === '' ? null : env.KPI_ADMIN_TOKEN;
  if (adminToken !== null && !/^[\x21-\x7e]{24,512}$/.test(adminToken)) {
    throw new ConfigError('KPI_ADMIN_TOKEN must be 24 to 512 printable characters without spaces (e.g. the output of: openssl rand -base64 32)');
  }
  const cookieRaw = env.COOKIE_SECURE?.trim() ?? '';
  const cookieSecure = cookieRaw === '' || cookieRaw.toLowerCase() === 'auto' ? null : parseBool('COOKIE_SECURE', cookieRaw);
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  const webDir = env.WEB_DIR === '' ? null : path.resolve(env.WEB_DIR ?? defaultWebDir());
  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || '.data'),
    importMaxBytes: parseSize('IMPORT_MAX_BYTES', env.IMPORT_MAX_BYTES, 512 * MiB),
    jsonMaxBytes: parseSize('JSON_MAX_BYTES', env.JSON_MAX_BYTES, 32 * MiB),
    webDir,
    loadDemo: argv.includes('--demo') || parseBool('LOAD_DEMO', env.LOAD_DEMO),
    adminToken,
    cookieSecure,
    trustProxy: env.TRUST_PROXY?.trim() || null,
    logLevel,
  };
}

function defaultWebDir(): string {
  // apps/api/dist/config/config.js -> apps/web/dist
  return path.resolve(import.meta.dirname, '../../../web/dist');
}
