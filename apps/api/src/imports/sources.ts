import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';

/** The request could not be read as the format it claims: answered with 400. */
export class MalformedInputError extends Error {}
/** The body is larger than the configured limit: answered with 413. */
export class PayloadTooLargeError extends Error {}

export interface SourceRow {
  /** 1-based data row: the CSV line number minus one (for rows without embedded line breaks), or the JSON array index + 1. */
  row: number;
  /** Cell values aligned with `columns()`; undefined where a JSON object lacks the key. */
  values: readonly unknown[];
}

/**
 * The records of a CSV body as byte ranges of its UTF-8 text, without a string per cell. Field
 * `c` of record `i` is field number `i * width + c`; its content (inside the quotes, for a quoted
 * field) is `bytes[starts[f] .. ends[f])`, untrimmed. `csvCell` turns one into a string. A batch
 * is valid until the next one is asked for (the arrays are reused).
 */
export interface CsvBatch {
  firstRow: number;
  count: number;
  /** Valid UTF-8. */
  bytes: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  /** Per field: PLAIN, QUOTED, or ESCAPED (quoted, with doubled quotes still doubled in `bytes`). */
  quoting: Uint8Array;
}

export const PLAIN = 0;
export const QUOTED = 1;
export const ESCAPED = 2;

/** Rows of one request, in batches, with their column names. */
export interface RecordSource {
  columns(): readonly string[];
  /** True when every row has every column (CSV): a missing required column is then a header error. */
  header: boolean;
  batches(): AsyncIterable<readonly SourceRow[]>;
  /** Size of the body in bytes, when known in advance (an HTTP Content-Length). */
  bytesHint?: number;
  /** Number of rows, when known in advance. */
  rowsHint?: number;
  /**
   * CSV bodies: the same records as byte ranges (cheaper: no string per cell); read one or the
   * other. A source that wraps another (a column mapping) offers `batches` only.
   */
  csvBatches?(): AsyncIterable<CsvBatch>;
}

/** Field `f` of a CSV batch as a string (untrimmed). */
export function csvCell(batch: CsvBatch, f: number): string {
  const text = batch.bytes.toString('utf8', batch.starts[f], batch.ends[f]);
  return batch.quoting[f] === ESCAPED ? text.replaceAll('""', '"') : text;
}

const BATCH_ROWS = 2000;
export const MAX_CELL_CHARS = 1024 * 1024;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Thrown by the tokenizer; `row` is the data row (0: the header). */
class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
  }
}

/** Growable field bounds of one batch. */
class Fields {
  starts = new Int32Array(8192);
  ends = new Int32Array(8192);
  quoting = new Uint8Array(8192);
  length = 0;

  push(start: number, end: number, quoting: number): void {
    if (this.length === this.starts.length) this.grow();
    const i = this.length++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.quoting[i] = quoting;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    starts.set(this.starts);
    const ends = new Int32Array(n);
    ends.set(this.ends);
    const quoting = new Uint8Array(n);
    quoting.set(this.quoting);
    this.starts = starts;
    this.ends = ends;
    this.quoting = quoting;
  }
}

/**
 * RFC 4180 CSV over UTF-8 bytes: fields separated by commas, records by LF or CRLF (or by CR alone
 * when the header line ends that way), fields optionally quoted with `"` (a quote inside is
 * doubled; quoted fields may hold commas and line breaks; a quote inside an unquoted field is a
 * plain character; blanks between a closing quote and the next separator are ignored). A record
 * that is one empty field (an empty line) is skipped and does not count as a row.
 *
 * Hand-written rather than a general parser behind callbacks: it records where each field is
 * and copies nothing, so the importer can check and encode most fields straight from the bytes.
 */
class CsvTokenizer {
  /** Record separator (LF, or CR for CR-only files); null until the first line shows it. */
  private lineEnd: number | null = null;
  /** Columns per record once the header is known; 0 while reading the header. */
  width = 0;
  /** Data rows produced so far (the header is not a row). */
  rows = 0;

