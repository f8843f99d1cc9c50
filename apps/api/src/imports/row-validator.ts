import type { EntitySpec, FieldKind, FieldSpec } from './entity-specs.js';
import { ESCAPED, type CsvBatch } from './sources.js';

/** A problem with one field of one data row (`row` is 1-based; 0 is the CSV header). */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** A warning kind, counted over the whole request with the first few rows as examples. */
export interface ImportWarning {
  code: string;
  message: string;
  count: number;
  rows: number[];
}

export interface ValidationContext {
  reportingCurrency: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ValidatedRow {
  /** Normalised values in the spec's field order; null = absent. */
  values: (string | null)[];
  errors: FieldError[];
  /** Warning codes raised by this row (see WARNING_MESSAGES). */
  warnings: string[];
}

export const WARNING_MESSAGES: Record<string, string> = {
  closed_before_created:
    'closed_on is before created_on (back-filled CRM data): the deal counts everywhere except cycle-time figures',
};

const MAX_TEXT = 2000;
const MAX_ID_CHARS = 128;
const ID_RE = /^[^\p{Cc}]{1,128}$/u;

/** Is Y-M-D a real calendar date (proleptic Gregorian, years 1..9999)? */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Turns a raw cell (CSV string or JSON value) into a trimmed string, or null when absent. */
export function cellText(raw: unknown): string | null | { error: string } {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string') {
    const t = trim(raw);
    return t === '' ? null : t;
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { error: 'must be a finite number' };
    return String(raw);
  }
  return { error: `must be a string or a number, got ${Array.isArray(raw) ? 'an array' : typeof raw}` };
}

/** String.prototype.trim, skipped when both ends are visibly not blank (the common case). */
function trim(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? s : s.trim();
}

/** Digit value of char code `c`, or -1. */
function digit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : -1;
}

/** 1 to 128 characters (code points), none of them a control character (Unicode Cc). */
function isId(text: string): boolean {
  const n = text.length;
  if (n > MAX_ID_CHARS) return ID_RE.test(text); // code points may still be <= 128 (surrogate pairs)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || (c >= 127 && c <= 159)) return false;
  }
  return n > 0;
}

/** YYYY-MM-DD naming a real day. */
function isDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const y0 = digit(text.charCodeAt(0));
  const y1 = digit(text.charCodeAt(1));
  const y2 = digit(text.charCodeAt(2));
  const y3 = digit(text.charCodeAt(3));
  const m0 = digit(text.charCodeAt(5));
  const m1 = digit(text.charCodeAt(6));
  const d0 = digit(text.charCodeAt(8));
  const d1 = digit(text.charCodeAt(9));
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false;
  return isCalendarDate(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
}

/** YYYY-MM with a month 01..12 (and a year from 0001). */
function isMonth(text: string): boolean {
  if (text.length !== 7 || text.charCodeAt(4) !== 45) return false;
  const y0 = digit(text.charCodeAt(0));
  const y1 = digit(text.charCodeAt(1));
  const y2 = digit(text.charCodeAt(2));
  const y3 = digit(text.charCodeAt(3));
  const m0 = digit(text.charCodeAt(5));
  const m1 = digit(text.charCodeAt(6));
  if ((y0 | y1 | y2 | y3 | m0 | m1) < 0) return false;
  const m = m0 * 10 + m1;
  return y0 + y1 + y2 + y3 > 0 && m >= 1 && m <= 12;
}

/** 1..15 digits, optionally a point and 1..4 digits (no sign, separators or exponent). */
function isMoney(text: string, from: number): boolean {
  const n = text.length;
  let i = from;
  while (i < n && digit(text.charCodeAt(i)) >= 0) i++;
  const whole = i - from;
  if (whole < 1 || whole > 15) return false;
  if (i === n) return true;
  if (text.charCodeAt(i) !== 46) return false;
  const point = i++;
  while (i < n && digit(text.charCodeAt(i)) >= 0) i++;
  const frac = i - point - 1;
  return i === n && frac >= 1 && frac <= 4;
}

