// The data-quality report (GET /api/v1/data-quality): attribution coverage, then each check
// with its count, severity, what it does to the figures, and the affected rows (the first ten,
// or every one, paged, on demand). A won deal links to the drill-down that lists it.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApp } from '../../app/app-context';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, Skeleton } from '../../components/States';
import { Link } from '../../lib/router';
import { CLASS_COLOURS, CLASS_LABELS } from '../../lib/theme';
import { QUALITY_PAGE_SIZE, dataQualityOptions, qualityRowsOptions } from './queries';
import {
  SEVERITY_ORDER,
  SEVERITY_TEXT,
  cellText,
  dealDrillHref,
  sampleColumns,
  sortChecks,
} from './samples';
import type { AttributionCoverage, QualityCheck, Severity } from './types';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`severity severity-${severity}`} data-severity={severity}>
      <span className="severity-icon" aria-hidden="true">
        {severity === 'severe'
          ? '!!'
          : severity === 'warning'
            ? '!'
            : severity === 'info'
              ? 'i'
              : '✓'}
      </span>
      {SEVERITY_TEXT[severity]}
    </span>
  );
}

export function DataQualityPage() {
  const { fmt } = useApp();
  const report = useQuery(dataQualityOptions());

  if (report.isPending) {
    return (
      <div className="page data-quality">
        <PageHeader title="Data quality" />
        <Skeleton height={120} width="100%" label="Loading the data-quality report" />
        <Skeleton height={320} width="100%" />
      </div>
    );
  }
  if (report.isError) {
    return (
      <div className="page data-quality">
        <PageHeader title="Data quality" />
        <ErrorState
          error={report.error}
          title="Could not load the data-quality report"
          onRetry={() => void report.refetch()}
        />
      </div>
    );
  }
  const data = report.data;
  const checks = sortChecks(data.checks);
  const bySeverity = SEVERITY_ORDER.map(
    (s) => [s, data.checks.filter((c) => c.severity === s).length] as const,
  ).filter(([, n]) => n > 0);

  return (
    <div className="page data-quality">
      <PageHeader
        title="Data quality"
        subtitle={
          <>
            What in the imported data bends the figures: {fmt.count(data.deals)} deal
            {data.deals === 1 ? '' : 's'} checked as of {fmt.date(data.as_of)}.
          </>
        }
        actions={
          <button
            type="button"
            className="button-secondary"
            onClick={() => void report.refetch()}
            disabled={report.isFetching}
          >
            {report.isFetching ? 'Checking…' : 'Check again'}
          </button>
        }
      />
      <section className="card quality-summary" aria-label="Summary">
        <p>
          Worst finding: <SeverityBadge severity={data.severity} />
        </p>
        <p className="muted">
          {data.checks.length} checks:{' '}
          {bySeverity
            .map(
              ([s, n]) => `${n} ${s === 'ok' ? 'OK' : s === 'warning' && n > 1 ? 'warnings' : s}`,
            )
            .join(' · ')}
        </p>
      </section>
      <Coverage coverage={data.attribution_coverage} />
      <section aria-labelledby="checks-title" className="quality-checks">
        <h2 id="checks-title">Checks</h2>
        {checks.map((c) => (
          <CheckCard key={c.key} check={c} />
        ))}
      </section>
    </div>
  );
}

