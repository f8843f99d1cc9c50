// Every snapshot, newest first: name (opens it as reported), period, filters, when it was
// frozen and its data fingerprint; compare with today; delete after a confirmation step.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useApp } from '../../app/app-context';
import { atLeast } from '../auth/queries';
import { ErrorState, Skeleton } from '../../components/States';
import { plural } from '../../lib/labels';
import { Link, useLocation } from '../../lib/router';
import { asOfParts, filtersText, formatAsOf, shortFingerprint, snapshotSearch } from './board-pack';
import { usePartnerName } from './FreezeForm';
import { snapshotListOptions, useDeleteSnapshot } from './queries';
import type { SnapshotSummary } from './types';

export function SnapshotList({ highlight }: { highlight: string | null }) {
  const list = useQuery(snapshotListOptions());
  const { fmt } = useApp();
  const id = useId();
  const snapshots = list.data?.snapshots;
  return (
    <section className="card snapshot-list-card" aria-labelledby={`${id}-title`}>
      <div className="snapshot-list-head">
        <h2 id={`${id}-title`} className="card-title">
          Snapshots
        </h2>
        {snapshots && snapshots.length > 0 && (
          <span className="muted small">{plural(snapshots.length, 'snapshot', 'snapshots')}</span>
        )}
      </div>
      {list.isPending ? (
        <div className="snapshot-list-loading">
          <Skeleton height={28} width="100%" label="Loading the snapshots" />
          <Skeleton height={28} width="100%" />
          <Skeleton height={28} width="100%" />
        </div>
      ) : list.isError ? (
        <ErrorState
          error={list.error}
          title="Could not load the snapshots"
          onRetry={() => void list.refetch()}
        />
      ) : snapshots?.length === 0 ? (
        <div className="chart-empty snapshot-empty" data-testid="snapshots-empty">
          <p>
            <strong>No snapshot yet:</strong> freeze the current board view.
          </p>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="data-table snapshot-table" data-testid="snapshot-list">
            <caption className="visually-hidden">Snapshots, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Period</th>
                <th scope="col">Filters</th>
                <th scope="col">Frozen at</th>
                <th scope="col">Data fingerprint</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {snapshots?.map((s) => (
                <SnapshotRow
                  key={s.id}
                  snapshot={s}
                  highlight={s.id === highlight}
                  dateRange={fmt.dateRange(s.period.from, s.period.to)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SnapshotRow({
  snapshot: s,
  highlight,
  dateRange,
}: {
  snapshot: SnapshotSummary;
  highlight: boolean;
  dateRange: string;
}) {
  const { pathname, search } = useLocation();
  const { principal } = useApp();
  const partnerName = usePartnerName();
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteSnapshot();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus moves into the confirmation, and back to the Delete button when it is cancelled.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) deleteRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const asOf = asOfParts(s.created_at);
  const href = (view: 'report' | 'compare') =>
    pathname + snapshotSearch(search, { id: s.id, view });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !remove.isPending) {
      e.stopPropagation();
      setConfirming(false);
    }
  };

  return (
    <tr data-snapshot={s.id} className={highlight ? 'snapshot-new' : undefined}>
      <th scope="row">
        <Link to={href('report')} className="cell-main snapshot-name">
          {s.name}
        </Link>
        {highlight && <span className="cell-sub">Just frozen</span>}
      </th>
      <td>
        <span className="cell-main">{s.period.label}</span>
        <span className="cell-sub date">{dateRange}</span>
      </td>
      <td className="snapshot-filters">{filtersText(s.filters, partnerName)}</td>
      <td className="date">
        <time dateTime={s.created_at} title={formatAsOf(s.created_at)}>
          <span className="cell-main">{asOf.date}</span>
          <span className="cell-sub">{asOf.time}</span>
        </time>
      </td>
      <td>
        <code title={`sha256 ${s.fingerprint}`} data-testid="fingerprint">
          {shortFingerprint(s.fingerprint)}
        </code>
      </td>
      <td className="snapshot-actions">
        {confirming ? (
          <div
            className="confirm-delete"
            role="group"
            aria-label={`Delete “${s.name}”?`}
            onKeyDown={onKeyDown}
          >
            <span className="confirm-text">Delete “{s.name}” for good?</span>
            <button
              type="button"
              className="button-danger"
              onClick={() => remove.mutate(s.id)}
              disabled={remove.isPending}
            >
              {remove.isPending ? 'Deleting…' : 'Delete snapshot'}
            </button>
            <button
              ref={cancelRef}
              type="button"
              className="button-secondary"
              onClick={() => setConfirming(false)}
              disabled={remove.isPending}
            >
              Cancel
            </button>
            {remove.isError && (
              <ErrorState error={remove.error} title="The snapshot could not be deleted" />
            )}
          </div>
        ) : (
          <div className="row-actions">
            <Link to={href('compare')} className="button-link">
              Compare with today
            </Link>
            {atLeast(principal.role, 'admin') && (
              <button
                ref={deleteRef}
                type="button"
                className="button-secondary"
                onClick={() => setConfirming(true)}
                aria-label={`Delete “${s.name}”`}
              >
                Delete
              </button>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}
