import type { Account, ArrRow, Attachment, Dataset, Deal, Partner, SpendRow, Touch } from '@partner-kpi/metrics';
import type pg from 'pg';
import type { SqlParams } from './sql.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** What to load: deals by a condition on `d` (with its parameters), and the period-bound rows. */
export interface DatasetSlice {
  sql: SqlParams;
  /** SQL condition on deals `d`; their touches and accounts come with them. */
  deals?: string;
  /** ARR rows of these months (first days, 'YYYY-MM-01'). */
  arrMonths?: string[];
  /** Attachments in force on this day (since <= day <= until). */
  attachmentsOn?: string;
  /** Spend rows of months within [from, to]. */
  spend?: { from: string; to: string };
}

const DEAL_COLUMNS = `d.deal_id, d.account_id, d.name, d.amount::text AS amount, d.type, d.stage, d.stage_name,
  d.created_on, d.closed_on, d.expected_close_on, d.sourcing_partner_id`;

/**
 * Loads the rows a library computation needs for one question (a pipeline as of a date, a
 * leaderboard, a drill-down), not the whole database: the caller names the deals that can
 * matter, and their touches and accounts come along. Every partner is loaded (a small table).
 */
export async function loadDataset(db: Queryable, slice: DatasetSlice): Promise<Dataset> {
  const { sql } = slice;
  const where = slice.deals ?? 'false';
  const params = slice.deals ? sql.values : [];
  const deals = (await db.query<Deal>(`SELECT ${DEAL_COLUMNS} FROM deals d WHERE ${where}`, params)).rows;
  const touches = (
    await db.query<Touch>(
      `SELECT t.deal_id, t.partner_id, t.touch_type, t.touched_on FROM touches t
        WHERE t.deal_id IN (SELECT d.deal_id FROM deals d WHERE ${where})`,
      params,
    )
  ).rows;
  const partners = (
    await db.query<Partner>(`SELECT partner_id, name, type, tier, status, joined_on FROM partners`)
  ).rows;
  const arr = slice.arrMonths?.length
    ? (
        await db.query<ArrRow>(
          `SELECT account_id, to_char(month, 'YYYY-MM') AS month, arr::text AS arr FROM arr WHERE month = ANY($1::date[])`,
          [slice.arrMonths],
        )
      ).rows
    : [];
  const attachments = slice.attachmentsOn
    ? (
        await db.query<Attachment>(
          `SELECT account_id, partner_id, relation, since, until FROM attachments
            WHERE since <= $1::date AND (until IS NULL OR until >= $1::date)`,
          [slice.attachmentsOn],
        )
      ).rows
    : [];
  const spend = slice.spend
    ? (
        await db.query<SpendRow>(
          `SELECT to_char(month, 'YYYY-MM') AS month, motion, category, amount::text AS amount FROM spend
            WHERE month BETWEEN $1::date AND $2::date`,
          [slice.spend.from, slice.spend.to],
        )
      ).rows
    : [];
  const accountIds = [...new Set([...deals.map((d) => d.account_id), ...arr.map((r) => r.account_id), ...attachments.map((a) => a.account_id)])];
  const accounts = (
    await db.query<Account>(`SELECT account_id, name, segment, region FROM accounts WHERE account_id = ANY($1::text[])`, [accountIds])
  ).rows;
  return { partners, accounts, deals, touches, arr, attachments, spend };
}

/** The whole database as a library Dataset (tests and small installations only). */
export async function loadAllRows(db: Queryable): Promise<Dataset> {
  const q = async <T extends object>(text: string) => (await db.query<T>(text)).rows;
  return {
    partners: await q<Partner>(`SELECT partner_id, name, type, tier, status, joined_on FROM partners`),
    accounts: await q<Account>(`SELECT account_id, name, segment, region FROM accounts`),
    deals: await q<Deal>(`SELECT ${DEAL_COLUMNS} FROM deals d`),
    touches: await q<Touch>(`SELECT deal_id, partner_id, touch_type, touched_on FROM touches`),
    arr: await q<ArrRow>(`SELECT account_id, to_char(month, 'YYYY-MM') AS month, arr::text AS arr FROM arr`),
    attachments: await q<Attachment>(`SELECT account_id, partner_id, relation, since, until FROM attachments`),
    spend: await q<SpendRow>(`SELECT to_char(month, 'YYYY-MM') AS month, motion, category, amount::text AS amount FROM spend`),
  };
}
