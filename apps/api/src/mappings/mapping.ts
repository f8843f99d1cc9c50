import { ENTITY_NAMES, ENTITY_SPECS, type EntityName, type FieldSpec } from '../imports/entity-specs.js';
import type { RecordSource, SourceRow } from '../imports/sources.js';

/**
 * A column mapping (docs/spec/data-model.md, "Column mappings and CRM presets"): applied to the
 * rows of a request before validation, so a CRM export imports as if it were written in the
 * contract's columns.
 */
export interface ColumnMapping {
  /** Optional: the entity this mapping is for (then its fields are checked against it). */
  entity?: EntityName;
  /**
   * field -> source column (one source column may feed several fields). Presets may give a list
   * of alternative column names (the first one present in the header is used).
   */
  columns?: Record<string, string | readonly string[]>;
  /** field -> raw value -> stored value. */
  values?: Record<string, Record<string, string>>;
  /** The input's date layout, e.g. MM/DD/YYYY; ISO is always accepted; a trailing time is ignored. */
  date_format?: string;
  /** field -> value used when the field is absent. */
  defaults?: Record<string, string>;
}

/** A mapped row, plus what the mapping noticed about it (warning codes). */
export interface MappedRow {
  values: (string | undefined)[];
  warnings: string[];
}

/** Rules beyond a plain mapping (presets): they see the raw row and finish the mapped one. */
export type RowRule = (raw: (column: string) => string | undefined, mapped: Map<string, string | undefined>, warn: (code: string) => void) => void;

export class MappingError extends Error {}

const DATE_TOKENS = /^(YYYY|YY|MM|M|DD|D)/;

/** Checks a mapping's shape and field names; throws MappingError naming what is wrong. */
export function validateMapping(raw: unknown): ColumnMapping {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new MappingError('a mapping must be a JSON object');
  const m = raw as Record<string, unknown>;
  const allowed = ['entity', 'columns', 'values', 'date_format', 'defaults'];
  for (const key of Object.keys(m)) {
    if (!allowed.includes(key)) throw new MappingError(`unknown mapping property "${key}"; expected ${allowed.join(', ')}`);
  }
  if (m.entity !== undefined && !(ENTITY_NAMES as readonly unknown[]).includes(m.entity)) {
    throw new MappingError(`entity must be one of ${ENTITY_NAMES.join(', ')}`);
  }
  const entity = m.entity as EntityName | undefined;
  const fields = new Set(entity ? ENTITY_SPECS[entity].fields.map((f) => f.name) : ENTITY_NAMES.flatMap((e) => ENTITY_SPECS[e].fields.map((f) => f.name)));
  const where = entity ? `the ${entity} contract` : 'any entity of the contract';
  const stringMap = (name: string, value: unknown): Record<string, string> | undefined => {
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MappingError(`${name} must be an object`);
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string') throw new MappingError(`${name}.${k} must be a string`);
    }
    return value as Record<string, string>;
  };
  const checkFields = (name: string, obj: Record<string, unknown> | undefined) => {
    for (const field of Object.keys(obj ?? {})) {
      if (!fields.has(field)) throw new MappingError(`${name} names the field "${field}", which is not in ${where}`);
    }
  };
  const columns = stringMap('columns', m.columns);
  checkFields('columns', columns);
  const defaults = stringMap('defaults', m.defaults);
  checkFields('defaults', defaults);
  let values: Record<string, Record<string, string>> | undefined;
  if (m.values !== undefined) {
    if (m.values === null || typeof m.values !== 'object' || Array.isArray(m.values)) throw new MappingError('values must be an object of objects');
    values = {};
    for (const [field, table] of Object.entries(m.values as Record<string, unknown>)) {
      values[field] = stringMap(`values.${field}`, table) ?? {};
    }
    checkFields('values', values);
  }
  if (m.date_format !== undefined) {
    if (typeof m.date_format !== 'string') throw new MappingError('date_format must be a string such as MM/DD/YYYY');
    compileDateFormats(m.date_format);
  }
  return { entity, columns, values, date_format: m.date_format, defaults };
}

/**
 * Compiles a date layout (tokens YYYY, YY, MM, M, DD, D; anything else is a literal separator)
 * into a parser returning 'YYYY-MM-DD' or null. Two-digit years are 2000-2069 for 00-69 and
 * 1970-1999 for 70-99. Whatever follows the date (a time) is ignored.
 */
