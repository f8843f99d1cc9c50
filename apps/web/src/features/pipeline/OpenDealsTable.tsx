import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { OpenDealRow } from '../../api/types';
import { useApp } from '../../app/app-context';
import { SortHeader } from '../../components/SortHeader';
import { Skeleton } from '../../components/States';
import { nextSort, sortRows, type SortValue } from '../../lib/sort';
import { useViewState } from '../../lib/router';
import { CLASS_COLOURS } from '../../lib/theme';
import { classLabel } from '../drill/rows';
import { partnerDirectoryOptions } from '../workspace/queries';

const PAGE = 25;

function partnerIds(d: OpenDealRow): string[] {
  if (d.sourcing_partner_id) return [d.sourcing_partner_id];
  return [...new Set(d.counting_touches.map((t) => t.partner_id))];
}

/** The open partner deals at the as-of date, sortable; the sort is in the URL. */
export function OpenDealsTable({
  deals,
  asOf,
}: {
  deals: OpenDealRow[] | undefined;
  asOf: string;
}) {
  const { fmt } = useApp();
  const [view, setView] = useViewState();
  const [showAll, setShowAll] = useState(false);
  const partners = useQuery(partnerDirectoryOptions());
  const name = (id: string) => partners.data?.find((p) => p.partner_id === id)?.name ?? id;
  const sort = view.sort ?? { column: 'amount', dir: 'desc' as const };
  const columns: Record<string, (d: OpenDealRow) => SortValue> = {
    deal: (d) => d.name ?? d.deal_id,
    account: (d) => d.account_id,
    stage: (d) => d.stage_name,
    class: (d) => d.class,
    partner: (d) => partnerIds(d).map(name).join(', '),
    amount: (d) => d.amount,
    expected: (d) => d.expected_close_on,
    created: (d) => d.created_on,
  };
  const onSort = (column: string) =>
    setView(
      { sort: nextSort(sort, column, column === 'amount' ? 'desc' : 'asc') },
      { replace: true },
    );
  const sorted = deals ? sortRows(deals, columns[sort.column] ?? columns.amount, sort.dir) : [];
  const shown = showAll ? sorted : sorted.slice(0, PAGE);
  return (
    <section className="card" aria-labelledby="open-deals">
      <h2 id="open-deals" className="card-title">
        Open partner deals {deals && <span className="muted">({fmt.count(deals.length)})</span>}
      </h2>
      {!deals ? (
        <Skeleton height={160} width="100%" label="Loading the open deals" />
      ) : deals.length === 0 ? (
        <p className="muted">No open partner deals at this date.</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table" data-testid="open-deals-table">
              <thead>
                <tr>
                  <SortHeader column="deal" sort={sort} onSort={onSort}>
                    Deal
                  </SortHeader>
                  <SortHeader column="account" sort={sort} onSort={onSort}>
                    Account
                  </SortHeader>
                  <SortHeader column="stage" sort={sort} onSort={onSort}>
                    Stage
                  </SortHeader>
                  <SortHeader column="class" sort={sort} onSort={onSort}>
                    Class
                  </SortHeader>
                  <SortHeader column="partner" sort={sort} onSort={onSort}>
                    Partner
                  </SortHeader>
                  <SortHeader column="amount" sort={sort} onSort={onSort} numeric>
                    Amount
                  </SortHeader>
                  <SortHeader column="expected" sort={sort} onSort={onSort}>
                    Expected close
                  </SortHeader>
                  <SortHeader column="created" sort={sort} onSort={onSort}>
                    Created
                  </SortHeader>
                </tr>
              </thead>
              <tbody>
                {shown.map((d) => {
                  const slipped = d.expected_close_on !== null && d.expected_close_on < asOf;
                  return (
                    <tr key={d.deal_id} data-deal={d.deal_id}>
                      <th scope="row">
                        <span className="cell-main">{d.name ?? d.deal_id}</span>
                        <span className="cell-sub">{d.deal_id}</span>
                      </th>
                      <td>{d.account_id}</td>
                      <td>{d.stage_name ?? '—'}</td>
                      <td>
                        <span className="class-badge">
                          <span
                            className="dot"
                            style={{
                              background: (CLASS_COLOURS as Record<string, string>)[d.class],
                            }}
                            aria-hidden="true"
                          />
                          {classLabel(d.class)}
                        </span>
                      </td>
                      <td>{partnerIds(d).map(name).join(', ') || '—'}</td>
                      <td className="num">{fmt.money(d.amount)}</td>
                      <td className={slipped ? 'date slipped' : 'date'}>
                        {d.expected_close_on ?? '—'}
                        {slipped && <span className="cell-sub">slipped</span>}
                      </td>
                      <td className="date">{d.created_on}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {sorted.length > PAGE && (
            <button type="button" className="link-button" onClick={() => setShowAll((s) => !s)}>
              {showAll ? `Show the first ${PAGE}` : `Show all ${fmt.count(sorted.length)} deals`}
            </button>
          )}
        </>
      )}
    </section>
  );
}
