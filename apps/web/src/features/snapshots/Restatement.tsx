// "Compare with today": each figure as reported vs recomputed on today's data (same period,
// filters and settings), the changed ones first, and for each the deals (or accounts) that
// explain it with the API's reasons; the series, the pipeline, the settings and the data
// fingerprint beside it.
import { useQuery } from '@tanstack/react-query';
import type { MetricKey } from '@partner-kpi/metrics';
import { useApp } from '../../app/app-context';
import { ErrorState, Skeleton } from '../../components/States';
import { plural } from '../../lib/labels';
import {
  ACCOUNT_CHANGE_LABELS,
  accountLines,
  accountSideText,
  DEAL_CHANGE_LABELS,
  dealLines,
  dealSideText,
  exactValue,
  formatAsOf,
  formatDifference,
  orderFigures,
  shortFingerprint,
} from './board-pack';
import { snapshotCompareOptions } from './queries';
import type {
  CompareResponse,
  DealRestatement,
  DealState,
  FigureComparison,
  Snapshot,
} from './types';

const SETTING_LABELS: Readonly<Record<string, string>> = {
  reporting_currency: 'Reporting currency',
  fiscal_year_start_month: 'Fiscal year start month',
  gross_margin: 'Gross margin',
};

export function Restatement({ snapshot }: { snapshot: Snapshot }) {
  const query = useQuery(snapshotCompareOptions(snapshot.id));
  if (query.isPending)
    return (
      <div className="restatement">
        <Skeleton height={90} width="100%" label="Recomputing the figures on today’s data" />
        <Skeleton height={260} width="100%" />
      </div>
    );
  if (query.isError)
    return (
      <ErrorState
        error={query.error}
        title="Could not recompute the snapshot"
        onRetry={() => void query.refetch()}
      />
    );
  return (
    <RestatementBody
      cmp={query.data}
      refetching={query.isFetching}
      onRefresh={() => void query.refetch()}
    />
  );
}