/** Validates and normalises one field value; returns the stored value or an error message. */
export function parseField(spec: FieldSpec, text: string): { value: string } | { error: string } {
  const error = fieldError(spec.kind, spec.values, text);
  if (error !== null) return { error };
  return { value: spec.kind === 'month' ? `${text}-01` : text };
}

/** Null when `text` is a valid value of the kind, else the message (after the field name). */
function fieldError(kind: FieldKind, values: readonly string[] | undefined, text: string): string | null {
  switch (kind) {
    case 'id':
      return isId(text) ? null : `must be 1 to 128 printable characters, got ${describe(text)}`;
    case 'text':
      if (text.length > MAX_TEXT) return `is longer than ${MAX_TEXT} characters`;
      return text.includes('\u0000') ? 'must not contain NUL characters' : null;
    case 'enum':
      return values?.includes(text) ? null : `must be one of ${values?.join(', ')}; got ${describe(text)}`;
    case 'date':
      return isDate(text) ? null : `must be a calendar date YYYY-MM-DD, got ${describe(text)}`;
    case 'month':
      return isMonth(text) ? null : `must be a month YYYY-MM, got ${describe(text)}`;
    case 'money':
      if (isMoney(text, 0)) return null;
      if (text.charCodeAt(0) === 45 && isMoney(text, 1)) return `must be >= 0, got ${text}`;
      return `must be a decimal number with at most 15 digits before and 4 after the point (no thousands separators or currency signs), got ${describe(text)}`;
  }
}

function describe(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown);
}

const K_ID = 0;
const K_TEXT = 1;
const K_ENUM = 2;
const K_DATE = 3;
const K_MONTH = 4;
const K_MONEY = 5;
const KIND_CODE: Record<FieldKind, number> = { id: K_ID, text: K_TEXT, enum: K_ENUM, date: K_DATE, month: K_MONTH, money: K_MONEY };

/**
 * The entity's contract compiled into a record checker that allocates nothing per valid record:
 * `check` fills the reused `values`, `errors` and `warnings` (copy them before keeping them).
 */
export class RowChecker {
  /** Normalised values of the last record checked, in the spec's field order; null = absent (or invalid). */
  readonly values: (string | null)[];
  /** Problems of the last record checked. */
  readonly errors: FieldError[] = [];
  /** Warning codes of the last record checked. */
  readonly warnings: string[] = [];
  private readonly kinds: number[];
  private readonly names: string[];
  private readonly required: boolean[];
  private readonly defaults: (string | null)[];
  private readonly enums: (readonly string[] | undefined)[];
  private readonly specs: readonly FieldSpec[];
  private readonly deal: { stage: number; closed: number; created: number; currency: number } | null;
  private readonly attachment: { since: number; until: number } | null;
  private readonly currency: string;

  constructor(spec: EntitySpec, ctx: ValidationContext) {
    const fields = spec.fields;
    const idx = (name: string) => fields.findIndex((f) => f.name === name);
    this.specs = fields;
    this.values = fields.map(() => null);
    this.kinds = fields.map((f) => KIND_CODE[f.kind]);
    this.names = fields.map((f) => f.name);
    this.required = fields.map((f) => f.required);
    this.defaults = fields.map((f) => f.default ?? null);
    this.enums = fields.map((f) => f.values);
    this.deal = spec.entity === 'deals' ? { stage: idx('stage'), closed: idx('closed_on'), created: idx('created_on'), currency: idx('currency') } : null;
    this.attachment = spec.entity === 'attachments' ? { since: idx('since'), until: idx('until') } : null;
    this.currency = ctx.reportingCurrency;
  }