  /**
   * Finds the complete records in `buf` (all of it with `final`: the input ends there): the
   * header first (it sets `width`), then at most `limit` data records. Returns the offset of the
   * first byte not consumed.
   */
  tokenize(buf: Buffer, final: boolean, out: Fields, limit = Infinity): number {
    const n = buf.length;
    const lineEnd = this.lineEnd ?? (this.lineEnd = detectLineEnd(buf, final));
    if (lineEnd === null) return 0;
    const crOnly = lineEnd === CR;
    let p = 0;
    let added = 0;
    while (p < n) {
      if (this.width !== 0 && added >= limit) break;
      const recordStart = p;
      const fieldsStart = out.length;
      let fields = 0;
      let complete = false;
      for (;;) {
        if (buf[p] === QUOTE) {
          // Quoted field: up to the closing quote; a doubled quote inside stands for one.
          let q = p + 1;
          let quoting = QUOTED;
          let closed = false;
          for (;;) {
            q = buf.indexOf(QUOTE, q);
            if (q === -1 || (q === n - 1 && !final)) {
              if (final) throw new CsvSyntaxError('a quoted field is never closed', this.rowOfRecord());
              break;
            }
            if (buf[q + 1] === QUOTE) {
              quoting = ESCAPED;
              q += 2;
              continue;
            }
            closed = true;
            break;
          }
          if (!closed) break;
          const start = p + 1;
          p = q + 1;
          // Then a separator, a line break or the end of the input (blanks before them allowed).
          let c = buf[p];
          while (c === 32 || c === 9) c = buf[++p];
          if (p >= n && !final) break;
          out.push(start, q, quoting);
          fields += 1;
          if (c === COMMA) {
            p += 1;
            continue;
          }
          if (p >= n || c === lineEnd) {
            p += 1;
            complete = true;
            break;
          }
          if (c === CR && !crOnly) {
            if (p + 1 >= n && !final) break;
            if (p + 1 >= n || buf[p + 1] === LF) {
              p += 2;
              complete = true;
              break;
            }
          }
          throw new CsvSyntaxError('Trailing quote on quoted field is malformed', this.rowOfRecord());
        }
        // Unquoted field: up to the next comma or line break.
        let q = p;
        let c = 0;
        while (q < n) {
          c = buf[q];
          if (c === COMMA || c === lineEnd) break;
          q++;
        }
        if (q >= n) {
          if (!final) break;
          out.push(p, !crOnly && q > p && buf[q - 1] === CR ? q - 1 : q, PLAIN);
          fields += 1;
          p = n;
          complete = true;
          break;
        }
        if (c === COMMA) {
          out.push(p, q, PLAIN);
          fields += 1;
          p = q + 1;
          continue;
        }
        out.push(p, !crOnly && q > p && buf[q - 1] === CR ? q - 1 : q, PLAIN);
        fields += 1;
        p = q + 1;
        complete = true;
        break;
      }
      if (!complete) {
        out.length = fieldsStart;
        if (n - recordStart > (this.width || 64) * (2 * MAX_CELL_CHARS + 3)) {
          // A record that never ends would otherwise be buffered whole.
          throw new CsvSyntaxError(`a field is longer than ${MAX_CELL_CHARS} characters`, this.rowOfRecord());
        }
        return recordStart;
      }
      if (fields === 1 && out.ends[fieldsStart] === out.starts[fieldsStart]) {
        // An empty line.
        out.length = fieldsStart;
        continue;
      }
      if (this.width === 0) {
        this.width = fields;
        continue;
      }
      this.rows += 1;
      if (fields !== this.width) throw new CsvSyntaxError(`${fields} fields where the header has ${this.width}`, this.rows);
      for (let f = fieldsStart; f < out.length; f++) {
        if (out.ends[f] - out.starts[f] > MAX_CELL_CHARS && fieldLength(buf, out, f) > MAX_CELL_CHARS) {
          throw new CsvSyntaxError(`a field is longer than ${MAX_CELL_CHARS} characters`, this.rows);
        }
      }
      added += 1;
    }
    return p;
  }

