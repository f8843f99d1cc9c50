// The rows behind any figure, so a CFO can audit it: the deals (class, role, amount, dates,
// the partner touches that counted) or, for retention figures, the cohort's accounts. Opened
// by `?drill=<key>` in the URL (so an audit trail can be shared), with the page's period,
// as-of date and filters; paged by the API's limit/offset; downloadable as CSV.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { isMetricKey, isPipelineKey, type Filters } from '@partner-kpi/metrics';
import { getJson } from '../../api/client';
import type { AccountRow, CatalogEntry, DealRow, DrillResponse } from '../../api/types';
import { useApp } from '../../app/app-context';
import { ErrorState, Skeleton } from '../../components/States';
import { nullReason } from '../../lib/catalog';
import { FILTER_LABELS, periodTitle } from '../../lib/labels';
import { resolvePeriod } from '../../lib/periods';
import { useLocation, useViewState } from '../../lib/router';
import { CLASS_COLOURS } from '../../lib/theme';
import { toApiFilters, type DrillState, type FilterKey } from '../../lib/url-state';
import { metricsOptions } from '../board/queries';
import { pipelineOptions } from '../pipeline/queries';
import { partnerDirectoryOptions } from '../workspace/queries';
import { DRILL_PAGE_SIZE, metricDrillOptions, pipelineDrillOptions } from './queries';
import {
  accountsCsv,
  ATTACHMENT_LABELS,
  classLabel,
  dealsCsv,
  DEAL_TYPE_LABELS,
  ROLE_LABELS,
  type PartnerNames,
} from './rows';

export function DrillDialog() {
  const [view] = useViewState();
  if (view.drill === null) return null;
  return <DrillDialogFrame drill={view.drill} />;
}

function usePartnerNames(): PartnerNames {
  const partners = useQuery(partnerDirectoryOptions());
  return (id) => partners.data?.find((p) => p.partner_id === id)?.name ?? id;
}

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function DrillDialogFrame({ drill }: { drill: DrillState }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [view, setView] = useViewState();
  const { pathname } = useLocation();
  const { catalog, today } = useApp();
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      // The dialog leaves the DOM when the URL loses `drill`: give focus back to what opened it.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const close = () => setView({ drill: null }, { replace: true });
  const filters = toApiFilters(
    drill.partner ? { ...view.filters, partner_id: [drill.partner] } : view.filters,
  );
  const onPipeline = pathname === '/pipeline';
  const entry = catalog.get(drill.key);
  let body: ReactNode;
  if (
    entry === undefined ||
    entry.drill === null ||
    (onPipeline ? !isPipelineKey(drill.key) : !isMetricKey(drill.key))
  ) {
    body = (
      <>
        <DialogHead
          titleId={titleId}
          title={entry?.label ?? drill.key}
          onClose={() => ref.current?.close()}
        />
        <ErrorState
          title="No drill-down for this figure"
          error={
            entry === undefined
              ? `“${drill.key}” is not a figure of this page.`
              : `${entry.label} is not built from deals or accounts, so there are no rows behind it.`
          }
        />
      </>
    );
  } else if (onPipeline) {
    body = (
      <PipelineDrill
        entry={entry}
        drill={drill}
        filters={filters}
        asOf={view.asOf ?? today}
        titleId={titleId}
        onClose={() => ref.current?.close()}
      />
    );
  } else {
    body = (
      <MetricDrill
        entry={entry}
        drill={drill}
        filters={filters}
        titleId={titleId}
        onClose={() => ref.current?.close()}
      />
    );
  }
  return (
    <dialog
      ref={ref}
      className="drill-dialog"
      aria-labelledby={titleId}
      onClose={close}
      data-testid="drill-dialog"
    >
      {body}
    </dialog>
  );
}

function DialogHead({
  titleId,
  title,
  onClose,
  children,
}: {
  titleId: string;
  title: ReactNode;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <header className="drill-head">
      <div>
        <p className="panel-kicker">Drill-down</p>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
      <button
        type="button"
        className="close-button"
        onClick={onClose}
        aria-label="Close the drill-down"
      >
        ×
      </button>
    </header>
  );
}

