// A snapshot as reported: the headline, the frozen eight-quarter trend, the CMO / CRO / CFO
// figures grouped by the frozen catalog's alignment, and the pipeline as of the period's end.
// Read-only: the values do not link to today's drill-down (it would show today's deals).
import type { Alignment, MetricKey } from '@partner-kpi/metrics';
import type { CatalogEntry } from '../../api/types';
import { useApp } from '../../app/app-context';
import { ChartCard } from '../../components/ChartCard';
import { Help } from '../../components/Help';
import { FigureValue } from '../../components/MetricFigure';
import { TrendPlot, type TrendPoint } from '../../charts';
import { nullReason } from '../../lib/catalog';
import { groupFigures, type FigureGroups } from './board-pack';
import type { Snapshot } from './types';

const HEADLINE: readonly MetricKey[] = [
  'partner_sourced_revenue',
  'partner_influenced_revenue',
  'partner_attributed_revenue',
  'partner_share_of_bookings',
];

const PANELS: readonly { alignment: Exclude<Alignment, 'board'>; kicker: string }[] = [
  { alignment: 'cmo', kicker: 'CMO · marketing efficiency' },
  { alignment: 'cfo', kicker: 'CFO / CCO · retention and efficiency' },
  { alignment: 'cro', kicker: 'CRO · win rates and velocity' },
];

type Values = Readonly<Record<string, number | null>>;

export function FrozenBoard({ snapshot: s }: { snapshot: Snapshot }) {
  const { catalog, fmt } = useApp();
  const { content } = s;
  const values: Values = content.metrics;
  const board = content.catalog.metrics.filter(
    (e) => e.alignment === 'board' && !HEADLINE.includes(e.key),
  );
  return (
    <div className="frozen-board" data-testid="frozen-board">
      <section className="headline" aria-label="Headline figures as reported">
        <div className="tiles">
          {HEADLINE.map((key) => (
            <FrozenTile key={key} entry={catalog.metric(key)} value={values[key] ?? null} />
          ))}
        </div>
        <p className="headline-context">
          {board.map((entry) => (
            <span
              key={entry.key}
              className="context-figure"
              data-metric={entry.key}
              data-value={String(values[entry.key] ?? null)}
            >
              {entry.label}:{' '}
              <FigureValue entry={entry} value={values[entry.key] ?? null} drill={false} />
              <Help entry={entry} />
            </span>
          ))}
        </p>
      </section>
      <FrozenTrend snapshot={s} />
      <div className="frozen-panels">
        {PANELS.map((p) => {
          const entries = content.catalog.metrics.filter((e) => e.alignment === p.alignment);
          if (entries.length === 0) return null;
          return (
            <section
              key={p.alignment}
              className="panel card"
              data-panel={p.alignment}
              aria-labelledby={`frozen-${p.alignment}`}
            >
              <header className="panel-head">
                <h2 className="panel-kicker" id={`frozen-${p.alignment}`}>
                  {p.kicker}
                </h2>
              </header>
              <FigureTables
                groups={groupFigures(entries)}
                values={values}
                caption={`${p.alignment.toUpperCase()} figures as reported`}
              />
            </section>
          );
        })}
        {content.catalog.pipeline.length > 0 && (
          <section className="panel card" data-panel="pipeline" aria-labelledby="frozen-pipeline">
            <header className="panel-head">
              <h2 className="panel-kicker" id="frozen-pipeline">
                Pipeline · as of {fmt.date(content.pipeline.as_of)}
              </h2>
            </header>
            <FigureTables
              groups={groupFigures(content.catalog.pipeline)}
              values={content.pipeline.metrics}
              caption="Pipeline figures as reported"
            />
          </section>
        )}
      </div>
    </div>
  );
}

function FrozenTile({ entry, value }: { entry: CatalogEntry; value: number | null }) {
  return (
    <article className="tile" data-metric={entry.key} data-value={String(value)}>
      <div className="tile-head">
        <h3>{entry.label}</h3>
        <Help entry={entry} />
      </div>
      <FigureValue entry={entry} value={value} compact drill={false} className="value-large" />
      {value === null && <p className="null-reason">{nullReason(entry)}</p>}
    </article>
  );
}

