import { UNATTRIBUTED_PARTNER } from '../mappings/presets.js';

export type Severity = 'ok' | 'info' | 'warning' | 'severe';

/**
 * One data-quality check: a query for the affected rows (its `count` is the total), what the
 * problem affects in the metrics, and how severe it is given the count and the size of the data.
 */
export interface CheckDefinition {
  key: string;
  label: string;
  affects: string;
  /** SELECT of the affected rows, ordered; $1 = today (YYYY-MM-DD). */
  rows: string;
  /** Severity from the affected count and the number of deals. */
  severity: (count: number, deals: number) => Severity;
}

const share = (count: number, deals: number) => (deals === 0 ? 0 : count / deals);
const byShare =
  (warning: number, severe: number) =>
  (count: number, deals: number): Severity =>
    count === 0 ? 'ok' : share(count, deals) >= severe ? 'severe' : share(count, deals) >= warning ? 'warning' : 'info';

const DEAL_COLUMNS = `d.deal_id, d.account_id, d.name, d.amount::float8 AS amount, d.type, d.stage, d.created_on, d.closed_on, d.expected_close_on, d.sourcing_partner_id`;

export const CHECKS: readonly CheckDefinition[] = [
  {
    key: 'touches_after_close',
    label: 'Partner touches dated after the deal closed',
    affects: 'ignored by every metric: such a touch never makes a deal partner-influenced',
    rows: `SELECT t.deal_id, t.partner_id, t.touch_type, t.touched_on, d.closed_on
             FROM touches t JOIN deals d ON d.deal_id = t.deal_id
            WHERE d.closed_on IS NOT NULL AND t.touched_on > d.closed_on
            ORDER BY t.deal_id, t.touched_on`,
    severity: byShare(0.02, 0.1),
  },
  {
    key: 'closed_before_created',
    label: 'Deals closed before they were created (back-filled CRM data)',
    affects: 'left out of every cycle-time figure (median/mean cycle, sales velocity); counted everywhere else',
    rows: `SELECT ${DEAL_COLUMNS} FROM deals d WHERE d.closed_on < d.created_on ORDER BY d.deal_id`,
    severity: byShare(0.02, 0.2),
  },
  {
    key: 'open_past_expected_close',
    label: 'Open deals past their expected close date',
    affects: 'slipped deals in the pipeline review; their forecast dates need an update',
    rows: `SELECT ${DEAL_COLUMNS} FROM deals d WHERE d.stage = 'open' AND d.expected_close_on < $1::date ORDER BY d.expected_close_on, d.deal_id`,
    severity: byShare(0.05, 0.25),
  },
  {
    key: 'zero_amount_won',
    label: 'Won deals with a zero amount',
    affects: 'count in win rates and new customers but add nothing to bookings or ACV (lowering ACV)',
    rows: `SELECT ${DEAL_COLUMNS} FROM deals d WHERE d.stage = 'won' AND d.amount = 0 ORDER BY d.closed_on, d.deal_id`,
    severity: byShare(0.01, 0.1),
  },
  {
    key: 'unattributed_partner_deals',
    label: `Deals sourced by the catch-all partner ${UNATTRIBUTED_PARTNER.partner_id}`,
    affects: 'count as partner-sourced, but no real partner gets the credit in the leaderboard',
    rows: `SELECT ${DEAL_COLUMNS} FROM deals d WHERE d.sourcing_partner_id = '${UNATTRIBUTED_PARTNER.partner_id}' ORDER BY d.deal_id`,
    severity: byShare(0.01, 0.1),
  },
  {
    key: 'arr_without_won_deal',
    label: 'Accounts with ARR but no won deal',
    affects: 'in retention (NRR, GRR, churn) but never a new customer: CAC and first-win figures miss them',
    rows: `SELECT a.account_id, a.name, min(r.month) AS first_arr_month, max(r.month) AS last_arr_month
             FROM arr r JOIN accounts a ON a.account_id = r.account_id
            WHERE r.arr > 0 AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.account_id = r.account_id AND d.stage = 'won')
            GROUP BY a.account_id, a.name ORDER BY a.account_id`,
    severity: (count) => (count === 0 ? 'ok' : 'info'),
  },
  {
    key: 'arr_gaps',
    label: "ARR gaps: an account's ARR disappears and comes back",
    affects: 'a month without a row is ARR 0: an account missing from month E counts as churned in retention',
    rows: `SELECT account_id, gap_after AS last_month_before_gap, gap_until AS next_month_with_arr FROM (
             SELECT account_id, month AS gap_after, lead(month) OVER (PARTITION BY account_id ORDER BY month) AS gap_until
               FROM arr WHERE arr > 0) x
            WHERE gap_until > gap_after + interval '1 month'
            ORDER BY account_id, gap_after`,
    severity: (count) => (count === 0 ? 'ok' : count > 50 ? 'warning' : 'info'),
  },
  {
    key: 'months_without_spend',
    label: 'Months with deals or ARR but no spend rows',
    affects: 'CAC, CAC payback and partner program ROI of periods containing them are understated',
    rows: `WITH span AS (
             SELECT date_trunc('month', least((SELECT min(least(created_on, coalesce(closed_on, created_on))) FROM deals), (SELECT min(month) FROM arr)))::date AS first,
                    date_trunc('month', greatest((SELECT max(coalesce(closed_on, created_on)) FROM deals), (SELECT max(month) FROM arr)))::date AS last)
           SELECT to_char(m, 'YYYY-MM') AS month FROM span, generate_series(span.first, span.last, interval '1 month') AS m
            WHERE span.first IS NOT NULL AND NOT EXISTS (SELECT 1 FROM spend s WHERE s.month = m::date)
            ORDER BY m`,
    severity: (count) => (count === 0 ? 'ok' : count >= 3 ? 'severe' : 'warning'),
  },
  {
    key: 'partners_without_joined_on',
    label: 'Partners without joined_on',
    affects: 'time to first deal is unknown (null) for them in the leaderboard',
    rows: `SELECT p.partner_id, p.name, p.type, p.tier FROM partners p WHERE p.joined_on IS NULL ORDER BY p.partner_id`,
    severity: (count) => (count === 0 ? 'ok' : 'info'),
  },
];
