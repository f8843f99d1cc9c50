// One snapshot: its name, period, filters, as-of time and fingerprint, the downloads, and
// either the board as reported (frozen figures) or the restatement against today's data.
// Everything inside renders with the snapshot's own catalog and reporting currency.
import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { AppContext, useApp, type AppData } from '../../app/app-context';
import { ErrorState, Skeleton } from '../../components/States';
import { Link, useLocation } from '../../lib/router';
import {
  filtersText,
  formatAsOf,
  frozenAppData,
  shortFingerprint,
  snapshotSearch,
  type SnapshotView as View,
} from './board-pack';
import { FrozenBoard } from './FrozenBoard';
import { usePartnerName } from './FreezeForm';
import { exportHref, snapshotOptions } from './queries';
import { Restatement } from './Restatement';
import { EXPORT_FORMATS, type ExportFormat, type Snapshot } from './types';

const EXPORT_LABELS: Readonly<Record<ExportFormat, { label: string; what: string }>> = {
  pdf: { label: 'PDF', what: 'the board pack as PDF' },
  pptx: { label: 'PowerPoint', what: 'the board pack as PowerPoint slides' },
  xlsx: { label: 'Excel', what: 'every figure and the deals behind it as a workbook' },
  csv: { label: 'CSV', what: 'every figure and the deals behind it as CSV' },
};

export function SnapshotView({ id, view }: { id: string; view: View }) {
  const { pathname, search } = useLocation();
  const query = useQuery(snapshotOptions(id));
  const back = (
    <Link
      to={pathname + snapshotSearch(search, { id: null, view: 'report' })}
      className="back-link"
    >
      ← All snapshots
    </Link>
  );
  if (query.isPending)
    return (
      <div className="page board-pack">
        {back}
        <Skeleton height={32} width="40%" label="Loading the snapshot" />
        <Skeleton height={140} width="100%" />
        <Skeleton height={300} width="100%" />
      </div>
    );
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <div className="page board-pack">
        {back}
        <ErrorState
          error={query.error}
          title={missing ? 'This snapshot does not exist (it may have been deleted)' : undefined}
          onRetry={missing ? undefined : () => void query.refetch()}
        />
      </div>
    );
  }
  return <LoadedSnapshot snapshot={query.data} view={view} back={back} />;
}

function LoadedSnapshot({
  snapshot: s,
  view,
  back,
}: {
  snapshot: Snapshot;
  view: View;
  back: ReactNode;
}) {
  const app = useApp();
  const { pathname, search } = useLocation();
  const partnerName = usePartnerName();
  const { content } = s;
  // The snapshot's catalog (labels, units, formulas) and currency, not today's.
  const frozen = useMemo<AppData>(() => frozenAppData(app, content), [app, content]);
  const tab = (v: View, label: string) => (
    <Link
      to={pathname + snapshotSearch(search, { id: s.id, view: v })}
      className="snapshot-tab"
      aria-current={view === v ? 'page' : undefined}
      data-testid={`tab-${v}`}
    >
      {label}
    </Link>
  );
  return (
    <AppContext.Provider value={frozen}>
      <div className="page board-pack" data-snapshot={s.id}>
        {back}
        <header className="snapshot-header">
          <div className="snapshot-title">
            <p className="frozen-badge" data-testid="frozen-badge">
              <span aria-hidden="true">❄</span> Frozen · as of{' '}
              <time dateTime={s.created_at}>{formatAsOf(s.created_at)}</time>
            </p>
            <h1>{s.name}</h1>
            <p className="page-subtitle">
              <strong data-testid="snapshot-period">{s.period.label}</strong>
              <span className="muted">
                {' '}
                · {frozen.fmt.dateRange(s.period.from, s.period.to)} ·{' '}
                {filtersText(s.filters, partnerName)}
              </span>
            </p>
            <p className="muted small snapshot-fingerprint">
              Data fingerprint{' '}
              <code title={`sha256 ${s.fingerprint}: ${content.fingerprint.covers}`}>
                {shortFingerprint(s.fingerprint)}
              </code>{' '}
              · reporting currency {content.settings.reporting_currency}
            </p>
          </div>
          <div className="snapshot-downloads" role="group" aria-label="Download the board pack">
            <span className="muted small">Download</span>
            {EXPORT_FORMATS.map((f) => (
              <a
                key={f}
                className="button-link"
                href={exportHref(s.id, f)}
                download
                data-export={f}
                title={`Download ${EXPORT_LABELS[f].what}`}
              >
                {EXPORT_LABELS[f].label}
              </a>
            ))}
          </div>
        </header>
        <nav className="snapshot-tabs" aria-label="Snapshot view">
          {tab('report', 'As reported')}
          {tab('compare', 'Compare with today')}
        </nav>
        {view === 'report' ? <FrozenBoard snapshot={s} /> : <Restatement snapshot={s} />}
      </div>
    </AppContext.Provider>
  );
}