  /** The data row of the record being read (0: the header). */
  private rowOfRecord(): number {
    return this.width === 0 ? 0 : this.rows + 1;
  }
}

/** Length in UTF-16 code units of field `f` (as a string). */
function fieldLength(buf: Buffer, out: Fields, f: number): number {
  const text = buf.toString('utf8', out.starts[f], out.ends[f]);
  return out.quoting[f] === ESCAPED ? text.replaceAll('""', '"').length : text.length;
}

/**
 * The record separator, from the first line: LF (a CR before it is dropped), or CR when the
 * first line ends with a CR alone (old Mac exports). Null until the input shows it.
 */
function detectLineEnd(buf: Buffer, final: boolean): number | null {
  const lf = buf.indexOf(LF);
  const cr = buf.indexOf(CR);
  if (cr !== -1 && (lf === -1 || cr < lf)) {
    if (cr + 1 < buf.length) return buf[cr + 1] === LF ? LF : CR;
    return final ? CR : null;
  }
  if (lf !== -1 || final) return LF;
  return null;
}

/** Where a complete UTF-8 text ends in `buf`: before a multi-byte character cut by its end. */
function completeEnd(buf: Buffer): number {
  const n = buf.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = buf[n - k];
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > k ? n - k : n;
    }
  }
  return n;
}

/**
 * Streams an RFC 4180 CSV body (UTF-8, optional BOM, CRLF or LF, quoted commas, quotes and line
 * breaks) without buffering it: bytes are counted against `maxBytes` (413 mid-stream), checked
 * to be UTF-8 (invalid bytes are a 400, never silently replaced) and tokenized as the consumer
 * asks for the next batch, so reading the request keeps pace with the COPY into PostgreSQL.
 */
export async function csvSource(input: Readable, maxBytes: number): Promise<RecordSource> {
  const reader = new CsvReader(input, maxBytes);
  const columns = await reader.readHeader();
  const width = columns.length;
  const declared = Number((input as { headers?: Record<string, unknown> }).headers?.['content-length']);
  return {
    columns: () => columns,
    header: true,
    bytesHint: Number.isFinite(declared) && declared > 0 ? declared : undefined,
    csvBatches: () => reader.read(),
    async *batches() {
      for await (const batch of reader.read()) {
        const rows: SourceRow[] = [];
        for (let r = 0; r < batch.count; r++) {
          const values = new Array<string>(width);
          for (let c = 0; c < width; c++) values[c] = csvCell(batch, r * width + c);
          rows.push({ row: batch.firstRow + r, values });
        }
        yield rows;
      }
    },
  };
}

class CsvReader {
  private readonly chunks: AsyncIterator<unknown>;
  private readonly tokenizer = new CsvTokenizer();
  private bytes = 0;
  private ended = false;
  private started = false;
  /** Bytes read but not tokenized yet (a record cut by the end of a chunk). */
  private carry: Buffer = Buffer.alloc(0);
  /** How many bytes at the start of `carry` are known to be valid UTF-8. */
  private checked = 0;
  private header: string[] = [];

  constructor(
    input: Readable,
    private readonly maxBytes: number,
  ) {
    // Read chunk by chunk; the request is not destroyed when the import stops early, so the
    // error answer (413, 400) can still be sent on the connection.
    this.chunks = input[Symbol.asyncIterator]();
  }

