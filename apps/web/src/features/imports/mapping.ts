// Building a column mapping in the browser: suggestions from a file's header and sample rows,
// and the preview of the first rows as they would be stored. The preview repeats the API's
// mapping (apps/api/src/mappings/mapping.ts: column, value map, date layout, default) for a
// few rows only; the API applies the saved mapping itself on import and stays the authority.
import { ENTITY_SPECS, type Entity, type FieldSpec } from './entities';
import type { ColumnMapping } from './types';

/** A mapping being edited: one source column per field (presets' alternatives are not edited). */
export interface MappingDraft {
  columns: Record<string, string>;
  values: Record<string, Record<string, string>>;
  date_format: string;
  defaults: Record<string, string>;
}

export const EMPTY_DRAFT: MappingDraft = { columns: {}, values: {}, date_format: '', defaults: {} };

/** Header names compared without case, spaces, underscores, dashes, dots or slashes. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s_\-./()#]+/g, '');
}

/**
 * Other names CRM exports give a field, per entity (normalised when compared). The first
 * header that matches the field's own name wins, then these in order.
 */
const SYNONYMS: Record<Entity, Record<string, readonly string[]>> = {
  partners: {
    partner_id: [
      'partner',
      'partner account id',
      'partner account',
      'id',
      'partner key',
      'record id',
    ],
    name: ['partner name', 'company name', 'account name', 'company', 'name'],
    type: ['partner type', 'program type', 'category'],
    tier: ['partner tier', 'level', 'program level', 'partner level'],
    status: ['partner status', 'active'],
    joined_on: [
      'joined',
      'join date',
      'joined date',
      'start date',
      'partner since',
      'onboarded on',
      'created date',
    ],
    owner: ['partner manager', 'channel manager', 'account owner', 'partner owner'],
  },
  accounts: {
    account_id: [
      'account',
      'account id',
      'accountid',
      'id',
      'company id',
      'customer id',
      'customer',
      'record id',
    ],
    name: ['account name', 'company name', 'customer name', 'company', 'account', 'customer'],
    segment: ['market segment', 'size', 'customer segment', 'tier'],
    region: [
      'territory',
      'geo',
      'country',
      'billing country',
      'office location',
      'location',
      'country region',
    ],
    industry: ['sector', 'vertical'],
  },
  deals: {
    deal_id: ['opportunity id', 'opportunity', 'opp id', 'id', 'deal', 'record id'],
    account_id: [
      'account',
      'accountid',
      'account name',
      'company id',
      'company',
      'customer id',
      'customer',
    ],
    name: ['deal name', 'opportunity name', 'opportunity', 'title'],
    amount: ['close value', 'deal value', 'value', 'acv', 'arr', 'amount usd', 'deal amount'],
    currency: ['currency code', 'currencyisocode', 'opportunity currency'],
    type: ['deal type', 'opportunity type', 'business type'],
    stage: ['deal stage', 'stage name', 'opportunity stage', 'status'],
    stage_name: ['deal stage', 'stage', 'opportunity stage', 'stagename'],
    created_on: [
      'engage date',
      'created date',
      'create date',
      'created',
      'creation date',
      'createddate',
      'open date',
      'start date',
    ],
    closed_on: ['close date', 'closed date', 'closedate', 'closed', 'won date'],
    expected_close_on: [
      'expected close date',
      'expected close',
      'forecast close date',
      'target close date',
    ],
    sourcing_partner_id: [
      'partner',
      'partner id',
      'partner account id',
      'partneraccountid',
      'sourcing partner',
      'sourced by partner',
      'referring partner',
    ],
    owner: [
      'sales agent',
      'sales rep',
      'rep',
      'deal owner',
      'opportunity owner',
      'account executive',
      'ae',
    ],
  },
  touches: {
    deal_id: ['opportunity id', 'opportunity', 'deal', 'opp id'],
    partner_id: ['partner', 'partner account id', 'partner account'],
    touch_type: ['type', 'touch', 'influence type', 'activity type', 'role', 'partner role'],
    touched_on: ['date', 'touch date', 'activity date', 'touched'],
  },
  arr: {
    account_id: ['account', 'account id', 'customer id', 'customer', 'company id'],
    month: ['period', 'date', 'snapshot month', 'month end'],
    arr: ['annual recurring revenue', 'mrr annualised', 'arr usd', 'recurring revenue'],
  },
  attachments: {
    account_id: ['account', 'account id', 'customer id', 'customer'],
    partner_id: ['partner', 'partner account id', 'partner account'],
    relation: ['relationship', 'type', 'attachment type', 'role'],
    since: ['start date', 'from', 'attached on', 'start'],
    until: ['end date', 'to', 'detached on', 'end'],
  },
  spend: {
    month: ['period', 'date'],
    motion: ['channel', 'gtm motion', 'program'],
    category: ['cost category', 'type', 'line item', 'expense type'],
    amount: ['cost', 'spend', 'value', 'amount usd'],
  },
};