/** One alignment's figures: singles as a list, class variants side by side. */
function FigureTables({
  groups,
  values,
  caption,
}: {
  groups: FigureGroups<CatalogEntry>;
  values: Values;
  caption: string;
}) {
  const value = (key: string) => values[key] ?? null;
  return (
    <>
      {groups.singles.length > 0 && (
        <table className="metric-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.singles.map((entry) => (
              <tr key={entry.key} data-metric={entry.key} data-value={String(value(entry.key))}>
                <th scope="row">
                  <span className="row-label">
                    {entry.label}
                    <Help entry={entry} />
                  </span>
                </th>
                <td className="num">
                  <FigureValue entry={entry} value={value(entry.key)} drill={false} />
                  {value(entry.key) === null && (
                    <span className="null-reason small">{nullReason(entry)}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {groups.matrices.map((m) => (
        <div className="table-scroll" key={m.columns.join()}>
          <table className="compare-table">
            <caption className="visually-hidden">
              {caption}: {m.columns.join(' vs ')}
            </caption>
            <thead>
              <tr>
                <td />
                {m.columns.map((c) => (
                  <th key={c} scope="col" className="num">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.rows.map((row) => (
                <tr key={row.base}>
                  <th scope="row">
                    <span className="row-label">
                      {row.base}
                      <Help entry={row.cells[0]} />
                    </span>
                  </th>
                  {row.cells.map((entry) => (
                    <td
                      key={entry.key}
                      className="num"
                      data-metric={entry.key}
                      data-value={String(value(entry.key))}
                    >
                      <FigureValue entry={entry} value={value(entry.key)} compact drill={false} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

/** The frozen series: partner-sourced and -influenced bookings and the share, per quarter. */
function FrozenTrend({ snapshot: s }: { snapshot: Snapshot }) {
  const { fmt, catalog } = useApp();
  const series = s.content.series.series;
  const asOf = s.created_at.slice(0, 10);
  const points: TrendPoint[] = series.map((q) => {
    const sourced = q.metrics.partner_sourced_revenue ?? 0;
    const influenced = q.metrics.partner_influenced_revenue ?? 0;
    const total = q.metrics.total_bookings ?? 0;
    return {
      label: q.label,
      sourced,
      influenced,
      nonPartner: Math.max(0, Math.round((total - sourced - influenced) * 100) / 100),
      share: q.metrics.partner_share_of_bookings,
      partial: q.to > asOf,
    };
  });
  const empty = points.every((p) => p.sourced + p.influenced + p.nonPartner === 0);
  const keys = [
    'partner_sourced_revenue',
    'partner_influenced_revenue',
    'total_bookings',
    'partner_share_of_bookings',
  ] as const;
  return (
    <ChartCard
      title="Partner revenue by fiscal quarter, as reported"
      testId="frozen-trend"
      status="success"
      empty={empty}
      emptyText="No bookings in these eight quarters for the snapshot's filters."
      height={300}
      actions={
        points.some((p) => p.partial) ? (
          <span className="muted small">* quarter to date when frozen</span>
        ) : undefined
      }
      table={
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Quarter</th>
              {keys.map((k) => (
                <th key={k} scope="col" className="num">
                  {catalog.metric(k).label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {series.map((q) => (
              <tr key={q.label} data-quarter={q.label}>
                <th scope="row">
                  {q.label}
                  {q.to > asOf ? ' (to date)' : ''}
                </th>
                {keys.map((k) => (
                  <td key={k} className="num">
                    {fmt.metric(q.metrics[k], catalog.metric(k).unit, k)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <TrendPlot
        data={points}
        height={300}
        money={(v) => fmt.money(v, { compact: true })}
        percent={(v) => fmt.percent(v, 0)}
      />
    </ChartCard>
  );
}
