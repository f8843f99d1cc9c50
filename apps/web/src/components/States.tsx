// Loading, error and empty states shared by every view.
import { ApiError } from '../api/client';
import { useContext } from 'react';
import { AppContext } from '../app/app-context';
import { atLeast } from '../features/auth/queries';
import { useLoadDemo } from '../features/workspace/queries';
import { Link } from '../lib/router';

export function Skeleton({
  height = 16,
  width,
  label,
}: {
  height?: number;
  width?: number | string;
  label?: string;
}) {
  return (
    <span
      className="skeleton"
      style={{ height, width }}
      role={label ? 'status' : undefined}
      aria-label={label}
    />
  );
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.messages.join(' ');
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorState({
  error,
  onRetry,
  title = 'Could not load this',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <span>{errorText(error)}</span>
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** No data imported yet: load the demo company, or import through the API. */
export function EmptyWorkspace() {
  const demo = useLoadDemo();
  const role = useContext(AppContext)?.principal.role;
  const canImport = atLeast(role, 'editor');
  return (
    <section className="card empty-workspace" aria-labelledby="empty-title">
      <h2 id="empty-title">No data yet</h2>
      <p>
        Partner KPI computes its figures from your CRM deals, partners, partner touches, customer
        ARR and go-to-market spend. Load a realistic demo company to explore, or import your own
        data.
      </p>
      {canImport ? (
        <div className="empty-actions">
          <button type="button" onClick={() => demo.mutate()} disabled={demo.isPending}>
            {demo.isPending ? 'Loading demo data…' : 'Load demo data'}
          </button>
          <Link className="button-link" to="/import">
            Import your data
          </Link>
          <a className="button-link" href="/api/docs#/import" target="_blank" rel="noreferrer">
            Import API
          </a>
        </div>
      ) : (
        <p role="note">
          Ask an editor or an admin to import the data (you can read it once it is in).
        </p>
      )}
      <p className="muted">
        Imports:{' '}
        <code>
          POST /api/v1/import/&#123;partners|accounts|deals|touches|arr|attachments|spend&#125;
        </code>{' '}
        with CSV or JSON, in that order. The API documentation lists every field.
      </p>
      {demo.isPending && (
        <p role="status" className="muted">
          Generating three years of deals, touches and ARR…
        </p>
      )}
      {demo.isError && <ErrorState error={demo.error} title="The demo data could not be loaded" />}
    </section>
  );
}
