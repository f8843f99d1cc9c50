import {
  STAGE_CLOSED_AFTER_AS_OF,
  STAGE_NONE,
  type DealClass,
  type MetricDefinition,
  type MetricKey,
  type PipelineKey,
  type PipelineMetricDefinition,
} from '@partner-kpi/metrics';
import type { Snapshot } from '../snapshot.types.js';
import {
  COLORS,
  PAGE_H,
  PAGE_W,
  type ChartEl,
  type DeckElement,
  type Deck,
  type Slide,
  type TableCell,
  type TableEl,
  type TextRun,
  type ValueFormat,
} from './deck.js';
import {
  count,
  formatMetric,
  formatMetricShort,
  formatValue,
  longDate,
  monthName,
  money,
  multiple,
  NOT_AVAILABLE,
  percent,
  timestampUtc,
} from './format.js';

/**
 * The board pack of a snapshot as a deck: cover, headline, one slide per executive (CMO, CRO,
 * CFO/CCO), the weekly pipeline, data coverage and the definitions appendix. Every number comes
 * from the snapshot (never from today's data) and every label and formula from the catalog
 * frozen with it. Figures carry footnote marks that point into the appendix.
 */

const M = 40; // page margin
const CONTENT_W = PAGE_W - 2 * M;

type Tone = 'good' | 'bad' | 'neutral';

interface Lift {
  big: string;
  text: string;
  tone: Tone;
}

/** Share of won bookings by class, from the deals behind total_bookings. */
export interface Coverage {
  rows: { class: DealClass; label: string; deals: number; amount: number; share: number | null }[];
  total_deals: number;
  total_amount: number;
}

const CLASS_LABEL: Record<DealClass, string> = {
  sourced: 'Partner-sourced',
  influenced: 'Partner-influenced',
  direct: 'Direct',
  other: 'Other partners (outside the filters)',
};

const CLASS_COLOR: Record<DealClass, string> = {
  sourced: COLORS.sourced,
  influenced: COLORS.influenced,
  direct: COLORS.direct,
  other: COLORS.other,
};

/** Attribution coverage: the share of won bookings partner-sourced, influenced, direct (and other). */
export function attributionCoverage(s: Snapshot): Coverage {
  const drill = s.content.drill.total_bookings;
  const rows = drill?.kind === 'deals' ? drill.rows : [];
  const classes: DealClass[] = ['sourced', 'influenced', 'direct', 'other'];
  const cents = (n: number) => Math.round(n * 100);
  const totalCents = rows.reduce((t, r) => t + cents(r.amount), 0);
  return {
    rows: classes
      .map((c) => {
        const of = rows.filter((r) => r.class === c);
        const amountCents = of.reduce((t, r) => t + cents(r.amount), 0);
        return {
          class: c,
          label: CLASS_LABEL[c],
          deals: of.length,
          amount: amountCents / 100,
          share: totalCents > 0 ? amountCents / totalCents : null,
        };
      })
      .filter((r) => r.class !== 'other' || r.deals > 0),
    total_deals: rows.length,
    total_amount: totalCents / 100,
  };
}

/** Text for the filters of a snapshot: 'All accounts and partners' or 'segment Enterprise; ...'. */
export function scopeText(filters: Snapshot['filters']): string {
  const parts = Object.entries(filters)
    .filter(([, v]) => Array.isArray(v) && v.length > 0)
    .map(([k, v]) => `${k.replace('_', ' ')} ${(v as string[]).join(', ')}`);
  return parts.length ? parts.join('; ') : 'all accounts and partners';
}

class PackBuilder {
  readonly currency: string;
  private readonly defs = new Map<string, MetricDefinition | PipelineMetricDefinition>();
  /** Footnote numbers in order of first use; the appendix lists them. */
  readonly footnotes: string[] = [];
  private readonly derived = new Map<string, { label: string; formula: string }>();

  constructor(readonly s: Snapshot) {
    this.currency = s.content.settings.reporting_currency;
    for (const d of s.content.catalog.metrics) this.defs.set(d.key, d);
    for (const d of s.content.catalog.pipeline) this.defs.set(d.key, d);
  }

  get m() {
    return this.s.content.metrics;
  }

  def(key: string): { label: string; formula: string; null_reason?: string | null } {
    return this.defs.get(key) ?? this.derived.get(key) ?? { label: key, formula: '' };
  }

  /** A derived figure shown on a slide (a ratio of two catalog figures), defined in the appendix too. */
  derive(key: string, label: string, formula: string): void {
    this.derived.set(key, { label, formula });
  }

  fn(...keys: string[]): string {
    return keys
      .map((key) => {
        let n = this.footnotes.indexOf(key);
        if (n < 0) n = this.footnotes.push(key) - 1;
        return String(n + 1);
      })
      .join(',');
  }

  /** Label runs with a footnote mark. */
  label(key: string, text = this.def(key).label, ...more: string[]): TextRun[] {
    return [{ text }, { text: this.fn(key, ...more), superscript: true }];
  }

  value(key: MetricKey): string {
    return formatMetric(key, this.m[key], this.currency);
  }

  short(key: MetricKey): string {
    return formatMetricShort(key, this.m[key], this.currency);
  }
}

// -------------------------------------------------------------------------------------------
// Building blocks

