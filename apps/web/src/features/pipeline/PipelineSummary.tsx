import type { PipelineKey } from '@partner-kpi/metrics';
import { useApp } from '../../app/app-context';
import { Help } from '../../components/Help';
import { ChangeBadge, FigureValue } from '../../components/MetricFigure';
import { Skeleton } from '../../components/States';
import { capitalise, splitLabel } from '../../lib/labels';

const FIGURES = [
  'open_pipeline',
  'open_deals',
  'new_pipeline',
  'won_this_week',
  'lost_this_week',
  'closing_this_quarter',
  'slipped_deals',
] as const;
const CLASSES = ['partner', 'direct'] as const;

/** Partner vs direct, each with its change since the same review a week earlier. */
export function PipelineSummary({
  current,
  lastWeek,
  lastWeekError,
}: {
  current: Record<PipelineKey, number> | undefined;
  lastWeek: Record<PipelineKey, number> | undefined;
  lastWeekError: boolean;
}) {
  const { catalog, fmt } = useApp();
  return (
    <section className="card" aria-labelledby="pipeline-summary">
      <h2 id="pipeline-summary" className="card-title">
        Partner vs direct
      </h2>
      <div className="table-scroll">
        <table className="data-table pipeline-summary">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              {CLASSES.map((c) => (
                <th key={c} scope="colgroup" colSpan={2}>
                  {capitalise(
                    splitLabel(catalog.pipeline(`open_pipeline_${c}`).label).qualifier ?? c,
                  )}
                </th>
              ))}
            </tr>
            <tr className="subhead">
              <td />
              {CLASSES.map((c) => [
                <th key={`${c}-v`} scope="col" className="num">
                  This week
                </th>,
                <th key={`${c}-w`} scope="col" className="num">
                  vs week before
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {FIGURES.map((f) => {
              const first = catalog.pipeline(`${f}_partner`);
              return (
                <tr key={f}>
                  <th scope="row">
                    <span className="row-label">
                      {splitLabel(first.label).base}
                      <Help entry={first} />
                    </span>
                  </th>
                  {CLASSES.map((c) => {
                    const key: PipelineKey = `${f}_${c}`;
                    const entry = catalog.pipeline(key);
                    return [
                      <td
                        key={`${key}-v`}
                        className="num"
                        data-metric={key}
                        data-value={current ? String(current[key]) : undefined}
                      >
                        {current ? (
                          <FigureValue entry={entry} value={current[key]} />
                        ) : (
                          <Skeleton width={70} />
                        )}
                      </td>,
                      <td key={`${key}-w`} className="num">
                        {lastWeekError ? (
                          '—'
                        ) : current && lastWeek ? (
                          <ChangeBadge
                            change={fmt.change(
                              current[key],
                              lastWeek[key],
                              entry.unit,
                              key,
                              entry.better,
                            )}
                            against={fmt.metric(lastWeek[key], entry.unit, key)}
                          />
                        ) : (
                          <Skeleton width={50} />
                        )}
                      </td>,
                    ];
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
