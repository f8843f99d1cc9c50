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
}

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
  };
}

function defaultWebDir(): string {
  // apps/api/dist/config/config.js -> apps/web/dist
  return path.resolve(import.meta.dirname, '../../../web/dist');
}