function header(title: string, subtitle: string): DeckElement[] {
  return [
    { kind: 'rect', x: 0, y: 0, w: PAGE_W, h: 6, fill: COLORS.navy },
    {
      kind: 'text',
      x: M,
      y: 24,
      w: CONTENT_W,
      h: 30,
      text: title,
      size: 22,
      bold: true,
      color: COLORS.navy,
    },
    {
      kind: 'text',
      x: M,
      y: 57,
      w: CONTENT_W,
      h: 16,
      text: subtitle,
      size: 11,
      color: COLORS.muted,
    },
    { kind: 'line', x1: M, y1: 84, x2: PAGE_W - M, y2: 84, color: COLORS.rule, width: 1 },
  ];
}

function sectionTitle(x: number, y: number, w: number, text: string): DeckElement {
  return { kind: 'text', x, y, w, h: 16, text, size: 11, bold: true, color: COLORS.ink };
}

function tile(
  x: number,
  y: number,
  w: number,
  h: number,
  label: TextRun[],
  value: string,
  sub: string[],
): DeckElement[] {
  return [
    { kind: 'rect', x, y, w, h, fill: COLORS.panel, radius: 6 },
    { kind: 'rect', x, y: y + 10, w: 3, h: h - 20, fill: COLORS.partner },
    {
      kind: 'text',
      x: x + 12,
      y: y + 10,
      w: w - 20,
      h: 13,
      text: label,
      size: 8.5,
      color: COLORS.muted,
    },
    {
      kind: 'text',
      x: x + 12,
      y: y + 27,
      w: w - 20,
      h: 28,
      text: value,
      size: 21,
      bold: true,
      color: COLORS.navy,
    },
    ...sub.map((t, i): DeckElement => ({
      kind: 'text',
      x: x + 12,
      y: y + 60 + i * 12,
      w: w - 20,
      h: 11,
      text: t,
      size: 7.5,
      color: COLORS.muted,
    })),
  ];
}

function badge(x: number, y: number, w: number, lift: Lift): DeckElement[] {
  const fill =
    lift.tone === 'good' ? COLORS.goodBg : lift.tone === 'bad' ? COLORS.badBg : COLORS.neutralBg;
  const color =
    lift.tone === 'good' ? COLORS.good : lift.tone === 'bad' ? COLORS.bad : COLORS.muted;
  return [
    { kind: 'rect', x, y, w, h: 24, fill, radius: 12 },
    {
      kind: 'text',
      x: x + 10,
      y,
      w: w - 20,
      h: 24,
      text: `${lift.big} ${lift.text}`,
      size: 10,
      bold: true,
      color,
      align: 'center',
      valign: 'middle',
    },
  ];
}

interface Side {
  name: string;
  value: string;
  color: string;
}

function comparisonCard(
  x: number,
  y: number,
  w: number,
  h: number,
  title: TextRun[],
  left: Side,
  right: Side,
  lift: Lift,
): DeckElement[] {
  const half = (w - 32) / 2;
  return [
    { kind: 'rect', x, y, w, h, fill: COLORS.panel, radius: 6 },
    {
      kind: 'text',
      x: x + 16,
      y: y + 12,
      w: w - 32,
      h: 15,
      text: title,
      size: 11,
      bold: true,
      color: COLORS.ink,
    },
    {
      kind: 'text',
      x: x + 16,
      y: y + 34,
      w: half,
      h: 12,
      text: left.name,
      size: 8.5,
      color: COLORS.muted,
    },
    {
      kind: 'text',
      x: x + 16,
      y: y + 48,
      w: half,
      h: 26,
      text: left.value,
      size: 19,
      bold: true,
      color: left.color,
    },
    {
      kind: 'text',
      x: x + 16 + half,
      y: y + 34,
      w: half,
      h: 12,
      text: right.name,
      size: 8.5,
      color: COLORS.muted,
    },
    {
      kind: 'text',
      x: x + 16 + half,
      y: y + 48,
      w: half,
      h: 26,
      text: right.value,
      size: 19,
      bold: true,
      color: right.color,
    },
    ...badge(x + 16, y + h - 36, w - 32, lift),
  ];
}

function figureTable(b: PackBuilder, x: number, y: number, w: number, keys: MetricKey[]): TableEl {
  return {
    kind: 'table',
    x,
    y,
    widths: [w - 120, 120],
    rowHeight: 24,
    header: ['Figure', 'Value'],
    rows: keys.map((k): TableCell[] => [{ text: b.label(k) }, { text: b.value(k), bold: true }]),
    align: ['left', 'right'],
    size: 9,
  };
}

function lineChartOfSeries(
  b: PackBuilder,
  x: number,
  y: number,
  w: number,
  h: number,
  title: string,
  keys: [MetricKey, string, string][],
  format: ValueFormat,
  type: ChartEl['type'] = 'line',
): ChartEl {
  const series = b.s.content.series.series;
  const hl = series.findIndex((e) => e.from === b.s.period.from && e.to === b.s.period.to);
  return {
    kind: 'chart',
    type,
    x,
    y,
    w,
    h,
    title,
    categories: series.map((e) => e.label),
    series: keys.map(([key, name, color]) => ({
      name,
      color,
      values: series.map((e) => e.metrics[key]),
    })),
    format,
    currency: b.currency,
    highlight: hl >= 0 ? hl : undefined,
  };
}