function RestatementBody({
  cmp,
  refetching,
  onRefresh,
}: {
  cmp: CompareResponse;
  refetching: boolean;
  onRefresh: () => void;
}) {
  const { fmt } = useApp();
  const ordered = orderFigures(cmp.figures);
  const labelOf = new Map<string, string>(cmp.figures.map((f) => [f.key, f.label]));
  const seriesChanged = cmp.series.filter((q) => q.changed.length > 0);
  const pipelineChanged = cmp.pipeline.filter((p) => p.changed);
  return (
    <div className="restatement" data-testid="restatement">
      <section
        className={`card restatement-summary ${cmp.summary.restated ? 'is-restated' : 'is-same'}`}
        aria-labelledby="restatement-title"
      >
        <div className="restatement-summary-head">
          <h2 id="restatement-title" className="card-title">
            {cmp.summary.restated
              ? 'Restated: today’s data tells a different story'
              : 'As reported'}
          </h2>
          <button
            type="button"
            className="button-secondary"
            onClick={onRefresh}
            disabled={refetching}
          >
            {refetching ? 'Recomputing…' : 'Recompute'}
          </button>
        </div>
        <p data-testid="restatement-summary">{cmp.summary.text}</p>
        <dl className="restatement-facts">
          <div>
            <dt>Recomputed</dt>
            <dd>
              <time dateTime={cmp.recomputed_at}>{formatAsOf(cmp.recomputed_at)}</time>, with the
              period, filters and settings as reported
            </dd>
          </div>
          <div>
            <dt>Data fingerprint</dt>
            <dd data-testid="fingerprint-compare">
              <code title={cmp.fingerprint.as_reported}>
                {shortFingerprint(cmp.fingerprint.as_reported)}
              </code>{' '}
              then,{' '}
              <code title={cmp.fingerprint.current}>
                {shortFingerprint(cmp.fingerprint.current)}
              </code>{' '}
              now ·{' '}
              {cmp.fingerprint.changed
                ? `changed: ${cmp.fingerprint.tables_changed.join(', ')}`
                : 'the same data'}
            </dd>
          </div>
          <div>
            <dt>Settings</dt>
            <dd data-testid="settings-note">{cmp.settings.note}</dd>
          </div>
        </dl>
        {cmp.settings.differs.length > 0 && (
          <table className="data-table compact settings-diff" data-testid="settings-diff">
            <caption className="visually-hidden">Settings that differ today</caption>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">As reported (used)</th>
                <th scope="col">Today</th>
              </tr>
            </thead>
            <tbody>
              {cmp.settings.differs.map((k) => (
                <tr key={k} data-setting={k}>
                  <th scope="row">{SETTING_LABELS[k] ?? k}</th>
                  <td>{String(cmp.settings.as_reported[k])}</td>
                  <td>{String(cmp.settings.current[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="changed-title">
        <h2 id="changed-title" className="card-title">
          {ordered.changed.length
            ? `${plural(ordered.changed.length, 'figure')} changed`
            : 'No figure changed'}
        </h2>
        {ordered.changed.length > 0 ? (
          <FigureTable
            figures={ordered.changed}
            deals={cmp.deals}
            testId="changed-figures"
            open={ordered.changed.length <= 12}
          />
        ) : (
          <p className="muted">Every figure recomputes to the value that was reported.</p>
        )}
        {ordered.rowsOnly.length > 0 && (
          <details className="unchanged">
            <summary>
              {plural(ordered.rowsOnly.length, 'figure')} with the same value but different rows
              behind {ordered.rowsOnly.length === 1 ? 'it' : 'them'}
            </summary>
            <FigureTable
              figures={ordered.rowsOnly}
              deals={cmp.deals}
              testId="rows-only-figures"
              open={false}
            />
          </details>
        )}
        {ordered.unchanged.length > 0 && (
          <details className="unchanged">
            <summary>{plural(ordered.unchanged.length, 'figure')} unchanged</summary>
            <FigureTable
              figures={ordered.unchanged}
              deals={[]}
              testId="unchanged-figures"
              open={false}
            />
          </details>
        )}
      </section>

      {cmp.deals.length > 0 && (
        <DealsTable deals={cmp.deals} labelOf={labelOf} fmtMoney={(v) => fmt.moneyExact(v)} />
      )}

      {(seriesChanged.length > 0 || pipelineChanged.length > 0) && (
        <div className="restatement-extra">
          {seriesChanged.length > 0 && (
            <section className="card" aria-labelledby="series-title">
              <h2 id="series-title" className="card-title">
                Trend: {plural(seriesChanged.length, 'quarter')} changed
              </h2>
              <ul className="series-changes">
                {seriesChanged.map((q) => (
                  <li key={q.label} data-quarter={q.label}>
                    <strong>{q.label}</strong>
                    <ul>
                      {q.changed.map((v) => {
                        const f = cmp.figures.find((x) => x.key === v.key);
                        const unit = f?.unit ?? 'count';
                        return (
                          <li key={v.key}>
                            {labelOf.get(v.key) ?? v.key}:{' '}
                            {exactValue(v.reported, unit, v.key, fmt)} →{' '}
                            {exactValue(v.recomputed, unit, v.key, fmt)}{' '}
                            <span className="muted">
                              ({formatDifference(v.difference, unit, v.key, fmt)})
                            </span>
                          </li>
                        );
                      })}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {pipelineChanged.length > 0 && (
            <section className="card" aria-labelledby="pipeline-title">
              <h2 id="pipeline-title" className="card-title">
                Pipeline: {plural(pipelineChanged.length, 'figure')} changed
              </h2>
              <div className="table-scroll">
                <table className="data-table compact">
                  <thead>
                    <tr>
                      <th scope="col">Figure</th>
                      <th scope="col" className="num">
                        Reported
                      </th>
                      <th scope="col" className="num">
                        Recomputed
                      </th>
                      <th scope="col" className="num">
                        Difference
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {pipelineChanged.map((p) => (
                      <tr key={p.key} data-metric={p.key}>
                        <th scope="row">{p.label}</th>
                        <td className="num">{exactValue(p.reported, p.unit, p.key, fmt)}</td>
                        <td className="num">{exactValue(p.recomputed, p.unit, p.key, fmt)}</td>
                        <td className="num">
                          {formatDifference(p.difference, p.unit, p.key, fmt)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </div>
      )}
    </div>
  );
}

function FigureTable({
  figures,
  deals,
  testId,
  open,
}: {
  figures: FigureComparison[];
  deals: DealRestatement[];
  testId: string;
  /** Show the deals behind each figure (up to a few) without a click. */
  open: boolean;
}) {
  const { fmt } = useApp();
  return (
    <div className="table-scroll">
      <table className="data-table restatement-table" data-testid={testId}>
        <caption className="visually-hidden">Figures as reported and recomputed</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" className="num">
              Reported
            </th>
            <th scope="col" className="num">
              Recomputed today
            </th>
            <th scope="col" className="num">
              Difference
            </th>
          </tr>
        </thead>
        {figures.map((f) => {
          const dl = dealLines(f, deals);
          const al = accountLines(f);
          const tone =
            f.difference === null || f.difference === 0
              ? ''
              : f.difference > 0
                ? 'diff-up'
                : 'diff-down';
          return (
            <tbody
              key={f.key}
              data-metric={f.key}
              data-reported={String(f.reported)}
              data-recomputed={String(f.recomputed)}
              data-difference={String(f.difference)}
            >
              <tr>
                <th scope="row">{f.label}</th>
                <td className="num">{exactValue(f.reported, f.unit, f.key, fmt)}</td>
                <td className="num">{exactValue(f.recomputed, f.unit, f.key, fmt)}</td>
                <td className={`num ${tone}`}>
                  {formatDifference(f.difference, f.unit, f.key, fmt)}
                </td>
              </tr>
              {(dl.length > 0 || al.length > 0) && (
                <tr className="explain-row">
                  <td colSpan={4}>
                    <details open={open && dl.length + al.length <= 5}>
                      <summary>
                        {dl.length > 0
                          ? `${plural(dl.length, 'deal')} explain${dl.length === 1 ? 's' : ''} it`
                          : `${plural(al.length, 'account')} explain${al.length === 1 ? 's' : ''} it`}
                      </summary>
                      <ul className="explain-list">
                        {dl.map((d) => (
                          <li
                            key={`${d.kind}-${d.deal_id}`}
                            data-deal={d.deal_id}
                            data-kind={d.kind}
                          >
                            <span className="change-kind">{DEAL_CHANGE_LABELS[d.kind]}</span>{' '}
                            <strong>{d.name ?? d.deal_id}</strong>{' '}
                            <span className="muted">
                              ({d.deal_id}
                              {d.account_name ? ` · ${d.account_name}` : ''})
                            </span>
                            <span className="explain-sides">
                              {dealSideText(d.reported, fmt)} → {dealSideText(d.recomputed, fmt)}
                            </span>
                            {d.reasons.length > 0 && (
                              <span className="explain-reasons">Why: {d.reasons.join('; ')}.</span>
                            )}
                          </li>
                        ))}
                        {al.map((a) => (
                          <li
                            key={`${a.kind}-${a.account_id}`}
                            data-account={a.account_id}
                            data-kind={a.kind}
                          >
                            <span className="change-kind">{ACCOUNT_CHANGE_LABELS[a.kind]}</span>{' '}
                            <strong>{a.name ?? a.account_id}</strong>{' '}
                            <span className="muted">({a.account_id})</span>
                            <span className="explain-sides">
                              {accountSideText(a.reported, fmt)} →{' '}
                              {accountSideText(a.recomputed, fmt)}
                            </span>
                          </li>
                        ))}
                      </ul>
                    </details>
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

function stateText(s: DealState | null, money: (v: number) => string): string {
  if (s === null) return 'not in the data';
  return `${money(s.amount)} · ${s.stage}${s.closed_on ? ` ${s.closed_on}` : ''} · ${s.type.replace(/_/g, ' ')}`;
}

function DealsTable({
  deals,
  labelOf,
  fmtMoney,
}: {
  deals: DealRestatement[];
  labelOf: ReadonlyMap<string, string>;
  fmtMoney: (v: number) => string;
}) {
  return (
    <section className="card" aria-labelledby="deals-title">
      <h2 id="deals-title" className="card-title">
        The {plural(deals.length, 'deal')} behind the restatement
      </h2>
      <div className="table-scroll">
        <table className="data-table restatement-deals" data-testid="restatement-deals">
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col">What changed</th>
              <th scope="col">As reported → today</th>
              <th scope="col">Figures it moved</th>
            </tr>
          </thead>
          <tbody>
            {deals.map((d) => (
              <tr key={d.deal_id} data-deal={d.deal_id}>
                <th scope="row" className="deal-cell">
                  <span className="cell-main">{d.name ?? d.deal_id}</span>
                  <span className="cell-sub">
                    {d.deal_id}
                    {d.account_name ? ` · ${d.account_name}` : ''}
                  </span>
                </th>
                <td>
                  <ul className="reason-list">
                    {d.explanation.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                </td>
                <td className="deal-states">
                  <span className="cell-main">{stateText(d.reported, fmtMoney)}</span>
                  <span className="cell-sub">→ {stateText(d.recomputed, fmtMoney)}</span>
                </td>
                <td className="deal-figures">
                  {d.figures.map((k: MetricKey) => labelOf.get(k) ?? k).join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
