import pptxgenModule from 'pptxgenjs';
import type { Snapshot } from '../snapshot.types.js';
import { buildBoardPack } from './board-pack.js';
import {
  COLORS,
  rateAxis,
  type ChartEl,
  type DeckElement,
  type TableCell,
  type TableEl,
  type TextEl,
  type TextRun,
  type ValueFormat,
} from './deck.js';
import { currencySymbol } from './format.js';

/**
 * The board pack as PowerPoint (16:9 wide), from the same deck as the PDF: text boxes, shapes,
 * native tables and native charts (editable, vector, with their data embedded), so a CPO can
 * restyle a slide without re-keying a number. Points map to inches at 72 pt/in.
 */
export async function renderPptx(snapshot: Snapshot): Promise<Buffer> {
  const deck = buildBoardPack(snapshot);
  const pres = new PptxGenJS();
  pres.layout = 'LAYOUT_WIDE';
  pres.title = deck.title;
  pres.subject = deck.subject;
  pres.author = deck.author;
  pres.company = 'Partner KPI';
  for (const s of deck.slides) {
    const slide = pres.addSlide();
    for (const el of s.elements) addElement(pres, slide, el);
  }
  const out = await pres.write({ outputType: 'nodebuffer', compression: true });
  return out as Buffer;
}

// pptxgenjs's types are CommonJS-style (`export default` in a package without "type": "module"),
// so TypeScript sees the class at `.default`; the ESM build Node loads exports the class itself.
type Pptx = pptxgenModule.default;
const PptxGenJS = ((pptxgenModule as unknown as { default?: typeof pptxgenModule.default })
  .default ?? pptxgenModule) as typeof pptxgenModule.default;
type Slide = pptxgenModule.default.Slide;

const FONT = 'Arial';
const inch = (pt: number) => pt / 72;

function addElement(pres: Pptx, slide: Slide, el: DeckElement): void {
  switch (el.kind) {
    case 'rect':
      slide.addShape(el.radius ? pres.ShapeType.roundRect : pres.ShapeType.rect, {
        x: inch(el.x),
        y: inch(el.y),
        w: inch(el.w),
        h: inch(el.h),
        fill: { color: el.fill },
        line: el.stroke ? { color: el.stroke, width: 0.75 } : { type: 'none' },
        rectRadius: el.radius ? inch(Math.min(el.radius, el.h / 2)) : undefined,
      });
      return;
    case 'line':
      slide.addShape(pres.ShapeType.line, {
        x: inch(Math.min(el.x1, el.x2)),
        y: inch(Math.min(el.y1, el.y2)),
        w: inch(Math.abs(el.x2 - el.x1)),
        h: inch(Math.abs(el.y2 - el.y1)),
        line: { color: el.color, width: el.width },
      });
      return;
    case 'text':
      addText(slide, el);
      return;
    case 'table':
      addTable(slide, el);
      return;
    case 'chart':
      addChart(pres, slide, el);
      return;
  }
}

function runs(
  t: string | TextRun[],
  base: { bold?: boolean; color: string },
): pptxgenModule.default.TextProps[] {
  const list = typeof t === 'string' ? [{ text: t }] : t;
  return list.map((r) => ({
    text: r.text,
    options: {
      bold: r.bold ?? base.bold ?? false,
      color: r.color ?? base.color,
      superscript: r.superscript ?? false,
    },
  }));
}

function addText(slide: Slide, el: TextEl): void {
  slide.addText(runs(el.text, el), {
    x: inch(el.x),
    y: inch(el.y),
    w: inch(el.w),
    // PowerPoint grows a box to fit its text; give single lines their line height at least.
    h: inch(Math.max(el.h, el.size * 1.2)),
    fontFace: FONT,
    fontSize: el.size,
    color: el.color,
    bold: el.bold ?? false,
    align: el.align ?? 'left',
    valign: el.valign ?? 'top',
    margin: 0,
    fit: 'none',
    wrap: true,
  });
}

