// The partner leaderboard: per partner sourced and influenced revenue (full and split
// credit), win rate, open pipeline and time to first deal over the period; sortable, filtered
// by type and tier; every revenue figure opens the partner's deals.
import { useQuery } from '@tanstack/react-query';
import { PARTNER_TYPES } from '@partner-kpi/metrics';
import { useId } from 'react';
import type { LeaderboardRow } from '../../api/types';
import { useApp } from '../../app/app-context';
import { Help } from '../../components/Help';
import { useDrillHref } from '../../components/MetricFigure';
import { PageHeader } from '../../components/PageHeader';
import { SortHeader } from '../../components/SortHeader';
import { ErrorState, Skeleton } from '../../components/States';
import { partnerTypeLabel, periodTitle, plural } from '../../lib/labels';
import { resolvePeriod } from '../../lib/periods';
import { Link, useViewState } from '../../lib/router';
import { nextSort, sortRows, type SortValue } from '../../lib/sort';
import { toApiFilters } from '../../lib/url-state';
import { partnerDirectoryOptions } from '../workspace/queries';
import { leaderboardOptions } from './queries';

const COLUMNS: Record<string, (r: LeaderboardRow) => SortValue> = {
  name: (r) => r.name,
  type: (r) => r.type,
  tier: (r) => r.tier,
  sourced: (r) => r.sourced_revenue,
  influenced: (r) => r.influenced_revenue,
  split: (r) => r.influenced_revenue_split,
  win_rate: (r) => r.win_rate,
  open_pipeline: (r) => r.open_pipeline,
  time_to_first_deal: (r) => r.time_to_first_deal_days,
};

function QuickFilter({
  label,
  values,
  selected,
  onChange,
  format,
}: {
  label: string;
  values: string[];
  selected: string[] | undefined;
  onChange: (v: string | null) => void;
  format: (v: string) => string;
}) {
  const id = useId();
  const value =
    selected?.length === 1 ? selected[0] : selected && selected.length > 1 ? '__many' : '';
  return (
    <span className="quick-filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">All</option>
        {value === '__many' && <option value="__many">{selected?.map(format).join(', ')}</option>}
        {values.map((v) => (
          <option key={v} value={v}>
            {format(v)}
          </option>
        ))}
      </select>
    </span>
  );
}

