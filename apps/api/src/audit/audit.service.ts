import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthedRequest } from '../auth/auth.decorators.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_kind: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  request_id: string | null;
}

/**
 * Who did what, when: sign-ins, imports, settings, snapshots, users and tokens. Entries are
 * written after the change has committed (a refused or rolled-back request leaves none, except
 * failed sign-ins, which are worth seeing). Never holds secrets: no passwords, no tokens.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(req: AuthedRequest, action: string, target: string | null = null, details: Record<string, unknown> = {}, actor?: string): Promise<void> {
    const p = req.principal;
    await this.db.query(
      `INSERT INTO audit_log (actor, actor_kind, action, target, details, ip, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [actor ?? p?.name ?? 'anonymous', p?.kind ?? 'anonymous', action, target, JSON.stringify(details), req.ip ?? null, typeof req.id === 'string' ? req.id : null],
    );
  }

  async list(limit: number, offset: number, action?: string): Promise<{ total: number; entries: AuditEntry[] }> {
    const where = action ? `WHERE action = $3` : '';
    const params: unknown[] = [limit, offset];
    if (action) params.push(action);
    const entries = await this.db.query<(AuditEntry & { id: string })[]>(
      `SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor, actor_kind, action, target, details, ip, request_id
         FROM audit_log ${where} ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2`,
      params,
    );
    const [{ n }] = await this.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM audit_log ${action ? 'WHERE action = $1' : ''}`, action ? [action] : []);
    return { total: Number(n), entries: entries.map((e) => ({ ...e, id: Number(e.id) })) };
  }
}