  /**
   * Checks one record: field i of the spec is `cells[base + columnOf[i]]` (columnOf[i] < 0: the
   * source has no such column). Returns true when the record is valid.
   */
  check(cells: readonly unknown[], base: number, columnOf: readonly number[]): boolean {
    const values = this.values;
    const errors = this.errors;
    const kinds = this.kinds;
    if (errors.length > 0) errors.length = 0;
    if (this.warnings.length > 0) this.warnings.length = 0;
    let failed = false;
    for (let i = 0; i < kinds.length; i++) {
      const col = columnOf[i];
      const raw = col < 0 ? undefined : cells[base + col];
      let text: string;
      if (typeof raw === 'string') {
        text = trim(raw);
        if (text.length === 0) {
          this.absent(i);
          continue;
        }
      } else {
        const cell = cellText(raw);
        if (cell === null) {
          this.absent(i);
          continue;
        }
        if (typeof cell === 'object') {
          this.fail(i, cell.error);
          failed = true;
          continue;
        }
        text = cell;
      }
      switch (kinds[i]) {
        case K_ID:
          if (!isId(text)) {
            this.fail(i, fieldError('id', undefined, text) as string);
            failed = true;
            continue;
          }
          break;
        case K_TEXT:
          if (text.length > MAX_TEXT || text.includes('\u0000')) {
            this.fail(i, fieldError('text', undefined, text) as string);
            failed = true;
            continue;
          }
          break;
        case K_ENUM: {
          const allowed = this.enums[i] as readonly string[];
          let ok = false;
          for (let j = 0; j < allowed.length; j++) {
            if (allowed[j] === text) {
              ok = true;
              break;
            }
          }
          if (!ok) {
            this.fail(i, fieldError('enum', allowed, text) as string);
            failed = true;
            continue;
          }
          break;
        }
        case K_DATE:
          if (!isDate(text)) {
            this.fail(i, fieldError('date', undefined, text) as string);
            failed = true;
            continue;
          }
          break;
        case K_MONTH:
          if (!isMonth(text)) {
            this.fail(i, fieldError('month', undefined, text) as string);
            failed = true;
            continue;
          }
          text += '-01';
          break;
        default:
          if (!isMoney(text, 0)) {
            this.fail(i, fieldError('money', undefined, text) as string);
            failed = true;
            continue;
          }
      }
      values[i] = text;
    }
    if (this.deal !== null) this.checkDeal(this.deal, failed);
    if (this.attachment !== null) {
      const since = values[this.attachment.since];
      const until = values[this.attachment.until];
      if (since !== null && until !== null && until < since) {
        errors.push({ field: 'until', message: `until (${until}) must be on or after since (${since})` });
      }
    }
    return errors.length === 0;
  }

  private absent(i: number): void {
    if (this.required[i]) this.errors.push({ field: this.names[i], message: `${this.names[i]} is required` });
    this.values[i] = this.defaults[i];
  }

  private fail(i: number, message: string): void {
    this.errors.push({ field: this.names[i], message: `${this.names[i]} ${message}` });
    this.values[i] = null;
  }

  private checkDeal(deal: { stage: number; closed: number; created: number; currency: number }, failed: boolean): void {
    const values = this.values;
    const stage = values[deal.stage];
    const closed = values[deal.closed];
    const created = values[deal.created];
    if ((stage === 'won' || stage === 'lost') && closed === null && !(failed && this.errors.some((e) => e.field === 'closed_on'))) {
      this.errors.push({ field: 'closed_on', message: `closed_on is required when stage is ${stage}` });
    }
    if (stage === 'open' && closed !== null) {
      this.errors.push({ field: 'closed_on', message: 'closed_on must be empty for an open deal (use expected_close_on for a forecast)' });
    }
    if (closed !== null && created !== null && closed < created) this.warnings.push('closed_before_created');
    const currency = values[deal.currency];
    if (currency !== null && currency !== this.currency) {
      this.errors.push({
        field: 'currency',
        message: `currency ${currency} differs from the reporting currency ${this.currency}; convert amounts before import`,
      });
    }
  }

  /** The field specs, in value order. */
  fields(): readonly FieldSpec[] {
    return this.specs;
  }
}

