// Drill-down rows as text: role and type names, counting touches, and the CSV a CFO takes
// away to recompute a figure by hand. Pure, so it is unit-tested.
import type { DrillRole } from '@partner-kpi/metrics';
import type { AccountRow, DealRow } from '../../api/types';
import { CLASS_LABELS } from '../../lib/theme';

export const ROLE_LABELS: Readonly<Record<DrillRole, string>> = {
  booking: 'Booking',
  sourced: 'Sourced',
  influenced: 'Influenced',
  not_attributed: 'Not partner (in total only)',
  won: 'Won',
  lost: 'Lost',
  excluded_from_cycle: 'Excluded from cycle (closed before created)',
  first_win: 'First win',
  open: 'Open',
  created_in_week: 'Created this week',
  closing_this_quarter: 'Closing this quarter',
  slipped: 'Slipped',
};

export const DEAL_TYPE_LABELS: Readonly<Record<string, string>> = {
  new_business: 'New business',
  expansion: 'Expansion',
  renewal: 'Renewal',
};

export const ATTACHMENT_LABELS: Readonly<Record<string, string>> = {
  attached: 'Partner-attached',
  unattached: 'No partner',
  other: 'Other partner only',
};

export type PartnerNames = (id: string) => string;

export function touchesText(row: Pick<DealRow, 'counting_touches'>, name: PartnerNames): string {
  return row.counting_touches
    .map((t) => `${name(t.partner_id)} · ${t.touch_type.replace(/_/g, ' ')} · ${t.touched_on}`)
    .join('; ');
}

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function dealsCsv(rows: readonly DealRow[], name: PartnerNames): string {
  return toCsv(
    [
      'deal_id',
      'name',
      'account_id',
      'class',
      'role',
      'type',
      'stage',
      'stage_name',
      'amount',
      'created_on',
      'closed_on',
      'expected_close_on',
      'cycle_days',
      'sourcing_partner_id',
      'credited_partners',
      'counting_touches',
    ],
    rows.map((r) => [
      r.deal_id,
      r.name,
      r.account_id,
      r.class,
      r.role,
      r.type,
      r.stage,
      r.stage_name,
      r.amount.toFixed(2),
      r.created_on,
      r.closed_on,
      r.expected_close_on,
      r.cycle_days,
      r.sourcing_partner_id,
      r.credited_partner_ids.map(name).join('; '),
      touchesText(r, name),
    ]),
  );
}

export function accountsCsv(
  rows: readonly AccountRow[],
  startMonth: string,
  endMonth: string,
  name: PartnerNames,
): string {
  return toCsv(
    [
      'account_id',
      'name',
      'segment',
      'region',
      `arr_${startMonth}`,
      `arr_${endMonth}`,
      'attachment',
      'attached_partners',
      'churned',
    ],
    rows.map((r) => [
      r.account_id,
      r.name,
      r.segment,
      r.region,
      r.arr_start.toFixed(2),
      r.arr_end.toFixed(2),
      r.attachment,
      r.attached_partner_ids.map(name).join('; '),
      r.churned,
    ]),
  );
}

export function classLabel(cls: string): string {
  return (CLASS_LABELS as Record<string, string>)[cls] ?? cls;
}