function cellOf(
  c: TableCell,
  align: pptxgenModule.default.HAlign,
  header: boolean,
): pptxgenModule.default.TableCell {
  const parts = typeof c === 'string' ? { text: c } : c;
  const color = header ? COLORS.muted : (parts.color ?? COLORS.ink);
  const bold = header || (parts.bold ?? false);
  return {
    text: runs(parts.text, { bold, color }),
    options: {
      align,
      valign: 'middle',
      bold,
      color,
      border: [
        { type: 'none' },
        { type: 'none' },
        { type: 'solid', pt: header ? 1 : 0.5, color: header ? COLORS.faint : COLORS.rule },
        { type: 'none' },
      ],
    },
  };
}

function addTable(slide: Slide, t: TableEl): void {
  const rows: pptxgenModule.default.TableRow[] = [
    t.header.map((h, i) => cellOf(h, t.align[i], true)),
    ...t.rows.map((r) => r.map((c, i) => cellOf(c, t.align[i], false))),
  ];
  slide.addTable(rows, {
    x: inch(t.x),
    y: inch(t.y),
    w: inch(t.widths.reduce((a, b) => a + b, 0)),
    colW: t.widths.map(inch),
    rowH: inch(t.rowHeight),
    fontFace: FONT,
    fontSize: t.size,
    margin: [0, inch(8), 0, inch(8)],
  });
}

/** Excel/PowerPoint number format of an axis. */
function formatCode(format: ValueFormat, currency: string): string {
  const sym = currencySymbol(currency).replace(/"/g, '');
  const c = sym.length > 1 ? `"${sym} "` : `"${sym}"`;
  switch (format) {
    case 'currency':
      return `[>=1000000]${c}#,##0.0,,"M";[>=1000]${c}#,##0,"K";${c}#,##0`;
    case 'percent':
      return '0%';
    case 'multiple':
      return '0.0"x"';
    case 'days':
      return '#,##0"d"';
    case 'number':
      return '#,##0';
  }
}

function addChart(pres: Pptx, slide: Slide, c: ChartEl): void {
  if (c.categories.length === 0) {
    addText(slide, {
      kind: 'text',
      x: c.x,
      y: c.y + c.h / 2 - 8,
      w: c.w,
      h: 16,
      text: 'No data',
      size: 9,
      color: COLORS.muted,
      align: 'center',
    });
    return;
  }
  // Horizontal bars are drawn bottom-up: reverse them so the first category is on top, as in the PDF.
  const order = <T>(xs: readonly T[]): T[] => (c.type === 'hbar' ? [...xs].reverse() : [...xs]);
  const data = c.series.map((s) => ({
    name: s.name,
    labels: order(c.categories),
    values: order(s.values) as number[],
  }));
  const common: pptxgenModule.default.IChartOpts = {
    x: inch(c.x),
    y: inch(c.y),
    w: inch(c.w),
    h: inch(c.h),
    chartColors: c.series.map((s) => s.color),
    showLegend: true,
    legendPos: 'b',
    legendFontFace: FONT,
    legendFontSize: 8,
    legendColor: COLORS.muted,
    catAxisLabelFontFace: FONT,
    catAxisLabelFontSize: 8,
    catAxisLabelColor: COLORS.muted,
    valAxisLabelFontFace: FONT,
    valAxisLabelFontSize: 8,
    valAxisLabelColor: COLORS.muted,
    valAxisLabelFormatCode: formatCode(c.format, c.currency),
    valGridLine: { color: COLORS.rule, size: 0.5 },
    catGridLine: { style: 'none' },
    valAxisLineShow: false,
    showValue: false,
    showTitle: false,
    displayBlanksAs: 'gap',
  };
  if (c.type === 'line') {
    const values = c.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
    const band = c.format === 'percent' ? rateAxis(values) : undefined;
    slide.addChart(pres.ChartType.line, data, {
      ...common,
      lineSize: 2,
      lineDataSymbol: 'circle',
      lineDataSymbolSize: 6,
      ...(band
        ? { valAxisMinVal: band.min, valAxisMaxVal: band.max, valAxisMajorUnit: band.step }
        : {}),
    });
    return;
  }
  slide.addChart(pres.ChartType.bar, data, {
    ...common,
    barDir: c.type === 'hbar' ? 'bar' : 'col',
    barGrouping: c.type === 'stacked' ? 'stacked' : 'clustered',
    barGapWidthPct: c.type === 'stacked' ? 80 : 50,
    ...(c.type === 'stacked' ? { barOverlapPct: 100 } : {}),
    ...(c.type === 'hbar' ? { valAxisLabelFontSize: 7 } : {}),
  });
}
