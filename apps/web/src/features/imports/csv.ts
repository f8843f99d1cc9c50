// Reads the beginning of a CSV file in the browser, for the preview and the mapping editor only:
// the API parses the whole file itself (RFC 4180, UTF-8, optional BOM) and is the authority.

export interface CsvSample {
  header: string[];
  /** The first data rows (row 1 is the line after the header). */
  rows: string[][];
  /** True when only the beginning of the file was read. */
  truncated: boolean;
  /** A structural problem the API would refuse with 400 (unbalanced quote, ragged row…). */
  problem: string | null;
}

/** How much of a file the preview and the value maps read: some thousands of rows of a CRM export. */
export const SAMPLE_BYTES = 1024 * 1024;

/**
 * Parses CSV text (RFC 4180: quoted fields with doubled quotes, CRLF or LF line ends) into
 * records. When `partial` is true the text is the beginning of a longer file: its last record
 * may be cut, so it is dropped.
 */
export function parseCsv(
  text: string,
  partial = false,
): { records: string[][]; problem: string | null } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStart = true;
  let problem: string | null = null;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
    fieldStart = true;
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === ',') {
      record.push(field);
      field = '';
      fieldStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else {
      if (c === '"' && problem === null)
        problem = `a quote inside an unquoted field (record ${records.length + 1})`;
      field += c;
      fieldStart = false;
    }
  }
  if (quoted) {
    // The last record is cut (partial) or never closed: either way it is not a record.
    if (!partial) problem ??= 'a quoted field is never closed';
  } else if (field !== '' || record.length > 0) {
    // A last line without a line end: complete in a whole file, maybe cut in a partial one.
    if (!partial) endRecord();
  }
  return { records, problem };
}

/** The header and first `maxRows` data rows of CSV text (blank lines skipped). */
export function sampleCsv(text: string, partial: boolean, maxRows = 50_000): CsvSample {
  const { records, problem: parseProblem } = parseCsv(text, partial);
  const nonBlank = records.filter((r) => !(r.length === 1 && r[0].trim() === ''));
  const [header = [], ...data] = nonBlank;
  let problem = parseProblem;
  const names = header.map((h) => h.trim());
  if (header.length === 0) problem ??= 'the file is empty';
  const empty = names.findIndex((n) => n === '');
  if (empty >= 0 && header.length > 0) problem ??= `column ${empty + 1} of the header has no name`;
  const repeated = names.find((n, i) => n !== '' && names.indexOf(n) !== i);
  if (repeated !== undefined) problem ??= `the header names "${repeated}" twice`;
  const ragged = data.findIndex((r) => r.length !== header.length);
  if (ragged >= 0) {
    problem ??= `data row ${ragged + 1} has ${data[ragged].length} fields, the header ${header.length}`;
  }
  return {
    header: names,
    rows: data.slice(0, maxRows),
    truncated: partial || data.length > maxRows,
    problem,
  };
}

/** Reads the beginning of a file (the whole file when it is small) and samples it. */
export async function readCsvSample(file: Blob, bytes = SAMPLE_BYTES): Promise<CsvSample> {
  const partial = file.size > bytes;
  const text = await (partial ? file.slice(0, bytes) : file).text();
  return sampleCsv(text, partial);
}
