// "Freeze this board view": a name (defaulting to the period's board readout), the period and
// filters of the URL shown read-only (the bar above changes them), and POST /api/v1/snapshots.
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../../app/app-context';
import { ErrorState } from '../../components/States';
import { periodTitle } from '../../lib/labels';
import { resolvePeriod } from '../../lib/periods';
import { Link, useLocation } from '../../lib/router';
import { parseViewState, toApiFilters } from '../../lib/url-state';
import { partnerDirectoryOptions } from '../workspace/queries';
import { defaultSnapshotName, filtersText, formatAsOf, snapshotSearch } from './board-pack';
import { useCreateSnapshot } from './queries';
import type { SnapshotSummary } from './types';

const MAX_NAME = 200;

export function usePartnerName(): (id: string) => string {
  const partners = useQuery(partnerDirectoryOptions());
  return (id) => partners.data?.find((p) => p.partner_id === id)?.name ?? id;
}

export function FreezeForm({ onCreated }: { onCreated: (s: SnapshotSummary) => void }) {
  const { settings, today, fmt } = useApp();
  const { pathname, search } = useLocation();
  const view = parseViewState(search);
  const period = resolvePeriod(view.period, settings.fiscal_year_start_month, today);
  const filters = toApiFilters(view.filters);
  const partnerName = usePartnerName();
  const suggested = defaultSnapshotName(period, fmt);
  // null: the suggestion, which follows the period until the user types a name.
  const [name, setName] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<SnapshotSummary | null>(null);
  const create = useCreateSnapshot();
  const id = useId();
  const value = name ?? suggested;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = value.trim();
    if (!trimmed) {
      setInvalid('Give the snapshot a name.');
      return;
    }
    setInvalid(null);
    setDone(null);
    create.mutate(
      {
        name: trimmed,
        from: period.from,
        to: period.to,
        ...(Object.keys(filters).length ? { filters } : {}),
      },
      {
        onSuccess: (s) => {
          setName(null);
          setDone(s);
          onCreated(s);
        },
      },
    );
  };

  return (
    <section className="card freeze-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        Freeze this board view
      </h2>
      <p className="muted small freeze-intro">
        Stores every figure, the eight-quarter trend, the deals behind each figure, the pipeline,
        the metric definitions and settings, and a fingerprint of the data, as they are now.
      </p>
      <form className="freeze-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            type="text"
            value={value}
            maxLength={MAX_NAME}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={invalid !== null}
            aria-describedby={invalid ? `${id}-name-error` : undefined}
            data-testid="snapshot-name"
          />
          {invalid && (
            <span id={`${id}-name-error`} className="field-error">
              {invalid}
            </span>
          )}
        </div>
        <dl className="freeze-facts">
          <div>
            <dt>Period</dt>
            <dd data-testid="freeze-period">
              <strong>{periodTitle(period, fmt)}</strong>{' '}
              <span className="muted">({fmt.dateRange(period.from, period.to)})</span>
            </dd>
          </div>
          <div>
            <dt>Filters</dt>
            <dd data-testid="freeze-filters">{filtersText(filters, partnerName)}</dd>
          </div>
        </dl>
        <p className="muted small">Change the period and the filters with the bar above.</p>
        {period.future && (
          <p className="notice small">
            This period has not started yet: every figure of the snapshot would be zero or —.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Freezing…' : 'Freeze this board view'}
          </button>
        </div>
        <div aria-live="polite">
          {create.isPending && (
            <p className="muted small">Reading every figure in one database snapshot…</p>
          )}
          {done && !create.isPending && (
            <p className="freeze-done" data-testid="freeze-done">
              Frozen “{done.name}” as of {formatAsOf(done.created_at)}.{' '}
              <Link to={pathname + snapshotSearch(search, { id: done.id, view: 'report' })}>
                Open it
              </Link>
            </p>
          )}
        </div>
        {create.isError && (
          <ErrorState error={create.error} title="The board view could not be frozen" />
        )}
      </form>
    </section>
  );
}