export function PartnersPage() {
  const { settings, today, fmt, catalog } = useApp();
  const [view, setView] = useViewState();
  const drillHref = useDrillHref();
  const period = resolvePeriod(view.period, settings.fiscal_year_start_month, today);
  const filters = toApiFilters(view.filters);
  const query = useQuery(leaderboardOptions({ from: period.from, to: period.to, filters }));
  const directory = useQuery(partnerDirectoryOptions());
  const sort =
    view.sort && view.sort.column in COLUMNS
      ? view.sort
      : { column: 'sourced', dir: 'desc' as const };
  const onSort = (column: string) =>
    setView(
      {
        sort: nextSort(
          sort,
          column,
          ['name', 'type', 'tier', 'time_to_first_deal'].includes(column) ? 'asc' : 'desc',
        ),
      },
      { replace: true },
    );
  const rows =
    query.data && !query.isPlaceholderData
      ? sortRows(query.data.partners, COLUMNS[sort.column], sort.dir)
      : undefined;
  const list = directory.data ?? [];
  const types = PARTNER_TYPES.filter((t) => list.some((p) => p.type === t));
  const tiers = [...new Set(list.map((p) => p.tier).filter((t): t is string => t !== null))].sort();
  const setSingle = (key: 'partner_type' | 'partner_tier', v: string | null) => {
    if (v === '__many') return;
    const next = { ...view.filters };
    if (v === null) delete next[key];
    else next[key] = [v];
    setView({ filters: next });
  };
  const sourcedEntry = catalog.metric('partner_sourced_revenue');
  const influencedEntry = catalog.metric('partner_influenced_revenue');
  const total = (f: (r: LeaderboardRow) => number) => (rows ?? []).reduce((s, r) => s + f(r), 0);

  return (
    <div className="page partners">
      <PageHeader
        title="Partner leaderboard"
        subtitle={
          <>
            <strong>{periodTitle(period, fmt)}</strong>
            <span className="muted">
              {' '}
              · {fmt.dateRange(period.from, period.to)} · open pipeline as of {fmt.date(period.to)}
            </span>
          </>
        }
        busy={query.isPlaceholderData}
        actions={
          <div className="quick-filters no-print">
            <QuickFilter
              label="Type"
              values={types}
              selected={view.filters.partner_type}
              onChange={(v) => setSingle('partner_type', v)}
              format={partnerTypeLabel}
            />
            <QuickFilter
              label="Tier"
              values={tiers}
              selected={view.filters.partner_tier}
              onChange={(v) => setSingle('partner_tier', v)}
              format={(v) => v}
            />
          </div>
        }
      />
      {query.isError ? (
        <ErrorState
          error={query.error}
          onRetry={() => void query.refetch()}
          title="Could not load the leaderboard"
        />
      ) : !rows ? (
        <section className="card">
          <Skeleton height={240} width="100%" label="Loading the leaderboard" />
        </section>
      ) : rows.length === 0 ? (
        <section className="card">
          <p>No partners match these filters.</p>
          <button
            type="button"
            className="button-secondary"
            onClick={() => setView({ filters: {} })}
          >
            Clear filters
          </button>
        </section>
      ) : (
        <section className="card" aria-label="Partners">
          <div className="table-scroll">
            <table className="data-table leaderboard" data-testid="leaderboard">
              <thead>
                <tr>
                  <SortHeader column="name" sort={sort} onSort={onSort}>
                    Partner
                  </SortHeader>
                  <SortHeader column="type" sort={sort} onSort={onSort}>
                    Type
                  </SortHeader>
                  <SortHeader column="tier" sort={sort} onSort={onSort}>
                    Tier
                  </SortHeader>
                  <SortHeader column="sourced" sort={sort} onSort={onSort} numeric>
                    Sourced
                  </SortHeader>
                  <SortHeader column="influenced" sort={sort} onSort={onSort} numeric>
                    Influenced (full)
                  </SortHeader>
                  <SortHeader column="split" sort={sort} onSort={onSort} numeric>
                    Influenced (split)
                  </SortHeader>
                  <SortHeader column="win_rate" sort={sort} onSort={onSort} numeric>
                    Win rate
                  </SortHeader>
                  <SortHeader column="open_pipeline" sort={sort} onSort={onSort} numeric>
                    Open pipeline
                  </SortHeader>
                  <SortHeader column="time_to_first_deal" sort={sort} onSort={onSort} numeric>
                    First deal after
                  </SortHeader>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.partner_id} data-partner={r.partner_id}>
                    <th scope="row">
                      <Link
                        to={drillHref('partner_attributed_revenue', r.partner_id)}
                        className="cell-main"
                        title={`Show the won deals ${r.name} sourced or influenced`}
                        data-drill="partner_attributed_revenue"
                      >
                        {r.name}
                      </Link>
                      <span className="cell-sub">
                        {r.partner_id}
                        {r.status === 'inactive' ? ' · inactive' : ''}
                      </span>
                    </th>
                    <td>{partnerTypeLabel(r.type)}</td>
                    <td>{r.tier ?? '—'}</td>
                    <td className="num" data-col="sourced" data-value={r.sourced_revenue}>
                      <Link
                        to={drillHref('partner_sourced_revenue', r.partner_id)}
                        className="value-link"
                        aria-label={`${r.name}: sourced ${fmt.money(r.sourced_revenue)} from ${plural(r.sourced_deals, 'deal')}. Show them`}
                      >
                        {fmt.money(r.sourced_revenue)}
                      </Link>
                      <span className="cell-sub">
                        {plural(r.sourced_deals, 'deal', 'deals', (n) => fmt.count(n))}
                      </span>
                    </td>
                    <td className="num" data-col="influenced" data-value={r.influenced_revenue}>
                      <Link
                        to={drillHref('partner_influenced_revenue', r.partner_id)}
                        className="value-link"
                        aria-label={`${r.name}: influenced ${fmt.money(r.influenced_revenue)} from ${plural(r.influenced_deals, 'deal')}. Show them`}
                      >
                        {fmt.money(r.influenced_revenue)}
                      </Link>
                      <span className="cell-sub">
                        {plural(r.influenced_deals, 'deal', 'deals', (n) => fmt.count(n))}
                      </span>
                    </td>
                    <td className="num" data-col="split" data-value={r.influenced_revenue_split}>
                      {fmt.money(r.influenced_revenue_split)}
                    </td>
                    <td className="num" data-col="win_rate">
                      {r.win_rate === null ? (
                        <span title="no closed new-business deals it sourced or touched in the period">
                          —
                        </span>
                      ) : (
                        fmt.percent(r.win_rate)
                      )}
                      <span className="cell-sub">
                        {r.won_deals} won / {r.lost_deals} lost
                      </span>
                    </td>
                    <td className="num" data-col="open_pipeline">
                      {fmt.money(r.open_pipeline)}
                      <span className="cell-sub">
                        {plural(r.open_deals, 'deal', 'deals', (n) => fmt.count(n))}
                      </span>
                    </td>
                    <td className="num" data-col="time_to_first_deal">
                      {r.time_to_first_deal_days === null ? (
                        <span title={r.joined_on === null ? 'no joined date' : 'no won deal yet'}>
                          —
                        </span>
                      ) : (
                        fmt.days(r.time_to_first_deal_days)
                      )}
                      {r.joined_on && <span className="cell-sub">joined {r.joined_on}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    All listed partners
                  </th>
                  <td className="num">
                    {fmt.money(total((r) => r.sourced_revenue))}
                    <Help
                      entry={sourcedEntry}
                      extra="The sourced column sums to this figure: each deal has one sourcing partner."
                    />
                  </td>
                  <td className="num muted">—</td>
                  <td className="num">
                    {fmt.money(total((r) => r.influenced_revenue_split))}
                    <Help
                      entry={influencedEntry}
                      extra="The split column sums to this figure: each influenced deal is split evenly across its touching partners."
                    />
                  </td>
                  <td colSpan={3} />
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="muted small">
            Win rate counts the new-business deals closing in the period that the partner sourced or
            touched. Open pipeline is at the end of the period. “First deal after” is the days from
            joining to its first won deal, ever.
          </p>
        </section>
      )}
    </div>
  );
}
