/**
 * The board deck as a list of slides of positioned elements (text, shapes, tables, charts), in
 * points on a 960 x 540 page: exactly the 13.33 x 7.5 in wide slide of PowerPoint at 72 pt/in.
 * The PDF and PPTX exporters only draw these elements, so both show the same deck; the content
 * and layout live here (board-pack.ts builds it from a snapshot).
 */

export const PAGE_W = 960;
export const PAGE_H = 540;

export type Align = 'left' | 'center' | 'right';

export interface TextRun {
  text: string;
  superscript?: boolean;
  bold?: boolean;
  color?: string;
}

export interface TextEl {
  kind: 'text';
  x: number;
  y: number;
  w: number;
  h: number;
  /** Plain text, or runs (superscript footnote marks); runs are drawn on one line. */
  text: string | TextRun[];
  size: number;
  bold?: boolean;
  /** hex RRGGBB */
  color: string;
  align?: Align;
  valign?: 'top' | 'middle' | 'bottom';
}

export interface RectEl {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  stroke?: string;
  radius?: number;
}

export interface LineEl {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: string;
  width: number;
}

export type TableCell = string | { text: string | TextRun[]; bold?: boolean; color?: string };

export interface TableEl {
  kind: 'table';
  x: number;
  y: number;
  widths: number[];
  rowHeight: number;
  header: string[];
  rows: TableCell[][];
  align: Align[];
  size: number;
}

export type ValueFormat = 'currency' | 'percent' | 'number' | 'days' | 'multiple';

export interface ChartSeries {
  name: string;
  values: (number | null)[];
  color: string;
}

export interface ChartEl {
  kind: 'chart';
  /** column: clustered columns; stacked: stacked columns; line; hbar: clustered horizontal bars. */
  type: 'column' | 'stacked' | 'line' | 'hbar';
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  categories: string[];
  series: ChartSeries[];
  format: ValueFormat;
  currency: string;
  /** Category to emphasise (the reported period), by index. */
  highlight?: number;
}

export type DeckElement = TextEl | RectEl | LineEl | TableEl | ChartEl;

export interface Slide {
  /** For the outline / bookmarks. */
  title: string;
  elements: DeckElement[];
}

export interface Deck {
  title: string;
  subject: string;
  author: string;
  slides: Slide[];
}

export const COLORS = {
  navy: '0B2545',
  ink: '111827',
  muted: '6B7280',
  faint: '9CA3AF',
  rule: 'E5E7EB',
  panel: 'F3F6FA',
  white: 'FFFFFF',
  sourced: '1D4ED8',
  influenced: '60A5FA',
  partner: '2563EB',
  direct: '9CA3AF',
  other: 'D1D5DB',
  good: '047857',
  goodBg: 'D1FAE5',
  bad: 'B91C1C',
  badBg: 'FEE2E2',
  neutralBg: 'E5E7EB',
  accent: '38BDF8',
} as const;

/** Plain text of a cell or runs. */
export function plainText(t: string | TextRun[]): string {
  return typeof t === 'string' ? t : t.map((r) => r.text).join('');
}

/** A nice axis: 0..max in `ticks` steps of 1, 2, 2.5 or 5 x 10^n. */
export function niceAxis(
  min: number,
  max: number,
  ticks = 5,
): { min: number; max: number; step: number } {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (hi === lo) return { min: 0, max: 1, step: 0.2 };
  const raw = (hi - lo) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step, step };
}

/**
 * The value axis of a line chart of rates: a band around the data (a zero-based axis flattens
 * the lines), never below 0 and, when every value is a share (<= 100%), never above 100%.
 */
export function rateAxis(
  values: readonly number[],
): { min: number; max: number; step: number } | undefined {
  if (values.length === 0) return undefined;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const axis = niceAxis(Math.max(0, lo - 0.05), hi <= 1 ? Math.min(1, hi + 0.05) : hi + 0.05, 4);
  return hi <= 1 ? { ...axis, max: Math.min(axis.max, 1) } : axis;
}