/**
 * Compiles the entity's contract into a row checker. `raw` holds one value per field of
 * `spec.fields`, in that order (undefined when the source has no such column).
 */
export function createRowValidator(spec: EntitySpec, ctx: ValidationContext): (raw: readonly unknown[]) => ValidatedRow {
  const checker = new RowChecker(spec, ctx);
  const identity = spec.fields.map((_, i) => i);
  return (raw) => {
    checker.check(raw, 0, identity);
    return { values: [...checker.values], errors: [...checker.errors], warnings: [...checker.warnings] };
  };
}

/** Validates one record given as an object keyed by field name (tests, one-off checks). */
export function validateRecord(spec: EntitySpec, record: Record<string, unknown>, ctx: ValidationContext): ValidatedRow {
  return createRowValidator(spec, ctx)(spec.fields.map((f) => record[f.name]));
}

// -----------------------------------------------------------------------------------------------
// COPY binary encoding
// -----------------------------------------------------------------------------------------------

const BINARY_CHUNK = 1 << 20;
/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's date epoch. */
const PG_EPOCH_DAYS = 10957;
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * An append-only buffer of rows in COPY's binary format (PostgreSQL then parses no dates or
 * numbers: about a third less work for the server than the text format). `take` hands the bytes
 * written so far to the COPY stream, which owns them from then on: they are never overwritten.
 */
export class CopyBinaryWriter {
  buf = Buffer.allocUnsafeSlow(BINARY_CHUNK);
  pos = 0;
  private start = 0;

  constructor() {
    COPY_SIGNATURE.copy(this.buf, 0);
    this.buf.fill(0, 11, 19); // flags, header extension length
    this.pos = 19;
  }

  /** Makes room for `size` more bytes (moving the untaken bytes to a new buffer if needed). */
  ensure(size: number): void {
    if (this.pos + size <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(BINARY_CHUNK, 2 * size + (this.pos - this.start)));
    this.buf.copy(next, 0, this.start, this.pos);
    this.pos -= this.start;
    this.start = 0;
    this.buf = next;
  }

  /** The bytes written since the last call, or null. */
  take(): Buffer | null {
    if (this.pos === this.start) return null;
    const out = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    return out;
  }

  /** Appends the end-of-data marker. */
  finish(): void {
    this.ensure(2);
    this.buf[this.pos++] = 0xff;
    this.buf[this.pos++] = 0xff;
  }
}

function putInt32(buf: Buffer, p: number, v: number): number {
  buf[p] = v >>> 24;
  buf[p + 1] = (v >>> 16) & 0xff;
  buf[p + 2] = (v >>> 8) & 0xff;
  buf[p + 3] = v & 0xff;
  return p + 4;
}

function putInt16(buf: Buffer, p: number, v: number): number {
  buf[p] = (v >>> 8) & 0xff;
  buf[p + 1] = v & 0xff;
  return p + 2;
}

/** Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** A validated 'YYYY-MM-DD' as PostgreSQL's binary date: days since 2000-01-01. */
export function pgDate(v: string): number {
  const y = (v.charCodeAt(0) - 48) * 1000 + (v.charCodeAt(1) - 48) * 100 + (v.charCodeAt(2) - 48) * 10 + (v.charCodeAt(3) - 48);
  const m = (v.charCodeAt(5) - 48) * 10 + (v.charCodeAt(6) - 48);
  const d = (v.charCodeAt(8) - 48) * 10 + (v.charCodeAt(9) - 48);
  return daysFromCivil(y, m, d) - PG_EPOCH_DAYS;
}

/** Scratch for the base-10000 digits of one numeric (15 + 4 decimal digits need at most 5). */
const numericDigits = new Int32Array(8);

/**
 * Writes a numeric given as ASCII decimal digits in `src`: `intDigits` integer digits from `from`
 * (no leading zeros), `fracDigits` (0..4) fraction digits from `fracFrom`. PostgreSQL's binary
 * numeric: ndigits, weight, sign, dscale, then base-10000 digits without zeros at either end.
 */