// -------------------------------------------------------------------------------------------
// Lifts: "2.1x win rate", "25% faster close"

function reductionLift(
  v: number | null,
  better: string,
  worse: string,
  reason: string | null | undefined,
): Lift {
  if (v === null)
    return { big: NOT_AVAILABLE, text: `n/a: ${reason ?? 'not enough data'}`, tone: 'neutral' };
  return v >= 0
    ? { big: percent(v, 0), text: better, tone: v > 0 ? 'good' : 'neutral' }
    : { big: percent(-v, 0), text: worse, tone: 'bad' };
}

function multipleLift(v: number | null, text: string, reason: string | null | undefined): Lift {
  if (v === null)
    return { big: NOT_AVAILABLE, text: `n/a: ${reason ?? 'not enough data'}`, tone: 'neutral' };
  return { big: multiple(v), text, tone: v > 1 ? 'good' : v < 1 ? 'bad' : 'neutral' };
}

function ratioOf(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

// -------------------------------------------------------------------------------------------
// Slides

function cover(b: PackBuilder): Slide {
  const s = b.s;
  const st = s.content.settings;
  const light = 'CBD5E1';
  const lines: [string, string][] = [
    ['As of', `figures frozen ${timestampUtc(s.created_at)}`],
    ['Scope', scopeText(s.filters)],
    [
      'Settings',
      `reporting currency ${st.reporting_currency} · fiscal year starting in ${monthName(st.fiscal_year_start_month)} · gross margin ${percent(st.gross_margin, 0)}`,
    ],
    [
      'Data',
      `fingerprint sha256 ${s.fingerprint.slice(0, 16)}… over ${count(s.content.fingerprint.tables.deals.rows)} deals and ${count(s.content.fingerprint.tables.accounts.rows)} accounts`,
    ],
  ];
  return {
    title: 'Cover',
    elements: [
      { kind: 'rect', x: 0, y: 0, w: PAGE_W, h: PAGE_H, fill: COLORS.navy },
      { kind: 'rect', x: 0, y: PAGE_H - 10, w: PAGE_W, h: 10, fill: COLORS.partner },
      {
        kind: 'text',
        x: 64,
        y: 60,
        w: 700,
        h: 16,
        text: 'PARTNER KPI  ·  BOARD PACK',
        size: 11,
        bold: true,
        color: COLORS.accent,
      },
      { kind: 'rect', x: 64, y: 140, w: 5, h: 112, fill: COLORS.accent },
      {
        kind: 'text',
        x: 84,
        y: 136,
        w: 820,
        h: 44,
        text: s.name,
        size: 32,
        bold: true,
        color: COLORS.white,
      },
      {
        kind: 'text',
        x: 84,
        y: 186,
        w: 820,
        h: 22,
        text: 'Partner performance: the numbers behind the partner program',
        size: 15,
        color: light,
      },
      {
        kind: 'text',
        x: 84,
        y: 222,
        w: 820,
        h: 26,
        text: `${s.period.label}  ·  ${longDate(s.period.from)} – ${longDate(s.period.to)}`,
        size: 18,
        bold: true,
        color: COLORS.white,
      },
      ...lines.flatMap(([k, v], i): DeckElement[] => [
        {
          kind: 'text',
          x: 84,
          y: 318 + i * 22,
          w: 80,
          h: 14,
          text: k.toUpperCase(),
          size: 9,
          bold: true,
          color: COLORS.accent,
        },
        { kind: 'text', x: 170, y: 317 + i * 22, w: 720, h: 14, text: v, size: 11, color: light },
      ]),
      {
        kind: 'text',
        x: 84,
        y: 470,
        w: 800,
        h: 14,
        text: 'Every figure is defined in the appendix and traceable to the deals behind it (XLSX appendix of this snapshot).',
        size: 9,
        color: COLORS.faint,
      },
    ],
  };
}

function headline(b: PackBuilder): Slide {
  const s = b.s;
  const m = b.m;
  const series = s.content.series.series;
  const at = series.findIndex((e) => e.from === s.period.from && e.to === s.period.to);
  const prev = at > 0 ? series[at - 1] : undefined;
  const qoq = (key: MetricKey): string | null => {
    const now = m[key];
    const before = prev?.metrics[key] ?? null;
    if (!prev || now === null || before === null) return null;
    if (unitOf(b, key) === 'ratio')
      return `${now >= before ? '+' : '−'}${Math.abs((now - before) * 100).toFixed(1)} pts vs ${prev.label}`;
    if (before === 0) return null;
    const ch = (now - before) / before;
    return `${ch >= 0 ? '+' : '−'}${Math.abs(ch * 100).toFixed(1)}% vs ${prev.label}`;
  };
  const keys: MetricKey[] = [
    'total_bookings',
    'partner_attributed_revenue',
    'partner_sourced_revenue',
    'partner_influenced_revenue',
    'partner_share_of_bookings',
    'active_partners',
  ];
  const gap = 10;
  const tw = (CONTENT_W - gap * (keys.length - 1)) / keys.length;
  const tiles = keys.flatMap((k, i) => {
    const sub: string[] = [];
    if (unitOf(b, k) === 'currency' && m[k] !== null) sub.push(money(m[k], b.currency));
    const q = qoq(k);
    if (q) sub.push(q);
    return tile(M + i * (tw + gap), 100, tw, 92, b.label(k), b.short(k), sub);
  });

  const chart: ChartEl = {
    ...lineChartOfSeries(b, M, 232, 560, 258, '', [], 'currency', 'stacked'),
    series: [
      {
        name: 'Partner-sourced',
        color: COLORS.sourced,
        values: series.map((e) => e.metrics.partner_sourced_revenue),
      },
      {
        name: 'Partner-influenced',
        color: COLORS.influenced,
        values: series.map((e) => e.metrics.partner_influenced_revenue),
      },
      {
        name: 'Direct and other',
        color: COLORS.direct,
        values: series.map((e) => {
          const t = e.metrics.total_bookings;
          const a = e.metrics.partner_attributed_revenue;
          return t === null || a === null ? null : Math.round((t - a) * 100) / 100;
        }),
      },
    ],
    title: 'Bookings by fiscal quarter',
  };

  const lifts: [MetricKey, Lift, string][] = [
    [
      'win_rate_lift',
      multipleLift(m.win_rate_lift, 'win rate', b.def('win_rate_lift').null_reason),
      'partner vs direct new-business deals',
    ],
    [
      'acv_lift',
      multipleLift(m.acv_lift, 'deal size (ACV)', b.def('acv_lift').null_reason),
      'partner vs direct won deals',
    ],
    [
      'cycle_time_reduction',
      reductionLift(
        m.cycle_time_reduction,
        'faster close',
        'slower close',
        b.def('cycle_time_reduction').null_reason,
      ),
      'median sales cycle, partner vs direct',
    ],
    [
      'cac_reduction',
      reductionLift(m.cac_reduction, 'lower CAC', 'higher CAC', b.def('cac_reduction').null_reason),
      'partner vs direct customer acquisition cost',
    ],
    [
      'churn_reduction',
      reductionLift(
        m.churn_reduction,
        'less churn',
        'more churn',
        b.def('churn_reduction').null_reason,
      ),
      'partner-attached vs unattached accounts',
    ],
  ];
  const px = M + 580;
  const pw = CONTENT_W - 580;
  const impact: DeckElement[] = [
    { kind: 'rect', x: px, y: 212, w: pw, h: 278, fill: COLORS.panel, radius: 6 },
    {
      kind: 'text',
      x: px + 16,
      y: 222,
      w: pw - 32,
      h: 16,
      text: 'Partner impact at a glance',
      size: 11,
      bold: true,
      color: COLORS.ink,
    },
    ...lifts.flatMap(([key, lift, context], i): DeckElement[] => {
      const y = 248 + i * 48;
      const color =
        lift.tone === 'good' ? COLORS.good : lift.tone === 'bad' ? COLORS.bad : COLORS.muted;
      return [
        { kind: 'text', x: px + 16, y, w: 84, h: 26, text: lift.big, size: 20, bold: true, color },
        {
          kind: 'text',
          x: px + 104,
          y: y + 1,
          w: pw - 120,
          h: 13,
          text: [
            { text: lift.text, bold: true },
            { text: b.fn(key), superscript: true },
          ],
          size: 9.5,
          color: COLORS.ink,
        },
        {
          kind: 'text',
          x: px + 104,
          y: y + 15,
          w: pw - 120,
          h: 12,
          text: context,
          size: 8,
          color: COLORS.muted,
        },
      ];
    }),
  ];
  return {
    title: 'Board headline',
    elements: [
      ...header(
        'Board headline: partner-sourced and partner-influenced revenue',
        `${s.period.label}: won new-business and expansion bookings closing ${longDate(s.period.from)} – ${longDate(s.period.to)}`,
      ),
      ...tiles,
      sectionTitle(
        M,
        212,
        560,
        'Bookings by fiscal quarter: partner-sourced, partner-influenced, direct',
      ),
      chart,
      ...impact,
    ],
  };
}

function unitOf(b: PackBuilder, key: MetricKey): string {
  return b.s.content.catalog.metrics.find((d) => d.key === key)?.unit ?? 'count';
}

const CARD_Y = 100;
const CARD_H = 128;
const CARD_W = (CONTENT_W - 2 * 16) / 3;
const cardX = (i: number) => M + i * (CARD_W + 16);

function executiveSlide(
  b: PackBuilder,
  title: string,
  subtitle: string,
  cards: { title: TextRun[]; left: Side; right: Side; lift: Lift }[],
  chartTitle: string,
  chart: ChartEl,
  tableTitle: string,
  tableKeys: MetricKey[],
): Slide {
  return {
    title,
    elements: [
      ...header(title, subtitle),
      ...cards.flatMap((c, i) =>
        comparisonCard(cardX(i), CARD_Y, CARD_W, CARD_H, c.title, c.left, c.right, c.lift),
      ),
      sectionTitle(M, 248, 540, chartTitle),
      chart,
      sectionTitle(M + 570, 248, CONTENT_W - 570, tableTitle),
      figureTable(b, M + 570, 270, CONTENT_W - 570, tableKeys),
    ],
  };
}

function cmo(b: PackBuilder): Slide {
  const m = b.m;
  b.derive(
    'lead_win_rate_ratio',
    'Lead win-rate ratio (derived)',
    'Lead win rate (partner-sourced) / lead win rate (not partner-sourced)',
  );
  b.derive(
    'lead_cycle_reduction',
    'Lead-cycle reduction (derived)',
    '1 − median lead cycle (partner-sourced) / median lead cycle (not partner-sourced)',
  );
  const leadRatio = ratioOf(m.lead_win_rate_sourced, m.lead_win_rate_non_sourced);
  const cycleRatio = ratioOf(
    m.lead_cycle_days_median_sourced,
    m.lead_cycle_days_median_non_sourced,
  );
  return executiveSlide(
    b,
    'CMO · Marketing efficiency',
    'Partners lower blended CAC; partner-sourced leads convert better and faster.',
    [
      {
        title: b.label('cac_reduction', 'Customer acquisition cost', 'partner_cac', 'direct_cac'),
        left: { name: 'Partner-acquired', value: b.short('partner_cac'), color: COLORS.partner },
        right: { name: 'Direct-acquired', value: b.short('direct_cac'), color: COLORS.muted },
        lift: reductionLift(
          m.cac_reduction,
          'lower CAC with partners',
          'higher CAC with partners',
          b.def('cac_reduction').null_reason,
        ),
      },
      {
        title: b.label(
          'lead_win_rate_sourced',
          'Lead win rate',
          'lead_win_rate_non_sourced',
          'lead_win_rate_ratio',
        ),
        left: {
          name: 'Partner-sourced',
          value: b.short('lead_win_rate_sourced'),
          color: COLORS.partner,
        },
        right: {
          name: 'Not partner-sourced',
          value: b.short('lead_win_rate_non_sourced'),
          color: COLORS.muted,
        },
        lift: multipleLift(leadRatio, 'win rate on partner leads', 'no closed leads of one kind'),
      },
      {
        title: b.label(
          'lead_cycle_days_median_sourced',
          'Median lead cycle',
          'lead_cycle_days_median_non_sourced',
          'lead_cycle_reduction',
        ),
        left: {
          name: 'Partner-sourced',
          value: b.short('lead_cycle_days_median_sourced'),
          color: COLORS.partner,
        },
        right: {
          name: 'Not partner-sourced',
          value: b.short('lead_cycle_days_median_non_sourced'),
          color: COLORS.muted,
        },
        lift: reductionLift(
          cycleRatio === null ? null : 1 - cycleRatio,
          'faster on partner leads',
          'slower on partner leads',
          'no won leads of one kind',
        ),
      },
    ],
    'CAC by fiscal quarter: partner vs direct',
    lineChartOfSeries(
      b,
      M,
      268,
      540,
      222,
      'CAC by fiscal quarter',
      [
        ['partner_cac', 'Partner CAC', COLORS.partner],
        ['direct_cac', 'Direct CAC', COLORS.direct],
      ],
      'currency',
      'column',
    ),
    'Acquisition',
    [
      'new_customers',
      'new_customers_partner',
      'new_customers_direct',
      'blended_cac',
      'cac_payback_months',
    ],
  );
}

function cro(b: PackBuilder): Slide {
  const m = b.m;
  return executiveSlide(
    b,
    'CRO · Sales velocity and win rates',
    'Co-sold deals win more often, are larger and close faster (new-business deals closing in the period).',
    [
      {
        title: b.label('win_rate_lift', 'Win rate', 'win_rate_partner', 'win_rate_direct'),
        left: { name: 'Partner deals', value: b.short('win_rate_partner'), color: COLORS.partner },
        right: { name: 'Direct deals', value: b.short('win_rate_direct'), color: COLORS.muted },
        lift: multipleLift(
          m.win_rate_lift,
          'win rate with partners',
          b.def('win_rate_lift').null_reason,
        ),
      },
      {
        title: b.label('acv_lift', 'Average contract value', 'acv_partner', 'acv_direct'),
        left: { name: 'Partner deals', value: b.short('acv_partner'), color: COLORS.partner },
        right: { name: 'Direct deals', value: b.short('acv_direct'), color: COLORS.muted },
        lift: multipleLift(m.acv_lift, 'ACV with partners', b.def('acv_lift').null_reason),
      },
      {
        title: b.label(
          'cycle_time_reduction',
          'Median sales cycle',
          'cycle_days_median_partner',
          'cycle_days_median_direct',
        ),
        left: {
          name: 'Partner deals',
          value: b.short('cycle_days_median_partner'),
          color: COLORS.partner,
        },
        right: {
          name: 'Direct deals',
          value: b.short('cycle_days_median_direct'),
          color: COLORS.muted,
        },
        lift: reductionLift(
          m.cycle_time_reduction,
          'faster close with partners',
          'slower close with partners',
          b.def('cycle_time_reduction').null_reason,
        ),
      },
    ],
    'Win rate by fiscal quarter: partner vs direct',
    lineChartOfSeries(
      b,
      M,
      268,
      540,
      222,
      'Win rate by fiscal quarter',
      [
        ['win_rate_partner', 'Partner', COLORS.partner],
        ['win_rate_direct', 'Direct', COLORS.direct],
      ],
      'percent',
    ),
    'Partner-sourced vs partner-influenced',
    [
      'win_rate_sourced',
      'win_rate_influenced',
      'acv_sourced',
      'acv_influenced',
      'sales_velocity_partner',
      'sales_velocity_direct',
    ],
  );
}

function cfo(b: PackBuilder): Slide {
  const m = b.m;
  b.derive(
    'nrr_difference',
    'NRR difference (derived)',
    'NRR (partner-attached) − NRR (no partner attached), in percentage points',
  );
  const nrrDiff =
    m.nrr_attached === null || m.nrr_unattached === null ? null : m.nrr_attached - m.nrr_unattached;
  const nrrLift: Lift =
    nrrDiff === null
      ? { big: NOT_AVAILABLE, text: 'n/a: no attached or unattached cohort', tone: 'neutral' }
      : {
          big: `${nrrDiff >= 0 ? '+' : '−'}${Math.abs(nrrDiff * 100).toFixed(1)} pts`,
          text: 'NRR with partners attached',
          tone: nrrDiff > 0 ? 'good' : nrrDiff < 0 ? 'bad' : 'neutral',
        };
  return executiveSlide(
    b,
    'CFO / CCO · Retention and efficiency',
    `Partner-attached customers churn less and expand more (trailing twelve months to ${longDate(b.s.period.to)}).`,
    [
      {
        title: b.label('nrr_attached', 'Net revenue retention', 'nrr_unattached', 'nrr_difference'),
        left: { name: 'Partner attached', value: b.short('nrr_attached'), color: COLORS.partner },
        right: {
          name: 'No partner attached',
          value: b.short('nrr_unattached'),
          color: COLORS.muted,
        },
        lift: nrrLift,
      },
      {
        title: b.label(
          'churn_reduction',
          'Logo churn',
          'churn_rate_attached',
          'churn_rate_unattached',
        ),
        left: {
          name: 'Partner attached',
          value: b.short('churn_rate_attached'),
          color: COLORS.partner,
        },
        right: {
          name: 'No partner attached',
          value: b.short('churn_rate_unattached'),
          color: COLORS.muted,
        },
        lift: reductionLift(
          m.churn_reduction,
          'less churn with partners',
          'more churn with partners',
          b.def('churn_reduction').null_reason,
        ),
      },
      {
        title: b.label(
          'partner_program_roi',
          'Partner program ROI',
          'partner_sourced_revenue',
          'partner_spend',
        ),
        left: {
          name: 'Partner-sourced revenue',
          value: b.short('partner_sourced_revenue'),
          color: COLORS.partner,
        },
        right: {
          name: 'Partner program spend',
          value: b.short('partner_spend'),
          color: COLORS.muted,
        },
        lift: multipleLift(
          m.partner_program_roi,
          'sourced revenue per unit of spend',
          b.def('partner_program_roi').null_reason,
        ),
      },
    ],
    'Net revenue retention by fiscal quarter: attached vs unattached',
    lineChartOfSeries(
      b,
      M,
      268,
      540,
      222,
      'NRR by fiscal quarter',
      [
        ['nrr_attached', 'Partner attached', COLORS.partner],
        ['nrr_unattached', 'No partner attached', COLORS.direct],
      ],
      'percent',
    ),
    'Retention (whole cohort)',
    ['nrr', 'grr', 'logo_churn_rate', 'revenue_churn_rate', 'partner_spend'],
  );
}

/** The library's placeholder stage buckets, in board language. */
function stageLabel(stage: string): string {
  if (stage === STAGE_CLOSED_AFTER_AS_OF) return 'Closed since then';
  if (stage === STAGE_NONE) return 'No stage recorded';
  return stage;
}

const PIPELINE_ROWS: [string, PipelineKey, PipelineKey][] = [
  ['Open pipeline', 'open_pipeline_partner', 'open_pipeline_direct'],
  ['Open deals', 'open_deals_partner', 'open_deals_direct'],
  ['New pipeline this week', 'new_pipeline_partner', 'new_pipeline_direct'],
  ['Won this week', 'won_this_week_partner', 'won_this_week_direct'],
  ['Lost this week', 'lost_this_week_partner', 'lost_this_week_direct'],
  ['Closing this quarter', 'closing_this_quarter_partner', 'closing_this_quarter_direct'],
  ['Slipped deals', 'slipped_deals_partner', 'slipped_deals_direct'],
];

function pipelineSlide(b: PackBuilder): Slide {
  const p = b.s.content.pipeline;
  const unit = (k: PipelineKey) =>
    b.s.content.catalog.pipeline.find((d) => d.key === k)?.unit ?? 'count';
  const fmt = (k: PipelineKey) => formatValue(k, unit(k), p.metrics[k], b.currency);
  const table: TableEl = {
    kind: 'table',
    x: M,
    y: 122,
    widths: [230, 120, 120],
    rowHeight: 22,
    header: ['', 'Partner', 'Direct'],
    rows: PIPELINE_ROWS.map(([label, pk, dk]): TableCell[] => {
      // One footnote per row: the partner and direct definitions differ only in the class.
      const key = `pipeline:${pk}`;
      b.derive(
        key,
        `${label} (partner; direct)`,
        `Partner: ${b.def(pk).formula}. Direct: ${b.def(dk).formula}.`,
      );
      return [
        { text: b.label(key, label) },
        { text: fmt(pk), bold: true, color: COLORS.partner },
        { text: fmt(dk), bold: true },
      ];
    }),
    align: ['left', 'right', 'right'],
    size: 9,
  };
  // Open pipeline by stage, partner (sourced + influenced) vs direct: the six largest stages.
  const stages = new Map<string, { partner: number; direct: number }>();
  for (const r of p.by_stage) {
    const name = stageLabel(r.stage_name);
    const e = stages.get(name) ?? { partner: 0, direct: 0 };
    if (r.class === 'sourced' || r.class === 'influenced') e.partner += r.amount;
    if (r.class === 'direct') e.direct += r.amount;
    stages.set(name, e);
  }
  const top = [...stages.entries()]
    .sort((a, b2) => b2[1].partner + b2[1].direct - (a[1].partner + a[1].direct))
    .slice(0, 6);
  const chart: ChartEl = {
    kind: 'chart',
    type: 'hbar',
    x: M + 500,
    y: 122,
    w: CONTENT_W - 500,
    h: 176,
    title: 'Open pipeline by stage',
    categories: top.map(([name]) => name),
    series: [
      {
        name: 'Partner',
        color: COLORS.partner,
        values: top.map(([, v]) => Math.round(v.partner * 100) / 100),
      },
      {
        name: 'Direct',
        color: COLORS.direct,
        values: top.map(([, v]) => Math.round(v.direct * 100) / 100),
      },
    ],
    format: 'currency',
    currency: b.currency,
  };
  const deals = p.deals.slice(0, 6);
  const dealsTable: TableEl = {
    kind: 'table',
    x: M,
    y: 336,
    widths: [330, 110, 170, 120, 150],
    rowHeight: 21,
    header: ['Deal', 'Class', 'Stage', 'Expected close', 'Amount'],
    rows: deals.length
      ? deals.map((d): TableCell[] => [
          d.name ?? d.deal_id,
          d.class === 'sourced'
            ? 'Partner-sourced'
            : d.class === 'influenced'
              ? 'Partner-influenced'
              : d.class,
          // Open at the as-of date but closed since: the stored stage is the closing one.
          d.closed_on !== null && d.closed_on > p.as_of
            ? stageLabel(STAGE_CLOSED_AFTER_AS_OF)
            : stageLabel(d.stage_name ?? STAGE_NONE),
          d.expected_close_on ? longDate(d.expected_close_on) : '',
          { text: money(Number(d.amount), b.currency), bold: true },
        ])
      : [['No open partner deals', '', '', '', '']],
    align: ['left', 'left', 'left', 'left', 'right'],
    size: 8.5,
  };
  return {
    title: 'Weekly pipeline review',
    elements: [
      ...header(
        'Weekly pipeline review',
        `As of ${longDate(p.as_of)}: week ${longDate(p.week.from)} – ${longDate(p.week.to)}, quarter ${p.quarter.label}. Partner = partner-sourced or partner-influenced.`,
      ),
      sectionTitle(M, 100, 470, 'Partner vs direct'),
      table,
      sectionTitle(M + 500, 100, CONTENT_W - 500, 'Open pipeline by stage (largest six)'),
      chart,
      sectionTitle(
        M,
        314,
        CONTENT_W,
        `Largest open partner deals (${count(p.deals.length)} open in all)`,
      ),
      dealsTable,
    ],
  };
}

function coverageSlide(b: PackBuilder): Slide {
  const cov = attributionCoverage(b.s);
  const fp = b.s.content.fingerprint;
  const bar: DeckElement[] = [];
  let x = M;
  const barY = 124;
  for (const r of cov.rows) {
    if (!r.share) continue;
    const w = CONTENT_W * r.share;
    bar.push({ kind: 'rect', x, y: barY, w, h: 40, fill: CLASS_COLOR[r.class] });
    if (w > 70) {
      bar.push({
        kind: 'text',
        x: x + 8,
        y: barY,
        w: w - 16,
        h: 40,
        text: `${r.label} ${percent(r.share, 0)}`,
        size: 10,
        bold: true,
        color: r.class === 'sourced' || r.class === 'influenced' ? COLORS.white : COLORS.ink,
        valign: 'middle',
      });
    }
    x += w;
  }
  if (cov.total_deals === 0) {
    bar.push({ kind: 'rect', x: M, y: barY, w: CONTENT_W, h: 40, fill: COLORS.panel });
    bar.push({
      kind: 'text',
      x: M + 10,
      y: barY,
      w: CONTENT_W - 20,
      h: 40,
      text: 'No won bookings in the period',
      size: 10,
      color: COLORS.muted,
      valign: 'middle',
    });
  }
  const table: TableEl = {
    kind: 'table',
    x: M,
    y: 200,
    widths: [300, 120, 200, 160],
    rowHeight: 22,
    header: ['Attribution', 'Won deals', 'Bookings', 'Share of bookings'],
    rows: [
      ...cov.rows.map((r): TableCell[] => [
        r.label,
        count(r.deals),
        money(r.amount, b.currency),
        r.share === null ? NOT_AVAILABLE : percent(r.share),
      ]),
      [
        { text: 'Total bookings', bold: true },
        { text: count(cov.total_deals), bold: true },
        { text: money(cov.total_amount, b.currency), bold: true },
        { text: cov.total_deals ? '100.0%' : NOT_AVAILABLE, bold: true },
      ],
    ],
    align: ['left', 'right', 'right', 'right'],
    size: 9,
  };
  const t = fp.tables;
  const notes = [
    `Computed from the ${count(cov.total_deals)} won bookings deals frozen in this snapshot (the deals behind total bookings); partner share = sourced + influenced.`,
    'A touch counts only when dated on or before the close; renewals are never bookings; influenced never double-counts sourced.',
    `Data fingerprint (sha256): ${fp.value}`,
    `Rows covered: ${count(t.partners.rows)} partners · ${count(t.accounts.rows)} accounts · ${count(t.deals.rows)} deals · ${count(t.touches.rows)} touches · ${count(t.arr.rows)} ARR rows · ${count(t.attachments.rows)} attachments · ${count(t.spend.rows)} spend rows.`,
    'A fuller data-quality report (late touches, missing links, suspicious rows) is in Partner KPI; the compare of this snapshot lists any restated deal.',
  ];
  return {
    title: 'Data coverage',
    elements: [
      ...header(
        'Data coverage: attribution of won bookings',
        `Share of the period's won bookings that is partner-sourced, partner-influenced or direct (${count(cov.total_deals)} deals, ${money(cov.total_amount, b.currency)}).`,
      ),
      sectionTitle(M, 100, CONTENT_W, 'Won bookings by attribution'),
      ...bar,
      table,
      { kind: 'rect', x: M, y: 348, w: CONTENT_W, h: 140, fill: COLORS.panel, radius: 6 },
      sectionTitle(M + 16, 358, CONTENT_W - 32, 'What the figures are computed from'),
      ...notes.map((n, i): DeckElement => ({
        kind: 'text',
        x: M + 16,
        y: 380 + i * 20,
        w: CONTENT_W - 32,
        h: 14,
        text: `•  ${n}`,
        size: 8.5,
        color: COLORS.ink,
      })),
    ],
  };
}

/** The definitions appendix: every footnote, in order, in two columns over as many pages as needed. */
function appendix(b: PackBuilder): Slide[] {
  const colW = (CONTENT_W - 30) / 2;
  const top = 100;
  const bottom = 490;
  const slides: Slide[] = [];
  let elements: DeckElement[] = [];
  let col = 0;
  let y = top;
  const newPage = () => {
    const n = slides.length + 1;
    elements = [
      ...header(
        n === 1 ? 'Appendix: definitions' : `Appendix: definitions (${n})`,
        `As defined in the metric catalog frozen with this snapshot; money in ${b.currency}, rounded to the cent once, at the end.`,
      ),
    ];
    slides.push({
      title: n === 1 ? 'Appendix: definitions' : `Appendix: definitions (${n})`,
      elements,
    });
    col = 0;
    y = top;
  };
  newPage();
  b.footnotes.forEach((key, i) => {
    const d = b.def(key);
    // Helvetica averages under half an em per character: the lines the formula will take.
    const lines = Math.max(1, Math.ceil((d.formula.length * 7.5 * 0.47) / (colW - 30)));
    const h = 11 + lines * 9.5 + 5;
    if (y + h > bottom) {
      if (col === 0) {
        col = 1;
        y = top;
      } else newPage();
    }
    const x = M + col * (colW + 30);
    elements.push({
      kind: 'text',
      x,
      y,
      w: 22,
      h: 11,
      text: `${i + 1}`,
      size: 8,
      bold: true,
      color: COLORS.partner,
    });
    elements.push({
      kind: 'text',
      x: x + 22,
      y,
      w: colW - 22,
      h: 11,
      text: d.label,
      size: 8,
      bold: true,
      color: COLORS.ink,
    });
    elements.push({
      kind: 'text',
      x: x + 22,
      y: y + 11,
      w: colW - 22,
      h: lines * 9.5,
      text: d.formula,
      size: 7.5,
      color: COLORS.muted,
    });
    y += h;
  });
  return slides;
}

function footer(slide: Slide, page: number, pages: number, b: PackBuilder): void {
  slide.elements.push(
    { kind: 'line', x1: M, y1: 506, x2: PAGE_W - M, y2: 506, color: COLORS.rule, width: 0.75 },
    {
      kind: 'text',
      x: M,
      y: 512,
      w: 560,
      h: 12,
      text: `Partner KPI  ·  ${b.s.name}  ·  ${b.s.period.label}`,
      size: 7.5,
      color: COLORS.faint,
    },
    {
      kind: 'text',
      x: PAGE_W - M - 320,
      y: 512,
      w: 320,
      h: 12,
      text: `Frozen ${timestampUtc(b.s.created_at)}  ·  ${page} / ${pages}`,
      size: 7.5,
      color: COLORS.faint,
      align: 'right',
    },
  );
}

export function buildBoardPack(s: Snapshot): Deck {
  const b = new PackBuilder(s);
  const slides = [
    cover(b),
    headline(b),
    cmo(b),
    cro(b),
    cfo(b),
    pipelineSlide(b),
    coverageSlide(b),
  ];
  slides.push(...appendix(b));
  slides.forEach((slide, i) => {
    if (i > 0) footer(slide, i + 1, slides.length, b);
  });
  return {
    title: `${s.name}: ${s.period.label}`,
    subject: `Partner KPI board pack, ${s.period.from} to ${s.period.to}`,
    author: 'Partner KPI',
    slides,
  };
}
