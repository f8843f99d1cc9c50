// What an import (or its dry run) answered: the counts, every row/field problem, the warnings.
import { useApp } from '../../app/app-context';
import type { ImportOutcome } from './upload';
import type { ImportWarning, RowProblem } from './types';

/** How many problems the page lists (the history's CSV download has them all). */
export const SHOWN_PROBLEMS = 500;

/** Every row/field problem of an answer, in row order. */
export function problemsOf(outcome: ImportOutcome): {
  problems: RowProblem[];
  count: number;
  truncated: boolean;
} {
  if (outcome.kind === 'invalid') {
    return {
      problems: outcome.body.errors,
      count: outcome.body.error_count,
      truncated: outcome.body.errors_truncated,
    };
  }
  const problems = outcome.summary.rejected.flatMap((r) =>
    r.errors.map((e) => ({ row: r.row, field: e.field, message: e.message })),
  );
  return { problems, count: problems.length, truncated: outcome.summary.rejected_truncated };
}

export function ImportResult({ outcome, dryRun }: { outcome: ImportOutcome; dryRun: boolean }) {
  const { fmt } = useApp();
  const { problems, count, truncated } = problemsOf(outcome);
  const warnings = outcome.kind === 'invalid' ? outcome.body.warnings : outcome.summary.warnings;
  return (
    <section
      className="import-result"
      aria-labelledby="import-result-title"
      data-testid="import-result"
      data-outcome={outcome.kind}
    >
      {outcome.kind === 'invalid' ? (
        <div className="state state-error" role="alert">
          <strong id="import-result-title">
            {dryRun ? 'Dry run: the import would be refused' : 'Refused: nothing was written'}
          </strong>
          <span>
            {fmt.count(outcome.body.error_count)} problem{outcome.body.error_count === 1 ? '' : 's'}{' '}
            found. Correct the file or the mapping, or import with “skip invalid rows” to apply the
            valid rows and get the others back.
          </span>
        </div>
      ) : (
        <div
          className={dryRun ? 'result-banner result-dry' : 'result-banner result-done'}
          role="status"
        >
          <strong id="import-result-title">
            {dryRun ? 'Dry run: nothing was written. The import would do this:' : 'Imported'}
          </strong>
          <Counts summary={outcome.summary} />
        </div>
      )}
      {count > 0 && (
        <>
          <h4>
            {outcome.kind === 'invalid'
              ? `Problems (${fmt.count(count)})`
              : `Rejected rows (${fmt.count(outcome.summary.rejected_count)} rows, ${fmt.count(count)} problems)`}
          </h4>
          <p className="muted small">
            Row = data row of the file: row 1 is the line after the header, row 0 the header itself.
            {truncated || problems.length > SHOWN_PROBLEMS
              ? ` The first ${fmt.count(Math.min(problems.length, SHOWN_PROBLEMS))} are listed; the import history below has every one as a CSV download.`
              : ''}
          </p>
          <div className="table-scroll problems-scroll">
            <table className="data-table compact problems-table" data-testid="problems-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Row
                  </th>
                  <th scope="col">Field</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                  <tr key={`${p.row}-${p.field}-${i}`}>
                    <td className="num">{p.row}</td>
                    <td>
                      <code>{p.field}</code>
                    </td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Warnings warnings={warnings} />
    </section>
  );
}

function Counts({ summary }: { summary: Extract<ImportOutcome, { kind: 'done' }>['summary'] }) {
  const { fmt } = useApp();
  const items: [string, number][] = [
    ['received', summary.received],
    ['inserted', summary.inserted],
    ['updated', summary.updated],
    ['unchanged', summary.unchanged],
    ['deleted', summary.deleted],
    ['rejected', summary.rejected_count],
  ];
  return (
    <dl className="import-counts">
      {items.map(([label, n]) => (
        <div key={label} data-count={label} data-value={n}>
          <dt>{label}</dt>
          <dd>{fmt.count(n)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Warnings({ warnings }: { warnings: readonly ImportWarning[] }) {
  const { fmt } = useApp();
  if (warnings.length === 0) return null;
  return (
    <>
      <h4>Warnings</h4>
      <ul className="import-warnings">
        {warnings.map((w) => (
          <li key={w.code} data-code={w.code}>
            <span className="warning-mark" aria-hidden="true">
              !
            </span>{' '}
            {w.message}
            {w.count > 0 && (
              <span className="muted">
                {' '}
                · {fmt.count(w.count)} row{w.count === 1 ? '' : 's'}
                {w.rows.length > 0 &&
                  ` (${w.rows.join(', ')}${w.count > w.rows.length ? ', …' : ''})`}
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
