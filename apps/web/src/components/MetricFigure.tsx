// A figure as the catalog describes it: its label, its value in its unit (or `—` with the
// reason), its help, its change against other periods, and, when it is built from deals or
// accounts, a link that opens exactly those rows.
import type { MetricKey, PipelineKey } from '@partner-kpi/metrics';
import type { CatalogEntry } from '../api/types';
import { useApp } from '../app/app-context';
import { nullReason } from '../lib/catalog';
import type { Change } from '../lib/format';
import { Link, useHrefWith } from '../lib/router';
import { Help } from './Help';
import { Skeleton } from './States';

export function useDrillHref(): (key: string, partner?: string | null) => string {
  const hrefWith = useHrefWith();
  return (key, partner = null) => hrefWith({ drill: { key, page: 1, partner } });
}

export function ChangeBadge({ change, against }: { change: Change; against?: string }) {
  const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '';
  const title = change.reason ?? (against ? `was ${against}` : undefined);
  return (
    <span className={`change change-${change.tone}`} title={title}>
      {arrow && (
        <span aria-hidden="true" className="change-arrow">
          {arrow}
        </span>
      )}
      {change.text}
      {change.tone !== 'neutral' && (
        <span className="visually-hidden">{change.tone === 'good' ? ' (better)' : ' (worse)'}</span>
      )}
    </span>
  );
}

/** The value of a figure: a link to its drill-down when it has one, `—` when null. */
export function FigureValue({
  entry,
  value,
  compact = false,
  drill = true,
  partner = null,
  className = '',
}: {
  entry: CatalogEntry;
  value: number | null;
  compact?: boolean;
  drill?: boolean;
  partner?: string | null;
  className?: string;
}) {
  const { fmt } = useApp();
  const drillHref = useDrillHref();
  if (value === null) {
    return (
      <span className={`value value-null ${className}`} title={nullReason(entry)}>
        —<span className="visually-hidden"> ({nullReason(entry)})</span>
      </span>
    );
  }
  const text = fmt.metric(value, entry.unit, entry.key, { compact });
  const exact = fmt.metric(value, entry.unit, entry.key);
  if (drill && entry.drill !== null) {
    const what = entry.drill === 'accounts' ? 'accounts' : 'deals';
    return (
      <Link
        to={drillHref(entry.key, partner)}
        className={`value value-link ${className}`}
        title={`${exact}: show the ${what} behind this figure`}
        aria-label={`${entry.label}: ${exact}. Show the ${what} behind this figure`}
        data-drill={entry.key}
      >
        {text}
      </Link>
    );
  }
  return (
    <span className={`value ${className}`} title={exact}>
      {text}
    </span>
  );
}

export interface ComparisonValue {
  label: string;
  value: number | null | undefined;
}

/** A headline tile: label, help, large value, the null reason, and changes against other periods. */
export function MetricTile({
  metricKey,
  value,
  comparisons = [],
  updating = false,
}: {
  metricKey: MetricKey | PipelineKey;
  value: number | null | undefined;
  comparisons?: ComparisonValue[];
  updating?: boolean;
}) {
  const { catalog, fmt } = useApp();
  const entry = catalog.get(metricKey) ?? catalog.metric(metricKey as MetricKey);
  return (
    <article
      className="tile"
      data-metric={metricKey}
      data-value={value === undefined ? undefined : String(value)}
      aria-busy={updating || value === undefined}
    >
      <div className="tile-head">
        <h3>{entry.label}</h3>
        <Help entry={entry} />
      </div>
      {value === undefined ? (
        <Skeleton height={38} width="70%" label={`Loading ${entry.label}`} />
      ) : (
        <FigureValue entry={entry} value={value} compact className="value-large" />
      )}
      {value === null && <p className="null-reason">{nullReason(entry)}</p>}
      {comparisons.length > 0 && (
        <ul className="changes">
          {comparisons.map((c) => (
            <li key={c.label}>
              {value === undefined || c.value === undefined ? (
                <Skeleton width={60} />
              ) : (
                <ChangeBadge
                  change={fmt.change(value, c.value, entry.unit, entry.key, entry.better)}
                  against={
                    c.value === null ? undefined : fmt.metric(c.value, entry.unit, entry.key)
                  }
                />
              )}{' '}
              <span className="muted">vs {c.label}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

export interface MetricTableRow {
  key: MetricKey;
  value: number | null | undefined;
  previous?: number | null | undefined;
}

/** A panel's figures: label and help, value (drillable), change against the previous period. */
export function MetricTable({
  caption,
  rows,
  previousLabel,
}: {
  caption: string;
  rows: MetricTableRow[];
  previousLabel: string | null;
}) {
  const { catalog, fmt } = useApp();
  return (
    <table className="metric-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">
            Value
          </th>
          {previousLabel && (
            <th scope="col" className="num" title={`Change since ${previousLabel}`}>
              Change<span className="visually-hidden"> since {previousLabel}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const entry = catalog.metric(r.key);
          return (
            <tr
              key={r.key}
              data-metric={r.key}
              data-value={r.value === undefined ? undefined : String(r.value)}
            >
              <th scope="row">
                <span className="row-label">
                  {entry.label}
                  <Help entry={entry} />
                </span>
              </th>
              <td className="num">
                {r.value === undefined ? (
                  <Skeleton width={70} />
                ) : (
                  <FigureValue entry={entry} value={r.value} />
                )}
                {r.value === null && <span className="null-reason small">{nullReason(entry)}</span>}
              </td>
              {previousLabel && (
                <td className="num">
                  {r.value === undefined || r.previous === undefined ? (
                    <Skeleton width={50} />
                  ) : (
                    <ChangeBadge
                      change={fmt.change(
                        r.value,
                        r.previous ?? null,
                        entry.unit,
                        entry.key,
                        entry.better,
                      )}
                      against={
                        r.previous === null || r.previous === undefined
                          ? undefined
                          : fmt.metric(r.previous, entry.unit, entry.key)
                      }
                    />
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
