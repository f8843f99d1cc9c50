// The state of a view lives in the URL so any view can be shared and bookmarked: the period
// (`period=FY2027-Q1`, `period=FY2027` or `from`/`to`), the filters exactly as the API takes
// them (repeatable `segment`, `region`, `partner_type`, `partner_tier`, `partner_id`), the
// pipeline's `as_of`, a table's `sort`/`dir`, and an open drill-down (`drill`, `drill_page`,
// `drill_partner`). Parsing never throws: values that make no sense are dropped.
import { FILTER_KEYS, isIsoDate, PARTNER_TYPES, type Filters } from '@partner-kpi/metrics';
import { isValidRange, parsePeriodParam, periodParam, type PeriodSelection } from './periods';

export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = { [K in FilterKey]?: string[] };

export interface DrillState {
  key: string;
  /** 1-based page of the drill-down table. */
  page: number;
  /** Narrow the drill-down to one partner (the leaderboard's click-through). */
  partner: string | null;
}

export interface SortState {
  column: string;
  dir: 'asc' | 'desc';
}

export interface ViewState {
  period: PeriodSelection;
  filters: FilterValues;
  asOf: string | null;
  sort: SortState | null;
  drill: DrillState | null;
}

export const EMPTY_VIEW: ViewState = {
  period: { kind: 'current' },
  filters: {},
  asOf: null,
  sort: null,
  drill: null,
};

const KEY_RE = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_VALUES = 50;
const PARTNER_TYPE_SET: ReadonlySet<string> = new Set(PARTNER_TYPES);

function filterValues(params: URLSearchParams, key: FilterKey): string[] | undefined {
  const seen = new Set<string>();
  for (const raw of params.getAll(key)) {
    const v = raw.trim();
    if (!v || v.length > 200) continue;
    if (key === 'partner_type' && !PARTNER_TYPE_SET.has(v)) continue;
    seen.add(v);
    if (seen.size >= MAX_VALUES) break;
  }
  return seen.size ? [...seen] : undefined;
}

export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  let period: PeriodSelection = parsePeriodParam(params.get('period')) ?? { kind: 'current' };
  const from = params.get('from');
  const to = params.get('to');
  if (period.kind === 'current' && from !== null && to !== null && isValidRange(from, to)) {
    period = { kind: 'custom', from, to };
  }
  const filters: FilterValues = {};
  for (const key of FILTER_KEYS) {
    const values = filterValues(params, key);
    if (values) filters[key] = values;
  }
  const asOfRaw = params.get('as_of');
  const sortRaw = params.get('sort');
  const drillRaw = params.get('drill');
  const page = Number(params.get('drill_page') ?? '1');
  const partner = params.get('drill_partner')?.trim();
  return {
    period,
    filters,
    asOf: asOfRaw !== null && isIsoDate(asOfRaw) ? asOfRaw : null,
    sort:
      sortRaw !== null && KEY_RE.test(sortRaw)
        ? { column: sortRaw, dir: params.get('dir') === 'asc' ? 'asc' : 'desc' }
        : null,
    drill:
      drillRaw !== null && KEY_RE.test(drillRaw)
        ? {
            key: drillRaw,
            page: Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
            partner: partner ? partner.slice(0, 128) : null,
          }
        : null,
  };
}

/** The query string of a view state ('' or '?…'), parameters in a stable order. */
export function serializeViewState(state: ViewState): string {
  const params = new URLSearchParams();
  const p = periodParam(state.period);
  if (p !== null) params.set('period', p);
  if (state.period.kind === 'custom') {
    params.set('from', state.period.from);
    params.set('to', state.period.to);
  }
  for (const key of FILTER_KEYS) for (const v of state.filters[key] ?? []) params.append(key, v);
  if (state.asOf !== null) params.set('as_of', state.asOf);
  if (state.sort !== null) {
    params.set('sort', state.sort.column);
    params.set('dir', state.sort.dir);
  }
  if (state.drill !== null) {
    params.set('drill', state.drill.key);
    if (state.drill.page > 1) params.set('drill_page', String(state.drill.page));
    if (state.drill.partner !== null) params.set('drill_partner', state.drill.partner);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function patchSearch(search: string, patch: Partial<ViewState>): string {
  return serializeViewState({ ...parseViewState(search), ...patch });
}

/** What moving to another page keeps: the period, the filters and the as-of date. */
export function carrySearch(search: string): string {
  const s = parseViewState(search);
  return serializeViewState({ ...EMPTY_VIEW, period: s.period, filters: s.filters, asOf: s.asOf });
}

/** The filters in the library's (and the API's) shape; absent lists left out. */
export function toApiFilters(filters: FilterValues): Filters {
  const out: Filters = {};
  for (const key of FILTER_KEYS) {
    const v = filters[key];
    if (v?.length) out[key] = [...v].sort();
  }
  return out;
}

export function filterCount(filters: FilterValues): number {
  return FILTER_KEYS.reduce((n, k) => n + (filters[k]?.length ?? 0), 0);
}

export function toggleFilterValue(
  filters: FilterValues,
  key: FilterKey,
  value: string,
): FilterValues {
  const current = filters[key] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const out: FilterValues = { ...filters };
  if (next.length) out[key] = next;
  else delete out[key];
  return out;
}