function Coverage({ coverage }: { coverage: AttributionCoverage }) {
  const { fmt } = useApp();
  const parts = [
    { key: 'sourced', amount: coverage.sourced, share: coverage.sourced_share },
    { key: 'influenced', amount: coverage.influenced, share: coverage.influenced_share },
    { key: 'direct', amount: coverage.direct, share: coverage.direct_share },
  ] as const;
  return (
    <section className="card coverage" aria-labelledby="coverage-title" data-testid="coverage">
      <h2 id="coverage-title" className="card-title">
        Attribution coverage
      </h2>
      <p className="muted small">
        How all won new-business and expansion bookings (every period) are attributed: sourced by a
        partner, influenced by a partner touch before close, or direct. A large direct share can
        mean partner data is missing (no sourcing partner column, touches not imported).
      </p>
      {coverage.won_bookings === 0 ? (
        <p className="muted">No won bookings yet: there is nothing to attribute.</p>
      ) : (
        <>
          <p>
            Won bookings: <strong>{fmt.moneyExact(coverage.won_bookings)}</strong>
          </p>
          <div className="coverage-bar" aria-hidden="true">
            {parts.map((p) =>
              p.share ? (
                <span
                  key={p.key}
                  style={{ width: `${p.share * 100}%`, background: CLASS_COLOURS[p.key] }}
                />
              ) : null,
            )}
          </div>
          <table className="data-table compact coverage-table">
            <thead>
              <tr>
                <th scope="col">Attribution</th>
                <th scope="col" className="num">
                  Bookings
                </th>
                <th scope="col" className="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {parts.map((p) => (
                <tr key={p.key} data-class={p.key} data-value={p.share ?? ''}>
                  <th scope="row">
                    <span className="class-badge">
                      <span className="dot" style={{ background: CLASS_COLOURS[p.key] }} />
                      {CLASS_LABELS[p.key]}
                    </span>
                  </th>
                  <td className="num">{fmt.moneyExact(p.amount)}</td>
                  <td className="num">{p.share === null ? '—' : fmt.percent(p.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function CheckCard({ check }: { check: QualityCheck }) {
  const { fmt } = useApp();
  const [all, setAll] = useState(false);
  const titleId = `check-${check.key}`;
  return (
    <article
      className={`card quality-check check-${check.severity}`}
      aria-labelledby={titleId}
      data-check={check.key}
      data-severity={check.severity}
      data-count={check.count}
    >
      <header className="check-head">
        <SeverityBadge severity={check.severity} />
        <h3 id={titleId}>{check.label}</h3>
        <span className="check-count">
          {fmt.count(check.count)} row{check.count === 1 ? '' : 's'}
        </span>
      </header>
      <p className="check-affects">
        <span className="muted">Affects: </span>
        {check.affects}
      </p>
      {check.count > 0 &&
        (all ? (
          <AllRows check={check} onClose={() => setAll(false)} />
        ) : (
          <>
            <RowsTable rows={check.samples} caption={`First rows: ${check.label}`} />
            {check.count > check.samples.length && (
              <button type="button" className="link-button" onClick={() => setAll(true)}>
                Show all {fmt.count(check.count)} rows
              </button>
            )}
          </>
        ))}
    </article>
  );
}

function AllRows({ check, onClose }: { check: QualityCheck; onClose: () => void }) {
  const { fmt } = useApp();
  const [offset, setOffset] = useState(0);
  const rows = useQuery(qualityRowsOptions({ key: check.key, limit: QUALITY_PAGE_SIZE, offset }));
  if (rows.isPending) return <Skeleton height={160} width="100%" label="Loading the rows" />;
  if (rows.isError) {
    return (
      <ErrorState
        error={rows.error}
        title="Could not load the rows"
        onRetry={() => void rows.refetch()}
      />
    );
  }
  const { total } = rows.data;
  return (
    <div aria-busy={rows.isPlaceholderData}>
      <RowsTable rows={rows.data.rows} caption={`Every row: ${check.label}`} />
      <nav className="pager" aria-label={`Pages of ${check.label}`}>
        <button
          type="button"
          className="button-secondary"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - QUALITY_PAGE_SIZE))}
        >
          Previous
        </button>
        <span className="muted small">
          {fmt.count(offset + 1)}–{fmt.count(Math.min(total, offset + QUALITY_PAGE_SIZE))} of{' '}
          {fmt.count(total)}
        </span>
        <button
          type="button"
          className="button-secondary"
          disabled={offset + QUALITY_PAGE_SIZE >= total}
          onClick={() => setOffset(offset + QUALITY_PAGE_SIZE)}
        >
          Next
        </button>
        <button type="button" className="link-button" onClick={onClose}>
          Show the first rows only
        </button>
      </nav>
    </div>
  );
}

function RowsTable({
  rows,
  caption,
}: {
  rows: readonly Record<string, unknown>[];
  caption: string;
}) {
  const columns = sampleColumns(rows);
  return (
    <div className="table-scroll">
      <table className="data-table compact quality-rows">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className={c === 'amount' ? 'num' : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const href = dealDrillHref(r);
            return (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c} className={c === 'amount' ? 'num' : undefined}>
                    {c === 'deal_id' && href ? (
                      <Link to={href} title="Open the bookings drill-down of the day it closed">
                        {cellText(r[c])}
                      </Link>
                    ) : (
                      cellText(r[c])
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