function putNumericDigits(buf: Buffer, p: number, src: Buffer, from: number, intDigits: number, fracFrom: number, fracDigits: number): number {
  const groups = (intDigits + 3) >> 2;
  let nd = 0;
  let i = from;
  let len = intDigits - (groups - 1) * 4;
  for (let g = 0; g < groups; g++) {
    let d = 0;
    for (let k = 0; k < len; k++) d = d * 10 + (src[i++] - 48);
    numericDigits[nd++] = d;
    len = 4;
  }
  let weight = groups - 1;
  if (fracDigits > 0) {
    let d = 0;
    for (let k = 0; k < 4; k++) d = d * 10 + (k < fracDigits ? src[fracFrom + k] - 48 : 0);
    numericDigits[nd++] = d;
  }
  let lo = 0;
  while (lo < nd && numericDigits[lo] === 0) lo++;
  let hi = nd;
  while (hi > lo && numericDigits[hi - 1] === 0) hi--;
  weight -= lo;
  const n = hi - lo;
  if (n === 0) weight = 0;
  p = putInt32(buf, p, 8 + 2 * n);
  p = putInt16(buf, p, n);
  p = putInt16(buf, p, weight);
  p = putInt16(buf, p, 0); // positive
  p = putInt16(buf, p, fracDigits);
  for (let k = lo; k < hi; k++) p = putInt16(buf, p, numericDigits[k]);
  return p;
}

const moneyScratch = Buffer.alloc(32);

/** A validated money string (1..15 digits, optionally '.' and 1..4 digits) as a binary numeric. */
export function putNumeric(buf: Buffer, p: number, v: string): number {
  const n = moneyScratch.write(v, 0, 'latin1');
  const point = v.indexOf('.');
  const intEnd = point === -1 ? n : point;
  let i = 0;
  while (i < intEnd && moneyScratch[i] === 48) i++;
  return putNumericDigits(buf, p, moneyScratch, i, intEnd - i, point + 1, point === -1 ? 0 : n - point - 1);
}

const B_TEXT = 0;
const B_DATE = 1;
const B_NUMERIC = 2;

function binaryKinds(fields: readonly FieldSpec[]): number[] {
  return fields.map((f) => (f.sqlType === 'date' ? B_DATE : f.sqlType === 'text' ? B_TEXT : B_NUMERIC));
}

/** Writes the header of a record: its field count and, for the staging table, row_no and ok. */
function putRecordHead(buf: Buffer, p: number, fields: number, row: number, ok: boolean): number {
  if (row < 0) return putInt16(buf, p, fields);
  p = putInt16(buf, p, fields + 2);
  p = putInt32(buf, p, 4);
  p = putInt32(buf, p, row);
  p = putInt32(buf, p, 1);
  buf[p] = ok ? 1 : 0;
  return p + 1;
}

/** Encodes records given as validated, normalised values (RowChecker's `values`). */
export class ValueEncoder {
  private readonly kinds: number[];

  constructor(fields: readonly FieldSpec[]) {
    this.kinds = binaryKinds(fields);
  }

  /** Appends one record; `row` >= 0 prefixes the staging table's row_no and ok. */
  add(out: CopyBinaryWriter, values: readonly (string | null)[], row = -1, ok = true): void {
    const kinds = this.kinds;
    const n = values.length;
    // Room for the record at its largest (3 UTF-8 bytes per UTF-16 unit).
    let size = 13 + 4 * n;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== null) size += kinds[i] === B_TEXT ? 3 * v.length : 24;
    }
    out.ensure(size);
    const buf = out.buf;
    let p = putRecordHead(buf, out.pos, n, row, ok);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null) {
        p = putInt32(buf, p, -1);
      } else if (kinds[i] === B_TEXT) {
        const bytes = buf.write(v, p + 4, 'utf8');
        p = putInt32(buf, p, bytes) + bytes;
      } else if (kinds[i] === B_DATE) {
        p = putInt32(buf, p, 4);
        p = putInt32(buf, p, pgDate(v));
      } else {
        p = putNumeric(buf, p, v);
      }
    }
    out.pos = p;
  }
}