/**
 * Suggests field -> header column from a file's header: the field's own name first, then the
 * entity's synonyms, ignoring case, spaces, underscores and dashes. A column may feed several
 * fields (Maven's `deal_stage` is both `stage` and `stage_name`).
 */
export function suggestColumns(entity: Entity, header: readonly string[]): Record<string, string> {
  const byName = new Map<string, string>();
  for (const h of header) if (!byName.has(normaliseName(h))) byName.set(normaliseName(h), h);
  const out: Record<string, string> = {};
  // Exact names are claimed first, so a synonym never takes a column another field is named.
  const exact = new Set<string>();
  for (const f of ENTITY_SPECS[entity].fields) {
    const h = byName.get(normaliseName(f.name));
    if (h !== undefined) {
      out[f.name] = h;
      exact.add(h);
    }
  }
  for (const f of ENTITY_SPECS[entity].fields) {
    if (out[f.name] !== undefined) continue;
    for (const synonym of SYNONYMS[entity][f.name] ?? []) {
      const h = byName.get(normaliseName(synonym));
      if (h !== undefined && !exact.has(h)) {
        out[f.name] = h;
        break;
      }
    }
  }
  return out;
}

/** Does the header already use the contract's column names for every required field? */
export function headerFitsContract(entity: Entity, header: readonly string[]): boolean {
  const names = new Set(header);
  return ENTITY_SPECS[entity].fields.every((f) => !f.required || names.has(f.name));
}

/** The stored value a raw enum value most likely means, or undefined when nothing fits. */
export function suggestEnumValue(field: FieldSpec, raw: string): string | undefined {
  const values = field.values ?? [];
  const n = normaliseName(raw);
  const direct = values.find((v) => normaliseName(v) === n);
  if (direct !== undefined) return direct;
  if (field.name === 'stage') {
    if (/won|closedwon|win/.test(n)) return 'won';
    if (/lost|closedlost|loss|dead|disqualified/.test(n)) return 'lost';
    return 'open';
  }
  if (field.name === 'status') {
    if (/^(true|yes|y|1|active|current)$/.test(n)) return 'active';
    if (/^(false|no|n|0|inactive|churned|terminated)$/.test(n)) return 'inactive';
  }
  if (field.name === 'type' && values.includes('new_business')) {
    if (/new/.test(n)) return 'new_business';
    if (/upsell|upgrade|expan|crosssell|existing/.test(n)) return 'expansion';
    if (/renew/.test(n)) return 'renewal';
  }
  const partial = values.find((v) => n.includes(normaliseName(v)));
  return partial;
}

/** Distinct non-empty raw values of a column in the sample, in order of appearance. */
export function distinctValues(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  column: string,
  max = 50,
): string[] {
  const i = header.indexOf(column);
  if (i < 0) return [];
  const seen = new Set<string>();
  for (const r of rows) {
    const v = (r[i] ?? '').trim();
    if (v !== '') seen.add(v);
    if (seen.size >= max) break;
  }
  return [...seen];
}

/**
 * Value maps for the enum fields: every raw value of the sample that is not already a stored
 * value gets the suggested stored value (kept as the user set it when already mapped).
 */
export function suggestValues(
  entity: Entity,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  columns: Readonly<Record<string, string>>,
  current: Readonly<Record<string, Record<string, string>>> = {},
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const f of ENTITY_SPECS[entity].fields) {
    if (f.kind !== 'enum' || !columns[f.name]) continue;
    const table: Record<string, string> = {};
    for (const raw of distinctValues(header, rows, columns[f.name])) {
      if (f.values?.includes(raw)) continue;
      const kept = current[f.name]?.[raw];
      const value = kept ?? suggestEnumValue(f, raw);
      if (value !== undefined) table[raw] = value;
    }
    if (Object.keys(table).length > 0) out[f.name] = table;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const DATE_TOKENS = /^(YYYY|YY|MM|M|DD|D)/;
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:$|[ T])/;

/** Layouts offered in the editor (the API takes any layout of these tokens). */
export const DATE_FORMATS = [
  'MM/DD/YYYY',
  'MM/DD/YY',
  'MM/DD/YYYY|MM/DD/YY',
  'DD/MM/YYYY',
  'DD/MM/YY',
  'DD.MM.YYYY',
  'DD-MM-YYYY',
  'YYYY/MM/DD',
  'YYYY.MM.DD',
] as const;

