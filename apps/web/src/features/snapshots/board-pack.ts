// The board pack's logic, kept pure so it is unit-tested: which snapshot the URL opens, the
// default name of a new snapshot, the text of its period, filters and fingerprint, how the
// frozen catalog groups into tables, and how a restatement orders and explains its figures.
import type { DealClass, Filters, MetricDefinition, Unit } from '@partner-kpi/metrics';
import { FILTER_KEYS } from '@partner-kpi/metrics';
import type { AppData } from '../../app/app-context';
import { indexCatalog } from '../../lib/catalog';
import { ATTACHMENT_LABELS, ROLE_LABELS } from '../drill/rows';
import type { Formatters } from '../../lib/format';
import { createFormatters, isMultiple, NULL_TEXT } from '../../lib/format';
import { capitalise, FILTER_LABELS, periodTitle, splitLabel } from '../../lib/labels';
import type { ResolvedPeriod } from '../../lib/periods';
import { CLASS_LABELS } from '../../lib/theme';
import type {
  AccountChangeKind,
  AccountSide,
  DealChangeKind,
  DealRestatement,
  DealSide,
  FigureComparison,
  SnapshotContent,
} from './types';
import { ACCOUNT_CHANGE_KINDS, DEAL_CHANGE_KINDS } from './types';

// --- URL state -----------------------------------------------------------------------------

export type SnapshotView = 'report' | 'compare';

