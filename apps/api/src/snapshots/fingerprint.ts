import { createHash } from 'node:crypto';

/** The imported entities, in the contract's import order. */
export const FINGERPRINT_TABLES = [
  'partners',
  'accounts',
  'deals',
  'touches',
  'arr',
  'attachments',
  'spend',
] as const;
export type FingerprintTable = (typeof FINGERPRINT_TABLES)[number];

export interface TableDigest {
  rows: number;
  /** Sum over the rows of the first 60 bits of md5(row as canonical JSON), as a decimal string. */
  digest: string;
}

export interface Fingerprint {
  algorithm: 'sha256(per-table row count and sum of 60-bit md5 row hashes)';
  /** hex sha256 over the lines `table<TAB>rows<TAB>digest` of the seven tables, in order. */
  value: string;
  covers: string;
  tables: Record<FingerprintTable, TableDigest>;
}

export const FINGERPRINT_COVERS =
  'every row and every non-null column of the seven imported entities (partners, accounts, deals, touches, arr, attachments, spend); not the settings (frozen separately), import history or saved mappings';

/**
 * Row hash: md5 of the row as `jsonb` text with null columns left out. jsonb text is canonical
 * (keys sorted, dates ISO whatever DateStyle says, numerics with their stored scale), and leaving
 * nulls out keeps old fingerprints valid when a migration adds a nullable column. The per-table
 * aggregate is a sum, so it needs no sort and no string of the whole table: one sequential scan
 * per table, about a second per million rows.
 */
function tableDigestSql(table: FingerprintTable): string {
  return `SELECT '${table}' AS name, count(*)::bigint AS rows,
            coalesce(sum(('x' || left(md5(jsonb_strip_nulls(to_jsonb(t))::text), 15))::bit(60)::bigint), 0)::text AS digest
            FROM ${table} t`;
}

interface Reads {
  query<R extends Record<string, unknown>>(text: string): Promise<R[]>;
}

/** The fingerprint of the imported data, read inside the snapshot's transaction. */
export async function computeFingerprint(db: Reads): Promise<Fingerprint> {
  const rows = await db.query<{ name: FingerprintTable; rows: string; digest: string }>(
    FINGERPRINT_TABLES.map(tableDigestSql).join('\nUNION ALL\n'),
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  const tables = {} as Record<FingerprintTable, TableDigest>;
  const hash = createHash('sha256');
  for (const name of FINGERPRINT_TABLES) {
    const r = byName.get(name);
    const digest: TableDigest = { rows: Number(r?.rows ?? 0), digest: r?.digest ?? '0' };
    tables[name] = digest;
    hash.update(`${name}\t${digest.rows}\t${digest.digest}\n`);
  }
  return {
    algorithm: 'sha256(per-table row count and sum of 60-bit md5 row hashes)',
    value: hash.digest('hex'),
    covers: FINGERPRINT_COVERS,
    tables,
  };
}

/** The tables whose rows differ between two fingerprints. */
export function changedTables(a: Fingerprint, b: Fingerprint): FingerprintTable[] {
  return FINGERPRINT_TABLES.filter(
    (t) => a.tables[t].rows !== b.tables[t].rows || a.tables[t].digest !== b.tables[t].digest,
  );
}