function filtersText(filters: Filters, name: PartnerNames): string {
  const parts = (Object.keys(FILTER_LABELS) as FilterKey[])
    .filter((k) => filters[k]?.length)
    .map(
      (k) =>
        `${FILTER_LABELS[k]}: ${(filters[k] ?? []).map((v) => (k === 'partner_id' ? name(v) : v)).join(', ')}`,
    );
  return parts.length ? parts.join(' · ') : 'No filters';
}

function MetricDrill({
  entry,
  drill,
  filters,
  titleId,
  onClose,
}: {
  entry: CatalogEntry;
  drill: DrillState;
  filters: Filters;
  titleId: string;
  onClose: () => void;
}) {
  const { settings, today, fmt } = useApp();
  const [view] = useViewState();
  const period = resolvePeriod(view.period, settings.fiscal_year_start_month, today);
  const params = {
    key: drill.key,
    from: period.from,
    to: period.to,
    filters,
    offset: (drill.page - 1) * DRILL_PAGE_SIZE,
    limit: DRILL_PAGE_SIZE,
  };
  const rows = useQuery(metricDrillOptions(params));
  const figure = useQuery(metricsOptions({ from: period.from, to: period.to, filters }));
  const value =
    figure.data && !figure.isPlaceholderData && isMetricKey(entry.key)
      ? figure.data.metrics[entry.key]
      : undefined;
  const name = usePartnerNames();
  return (
    <DrillBody
      entry={entry}
      value={value}
      titleId={titleId}
      onClose={onClose}
      context={`${periodTitle(period, fmt)} (${fmt.dateRange(period.from, period.to)}) · ${filtersText(filters, name)}`}
      referenceDate={period.to}
      query={rows}
      drill={drill}
      fetchAll={(total) =>
        getJson<DrillResponse>(`/api/v1/metrics/${encodeURIComponent(drill.key)}/deals`, {
          from: period.from,
          to: period.to,
          ...filters,
          offset: 0,
          limit: Math.max(1, Math.min(total, 100000)),
        })
      }
      filename={`${drill.key}_${period.from}_${period.to}${drill.partner ? `_${drill.partner}` : ''}.csv`}
    />
  );
}

function PipelineDrill({
  entry,
  drill,
  filters,
  asOf,
  titleId,
  onClose,
}: {
  entry: CatalogEntry;
  drill: DrillState;
  filters: Filters;
  asOf: string;
  titleId: string;
  onClose: () => void;
}) {
  const { fmt } = useApp();
  const params = {
    key: drill.key,
    asOf,
    filters,
    offset: (drill.page - 1) * DRILL_PAGE_SIZE,
    limit: DRILL_PAGE_SIZE,
  };
  const rows = useQuery(pipelineDrillOptions(params));
  const figure = useQuery(pipelineOptions({ asOf, filters }));
  const value =
    figure.data && !figure.isPlaceholderData && isPipelineKey(entry.key)
      ? figure.data.metrics[entry.key]
      : undefined;
  const name = usePartnerNames();
  return (
    <DrillBody
      entry={entry}
      value={value}
      titleId={titleId}
      onClose={onClose}
      context={`As of ${fmt.date(asOf)} · ${filtersText(filters, name)}`}
      referenceDate={asOf}
      query={rows}
      drill={drill}
      fetchAll={(total) =>
        getJson<DrillResponse>(`/api/v1/pipeline/${encodeURIComponent(drill.key)}/deals`, {
          as_of: asOf,
          ...filters,
          offset: 0,
          limit: Math.max(1, Math.min(total, 100000)),
        })
      }
      filename={`${drill.key}_as_of_${asOf}.csv`}
    />
  );
}