/** Parser of a date layout, like the API's: 'YYYY-MM-DD' or null; a trailing time is ignored. */
export function compileDateFormat(format: string): ((text: string) => string | null) | null {
  const parsers: ((t: string) => string | null)[] = [];
  for (const one of format.split('|')) {
    const parts: { token?: string; literal?: string }[] = [];
    let rest = one.trim();
    while (rest.length > 0) {
      const t = DATE_TOKENS.exec(rest);
      if (t) {
        parts.push({ token: t[1] });
        rest = rest.slice(t[1].length);
      } else {
        parts.push({ literal: rest[0] });
        rest = rest.slice(1);
      }
    }
    const order = parts.flatMap((p) => (p.token ? [p.token] : []));
    if (!['Y', 'M', 'D'].every((k) => order.some((t) => t.startsWith(k)))) return null;
    const pattern = parts
      .map((p) =>
        p.token === undefined
          ? (p.literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          : p.token === 'YYYY'
            ? '(\\d{4})'
            : p.token === 'YY'
              ? '(\\d{2})'
              : '(\\d{1,2})',
      )
      .join('');
    const re = new RegExp(`^${pattern}(?:$|[ T])`);
    parsers.push((text) => {
      const m = re.exec(text);
      if (!m) return null;
      let y = 0;
      let mo = 0;
      let d = 0;
      order.forEach((tok, i) => {
        const n = Number(m[i + 1]);
        if (tok === 'YYYY') y = n;
        else if (tok === 'YY') y = n < 70 ? 2000 + n : 1900 + n;
        else if (tok.startsWith('M')) mo = n;
        else d = n;
      });
      if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
      return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    });
  }
  return (text) => {
    for (const p of parsers) {
      const d = p(text);
      if (d !== null) return d;
    }
    return null;
  };
}

/** A date cell as stored: ISO (a trailing time dropped) or the layout's reading; else as is. */
export function normaliseDate(text: string, parse: ((t: string) => string | null) | null): string {
  const iso = ISO_DATE.exec(text);
  if (iso) return iso[1];
  return parse?.(text) ?? text;
}

function normaliseMonth(text: string, parse: ((t: string) => string | null) | null): string {
  if (/^\d{4}-\d{2}$/.test(text)) return text;
  const d = normaliseDate(text, parse);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d.slice(0, 7) : text;
}

/**
 * The date layout the sample's date columns are in: '' when they are ISO (always accepted),
 * else the first offered layout that reads every non-ISO date cell; null when none does.
 * `ambiguous` is set when day-first would read them too (01/02/2024).
 */
export function detectDateFormat(
  entity: Entity,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  columns: Readonly<Record<string, string>>,
): { format: string | null; ambiguous: boolean } {
  const cells: string[] = [];
  for (const f of ENTITY_SPECS[entity].fields) {
    if (f.kind !== 'date' && f.kind !== 'month') continue;
    const i = header.indexOf(columns[f.name] ?? '');
    if (i < 0) continue;
    for (const r of rows.slice(0, 500)) {
      const v = (r[i] ?? '').trim();
      if (v !== '' && !ISO_DATE.test(v) && !/^\d{4}-\d{2}$/.test(v)) cells.push(v);
    }
  }
  if (cells.length === 0) return { format: '', ambiguous: false };
  const reads = (format: string) => {
    const parse = compileDateFormat(format);
    return parse !== null && cells.every((c) => parse(c) !== null);
  };
  const format = DATE_FORMATS.find(reads) ?? null;
  const dayFirst = format?.startsWith('MM/DD') ? format.replace('MM/DD', 'DD/MM') : null;
  return { format, ambiguous: dayFirst !== null && dayFirst.split('|').every(reads) };
}

// ---------------------------------------------------------------------------------------------
// Preview
// ---------------------------------------------------------------------------------------------

export interface PreviewCell {
  value: string | null;
  /** What the API will most likely refuse in this cell (it decides). */
  problem: string | null;
}

export interface Preview {
  fields: readonly FieldSpec[];
  rows: { row: number; cells: PreviewCell[] }[];
  /** Header columns no field reads (the API ignores them, with a warning). */
  unused: string[];
  /** Required fields with no column and no default: every row will fail. */
  missing: string[];
}

const MONEY = /^\d{1,15}(\.\d{1,4})?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function likelyProblem(f: FieldSpec, v: string | null): string | null {
  if (v === null) return f.required ? 'required' : null;
  switch (f.kind) {
    case 'enum':
      return f.values?.includes(v) ? null : `not one of ${f.values?.join(', ')}`;
    case 'date':
      return ISO_DAY.test(v) ? null : 'not a date (set the date format)';
    case 'month':
      return /^\d{4}-\d{2}$/.test(v) ? null : 'not a month YYYY-MM';
    case 'money':
      return MONEY.test(v) ? null : 'not an amount like 1234.50 (no separators or signs)';
    case 'id':
    case 'text':
      return null;
  }
}

/**
 * The first rows as the mapping would store them: each field from its column (or the column
 * of the field's own name), raw values translated, dates normalised, defaults filled. Cells
 * the API will most likely refuse carry a problem; the import's answer is what counts.
 */
export function previewRows(
  entity: Entity,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  draft: MappingDraft | null,
  limit = 10,
): Preview {
  const fields = ENTITY_SPECS[entity].fields;
  const index = new Map(header.map((h, i) => [h, i]));
  const parse = draft?.date_format ? compileDateFormat(draft.date_format) : null;
  const source = fields.map((f) => index.get(draft?.columns[f.name] || f.name));
  const used = new Set(source.filter((i): i is number => i !== undefined));
  const out = rows.slice(0, limit).map((r, n) => ({
    row: n + 1,
    cells: fields.map((f, i): PreviewCell => {
      const at = source[i];
      let text = at === undefined ? '' : (r[at] ?? '').trim();
      if (text !== '') {
        const table = draft?.values[f.name];
        if (table && Object.prototype.hasOwnProperty.call(table, text)) text = table[text];
        if (f.kind === 'date') text = normaliseDate(text, parse);
        else if (f.kind === 'month') text = normaliseMonth(text, parse);
      }
      if (text === '' && draft?.defaults[f.name]) text = draft.defaults[f.name];
      const value = text === '' ? null : text;
      return { value, problem: likelyProblem(f, value) };
    }),
  }));
  return {
    fields,
    rows: out,
    unused: header.filter((_, i) => !used.has(i)),
    missing: fields
      .filter((f, i) => f.required && source[i] === undefined && !draft?.defaults[f.name])
      .map((f) => f.name),
  };
}

// ---------------------------------------------------------------------------------------------
// Drafts and saved mappings
// ---------------------------------------------------------------------------------------------

/** A full suggestion for a file: columns, value maps and the date layout. */
export function suggestDraft(
  entity: Entity,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): MappingDraft {
  const columns = suggestColumns(entity, header);
  const { format } = detectDateFormat(entity, header, rows, columns);
  return {
    columns,
    values: suggestValues(entity, header, rows, columns),
    date_format: format ?? '',
    defaults: {},
  };
}

/** The JSON saved with PUT /import/mappings/{name}: only what is set. */
export function draftToMapping(entity: Entity, draft: MappingDraft): ColumnMapping {
  const names = new Set(ENTITY_SPECS[entity].fields.map((f) => f.name));
  const pick = <T>(obj: Record<string, T>, keep: (v: T) => boolean) =>
    Object.fromEntries(Object.entries(obj).filter(([k, v]) => names.has(k) && keep(v)));
  const columns = pick(draft.columns, (v) => v !== '');
  const values = pick(
    Object.fromEntries(
      Object.entries(draft.values).map(
        // Raw values are keys here, not field names: keep every one mapped to something.
        ([k, t]) => [k, Object.fromEntries(Object.entries(t).filter(([, v]) => v !== ''))] as const,
      ),
    ),
    (t) => Object.keys(t).length > 0,
  );
  const defaults = pick(draft.defaults, (v) => v.trim() !== '');
  const mapping: ColumnMapping = { entity };
  if (Object.keys(columns).length) mapping.columns = columns;
  if (Object.keys(values).length) mapping.values = values;
  if (draft.date_format.trim()) mapping.date_format = draft.date_format.trim();
  if (Object.keys(defaults).length) mapping.defaults = defaults;
  return mapping;
}

/** A saved mapping in the editor (a list of alternative columns keeps its first). */
export function mappingToDraft(mapping: ColumnMapping): MappingDraft {
  const columns: Record<string, string> = {};
  for (const [field, c] of Object.entries(mapping.columns ?? {})) {
    const first = typeof c === 'string' ? c : c[0];
    if (first !== undefined) columns[field] = first;
  }
  return {
    columns,
    values: Object.fromEntries(Object.entries(mapping.values ?? {}).map(([k, t]) => [k, { ...t }])),
    date_format: mapping.date_format ?? '',
    defaults: { ...(mapping.defaults ?? {}) },
  };
}

/** Is a saved mapping usable for this entity (made for it, or naming only its fields)? */
export function mappingFits(entity: Entity, mapping: ColumnMapping | undefined): boolean {
  if (!mapping) return false;
  if (mapping.entity) return mapping.entity === entity;
  const names = new Set(ENTITY_SPECS[entity].fields.map((f) => f.name));
  const used = [
    ...Object.keys(mapping.columns ?? {}),
    ...Object.keys(mapping.values ?? {}),
    ...Object.keys(mapping.defaults ?? {}),
  ];
  return used.every((f) => names.has(f));
}

/** Mapping names the API accepts (1..64 letters, digits, dots, dashes, underscores). */
export const MAPPING_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
