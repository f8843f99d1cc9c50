// The Recharts parts of every chart, in one lazily loaded chunk (Recharts is most of the
// JavaScript of the app: the shell and the figures render before it arrives). The chart
// components (features/*/…Chart.tsx) own the query and the loading/empty/error states; these
// only draw. Animations are off: figures for a board should not wobble, and print at once.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  LabelList,
  Line,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { PRINT_HEIGHT_SCALE, PRINT_WIDTH, usePrinting } from '../lib/print';
import { CHART, SERIES_COLOURS, CLASS_COLOURS } from '../lib/theme';

performance.mark('plots-eval');
const axisProps = { stroke: CHART.axis, fontSize: CHART.fontSize, tickLine: false } as const;
const tooltipStyle = { fontSize: 13, borderRadius: 6, borderColor: '#cbd5e1' } as const;

/** Responsive on screen; a fixed width on paper (see lib/print.ts). */
function useSize(height: number, print: keyof typeof PRINT_WIDTH) {
  const printing = usePrinting();
  return printing
    ? {
        width: PRINT_WIDTH[print],
        height: Math.round(height * PRINT_HEIGHT_SCALE),
        responsive: false as const,
      }
    : { responsive: true as const, style: { width: '100%', height } };
}

/** An HTML legend (readable text colours whatever the series colour, and in reading order). */
function ChartLegend({ items }: { items: { label: string; colour: string; line?: boolean }[] }) {
  return (
    <ul className="legend">
      {items.map((i) => (
        <li key={i.label}>
          <span
            className={i.line ? 'swatch swatch-line' : 'swatch'}
            style={{ background: i.colour }}
            aria-hidden="true"
          />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** "FY2026 Q4" on two lines (Q4 over FY2026), so eight quarters fit a tablet or a page; * = to date. */
function QuarterTick({
  x,
  y,
  payload,
  partial,
}: {
  x: number | string;
  y: number | string;
  payload: { value: string };
  partial: boolean;
}) {
  const m = /^(FY\d{4}) (Q[1-4])$/.exec(payload.value);
  const [top, bottom] = m ? [m[2], m[1]] : [payload.value, ''];
  return (
    <g transform={`translate(${x},${y})`}>
      <text
        data-tick={payload.value}
        textAnchor="middle"
        fill={CHART.axis}
        fontSize={CHART.fontSize}
      >
        <tspan x={0} dy={12} fontWeight={600}>
          {top}
          {partial ? '*' : ''}
        </tspan>
        <tspan x={0} dy={14}>
          {bottom}
        </tspan>
      </text>
    </g>
  );
}

export interface TrendPoint {
  label: string;
  sourced: number;
  influenced: number;
  nonPartner: number;
  share: number | null;
  partial: boolean;
}

export function TrendPlot({
  data,
  money,
  percent,
  onSelect,
  height,
}: {
  data: TrendPoint[];
  money: (v: number) => string;
  percent: (v: number) => string;
  onSelect?: (index: number) => void;
  height: number;
}) {
  const click = onSelect ? (_: unknown, index: number) => onSelect(index) : undefined;
  const names: Record<string, string> = {
    sourced: 'Partner-sourced',
    influenced: 'Partner-influenced',
    nonPartner: 'Direct and other bookings',
    share: 'Partner share of bookings',
  };
  const size = useSize(height, 'full');
  return (
    <>
      <ComposedChart data={data} {...size} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid stroke={CHART.grid} vertical={false} />
        <XAxis
          dataKey="label"
          {...axisProps}
          interval={0}
          height={40}
          tick={(props: {
            x: number | string;
            y: number | string;
            payload: { value: string; index: number };
          }) => <QuarterTick {...props} partial={data[props.payload.index]?.partial ?? false} />}
        />
        <YAxis yAxisId="money" {...axisProps} tickFormatter={money} width={64} />
        <YAxis
          yAxisId="share"
          orientation="right"
          {...axisProps}
          domain={[0, 1]}
          tickFormatter={percent}
          width={48}
        />
        <Tooltip
          contentStyle={tooltipStyle}
          formatter={(value, name) => [
            typeof value === 'number' ? (name === 'share' ? percent(value) : money(value)) : '—',
            names[String(name)] ?? String(name),
          ]}
        />
        <Bar
          yAxisId="money"
          dataKey="sourced"
          stackId="bookings"
          fill={CLASS_COLOURS.sourced}
          isAnimationActive={false}
          onClick={click}
          cursor={click ? 'pointer' : undefined}
        />
        <Bar
          yAxisId="money"
          dataKey="influenced"
          stackId="bookings"
          fill={CLASS_COLOURS.influenced}
          isAnimationActive={false}
          onClick={click}
          cursor={click ? 'pointer' : undefined}
        />
        <Bar
          yAxisId="money"
          dataKey="nonPartner"
          stackId="bookings"
          fill={SERIES_COLOURS.nonPartner}
          isAnimationActive={false}
          onClick={click}
          cursor={click ? 'pointer' : undefined}
        />
        <Line
          yAxisId="share"
          dataKey="share"
          stroke={SERIES_COLOURS.share}
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
          connectNulls={false}
        />
      </ComposedChart>
      <ChartLegend
        items={[
          { label: names.sourced, colour: CLASS_COLOURS.sourced },
          { label: names.influenced, colour: CLASS_COLOURS.influenced },
          { label: names.nonPartner, colour: SERIES_COLOURS.nonPartner },
          { label: names.share, colour: SERIES_COLOURS.share, line: true },
        ]}
      />
    </>
  );
}

export interface BarSeries {
  key: string;
  label: string;
  colour: string;
}

export type BarRow = { name: string; colour?: string } & Record<
  string,
  number | string | null | undefined
>;

/**
 * Bars by category: one series (each bar its row's colour) or several (grouped, or stacked);
 * vertical bars, or horizontal ones for long category names.
 */
export function BarsPlot({
  data,
  series,
  format,
  axisFormat,
  height,
  horizontal = false,
  stacked = false,
  labels = true,
  domain,
  onBarClick,
  printWidth = 'half',
}: {
  data: BarRow[];
  series: BarSeries[];
  format: (v: number, seriesKey: string) => string;
  axisFormat: (v: number) => string;
  height: number;
  horizontal?: boolean;
  stacked?: boolean;
  labels?: boolean;
  domain?: [number, number | 'auto'];
  onBarClick?: (seriesKey: string, rowIndex: number) => void;
  printWidth?: 'full' | 'half';
}) {
  const valueAxis = {
    ...axisProps,
    type: 'number' as const,
    tickFormatter: axisFormat,
    domain: domain ?? [0, 'auto'],
  };
  const categoryAxis = { ...axisProps, type: 'category' as const, dataKey: 'name' };
  const labelOf = Object.fromEntries(series.map((s) => [s.key, s.label]));
  const size = useSize(height, printWidth);
  return (
    <>
      <BarChart
        data={data}
        layout={horizontal ? 'vertical' : 'horizontal'}
        {...size}
        margin={{
          top: labels && !horizontal ? 20 : 8,
          right: labels && horizontal ? 56 : 8,
          bottom: 0,
          left: 4,
        }}
      >
        <CartesianGrid stroke={CHART.grid} vertical={horizontal} horizontal={!horizontal} />
        {horizontal ? (
          <>
            <XAxis {...valueAxis} />
            <YAxis {...categoryAxis} width={118} interval={0} />
          </>
        ) : (
          <>
            <XAxis {...categoryAxis} interval={0} />
            <YAxis {...valueAxis} width={60} />
          </>
        )}
        <Tooltip
          contentStyle={tooltipStyle}
          cursor={{ fill: 'rgba(148, 163, 184, 0.15)' }}
          formatter={(value, name) => [
            typeof value === 'number' ? format(value, String(name)) : '—',
            labelOf[String(name)] ?? String(name),
          ]}
        />
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            fill={s.colour}
            stackId={stacked ? 'stack' : undefined}
            isAnimationActive={false}
            maxBarSize={horizontal ? 28 : 56}
            cursor={onBarClick ? 'pointer' : undefined}
            onClick={
              onBarClick ? (_: unknown, index: number) => onBarClick(s.key, index) : undefined
            }
          >
            {series.length === 1 &&
              data.map((row) => <Cell key={row.name} fill={row.colour ?? s.colour} />)}
            {labels && !stacked && (
              <LabelList
                dataKey={s.key}
                position={horizontal ? 'right' : 'top'}
                fontSize={12}
                fill={CHART.axis}
                formatter={(v: unknown) => (typeof v === 'number' ? format(v, s.key) : '—')}
              />
            )}
          </Bar>
        ))}
      </BarChart>
      {series.length > 1 && (
        <ChartLegend items={series.map((x) => ({ label: x.label, colour: x.colour }))} />
      )}
    </>
  );
}
