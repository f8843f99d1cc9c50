import PDFDocument from 'pdfkit';
import type { Snapshot } from '../snapshot.types.js';
import { buildBoardPack } from './board-pack.js';
import {
  COLORS,
  niceAxis,
  PAGE_H,
  PAGE_W,
  rateAxis,
  type ChartEl,
  type Deck,
  type DeckElement,
  type TableCell,
  type TableEl,
  type TextEl,
  type TextRun,
  type ValueFormat,
} from './deck.js';
import { count, moneyTick } from './format.js';

/**
 * The board pack as PDF, drawn with pdfkit's vector primitives (text, paths, no raster images),
 * in the standard Helvetica fonts: nothing to install at run time and nothing embedded. Those
 * fonts cover Windows-1252 (WinAnsi) only, so other characters are transliterated or replaced
 * by '?' (winAnsi below). Output is deterministic for a snapshot: the creation date is the
 * snapshot's time, so the same snapshot always gives the same file.
 */
export async function renderPdf(snapshot: Snapshot): Promise<Buffer> {
  const deck = buildBoardPack(snapshot);
  const created = new Date(snapshot.created_at);
  const doc = new PDFDocument({
    size: [PAGE_W, PAGE_H],
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: {
      Title: winAnsi(deck.title),
      Author: deck.author,
      Subject: winAnsi(deck.subject),
      Creator: 'Partner KPI',
      Producer: 'Partner KPI (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc, deck);
  doc.end();
  return done;
}

type Doc = PDFKit.PDFDocument;

function draw(doc: Doc, deck: Deck): void {
  for (const slide of deck.slides) {
    doc.addPage({ size: [PAGE_W, PAGE_H], margin: 0 });
    doc.outline.addItem(winAnsi(slide.title));
    for (const el of slide.elements) drawElement(doc, el);
  }
}

function drawElement(doc: Doc, el: DeckElement): void {
  switch (el.kind) {
    case 'rect':
      if (el.radius)
        doc.roundedRect(el.x, el.y, el.w, el.h, Math.min(el.radius, el.h / 2, el.w / 2));
      else doc.rect(el.x, el.y, el.w, el.h);
      if (el.stroke) doc.fillAndStroke(hex(el.fill), hex(el.stroke));
      else doc.fill(hex(el.fill));
      return;
    case 'line':
      doc
        .save()
        .moveTo(el.x1, el.y1)
        .lineTo(el.x2, el.y2)
        .lineWidth(el.width)
        .strokeColor(hex(el.color))
        .stroke()
        .restore();
      return;
    case 'text':
      drawText(doc, el);
      return;
    case 'table':
      drawTable(doc, el);
      return;
    case 'chart':
      drawChart(doc, el);
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Text

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const TRANSLITERATE: Record<string, string> = {
  '−': '-',
  '≤': '<=',
  '≥': '>=',
  '→': '->',
  '←': '<-',
  '≈': '~',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

/** Text the standard PDF fonts can show: Windows-1252, with a few transliterations, else '?'. */
export function winAnsi(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (TRANSLITERATE[ch] !== undefined) out += TRANSLITERATE[ch];
    else if (c === 0x09 || c === 0x0a || c === 0x0d) out += ' ';
    else if (c < 0x20) continue;
    else {
      // Accented letters outside Windows-1252 (ő, ł is not decomposable: '?') lose the accent.
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]+$/.test(base) ? base : '?';
    }
  }
  return out;
}

function hex(c: string): string {
  return `#${c}`;
}

const font = (bold?: boolean) => (bold ? 'Helvetica-Bold' : 'Helvetica');

function runsOf(t: string | TextRun[]): TextRun[] {
  return typeof t === 'string' ? [{ text: t }] : t;
}

function runSize(run: TextRun, size: number): number {
  return run.superscript ? size * 0.65 : size;
}

function runsWidth(doc: Doc, runs: TextRun[], size: number, bold?: boolean): number {
  let w = 0;
  for (const r of runs) {
    doc.font(font(r.bold ?? bold)).fontSize(runSize(r, size));
    w += doc.widthOfString(winAnsi(r.text)) + (r.superscript ? 0.8 : 0);
  }
  return w;
}

function drawText(doc: Doc, el: TextEl): void {
  const runs = runsOf(el.text);
  if (runs.length === 1 && !runs[0].superscript) {
    // One run: let pdfkit wrap it in the box.
    const r = runs[0];
    const text = winAnsi(r.text);
    doc
      .font(font(r.bold ?? el.bold))
      .fontSize(el.size)
      .fillColor(hex(r.color ?? el.color));
    const opts = { width: el.w, align: el.align ?? 'left', lineGap: 0 } as const;
    const th = Math.min(doc.heightOfString(text, opts), el.h + el.size);
    const dy = el.valign === 'middle' ? (el.h - th) / 2 : el.valign === 'bottom' ? el.h - th : 0;
    doc.text(text, el.x, el.y + Math.max(0, dy), {
      ...opts,
      height: el.h + el.size * 0.5,
      ellipsis: true,
    });
    return;
  }
  // Runs (a label and its footnote mark) are drawn on one line.
  const total = runsWidth(doc, runs, el.size, el.bold);
  let x =
    el.align === 'right'
      ? el.x + el.w - total
      : el.align === 'center'
        ? el.x + (el.w - total) / 2
        : el.x;
  doc.font(font(el.bold)).fontSize(el.size);
  const lineH = doc.currentLineHeight(true); // as heightOfString measures one line
  const y = el.valign === 'middle' ? el.y + (el.h - lineH) / 2 : el.y;
  for (const r of runs) {
    const size = runSize(r, el.size);
    const text = winAnsi(r.text);
    doc
      .font(font(r.bold ?? el.bold))
      .fontSize(size)
      .fillColor(hex(r.color ?? el.color));
    doc.text(text, x + (r.superscript ? 0.8 : 0), r.superscript ? y - size * 0.15 : y, {
      lineBreak: false,
    });
    x += doc.widthOfString(text) + (r.superscript ? 0.8 : 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Tables: a header row on a rule, body rows separated by hairlines.

function cellParts(c: TableCell): { text: string | TextRun[]; bold?: boolean; color?: string } {
  return typeof c === 'string' ? { text: c } : c;
}

function drawTable(doc: Doc, t: TableEl): void {
  const totalW = t.widths.reduce((a, b) => a + b, 0);
  const pad = 8;
  let y = t.y;
  const row = (cells: TableCell[], header: boolean) => {
    let x = t.x;
    cells.forEach((c, i) => {
      const { text, bold, color } = cellParts(c);
      const w = t.widths[i];
      const runs = runsOf(text);
      const clipped =
        typeof text === 'string' ? truncate(doc, text, w - 2 * pad, t.size, header || bold) : runs;
      drawText(doc, {
        kind: 'text',
        x: x + pad,
        y,
        w: w - 2 * pad,
        h: t.rowHeight,
        text: clipped,
        size: header ? t.size - 0.5 : t.size,
        bold: header || bold,
        color: header ? COLORS.muted : (color ?? COLORS.ink),
        align: t.align[i],
        valign: 'middle',
      });
      x += w;
    });
    y += t.rowHeight;
    doc
      .save()
      .moveTo(t.x, y)
      .lineTo(t.x + totalW, y)
      .lineWidth(header ? 1 : 0.5)
      .strokeColor(hex(header ? COLORS.faint : COLORS.rule))
      .stroke()
      .restore();
  };
  row(t.header, true);
  for (const r of t.rows) row(r, false);
}

function truncate(doc: Doc, text: string, width: number, size: number, bold?: boolean): string {
  const s = winAnsi(text);
  doc.font(font(bold)).fontSize(size);
  if (doc.widthOfString(s) <= width) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${s.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${s.slice(0, lo)}…`;
}

// ---------------------------------------------------------------------------------------------
// Charts, as vector paths: gridlines, bars, lines with markers, a legend.

export function axisLabel(v: number, format: ValueFormat, currency: string, step: number): string {
  switch (format) {
    case 'currency':
      return moneyTick(v, currency);
    case 'percent':
      return `${(v * 100).toFixed(step < 0.01 ? 1 : 0)}%`;
    case 'multiple':
      return `${v.toFixed(1)}x`;
    case 'days':
      return `${count(v)}d`;
    case 'number':
      return count(v);
  }
}

function drawLegend(doc: Doc, c: ChartEl, y: number): void {
  doc.font('Helvetica').fontSize(8);
  const items = c.series.map((s) => ({ s, w: 12 + doc.widthOfString(winAnsi(s.name)) + 14 }));
  const total = items.reduce((a, i) => a + i.w, 0);
  let x = c.x + (c.w - total) / 2;
  for (const { s, w } of items) {
    if (c.type === 'line')
      doc
        .save()
        .moveTo(x, y + 4.5)
        .lineTo(x + 9, y + 4.5)
        .lineWidth(2)
        .strokeColor(hex(s.color))
        .stroke()
        .restore();
    else doc.rect(x, y, 9, 9).fill(hex(s.color));
    doc.fillColor(hex(COLORS.muted)).text(winAnsi(s.name), x + 12, y + 0.5, { lineBreak: false });
    x += w;
  }
}

function drawChart(doc: Doc, c: ChartEl): void {
  if (c.type === 'hbar') {
    drawHbar(doc, c);
    return;
  }
  const legendH = 18;
  const catH = 16;
  const axisW = 52;
  const plot = { x: c.x + axisW, y: c.y + 8, w: c.w - axisW - 6, h: c.h - legendH - catH - 10 };
  const n = Math.max(1, c.categories.length);
  const values = c.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (c.type === 'stacked') {
    hi = Math.max(
      0,
      ...c.categories.map((_, i) =>
        c.series.reduce((t, s) => t + Math.max(0, s.values[i] ?? 0), 0),
      ),
    );
    lo = 0;
  }
  const band = c.type === 'line' && c.format === 'percent' ? rateAxis(values) : undefined;
  const axis = band ?? niceAxis(lo, hi, 4);
  const yOf = (v: number) => plot.y + plot.h - ((v - axis.min) / (axis.max - axis.min)) * plot.h;
  const slot = plot.w / n;

  if (c.highlight !== undefined)
    doc.rect(plot.x + c.highlight * slot, plot.y - 4, slot, plot.h + 4).fill(hex(COLORS.panel));

  // Gridlines and value axis.
  doc.font('Helvetica').fontSize(7.5);
  for (let v = axis.min; v <= axis.max + axis.step / 2; v += axis.step) {
    const y = yOf(v);
    doc
      .save()
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.w, y)
      .lineWidth(Math.abs(v) < axis.step / 2 ? 0.8 : 0.4)
      .strokeColor(hex(Math.abs(v) < axis.step / 2 ? COLORS.faint : COLORS.rule))
      .stroke()
      .restore();
    doc
      .fillColor(hex(COLORS.muted))
      .text(winAnsi(axisLabel(v, c.format, c.currency, axis.step)), c.x, y - 4, {
        width: axisW - 6,
        align: 'right',
        lineBreak: false,
      });
  }
  // Category labels.
  c.categories.forEach((label, i) => {
    doc
      .font(i === c.highlight ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(7.5)
      .fillColor(hex(i === c.highlight ? COLORS.ink : COLORS.muted));
    doc.text(winAnsi(label), plot.x + i * slot, plot.y + plot.h + 5, {
      width: slot,
      align: 'center',
      lineBreak: false,
    });
  });

  if (c.type === 'line') {
    for (const s of c.series) {
      let started = false;
      doc.save().lineWidth(2).strokeColor(hex(s.color));
      s.values.forEach((v, i) => {
        const x = plot.x + (i + 0.5) * slot;
        if (v === null) {
          started = false;
          return;
        }
        if (started) doc.lineTo(x, yOf(v));
        else doc.moveTo(x, yOf(v));
        started = true;
      });
      doc.stroke().restore();
      s.values.forEach((v, i) => {
        if (v === null) return;
        doc
          .circle(plot.x + (i + 0.5) * slot, yOf(v), 2.6)
          .fillAndStroke(hex(COLORS.white), hex(s.color));
      });
    }
    // Values of the reported period, beside its points.
    if (c.highlight !== undefined) {
      const i = c.highlight;
      const pts = c.series
        .map((s) => ({ s, v: s.values[i] }))
        .filter((p): p is { s: (typeof c.series)[number]; v: number } => p.v !== null)
        .sort((a, b) => b.v - a.v);
      // The highest value's label above its point, the others below theirs, so two close lines
      // do not print over each other.
      let lastY = -Infinity;
      for (const [k, { s, v }] of pts.entries()) {
        const y = Math.max(k === 0 ? yOf(v) - 13 : yOf(v) + 5, lastY + 10);
        lastY = y;
        doc
          .font('Helvetica-Bold')
          .fontSize(7.5)
          .fillColor(hex(s.color === COLORS.direct ? COLORS.muted : s.color));
        doc.text(
          winAnsi(axisLabel(v, c.format, c.currency, axis.step / 10)),
          plot.x + i * slot,
          y,
          { width: slot, align: 'center', lineBreak: false },
        );
      }
    }
  } else {
    const stacked = c.type === 'stacked';
    const groupW = slot * (stacked ? 0.56 : 0.7);
    const barW = stacked ? groupW : groupW / Math.max(1, c.series.length);
    c.categories.forEach((_, i) => {
      const x0 = plot.x + i * slot + (slot - groupW) / 2;
      let base = 0;
      c.series.forEach((s, k) => {
        const v = s.values[i];
        if (v === null || v === 0) return;
        const from = stacked ? base : 0;
        const to = stacked ? base + v : v;
        const x = stacked ? x0 : x0 + k * barW;
        const top = yOf(Math.max(from, to));
        const h = Math.abs(yOf(from) - yOf(to));
        doc
          .rect(x + (stacked ? 0 : 0.5), top, barW - (stacked ? 0 : 1), Math.max(h, 0.5))
          .fill(hex(s.color));
        if (stacked) base = to;
      });
      if (stacked && base > 0) {
        doc
          .font(i === c.highlight ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(7)
          .fillColor(hex(i === c.highlight ? COLORS.ink : COLORS.muted));
        doc.text(
          winAnsi(axisLabel(base, c.format, c.currency, axis.step)),
          plot.x + i * slot,
          yOf(base) - 10,
          { width: slot, align: 'center', lineBreak: false },
        );
      }
    });
  }
  drawLegend(doc, c, c.y + c.h - legendH + 4);
}

function drawHbar(doc: Doc, c: ChartEl): void {
  const labelW = 118;
  const legendH = 18;
  const plot = { x: c.x + labelW, y: c.y + 4, w: c.w - labelW - 56, h: c.h - legendH - 8 };
  const n = Math.max(1, c.categories.length);
  if (c.categories.length === 0) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(hex(COLORS.muted))
      .text('No open pipeline', c.x, c.y + c.h / 2 - 6, { width: c.w, align: 'center' });
    return;
  }
  const values = c.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values);
  const slot = plot.h / n;
  const barH = Math.min(10, (slot * 0.72) / Math.max(1, c.series.length));
  c.categories.forEach((label, i) => {
    const yMid = plot.y + (i + 0.5) * slot;
    doc.font('Helvetica').fontSize(8).fillColor(hex(COLORS.ink));
    doc.text(truncate(doc, label, labelW - 10, 8), c.x, yMid - 4.5, {
      width: labelW - 10,
      align: 'right',
      lineBreak: false,
    });
    const groupH = barH * c.series.length;
    c.series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const y = yMid - groupH / 2 + k * barH;
      const w = (v / max) * plot.w;
      if (w > 0) doc.rect(plot.x, y + 0.5, w, barH - 1).fill(hex(s.color));
      doc.font('Helvetica').fontSize(6.5).fillColor(hex(COLORS.muted));
      doc.text(winAnsi(axisLabel(v, c.format, c.currency, 1)), plot.x + w + 3, y + barH / 2 - 3.5, {
        lineBreak: false,
      });
    });
  });
  doc
    .save()
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.h)
    .lineWidth(0.8)
    .strokeColor(hex(COLORS.faint))
    .stroke()
    .restore();
  drawLegend(doc, c, c.y + c.h - legendH + 4);
}
