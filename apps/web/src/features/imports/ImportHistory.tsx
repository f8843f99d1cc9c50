// Every import request, newest first (GET /api/v1/import/runs): what it did, what it warned
// about, and the rejected rows or errors as a CSV download.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApp } from '../../app/app-context';
import { ErrorState, Skeleton } from '../../components/States';
import { RUNS_PAGE_SIZE, runsOptions } from './queries';
import type { ImportRun } from './types';

const STATUS_TEXT: Record<ImportRun['status'], string> = {
  applied: 'Applied',
  dry_run: 'Dry run',
  rejected: 'Refused',
  failed: 'Failed',
};

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function ImportHistory() {
  const { fmt } = useApp();
  const [offset, setOffset] = useState(0);
  const runs = useQuery(runsOptions({ limit: RUNS_PAGE_SIZE, offset }));
  const n = (v: number | null) => (v === null ? '—' : fmt.count(v));

  let body;
  if (runs.isPending) {
    body = <Skeleton height={120} width="100%" label="Loading the import history" />;
  } else if (runs.isError) {
    body = (
      <ErrorState
        error={runs.error}
        title="Could not load the import history"
        onRetry={() => void runs.refetch()}
      />
    );
  } else if (runs.data.total === 0) {
    body = <p className="muted">No imports yet. Each import and dry run is listed here.</p>;
  } else {
    const { total } = runs.data;
    body = (
      <>
        <div className="table-scroll">
          <table
            className="data-table compact history-table"
            data-testid="import-history"
            aria-busy={runs.isPlaceholderData}
          >
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Entity</th>
                <th scope="col">Mode</th>
                <th scope="col">Mapping</th>
                <th scope="col">Result</th>
                <th scope="col" className="num">
                  Received
                </th>
                <th scope="col" className="num">
                  Inserted
                </th>
                <th scope="col" className="num">
                  Updated
                </th>
                <th scope="col" className="num">
                  Unchanged
                </th>
                <th scope="col" className="num">
                  Deleted
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col">Warnings</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((r) => {
                // Rows rejected by on_error=skip, else the errors of a refused request (every row refused).
                const problems = r.rejected_count > 0 ? r.rejected_count : r.error_count;
                return (
                  <tr key={r.id} data-run={r.id} data-status={r.status}>
                    <td className="date">
                      <time dateTime={r.started_at}>
                        {timeFormat.format(new Date(r.started_at))}
                      </time>
                    </td>
                    <td>{r.entity}</td>
                    <td>
                      {r.mode}
                      <span className="cell-sub">
                        {r.on_error === 'skip' ? 'skip invalid rows' : 'all or nothing'}
                      </span>
                    </td>
                    <td>{r.mapping ?? <span className="muted">none</span>}</td>
                    <td>
                      <span className={`run-status run-${r.status}`}>{STATUS_TEXT[r.status]}</span>
                      {r.status !== 'applied' && r.status !== 'dry_run' && (
                        <span className="cell-sub run-message">
                          HTTP {r.http_status}
                          {r.message ? `: ${r.message}` : ''}
                        </span>
                      )}
                    </td>
                    <td className="num">{n(r.received)}</td>
                    <td className="num">{n(r.inserted)}</td>
                    <td className="num">{n(r.updated)}</td>
                    <td className="num">{n(r.unchanged)}</td>
                    <td className="num">{n(r.deleted)}</td>
                    <td className="num">
                      {problems === 0 ? (
                        '0'
                      ) : (
                        <>
                          {fmt.count(problems)}
                          {r.rejected_count > 0 ? '' : ` error${problems === 1 ? '' : 's'}`}
                          <a
                            className="download-link"
                            href={`/api/v1/import/runs/${r.id}/rejected.csv`}
                            download={`import-${r.id}-${r.entity}-rejected.csv`}
                          >
                            {r.rejected_count > 0 ? 'Rejected rows' : 'Errors'} (CSV)
                          </a>
                        </>
                      )}
                    </td>
                    <td className="history-warnings">
                      {r.warnings.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <details>
                          <summary>
                            {r.warnings.length} kind{r.warnings.length === 1 ? '' : 's'}
                          </summary>
                          <ul>
                            {r.warnings.map((w) => (
                              <li key={w.code}>
                                {w.message}
                                {w.count > 0 ? ` (${fmt.count(w.count)})` : ''}
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {total > RUNS_PAGE_SIZE && (
          <nav className="pager" aria-label="Import history pages">
            <button
              type="button"
              className="button-secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - RUNS_PAGE_SIZE))}
            >
              Newer
            </button>
            <span className="muted small">
              {offset + 1}–{Math.min(total, offset + RUNS_PAGE_SIZE)} of {fmt.count(total)}
            </span>
            <button
              type="button"
              className="button-secondary"
              disabled={offset + RUNS_PAGE_SIZE >= total}
              onClick={() => setOffset(offset + RUNS_PAGE_SIZE)}
            >
              Older
            </button>
          </nav>
        )}
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="import-history-title">
      <h2 id="import-history-title" className="card-title">
        Import history
      </h2>
      {body}
    </section>
  );
}