function DrillBody({
  entry,
  value,
  titleId,
  onClose,
  context,
  query,
  drill,
  fetchAll,
  filename,
  referenceDate,
}: {
  entry: CatalogEntry;
  value: number | null | undefined;
  titleId: string;
  onClose: () => void;
  context: string;
  query: {
    data?: DrillResponse;
    status: 'pending' | 'error' | 'success';
    error: unknown;
    isPlaceholderData: boolean;
    refetch: () => Promise<unknown>;
  };
  drill: DrillState;
  fetchAll: (total: number) => Promise<DrillResponse>;
  filename: string;
  /** The date a deal's expected close is compared with (slipped). */
  referenceDate: string;
}) {
  const { fmt } = useApp();
  const [, setView] = useViewState();
  const name = usePartnerNames();
  const [exporting, setExporting] = useState<string | null>(null);
  const data = query.data;
  const total = data?.total ?? 0;
  const first = total === 0 ? 0 : (drill.page - 1) * DRILL_PAGE_SIZE + 1;
  const last = Math.min(total, drill.page * DRILL_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / DRILL_PAGE_SIZE));
  const what = entry.drill === 'accounts' ? 'accounts' : 'deals';
  const goTo = (page: number) => setView({ drill: { ...drill, page } }, { replace: true });

  const exportCsv = async () => {
    setExporting('Preparing the CSV…');
    try {
      const all = await fetchAll(total);
      const text =
        all.kind === 'accounts' && 'start_month' in all
          ? accountsCsv(all.rows, all.start_month, all.end_month, name)
          : dealsCsv(all.rows, name);
      download(filename, text);
      setExporting(null);
    } catch (err) {
      setExporting(
        `The CSV could not be prepared: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };

  return (
    <>
      <DialogHead
        titleId={titleId}
        onClose={onClose}
        title={
          <>
            {entry.label}:{' '}
            <span data-testid="drill-figure">
              {value === undefined ? '…' : fmt.metric(value, entry.unit, entry.key)}
            </span>
          </>
        }
      >
        <p className="drill-formula">{entry.formula}</p>
        {value === null && <p className="null-reason">Why —: {nullReason(entry)}.</p>}
        <p className="muted small">{context}</p>
      </DialogHead>
      {query.status === 'pending' && (
        <Skeleton height={200} width="100%" label="Loading the rows" />
      )}
      {query.status === 'error' && (
        <ErrorState
          error={query.error}
          onRetry={() => void query.refetch()}
          title="Could not load the rows"
        />
      )}
      {data && (
        <div className="drill-body" aria-busy={query.isPlaceholderData}>
          <div className="drill-toolbar">
            <p data-testid="drill-total" data-total={total}>
              {total === 0
                ? `No ${what} behind this figure.`
                : `${what === 'deals' ? 'Deals' : 'Accounts'} ${first}–${last} of ${fmt.count(total)}`}
              {data.kind === 'accounts' && 'start_month' in data && (
                <span className="muted">
                  {' '}
                  · cohort: accounts with ARR in {data.start_month}, compared with {data.end_month}
                </span>
              )}
            </p>
            {total > 0 && (
              <button
                type="button"
                className="button-secondary"
                onClick={() => void exportCsv()}
                disabled={exporting === 'Preparing the CSV…'}
              >
                Download CSV ({fmt.count(total)} rows)
              </button>
            )}
          </div>
          {exporting && (
            <p className="muted small" role="status">
              {exporting}
            </p>
          )}
          {total > 0 && (
            <div className="table-scroll">
              {data.kind === 'accounts' && 'start_month' in data ? (
                <AccountTable
                  rows={data.rows}
                  startMonth={data.start_month}
                  endMonth={data.end_month}
                  name={name}
                />
              ) : (
                <DealTable rows={data.rows} name={name} asOf={referenceDate} />
              )}
            </div>
          )}
          {pages > 1 && (
            <nav className="pager" aria-label="Pages of rows">
              <button
                type="button"
                className="button-secondary"
                disabled={drill.page <= 1}
                onClick={() => goTo(drill.page - 1)}
              >
                ← Previous
              </button>
              <span>
                Page {drill.page} of {pages}
              </span>
              <button
                type="button"
                className="button-secondary"
                disabled={drill.page >= pages}
                onClick={() => goTo(drill.page + 1)}
              >
                Next →
              </button>
            </nav>
          )}
        </div>
      )}
    </>
  );
}

function ClassBadge({ cls }: { cls: string }) {
  const colour = (CLASS_COLOURS as Record<string, string>)[cls] ?? CLASS_COLOURS.other;
  return (
    <span className="class-badge">
      <span className="dot" style={{ background: colour }} aria-hidden="true" />
      {classLabel(cls)}
    </span>
  );
}

function DealTable({ rows, name, asOf }: { rows: DealRow[]; name: PartnerNames; asOf: string }) {
  const { fmt } = useApp();
  return (
    <table className="data-table drill-table">
      <thead>
        <tr>
          <th scope="col">Deal</th>
          <th scope="col">Account</th>
          <th scope="col">Class · role</th>
          <th scope="col">Type · stage</th>
          <th scope="col" className="num">
            Amount
          </th>
          <th scope="col">Created → closed</th>
          <th scope="col">Credited partners</th>
          <th scope="col">Counting touches</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const slipped =
            r.closed_on === null && r.expected_close_on !== null && r.expected_close_on < asOf;
          return (
            <tr key={r.deal_id} data-deal={r.deal_id}>
              <th scope="row" className="deal-cell">
                <span className="cell-main">{r.name ?? r.deal_id}</span>
                <span className="cell-sub">{r.deal_id}</span>
              </th>
              <td>{r.account_id}</td>
              <td>
                <ClassBadge cls={r.class} />
                <span className="cell-sub">{ROLE_LABELS[r.role] ?? r.role}</span>
              </td>
              <td>
                {DEAL_TYPE_LABELS[r.type] ?? r.type}
                <span className="cell-sub">{r.stage_name ?? r.stage}</span>
              </td>
              <td className="num">{fmt.moneyExact(r.amount)}</td>
              <td className="date">
                {r.created_on} →{' '}
                {r.closed_on ?? (
                  <span className={slipped ? 'slipped' : undefined}>
                    {r.expected_close_on ? `exp. ${r.expected_close_on}` : 'open'}
                  </span>
                )}
                <span className="cell-sub">
                  {r.cycle_days !== null
                    ? fmt.days(r.cycle_days)
                    : r.closed_on !== null
                      ? 'no cycle (closed before created)'
                      : slipped
                        ? 'slipped'
                        : ''}
                </span>
              </td>
              <td>
                {r.credited_partner_ids.length ? r.credited_partner_ids.map(name).join(', ') : '—'}
              </td>
              <td className="touches">
                {r.counting_touches.length === 0
                  ? '—'
                  : r.counting_touches.map((t, i) => (
                      <span key={i} className="touch">
                        {name(t.partner_id)} · {t.touch_type.replace(/_/g, ' ')} ·{' '}
                        <span className="date">{t.touched_on}</span>
                      </span>
                    ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AccountTable({
  rows,
  startMonth,
  endMonth,
  name,
}: {
  rows: AccountRow[];
  startMonth: string;
  endMonth: string;
  name: PartnerNames;
}) {
  const { fmt } = useApp();
  return (
    <table className="data-table drill-table">
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Segment</th>
          <th scope="col">Region</th>
          <th scope="col" className="num">
            ARR {startMonth}
          </th>
          <th scope="col" className="num">
            ARR {endMonth}
          </th>
          <th scope="col">Attachment</th>
          <th scope="col">Attached partners</th>
          <th scope="col">Churned</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.account_id} data-account={r.account_id}>
            <th scope="row">
              <span className="cell-main">{r.name ?? r.account_id}</span>
              <span className="cell-sub">{r.account_id}</span>
            </th>
            <td>{r.segment ?? '—'}</td>
            <td>{r.region ?? '—'}</td>
            <td className="num">{fmt.moneyExact(r.arr_start)}</td>
            <td className="num">{fmt.moneyExact(r.arr_end)}</td>
            <td>{ATTACHMENT_LABELS[r.attachment] ?? r.attachment}</td>
            <td>
              {r.attached_partner_ids.length ? r.attached_partner_ids.map(name).join(', ') : '—'}
            </td>
            <td>{r.churned ? <strong className="bad">Churned</strong> : 'No'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
