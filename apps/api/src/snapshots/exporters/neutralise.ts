/**
 * Spreadsheet formula injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return may be run as a formula by Excel, LibreOffice or Sheets when the file is opened (OWASP
 * "CSV injection"). Such text is prefixed with a single quote, which spreadsheets show as text.
 * Only text goes through here: numbers stay numbers (a negative amount is not a formula).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
