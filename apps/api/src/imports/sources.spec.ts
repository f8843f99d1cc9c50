import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import {
  csvCell, csvSource, ESCAPED, jsonSource, MalformedInputError, MAX_CELL_CHARS, PayloadTooLargeError, PLAIN, QUOTED, rowsSource,
  type RecordSource,
} from './sources.js';

/** A body arriving in the given pieces (strings are UTF-8 encoded; Buffers are sent as they are). */
const body = (...chunks: (string | Buffer)[]) => Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));

/** The same text cut into pieces of `size` bytes (to cut quotes, CRLFs and characters in two). */
const pieces = (text: string | Buffer, size: number) => {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return Readable.from(out);
};

async function rowsOf(source: RecordSource): Promise<{ row: number; values: unknown[] }[]> {
  const out: { row: number; values: unknown[] }[] = [];
  for await (const batch of source.batches()) for (const r of batch) out.push({ row: r.row, values: [...r.values] });
  return out;
}

/** Header and rows of a CSV body, read through both interfaces (which must agree). */
async function parse(input: Readable | (() => Readable), maxBytes = 1 << 20): Promise<{ columns: readonly string[]; rows: string[][]; numbers: number[] }> {
  const make = typeof input === 'function' ? input : () => input;
  const source = await csvSource(make(), maxBytes);
  const rows = await rowsOf(source);
  if (typeof input === 'function') {
    // The byte-range interface gives the same cells and row numbers.
    const again = await csvSource(make(), maxBytes);
    const width = again.columns().length;
    const viaBytes: { row: number; values: string[] }[] = [];
    for await (const batch of again.csvBatches!()) {
      for (let r = 0; r < batch.count; r++) {
        viaBytes.push({ row: batch.firstRow + r, values: Array.from({ length: width }, (_, c) => csvCell(batch, r * width + c)) });
      }
    }
    expect(viaBytes).toEqual(rows);
  }
  return { columns: source.columns(), rows: rows.map((r) => r.values as string[]), numbers: rows.map((r) => r.row) };
}

