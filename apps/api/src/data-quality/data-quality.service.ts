import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { today } from '../metrics/metrics.service.js';
import { CHECKS, type Severity } from './checks.js';

export interface CheckResult {
  key: string;
  label: string;
  count: number;
  severity: Severity;
  affects: string;
  samples: Record<string, unknown>[];
}

export interface AttributionCoverage {
  won_bookings: number;
  sourced: number;
  influenced: number;
  direct: number;
  sourced_share: number | null;
  influenced_share: number | null;
  direct_share: number | null;
}

export interface DataQualityReport {
  as_of: string;
  deals: number;
  attribution_coverage: AttributionCoverage;
  checks: CheckResult[];
  /** The worst severity of any check. */
  severity: Severity;
}

const SAMPLES = 10;
const ORDER: Severity[] = ['ok', 'info', 'warning', 'severe'];

/** The data-quality report: what in the imported data bends the metrics, with the rows. */
@Injectable()
export class DataQualityService {
  constructor(private readonly dataSource: DataSource) {}

  async report(): Promise<DataQualityReport> {
    const asOf = today();
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const [{ n }] = await em.query<{ n: string }[]>(`SELECT count(*) AS n FROM deals`);
      const deals = Number(n);
      const checks: CheckResult[] = [];
      for (const check of CHECKS) {
        const [{ total }] = await em.query<{ total: string }[]>(`SELECT count(*) AS total FROM (${check.rows}) q`, params(check.rows, asOf));
        const count = Number(total);
        const samples = count === 0 ? [] : await em.query<Record<string, unknown>[]>(`${check.rows} LIMIT ${SAMPLES}`, params(check.rows, asOf));
        checks.push({ key: check.key, label: check.label, count, severity: check.severity(count, deals), affects: check.affects, samples });
      }
      const [c] = await em.query<{ won: string | null; sourced: string | null; influenced: string | null; direct: string | null }[]>(
        `SELECT round(sum(amount), 2) AS won,
                round(sum(amount) FILTER (WHERE cls = 'sourced'), 2) AS sourced,
                round(sum(amount) FILTER (WHERE cls = 'influenced'), 2) AS influenced,
                round(sum(amount) FILTER (WHERE cls = 'direct'), 2) AS direct
           FROM (SELECT d.amount, CASE WHEN d.sourcing_partner_id IS NOT NULL THEN 'sourced'
                        WHEN EXISTS (SELECT 1 FROM touches t WHERE t.deal_id = d.deal_id AND t.touched_on <= d.closed_on) THEN 'influenced'
                        ELSE 'direct' END AS cls
                   FROM deals d WHERE d.stage = 'won' AND d.type IN ('new_business', 'expansion')) x`,
      );
      const won = Number(c.won ?? 0);
      const sourced = Number(c.sourced ?? 0);
      const influenced = Number(c.influenced ?? 0);
      const direct = Number(c.direct ?? 0);
      const ratio = (x: number) => (won === 0 ? null : x / won);
      return {
        as_of: asOf,
        deals,
        attribution_coverage: {
          won_bookings: won, sourced, influenced, direct,
          sourced_share: ratio(sourced), influenced_share: ratio(influenced), direct_share: ratio(direct),
        },
        checks,
        severity: checks.reduce<Severity>((worst, c) => (ORDER.indexOf(c.severity) > ORDER.indexOf(worst) ? c.severity : worst), 'ok'),
      };
    });
  }

  /** Every affected row of one check, paged. */
  async rows(key: string, limit: number, offset: number): Promise<{ key: string; total: number; rows: Record<string, unknown>[] }> {
    const check = CHECKS.find((c) => c.key === key);
    if (!check) throw new BadRequestException(`unknown check "${key}"; expected one of ${CHECKS.map((c) => c.key).join(', ')}`);
    const asOf = today();
    const [{ total }] = await this.dataSource.query<{ total: string }[]>(`SELECT count(*) AS total FROM (${check.rows}) q`, params(check.rows, asOf));
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `${check.rows} LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      params(check.rows, asOf),
    );
    return { key, total: Number(total), rows };
  }
}

/** Only the checks that read $1 (today) take a parameter. */
function params(sql: string, asOf: string): unknown[] {
  return sql.includes('$1') ? [asOf] : [];
}
