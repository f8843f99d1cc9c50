import { describe, expect, it } from '@jest/globals';
import { parseCsv, readCsvSample, sampleCsv } from './csv';

describe('parseCsv', () => {
  it('reads RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF, a BOM', () => {
    const text = '\ufeffid,name\r\n1,"Acme, Inc"\r\n2,"Say ""hi"""\r\n3,"two\nlines"\r\n';
    expect(parseCsv(text).records).toEqual([
      ['id', 'name'],
      ['1', 'Acme, Inc'],
      ['2', 'Say "hi"'],
      ['3', 'two\nlines'],
    ]);
  });

  it('keeps a last line without a line end, and empty fields', () => {
    expect(parseCsv('a,b\n1,\n,2').records).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['', '2'],
    ]);
  });

  it('drops the cut last record of the beginning of a longer file', () => {
    expect(parseCsv('a,b\n1,2\n3,4', true).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    // Cut inside a quoted field: the record is not complete either.
    expect(parseCsv('a,b\n1,2\n3,"fo', true).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,b\n1,2\n', true).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reports an unclosed quote in a whole file', () => {
    expect(parseCsv('a\n"x\n').problem).toBe('a quoted field is never closed');
  });
});

describe('sampleCsv', () => {
  it('trims header names, skips blank lines and limits the rows', () => {
    const s = sampleCsv(' id , name \n1,A\n\n2,B\n3,C\n', false, 2);
    expect(s).toEqual({
      header: ['id', 'name'],
      rows: [
        ['1', 'A'],
        ['2', 'B'],
      ],
      truncated: true,
      problem: null,
    });
  });

  it('names what the API would refuse as malformed', () => {
    expect(sampleCsv('', false).problem).toBe('the file is empty');
    expect(sampleCsv('a,,c\n1,2,3\n', false).problem).toBe('column 2 of the header has no name');
    expect(sampleCsv('a,a\n1,2\n', false).problem).toBe('the header names "a" twice');
    expect(sampleCsv('a,b\n1,2\n3\n', false).problem).toBe('data row 2 has 1 fields, the header 2');
  });

  it('reads only the beginning of a large file', async () => {
    const big = new Blob([
      'id,name\n',
      ...Array.from({ length: 1000 }, (_, i) => `${i},Name ${i}\n`),
    ]);
    const s = await readCsvSample(big, 100);
    expect(s.truncated).toBe(true);
    expect(s.header).toEqual(['id', 'name']);
    expect(s.rows.length).toBeGreaterThan(3);
    expect(s.rows.every((r) => r.length === 2 && r[1] === `Name ${r[0]}`)).toBe(true);
    const small = await readCsvSample(new Blob(['id\n1\n2\n']));
    expect(small).toMatchObject({ truncated: false, rows: [['1'], ['2']] });
  });
});