async function failure(input: Readable, maxBytes = 1 << 20): Promise<Error> {
  try {
    await rowsOf(await csvSource(input, maxBytes));
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the body to be refused');
}

describe('csvSource', () => {
  it('reads the header and the rows, numbering rows from 1', async () => {
    const csv = 'a,b,c\n1,2,3\n4,5,6\n';
    const { columns, rows, numbers } = await parse(() => body(csv));
    expect(columns).toEqual(['a', 'b', 'c']);
    expect(rows).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(numbers).toEqual([1, 2]);
  });

  it('trims header names but keeps cells as written (the validator trims them)', async () => {
    const { columns, rows } = await parse(() => body(' a , b\n x , y \n'));
    expect(columns).toEqual(['a', 'b']);
    expect(rows).toEqual([[' x ', ' y ']]);
  });

  it('accepts a last line without a line break', async () => {
    expect((await parse(() => body('a,b\n1,2'))).rows).toEqual([['1', '2']]);
  });

  it('drops a byte order mark, also when it arrives in pieces', async () => {
    const csv = '\uFEFFid,name\nA1,x\n';
    expect((await parse(() => body(csv))).columns).toEqual(['id', 'name']);
    expect((await parse(() => pieces(csv, 1))).columns).toEqual(['id', 'name']);
    expect((await parse(() => pieces(csv, 2))).rows).toEqual([['A1', 'x']]);
  });

  it('accepts CRLF line ends, also cut between CR and LF, and old Mac CR-only files', async () => {
    const crlf = 'a,b\r\n1,2\r\n3,"4"\r\n';
    for (const size of [1, 2, 3, 1000]) expect((await parse(() => pieces(crlf, size))).rows).toEqual([['1', '2'], ['3', '4']]);
    expect((await parse(() => body('a,b\r1,2\r3,4\r'))).rows).toEqual([['1', '2'], ['3', '4']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, wherever the chunks are cut', async () => {
    const csv = 'id,name,note\nP1,"Acme, Inc.","He said ""hi"""\nP2,"two\nlines","crlf\r\ninside"\nP3,"",x\n';
    const expected = [
      ['P1', 'Acme, Inc.', 'He said "hi"'],
      ['P2', 'two\nlines', 'crlf\r\ninside'],
      ['P3', '', 'x'],
    ];
    for (const size of [1, 2, 5, 7, 1000]) {
      const { rows, numbers } = await parse(() => pieces(csv, size));
      expect(rows).toEqual(expected);
      expect(numbers).toEqual([1, 2, 3]);
    }
  });

  it('marks how each field was quoted in the byte view', async () => {
    const source = await csvSource(body('a,b,c\nx,"y","z""z"\n'), 1 << 20);
    const batches = [];
    for await (const b of source.csvBatches!()) batches.push({ quoting: [...b.quoting.subarray(0, 3)], cells: [0, 1, 2].map((f) => csvCell(b, f)) });
    expect(batches).toEqual([{ quoting: [PLAIN, QUOTED, ESCAPED], cells: ['x', 'y', 'z"z'] }]);
  });

  it('treats a quote inside an unquoted field as a character, and allows blanks after a closing quote', async () => {
    expect((await parse(() => body('a,b\n5" pipe,"x"  \n"y" ,z\n'))).rows).toEqual([
      ['5" pipe', 'x'],
      ['y', 'z'],
    ]);
  });

  it('skips empty lines without counting them as rows', async () => {
    const { rows, numbers } = await parse(() => body('\na,b\n\n1,2\n\n\n3,4\n\n'));
    expect(rows).toEqual([['1', '2'], ['3', '4']]);
    expect(numbers).toEqual([1, 2]);
  });

  it('keeps a row of empty fields (it is not an empty line)', async () => {
    expect((await parse(() => body('a,b\n,\n'))).rows).toEqual([['', '']]);
  });

  it('keeps multi-byte characters cut between chunks', async () => {
    const csv = 'name,city\nCafé Müller,Zürich 東京 🎉\n';
    for (const size of [1, 2, 3]) expect((await parse(() => pieces(csv, size))).rows).toEqual([['Café Müller', 'Zürich 東京 🎉']]);
  });

  it('refuses a ragged row, naming the row and the field counts', async () => {
    const err = await failure(body('a,b\n1,2\n3,4,5\n'));
    expect(err).toBeInstanceOf(MalformedInputError);
    expect(err.message).toBe('malformed CSV at data row 2: 3 fields where the header has 2');
    expect((await failure(body('a,b,c\n1,2\n'))).message).toContain('data row 1: 2 fields where the header has 3');
  });

  it('refuses a quoted field that is never closed', async () => {
    const err = await failure(body('a,b\n1,"unclosed\n2,3\n'));
    expect(err).toBeInstanceOf(MalformedInputError);
    expect(err.message).toBe('malformed CSV at data row 1: a quoted field is never closed');
    expect((await failure(body('"a,b\n1,2\n'))).message).toBe('malformed CSV in the header: a quoted field is never closed');
  });

  it('refuses text after a closing quote', async () => {
    const err = await failure(body('a,b\n1,2\n"x"y,3\n'));
    expect(err.message).toBe('malformed CSV at data row 2: Trailing quote on quoted field is malformed');
  });

  it('refuses invalid UTF-8 (a 400, never replaced silently)', async () => {
    const latin1 = Buffer.concat([Buffer.from('a,b\nCaf'), Buffer.from([0xe9]), Buffer.from(',x\n')]);
    const err = await failure(body(latin1));
    expect(err).toBeInstanceOf(MalformedInputError);
    expect(err.message).toMatch(/^the body is not valid UTF-8 \(near byte \d+\); export the file as UTF-8$/);
    // An invalid sequence cut between chunks, and an overlong encoding, are caught too.
    expect(await failure(pieces(latin1, 1))).toBeInstanceOf(MalformedInputError);
    expect((await failure(body(Buffer.from('a,b\n'), Buffer.from([0xc0, 0xaf]), Buffer.from(',x\n')))).message).toContain('not valid UTF-8');
  });

  it('refuses a body that ends in the middle of a UTF-8 character', async () => {
    const cut = Buffer.from('a,b\n1,é').subarray(0, -1);
    const err = await failure(body(cut));
    expect(err).toBeInstanceOf(MalformedInputError);
    expect(err.message).toBe('the body ends in the middle of a UTF-8 character');
  });

  it('refuses an empty body, and a header with an empty or repeated name', async () => {
    for (const empty of ['', '\n\n', '\uFEFF']) {
      await expect(csvSource(body(empty), 1000)).rejects.toThrow('the CSV body is empty: the first line must be the header');
    }
    await expect(csvSource(Readable.from([]), 1000)).rejects.toThrow(MalformedInputError);
    await expect(csvSource(body('a,,b\n'), 1000)).rejects.toThrow('CSV header column 2 has no name');
    await expect(csvSource(body('a,b,a\n'), 1000)).rejects.toThrow('CSV header names the column "a" twice');
    await expect(csvSource(body('a, a \n'), 1000)).rejects.toThrow('names the column "a" twice');
  });

  it('stops at the size limit, in the middle of the stream (413)', async () => {
    const big = 'a,b\n' + '1,2\n'.repeat(1000);
    const err = await failure(pieces(big, 100), 1000);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect(err.message).toBe('the body is larger than the import limit of 1000 bytes');
    // Exactly at the limit is fine.
    expect((await parse(body(big), Buffer.byteLength(big))).rows).toHaveLength(1000);
  });

  it('refuses a field longer than the cell limit', async () => {
    const long = 'x'.repeat(MAX_CELL_CHARS + 1);
    const err = await failure(body(`a,b\n1,2\n3,"${long}"\n`), 8 << 20);
    expect(err.message).toBe(`malformed CSV at data row 2: a field is longer than ${MAX_CELL_CHARS} characters`);
    // A quoted field with doubled quotes is measured after unescaping.
    const quotes = '""'.repeat(MAX_CELL_CHARS / 2);
    expect((await parse(body(`a\n"${quotes}"\n`), 8 << 20)).rows[0][0]).toHaveLength(MAX_CELL_CHARS / 2);
  });

  it('reads a body given as strings (a stream in object mode)', async () => {
    expect((await parse(Readable.from(['a,b\n1,', '2\n']))).rows).toEqual([['1', '2']]);
  });

  it('gives the declared length as a size hint', async () => {
    const req = Object.assign(body('a\n1\n'), { headers: { 'content-length': '4' } });
    expect((await csvSource(req, 100)).bytesHint).toBe(4);
    expect((await csvSource(body('a\n1\n'), 100)).bytesHint).toBeUndefined();
  });
});

describe('jsonSource', () => {
  it('takes an array of objects; columns are the union of their keys', async () => {
    const source = jsonSource([{ a: 1, b: 'x' }, { c: null }]);
    expect(source.columns()).toEqual(['a', 'b', 'c']);
    expect(source.header).toBe(false);
    expect(source.rowsHint).toBe(2);
    expect(await rowsOf(source)).toEqual([
      { row: 1, values: [1, 'x', undefined] },
      { row: 2, values: [undefined, undefined, null] },
    ]);
  });

  it('refuses anything but an array of objects', () => {
    expect(() => jsonSource({ a: 1 })).toThrow('the JSON body must be an array of objects');
    expect(() => jsonSource([{ a: 1 }, 'x'])).toThrow('element 2 is not an object');
    expect(() => jsonSource([[1]])).toThrow('element 1 is not an object');
    expect(() => jsonSource([null])).toThrow(MalformedInputError);
  });
});

describe('rowsSource', () => {
  it('numbers rows from 1 across batches', async () => {
    const records = Array.from({ length: 4500 }, (_, i) => ({ id: `R${i}`, name: 'x' }));
    const rows = await rowsOf(rowsSource(['id', 'name'], records));
    expect(rows).toHaveLength(4500);
    expect(rows[4499]).toEqual({ row: 4500, values: ['R4499', 'x'] });
  });
});
