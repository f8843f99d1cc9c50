// The board readout (landing page): the headline a CPO defends, its trend over eight
// quarters, and one panel per executive (CMO, CRO, CFO/CCO) with the figures they live by.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useApp } from '../../app/app-context';
import { Deferred } from '../../components/Deferred';
import { ErrorState } from '../../components/States';
import { PageHeader } from '../../components/PageHeader';
import { comparisonTitle, periodTitle } from '../../lib/labels';
import { trendRange } from '../../lib/periods';
import { useLocation, useViewState } from '../../lib/router';
import { CfoPanel } from './CfoPanel';
import { CmoPanel } from './CmoPanel';
import { CroPanel } from './CroPanel';
import { QualityBanner } from '../data-quality/QualityBanner';
import { Headline } from './Headline';
import { boardQueries } from './loader';
import { TrendChart } from './TrendChart';
import type { PanelData } from './panel';

export function BoardPage() {
  const { settings, today, fmt } = useApp();
  const [, setView] = useViewState();
  const { search } = useLocation();
  const start = settings.fiscal_year_start_month;
  const board = boardQueries(search, settings, today);
  const { period, filters, comps } = board;
  const current = useQuery(board.current);
  const compared = useQueries({ queries: board.compared });
  const title = periodTitle(period, fmt);
  const previous = comps[0];
  const updating = current.isPlaceholderData || compared.some((q) => q.isPlaceholderData);

  const panel: PanelData = {
    values: current.isPlaceholderData ? undefined : current.data?.metrics,
    previous: compared[0]?.isPlaceholderData ? undefined : compared[0]?.data?.metrics,
    previousLabel: previous ? comparisonTitle(previous, fmt) : null,
    params: { from: period.from, to: period.to, filters },
    hasPartnerFilters: Boolean(filters.partner_id ?? filters.partner_tier ?? filters.partner_type),
  };

  return (
    <div className="page board">
      <QualityBanner />
      <PageHeader
        title="Board readout"
        subtitle={
          <>
            <strong data-testid="period-title">{title}</strong>
            <span className="muted"> · {fmt.dateRange(period.from, period.to)}</span>
            {comps.length > 0 && (
              <span className="muted">
                {' '}
                · compared with {comps.map((c) => comparisonTitle(c, fmt)).join(' and ')}
              </span>
            )}
          </>
        }
        actions={
          <button
            type="button"
            className="button-secondary no-print"
            onClick={() => window.print()}
          >
            Print
          </button>
        }
        busy={updating}
      />
      {period.future && (
        <p className="notice">This period has not started yet: every figure is zero or —.</p>
      )}
      {current.isError ? (
        <ErrorState
          error={current.error}
          onRetry={() => void current.refetch()}
          title="Could not load the figures"
        />
      ) : (
        <>
          <Headline
            values={panel.values}
            comparisons={comps.map((c, i) => ({
              label: comparisonTitle(c, fmt),
              values: compared[i]?.isPlaceholderData ? undefined : compared[i]?.data?.metrics,
            }))}
            updating={updating}
          />
          <TrendChart
            params={{ ...trendRange(period, start), filters }}
            today={today}
            onSelectQuarter={(fy, quarter) => setView({ period: { kind: 'quarter', fy, quarter } })}
          />
          {/* The panels render just after the headline and the trend (they are mostly below the
              fold), so the first chart is not held up by their tables and charts. */}
          <Deferred placeholder={<div className="panels-placeholder" />} margin="400px">
            <div className="panels">
              <CmoPanel data={panel} />
              <CroPanel data={panel} />
              <CfoPanel data={panel} />
            </div>
          </Deferred>
        </>
      )}
    </div>
  );
}