// -----------------------------------------------------------------------------------------------
// The fast path: CSV records checked and encoded straight from their bytes
// -----------------------------------------------------------------------------------------------

/** A set of keys given as bytes (the ids a reference may point to). */
export interface KeySet {
  /** Non-zero when key[start .. end) is in the set. */
  find(key: Buffer, start: number, end: number): number;
}

const NO_VALUE = -2147483648;
const KEY_SEPARATOR = 0;

function isBlankByte(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/**
 * The accept-only twin of RowChecker for CSV: checks one record from its bytes and writes its
 * COPY encoding and key, without a string per cell. It accepts a record only when RowChecker
 * would accept it with the same values; anything else (any invalid value, a doubled quote, a
 * non-ASCII first or last character, which might be Unicode blank space) returns false, and the
 * caller then runs RowChecker on the record's strings, which finds the exact messages. So the
 * rules live in RowChecker; this class only has to be a faithful subset of it.
 */
export class CsvFastPath {
  /** The key of the last accepted record (fields joined by a 0 byte): `key[0 .. keyLength)`. */
  key = Buffer.allocUnsafeSlow(1024);
  keyLength = 0;
  /** Warning code of the last accepted record, or null. */
  warning: string | null = null;
  /** Where the last accepted record starts in the writer's buffer (to take it back). */
  recordStart = 0;
  /** Per field, the ids it must be one of (a reference checked in memory), or null. */
  private references: readonly (KeySet | null)[] = [];
  /** The batch seen last, and whether its bytes hold a NUL anywhere (text values must not). */
  private batch: CsvBatch | null = null;
  private batchHasNul = false;
  private readonly kinds: number[];
  private readonly required: boolean[];
  private readonly keyPart: number[];
  /** Per enum field, its values as bytes. */
  private readonly enums: (Buffer[] | null)[];
  /** Per field, the encoded default (length prefix included) and its enum index, or null. */
  private readonly defaults: ({ encoded: Buffer; enumIndex: number } | null)[];
  /** Dates as days (or NO_VALUE) and enum indexes (or -1) of the current record, per field. */
  private readonly nums: Int32Array;
  private readonly deal: { stage: number; closed: number; created: number; currency: number; open: number } | null;
  private readonly attachment: { since: number; until: number } | null;
  private readonly currency: Buffer;
  private readonly nFields: number;

  /** Field i of the spec is column columnOf[i] of the source (< 0: absent); records have `width` columns. */
  constructor(spec: EntitySpec, ctx: ValidationContext, private readonly columnOf: readonly number[], private readonly width: number) {
    const fields = spec.fields;
    const idx = (name: string) => fields.findIndex((f) => f.name === name);
    this.nFields = fields.length;
    this.kinds = fields.map((f) => KIND_CODE[f.kind]);
    this.required = fields.map((f) => f.required);
    this.keyPart = fields.map((f) => spec.key.indexOf(f.name));
    this.enums = fields.map((f) => (f.values ? f.values.map((v) => Buffer.from(v)) : null));
    this.defaults = fields.map((f) => {
      if (f.default === undefined) return null;
      if (f.sqlType !== 'text') throw new Error(`a default for ${f.name} (${f.sqlType}) is not supported by the CSV fast path`);
      const value = Buffer.from(f.default);
      const encoded = Buffer.alloc(4 + value.length);
      encoded.writeInt32BE(value.length, 0);
      value.copy(encoded, 4);
      return { encoded, enumIndex: f.values ? f.values.indexOf(f.default) : -1 };
    });
    this.nums = new Int32Array(fields.length);
    this.deal =
      spec.entity === 'deals'
        ? { stage: idx('stage'), closed: idx('closed_on'), created: idx('created_on'), currency: idx('currency'), open: fields[idx('stage')].values?.indexOf('open') ?? -1 }
        : null;
    this.attachment = spec.entity === 'attachments' ? { since: idx('since'), until: idx('until') } : null;
    this.currency = Buffer.from(ctx.reportingCurrency);
  }

  /** Checks references in memory too: `sets[i]` holds the ids field i may take (null: not checked). */
  useReferences(sets: readonly (KeySet | null)[]): void {
    this.references = sets;
  }

  /**
   * Checks the record whose first field is field `base` of the batch and, when it is valid,
   * appends its encoding to `out` (prefixed by row_no and ok when `row` >= 0) and its key to
   * `key`. Returns false (having written nothing) when RowChecker must decide.
   */
  tryRecord(batch: CsvBatch, base: number, out: CopyBinaryWriter, row = -1): boolean {
    const bytes = batch.bytes;
    const starts = batch.starts;
    const ends = batch.ends;
    const columnOf = this.columnOf;
    const n = this.nFields;
    if (batch !== this.batch) {
      this.batch = batch;
      this.batchHasNul = bytes.indexOf(0) !== -1;
    }
    // Room for the record at its largest: its bytes, plus lengths and fixed-size values.
    out.ensure(13 + 28 * n + ends[base + this.width - 1] - starts[base]);
    const buf = out.buf;
    let p = putRecordHead(buf, out.pos, n, row, true);
    const nums = this.nums;
    let keyLength = 0;
    for (let i = 0; i < n; i++) {
      const col = columnOf[i];
      let s = 0;
      let e = 0;
      if (col >= 0) {
        const f = base + col;
        if (batch.quoting[f] === ESCAPED) return false;
        s = starts[f];
        e = ends[f];
        while (s < e && isBlankByte(bytes[s])) s++;
        while (e > s && isBlankByte(bytes[e - 1])) e--;
      }
      nums[i] = NO_VALUE;
      if (s === e) {
        // Absent: the default, or null.
        if (this.required[i]) return false;
        const dflt = this.defaults[i];
        if (dflt === null) {
          p = putInt32(buf, p, -1);
        } else {
          const encoded = dflt.encoded;
          for (let j = 0; j < encoded.length; j++) buf[p++] = encoded[j];
          nums[i] = dflt.enumIndex;
        }
        continue;
      }
      if (bytes[s] >= 0x80 || bytes[e - 1] >= 0x80) return false;
      const len = e - s;
      switch (this.kinds[i]) {
        case K_ID: {
          // No control characters: C0, DEL, and C1 (U+0080..U+009F, UTF-8 C2 80..C2 9F).
          if (len > MAX_ID_CHARS) return false;
          p = putInt32(buf, p, len);
          for (let j = s; j < e; j++) {
            const b = bytes[j];
            if (b < 32 || b === 127 || (b === 0xc2 && bytes[j + 1] <= 0x9f)) return false;
            buf[p++] = b;
          }
          const ids = this.references.length > 0 ? this.references[i] : null;
          if (ids !== null && ids.find(bytes, s, e) === 0) return false;
          break;
        }
        case K_TEXT:
          if (len > MAX_TEXT || this.batchHasNul) return false;
          p = putInt32(buf, p, len);
          if (len > 64) {
            buf.set(bytes.subarray(s, e), p);
            p += len;
          } else {
            for (let j = s; j < e; j++) buf[p++] = bytes[j];
          }
          break;
        case K_ENUM: {
          const allowed = this.enums[i]!;
          let found = -1;
          for (let k = 0; k < allowed.length && found < 0; k++) {
            const v = allowed[k];
            if (v.length !== len) continue;
            let j = 0;
            while (j < len && v[j] === bytes[s + j]) j++;
            if (j === len) found = k;
          }
          if (found < 0) return false;
          nums[i] = found;
          p = putInt32(buf, p, len);
          for (let j = s; j < e; j++) buf[p++] = bytes[j];
          break;
        }
        case K_DATE:
        case K_MONTH: {
          const month = this.kinds[i] === K_MONTH;
          if (len !== (month ? 7 : 10) || bytes[s + 4] !== 45 || (!month && bytes[s + 7] !== 45)) return false;
          const y = digit(bytes[s]) * 1000 + digit(bytes[s + 1]) * 100 + digit(bytes[s + 2]) * 10 + digit(bytes[s + 3]);
          const m = digit(bytes[s + 5]) * 10 + digit(bytes[s + 6]);
          const d = month ? 1 : digit(bytes[s + 8]) * 10 + digit(bytes[s + 9]);
          const bad = (digit(bytes[s]) | digit(bytes[s + 1]) | digit(bytes[s + 2]) | digit(bytes[s + 3]) | digit(bytes[s + 5]) | digit(bytes[s + 6])) < 0;
          if (bad || (!month && (digit(bytes[s + 8]) | digit(bytes[s + 9])) < 0) || !isCalendarDate(y, m, d)) return false;
          const days = daysFromCivil(y, m, d) - PG_EPOCH_DAYS;
          nums[i] = days;
          p = putInt32(buf, p, 4);
          p = putInt32(buf, p, days);
          break;
        }
        default: {
          // Money: 1..15 digits, optionally '.' and 1..4 digits.
          let j = s;
          while (j < e && bytes[j] === 48) j++;
          const intFrom = j;
          while (j < e && digit(bytes[j]) >= 0) j++;
          const intEnd = j;
          if (intEnd === s || intEnd - s > 15) return false;
          let fracDigits = 0;
          if (j < e) {
            if (bytes[j] !== 46) return false;
            j++;
            while (j < e && digit(bytes[j]) >= 0) j++;
            fracDigits = j - intEnd - 1;
            if (j !== e || fracDigits < 1 || fracDigits > 4) return false;
          }
          p = putNumericDigits(buf, p, bytes, intFrom, intEnd - intFrom, intEnd + 1, fracDigits);
        }
      }
      const part = this.keyPart[i];
      if (part >= 0) {
        if (keyLength + len + 4 > this.key.length) return false;
        const key = this.key;
        if (part > 0) key[keyLength++] = KEY_SEPARATOR;
        for (let j = s; j < e; j++) key[keyLength++] = bytes[j];
        if (this.kinds[i] === K_MONTH) {
          key[keyLength++] = 45; // '-01'
          key[keyLength++] = 48;
          key[keyLength++] = 49;
        }
      }
    }
    this.warning = null;
    if (this.deal !== null) {
      // closed_on is given exactly when the deal is closed (won or lost).
      const stage = nums[this.deal.stage];
      const closed = nums[this.deal.closed];
      const created = nums[this.deal.created];
      if ((stage === this.deal.open) !== (closed === NO_VALUE)) return false;
      if (closed !== NO_VALUE && created !== NO_VALUE && closed < created) this.warning = 'closed_before_created';
      const col = columnOf[this.deal.currency];
      if (col >= 0 && !this.isReportingCurrency(batch, base + col)) return false;
    }
    if (this.attachment !== null) {
      const since = nums[this.attachment.since];
      const until = nums[this.attachment.until];
      if (since !== NO_VALUE && until !== NO_VALUE && until < since) return false;
    }
    this.recordStart = out.pos;
    out.pos = p;
    this.keyLength = keyLength;
    return true;
  }

  /** Is the (trimmed) field empty or the reporting currency? */
  private isReportingCurrency(batch: CsvBatch, f: number): boolean {
    let s = batch.starts[f];
    let e = batch.ends[f];
    while (s < e && isBlankByte(batch.bytes[s])) s++;
    while (e > s && isBlankByte(batch.bytes[e - 1])) e--;
    if (s === e) return true;
    if (e - s !== this.currency.length) return false;
    for (let j = 0; j < e - s; j++) if (batch.bytes[s + j] !== this.currency[j]) return false;
    return true;
  }
}