export interface SnapshotUrlState {
  /** The open snapshot, or null for the list. */
  id: string | null;
  view: SnapshotView;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?snapshot=<uuid>&view=compare`; anything else opens the list (never throws). */
export function parseSnapshotState(search: string): SnapshotUrlState {
  const params = new URLSearchParams(search);
  const raw = params.get('snapshot')?.trim() ?? '';
  const id = UUID.test(raw) ? raw.toLowerCase() : null;
  return { id, view: id !== null && params.get('view') === 'compare' ? 'compare' : 'report' };
}

/**
 * The query string with the snapshot state set, every other parameter (period, filters) kept,
 * so going back to the list keeps the board view the page freezes.
 */
export function snapshotSearch(search: string, state: SnapshotUrlState): string {
  const params = new URLSearchParams(search);
  params.delete('snapshot');
  params.delete('view');
  if (state.id !== null) {
    params.set('snapshot', state.id);
    if (state.view === 'compare') params.set('view', 'compare');
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * What a frozen view renders with: the snapshot's settings, catalog (labels, units, formulas)
 * and reporting currency instead of today's; the rest of the app's data as it is.
 */
export function frozenAppData(
  app: AppData,
  content: Pick<SnapshotContent, 'settings' | 'catalog'>,
): AppData {
  return {
    ...app,
    settings: content.settings,
    catalog: indexCatalog(content.catalog),
    fmt: createFormatters(content.settings.reporting_currency, app.fmt.locale),
  };
}

// --- Text ------------------------------------------------------------------------------------

/** "FY2027 Q1 board readout", "FY2027 Q1 board readout (to date)", or the dates of a range. */
export function defaultSnapshotName(period: ResolvedPeriod, fmt: Formatters): string {
  if (period.label === null) return `${periodTitle(period, fmt)} board readout`;
  return `${period.label} board readout${period.toDate ? ' (to date)' : ''}`;
}

/** "Segment: SMB, Mid-Market · Region: NA", or "No filters (all data)". */
export function filtersText(
  filters: Filters,
  partnerName: (id: string) => string = String,
): string {
  const parts: string[] = [];
  for (const key of FILTER_KEYS) {
    const values = filters[key];
    if (!values?.length) continue;
    const shown = key === 'partner_id' ? values.map(partnerName) : values;
    parts.push(`${FILTER_LABELS[key]}: ${shown.join(', ')}`);
  }
  return parts.length ? parts.join(' · ') : 'No filters (all data)';
}

/** The first 12 hex digits of a sha256: enough to tell two snapshots' data apart by eye. */
export function shortFingerprint(hex: string, length = 12): string {
  return hex.slice(0, length);
}

/** "Mar 3, 2026, 02:05 PM UTC": a snapshot's as-of time, with its time zone. */
export function formatAsOf(iso: string, locale?: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(d);
}

/** The as-of time on two lines: {date: "Mar 3, 2026", time: "02:05 PM UTC"}. */
export function asOfParts(
  iso: string,
  locale?: string,
  timeZone?: string,
): { date: string; time: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { date: iso, time: '' };
  return {
    date: new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      timeZone,
    }).format(d),
    time: new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone,
    }).format(d),
  };
}

const MINUS = '\u2212';

/** Enough decimals (at least `min`, at most 4) for a small non-zero number to show a digit. */
function decimalsFor(abs: number, min: number): number {
  if (abs === 0 || abs >= 1) return min;
  return Math.min(4, Math.max(min, Math.ceil(-Math.log10(abs))));
}

function fixed(value: number, decimals: number, fmt: Formatters): string {
  return new Intl.NumberFormat(fmt.locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/**
 * A figure exactly, as an audit wants it: money to the cent, percentages to two decimals,
 * multiples to three, days and months to one, so a restated figure never looks unchanged.
 */
export function exactValue(value: number | null, unit: Unit, key: string, fmt: Formatters): string {
  if (value === null || !Number.isFinite(value)) return NULL_TEXT;
  switch (unit) {
    case 'currency':
      return fmt.moneyExact(value);
    case 'currency_per_day':
      return `${fmt.moneyExact(value)}/day`;
    case 'ratio':
      return isMultiple(key) ? `${fixed(value, 3, fmt)}×` : fmt.percent(value, 2);
    case 'days':
      return `${fixed(value, decimalsFor(Math.abs(value), 1), fmt)} days`;
    case 'months':
      return `${fixed(value, decimalsFor(Math.abs(value), 1), fmt)} months`;
    case 'count':
      return fmt.count(value);
  }
}

/**
 * Recomputed − reported, signed, in the figure's unit: money to the cent, percentages in
 * percentage points, multiples as ×, with enough decimals that a small change shows.
 * `—` when either side is null.
 */
export function formatDifference(
  difference: number | null,
  unit: Unit,
  key: string,
  fmt: Formatters,
): string {
  if (difference === null || !Number.isFinite(difference)) return NULL_TEXT;
  if (difference === 0) return 'no change';
  const sign = difference > 0 ? '+' : MINUS;
  const abs = Math.abs(difference);
  let text: string;
  switch (unit) {
    case 'currency':
    case 'currency_per_day':
      text = exactValue(abs, unit, key, fmt);
      break;
    case 'ratio':
      text = isMultiple(key)
        ? `${fixed(abs, decimalsFor(abs, 2), fmt)}×`
        : `${fixed(abs * 100, decimalsFor(abs * 100, 1), fmt)} pts`;
      break;
    case 'days':
    case 'months':
      text = `${fixed(abs, decimalsFor(abs, 1), fmt)} ${unit}`;
      break;
    case 'count':
      text = fixed(abs, decimalsFor(abs, 0), fmt);
      break;
  }
  return `${sign}${text}`;
}

// --- The frozen catalog as tables ------------------------------------------------------------

/** What the grouping needs of a catalog entry (metric or pipeline). */
export interface LabelledEntry {
  key: string;
  label: string;
}

export interface FigureMatrix<E extends LabelledEntry = MetricDefinition> {
  /** Column headings: the label qualifiers ("Partner", "Direct", …), capitalised. */
  columns: string[];
  rows: { base: string; cells: E[] }[];
}

export interface FigureGroups<E extends LabelledEntry = MetricDefinition> {
  /** Figures with no class qualifier (or the only one of their kind): one row each. */
  singles: E[];
  /** Figures that differ by a qualifier only ("Win rate (partner)" / "(direct)"), side by side. */
  matrices: FigureMatrix<E>[];
}

/**
 * Groups the catalog entries of one alignment, in catalog order: entries whose labels share a
 * base and differ by their qualifier become a row; rows with the same qualifiers, in the same
 * order, become one table. An entry whose base appears once stays a single.
 */
export function groupFigures<E extends LabelledEntry>(entries: readonly E[]): FigureGroups<E> {
  const byBase = new Map<string, E[]>();
  for (const e of entries) {
    const { base, qualifier } = splitLabel(e.label);
    if (qualifier === null) continue;
    const list = byBase.get(base) ?? [];
    list.push(e);
    byBase.set(base, list);
  }
  const singles: E[] = [];
  const matrices = new Map<string, FigureMatrix<E>>();
  const placed = new Set<string>();
  for (const e of entries) {
    const { base, qualifier } = splitLabel(e.label);
    const row = qualifier === null ? undefined : byBase.get(base);
    if (!row || row.length < 2) {
      singles.push(e);
      continue;
    }
    if (placed.has(base)) continue;
    placed.add(base);
    const columns = row.map((r) => capitalise(splitLabel(r.label).qualifier ?? r.key));
    const id = columns.join('\u0000');
    const matrix = matrices.get(id) ?? { columns, rows: [] };
    matrix.rows.push({ base, cells: row });
    matrices.set(id, matrix);
  }
  return { singles, matrices: [...matrices.values()] };
}

// --- Restatement -----------------------------------------------------------------------------

export const DEAL_CHANGE_LABELS: Readonly<Record<DealChangeKind, string>> = {
  added: 'Added',
  removed: 'Removed',
  amount_changed: 'Amount changed',
  class_changed: 'Class changed',
  role_changed: 'Role changed',
};

export const ACCOUNT_CHANGE_LABELS: Readonly<Record<AccountChangeKind, string>> = {
  added: 'Added to the cohort',
  removed: 'Removed from the cohort',
  arr_changed: 'ARR changed',
  attachment_changed: 'Partner attachment changed',
  churn_changed: 'Churn changed',
};

/** Whether the rows behind a figure changed (even when its value did not). */
export function rowsChanged(f: FigureComparison): boolean {
  const lists: unknown[][] = [
    ...(f.deals ? Object.values(f.deals) : []),
    ...(f.accounts ? Object.values(f.accounts) : []),
  ];
  return lists.some((l) => l.length > 0);
}

export interface OrderedFigures {
  /** The value differs from what was reported. */
  changed: FigureComparison[];
  /** Same value, different rows behind it (a deal swapped for another of the same amount). */
  rowsOnly: FigureComparison[];
  unchanged: FigureComparison[];
}

/** The restated figures first, each group in the API's (catalog) order. */
export function orderFigures(figures: readonly FigureComparison[]): OrderedFigures {
  const out: OrderedFigures = { changed: [], rowsOnly: [], unchanged: [] };
  for (const f of figures) {
    if (f.changed) out.changed.push(f);
    else if (rowsChanged(f)) out.rowsOnly.push(f);
    else out.unchanged.push(f);
  }
  return out;
}

export interface DealLine {
  kind: DealChangeKind;
  deal_id: string;
  name: string | null;
  account_name: string | null;
  reported: DealSide | null;
  recomputed: DealSide | null;
  /** The API's plain-language reasons (from the restatement's deal list). */
  reasons: string[];
}

/** The deals that explain one figure, by kind of change, each with the API's reasons. */
export function dealLines(f: FigureComparison, deals: readonly DealRestatement[]): DealLine[] {
  if (!f.deals) return [];
  const reasons = new Map(deals.map((d) => [d.deal_id, d.explanation]));
  const out: DealLine[] = [];
  for (const kind of DEAL_CHANGE_KINDS)
    for (const c of f.deals[kind]) out.push({ kind, ...c, reasons: reasons.get(c.deal_id) ?? [] });
  return out;
}

export interface AccountLine {
  kind: AccountChangeKind;
  account_id: string;
  name: string | null;
  reported: AccountSide | null;
  recomputed: AccountSide | null;
}

export function accountLines(f: FigureComparison): AccountLine[] {
  if (!f.accounts) return [];
  const out: AccountLine[] = [];
  for (const kind of ACCOUNT_CHANGE_KINDS)
    for (const c of f.accounts[kind]) out.push({ kind, ...c });
  return out;
}

export function classLabel(c: DealClass): string {
  return CLASS_LABELS[c];
}

/** "$12,000.00 · Partner-sourced · Won", or "not in the figure". */
export function dealSideText(side: DealSide | null, fmt: Formatters): string {
  if (side === null) return 'not in the figure';
  return `${fmt.moneyExact(side.amount)} · ${classLabel(side.class)} · ${ROLE_LABELS[side.role]}`;
}

/** "ARR $1,000.00 → $1,200.00 · Partner-attached · churned", or "not in the cohort". */
export function accountSideText(side: AccountSide | null, fmt: Formatters): string {
  if (side === null) return 'not in the cohort';
  const attachment = ATTACHMENT_LABELS[side.attachment] ?? side.attachment;
  return `ARR ${fmt.moneyExact(side.arr_start)} → ${fmt.moneyExact(side.arr_end)} · ${attachment}${side.churned ? ' · churned' : ''}`;
}