  /**
   * Reads the next chunk of the body onto `carry` and returns the end of the part that is
   * complete valid UTF-8; at the end of the body the whole rest (or an error).
   */
  private async fill(): Promise<number> {
    const next = this.ended ? { done: true, value: undefined } : await this.chunks.next();
    if (next.done) {
      this.ended = true;
    } else {
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) throw new PayloadTooLargeError(`the body is larger than the import limit of ${this.maxBytes} bytes`);
      this.carry = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    }
    if (!this.started) {
      // A byte order mark is not part of the text (it may come in pieces).
      if (this.carry.length < 3 && !this.ended) return 0;
      this.started = true;
      if (this.carry[0] === 0xef && this.carry[1] === 0xbb && this.carry[2] === 0xbf) this.carry = this.carry.subarray(3);
    }
    const end = completeEnd(this.carry);
    if (end > this.checked) {
      if (!isUtf8(this.carry.subarray(this.checked, end))) {
        throw new MalformedInputError(`the body is not valid UTF-8 (near byte ${this.bytes}); export the file as UTF-8`);
      }
      this.checked = end;
    }
    if (this.ended && end < this.carry.length) throw new MalformedInputError('the body ends in the middle of a UTF-8 character');
    return end;
  }

  /** Tokenizes `carry` up to `end` into `out` and keeps what is left; names the row of a syntax error. */
  private tokenize(end: number, out: Fields, limit?: number): void {
    const buf = this.carry.subarray(0, end);
    let used: number;
    try {
      used = this.tokenizer.tokenize(buf, this.ended, out, limit);
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      throw new MalformedInputError(`malformed CSV${err.row === 0 ? ' in the header' : ` at data row ${err.row}`}: ${err.message}`);
    }
    this.carry = this.carry.subarray(used);
    this.checked -= used;
  }

  async readHeader(): Promise<string[]> {
    const out = new Fields();
    while (this.tokenizer.width === 0 && !this.ended) {
      // Stops after the header record: data rows are tokenized (and fail) when they are read.
      const end = await this.fill();
      const buf = this.carry;
      this.tokenize(end, out, 0);
      if (this.tokenizer.width !== 0) {
        const batch = { firstRow: 0, count: 1, bytes: buf, starts: out.starts, ends: out.ends, quoting: out.quoting };
        this.header = Array.from({ length: this.tokenizer.width }, (_, f) => csvCell(batch, f).trim());
      }
    }
    if (this.tokenizer.width === 0) throw new MalformedInputError('the CSV body is empty: the first line must be the header');
    const seen = new Set<string>();
    for (const [i, name] of this.header.entries()) {
      if (name === '') throw new MalformedInputError(`CSV header column ${i + 1} has no name`);
      if (seen.has(name)) throw new MalformedInputError(`CSV header names the column "${name}" twice`);
      seen.add(name);
    }
    return this.header;
  }

  /** One batch per chunk of the body (about 64 KiB from a socket); valid until the next is asked for. */
  async *read(): AsyncGenerator<CsvBatch> {
    const width = this.header.length;
    const out = new Fields();
    let row = 1;
    for (;;) {
      if (this.ended && this.carry.length === 0) return;
      const end = await this.fill();
      const buf = this.carry;
      out.length = 0;
      this.tokenize(end, out);
      if (out.length > 0) {
        const count = out.length / width;
        yield { firstRow: row, count, bytes: buf, starts: out.starts, ends: out.ends, quoting: out.quoting };
        row += count;
      }
    }
  }
}

/** A parsed JSON body: it must be an array of objects. */
export function jsonSource(body: unknown): RecordSource {
  if (!Array.isArray(body)) throw new MalformedInputError('the JSON body must be an array of objects');
  const items = body as unknown[];
  const columnSet = new Set<string>();
  items.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new MalformedInputError(`the JSON body must be an array of objects; element ${i + 1} is not an object`);
    }
    for (const key of Object.keys(item)) columnSet.add(key);
  });
  const columns = [...columnSet];
  return {
    columns: () => columns,
    header: false,
    rowsHint: items.length,
    async *batches() {
      for (let start = 0; start < items.length; start += BATCH_ROWS) {
        const slice = items.slice(start, start + BATCH_ROWS) as Record<string, unknown>[];
        yield slice.map((item, i) => ({ row: start + i + 1, values: columns.map((c) => item[c]) }));
        await Promise.resolve();
      }
    },
  };
}

/** Rows produced in process (the demo), as a source. */
export function rowsSource(columns: readonly string[], rows: Iterable<Record<string, string>>): RecordSource {
  return {
    columns: () => columns,
    header: true,
    async *batches() {
      let row = 0;
      let batch: SourceRow[] = [];
      for (const record of rows) {
        row += 1;
        batch.push({ row, values: columns.map((c) => record[c]) });
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
          await new Promise((r) => setImmediate(r));
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}