export function compileDateFormat(format: string): (text: string) => string | null {
  const parts: { token?: string; literal?: string }[] = [];
  let rest = format;
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
  const tokens = parts.filter((p) => p.token).map((p) => p.token![0]);
  if (!tokens.includes('Y') || !tokens.includes('M') || !tokens.includes('D')) {
    throw new MappingError(`date_format "${format}" must contain a year (YYYY or YY), a month (MM) and a day (DD)`);
  }
  const pattern = parts
    .map((p) => {
      if (p.token === undefined) return p.literal!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return p.token === 'YYYY' ? '(\\d{4})' : p.token === 'YY' ? '(\\d{2})' : '(\\d{1,2})';
    })
    .join('');
  const re = new RegExp(`^${pattern}(?:$|[ T])`);
  const order = parts.filter((p) => p.token).map((p) => p.token!);
  return (text) => {
    const m = re.exec(text);
    if (!m) return null;
    let y = 0;
    let mo = 0;
    let d = 0;
    order.forEach((tok, i) => {
      const n = Number(m[i + 1]);
      if (tok === 'YYYY') y = n;
      else if (tok === 'YY') y = n < 70 ? 2000 + n : 1900 + n;
      else if (tok[0] === 'M') mo = n;
      else d = n;
    });
    if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
    return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
}

/** Several layouts separated by `|` (e.g. `MM/DD/YYYY|MM/DD/YY`): the first that parses wins. */
export function compileDateFormats(formats: string): (text: string) => string | null {
  const parsers = formats.split('|').map((f) => compileDateFormat(f.trim()));
  return (text) => {
    for (const parse of parsers) {
      const d = parse(text);
      if (d !== null) return d;
    }
    return null;
  };
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:$|[ T])/;

/** Normalises a date cell: ISO (with or without a trailing time) or the mapping's layout. */
function normaliseDate(text: string, parse: ((t: string) => string | null) | null): string {
  const iso = ISO_DATE.exec(text);
  if (iso) return iso[1];
  return (parse && parse(text)) ?? text; // left as is: the validator names the field and the value
}

function normaliseMonth(text: string, parse: ((t: string) => string | null) | null): string {
  if (/^\d{4}-\d{2}$/.test(text)) return text;
  const date = normaliseDate(text, parse);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(0, 7) : text;
}

export interface MappedSource {
  source: RecordSource;
  /** Source columns no field reads (reported as a warning, like unknown columns). */
  unused: string[];
}

/**
 * Wraps a source so that it yields the entity's contract columns: each field from its mapped
 * source column (or the column of the same name), raw values translated, dates normalised,
 * defaults filled, then preset rules. Mapping warnings go to `onWarning` with their row.
 */
export function mapSource(
  source: RecordSource,
  entity: EntityName,
  mapping: ColumnMapping,
  rules: readonly RowRule[],
  onWarning: (code: string, row: number) => void,
  /** Source columns the rules read (not reported as unused). */
  ruleColumns: readonly string[] = [],
): MappedSource {
  if (mapping.entity && mapping.entity !== entity) {
    throw new MappingError(`this mapping is for ${mapping.entity}, not ${entity}`);
  }
  const spec = ENTITY_SPECS[entity];
  const fields = spec.fields;
  for (const section of ['columns', 'values', 'defaults'] as const) {
    for (const field of Object.keys(mapping[section] ?? {})) {
      if (!fields.some((f) => f.name === field)) {
        throw new MappingError(`the mapping's ${section} names the field "${field}", which ${entity} does not have`);
      }
    }
  }
  const sourceColumns = source.columns();
  const indexOf = new Map(sourceColumns.map((c, i) => [c, i]));
  const parseDate = mapping.date_format ? compileDateFormats(mapping.date_format) : null;
  const columnFor = (f: FieldSpec): number | undefined => {
    const named = mapping.columns?.[f.name];
    const options = named === undefined ? [f.name] : typeof named === 'string' ? [named] : named;
    for (const c of options) if (indexOf.has(c)) return indexOf.get(c);
    return undefined;
  };
  const fieldSource = fields.map(columnFor);
  const used = new Set<number>(fieldSource.filter((i): i is number => i !== undefined));
  for (const c of ruleColumns) if (indexOf.has(c)) used.add(indexOf.get(c)!);
  const normalise = (f: FieldSpec, text: string): string =>
    f.kind === 'date' ? normaliseDate(text, parseDate) : f.kind === 'month' ? normaliseMonth(text, parseDate) : text;
  const cell = (v: unknown): string =>
    typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

  const mapped: RecordSource = {
    columns: () => fields.map((f) => f.name),
    header: source.header,
    async *batches() {
      for await (const batch of source.batches()) {
        yield batch.map(({ row, values }): SourceRow => {
          const raw = (column: string) => {
            const i = indexOf.get(column);
            const text = i === undefined ? '' : cell(values[i]);
            return text === '' ? undefined : text;
          };
          const out = new Map<string, string | undefined>();
          fields.forEach((f, i) => {
            const idx = fieldSource[i];
            let text = idx === undefined ? '' : cell(values[idx]);
            if (text !== '') {
              const table = mapping.values?.[f.name];
              if (table && Object.prototype.hasOwnProperty.call(table, text)) text = table[text];
              text = normalise(f, text);
            }
            if (text === '' && mapping.defaults?.[f.name] !== undefined) text = mapping.defaults[f.name];
            out.set(f.name, text === '' ? undefined : text);
          });
          for (const rule of rules) rule(raw, out, (code) => onWarning(code, row));
          // Dates a rule moved (CloseDate -> closed_on or expected_close_on) are normalised too.
          for (const f of fields) {
            const v = out.get(f.name);
            if (v !== undefined && (f.kind === 'date' || f.kind === 'month')) out.set(f.name, normalise(f, v));
          }
          return { row, values: fields.map((f) => out.get(f.name)) };
        });
      }
    },
  };
  return { source: mapped, unused: sourceColumns.filter((_, i) => !used.has(i)) };
}
