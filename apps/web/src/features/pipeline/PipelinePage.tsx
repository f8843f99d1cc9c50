// The Monday pipeline review: partner vs direct pipeline as of a date, what changed this
// week, what should close this quarter and what slipped, with week-over-week change, the
// open pipeline by stage, and the open partner deals.
import { useQuery } from '@tanstack/react-query';
import { addDays, isIsoDate } from '@partner-kpi/metrics';
import { useId } from 'react';
import { useApp } from '../../app/app-context';
import { ErrorState } from '../../components/States';
import { PageHeader } from '../../components/PageHeader';
import { useViewState } from '../../lib/router';
import { toApiFilters } from '../../lib/url-state';
import { OpenDealsTable } from './OpenDealsTable';
import { pipelineOptions } from './queries';
import { PipelineSummary } from './PipelineSummary';
import { StageChart } from './StageChart';

function AsOfPicker({ asOf, onChange }: { asOf: string; onChange: (date: string) => void }) {
  const { today } = useApp();
  const id = useId();
  return (
    <div className="as-of no-print">
      <label htmlFor={id}>As of</label>
      <input
        id={id}
        type="date"
        value={asOf}
        max="2999-12-31"
        onChange={(e) => isIsoDate(e.target.value) && onChange(e.target.value)}
        data-testid="as-of"
      />
      <button
        type="button"
        className="button-secondary"
        onClick={() => onChange(addDays(asOf, -7))}
        aria-label="One week earlier"
      >
        ← Week
      </button>
      <button
        type="button"
        className="button-secondary"
        onClick={() => onChange(addDays(asOf, 7))}
        aria-label="One week later"
      >
        Week →
      </button>
      <button
        type="button"
        className="button-secondary"
        onClick={() => onChange(today)}
        disabled={asOf === today}
      >
        Today
      </button>
    </div>
  );
}

export function PipelinePage() {
  const { today, fmt } = useApp();
  const [view, setView] = useViewState();
  const asOf = view.asOf ?? today;
  const filters = toApiFilters(view.filters);
  const current = useQuery(pipelineOptions({ asOf, filters }));
  const lastWeek = useQuery(pipelineOptions({ asOf: addDays(asOf, -7), filters }));
  const data = current.isPlaceholderData ? undefined : current.data;
  return (
    <div className="page pipeline">
      <PageHeader
        title="Weekly pipeline review"
        subtitle={
          <>
            <strong data-testid="as-of-title">As of {fmt.date(asOf)}</strong>
            {data && (
              <span className="muted">
                {' '}
                · week {fmt.dateRange(data.week.from, data.week.to)} · quarter {data.quarter.label}
              </span>
            )}
          </>
        }
        actions={
          <AsOfPicker asOf={asOf} onChange={(d) => setView({ asOf: d === today ? null : d })} />
        }
        busy={current.isPlaceholderData || lastWeek.isPlaceholderData}
      />
      {current.isError ? (
        <ErrorState
          error={current.error}
          onRetry={() => void current.refetch()}
          title="Could not load the pipeline"
        />
      ) : (
        <>
          <PipelineSummary
            current={data?.metrics}
            lastWeek={lastWeek.isPlaceholderData ? undefined : lastWeek.data?.metrics}
            lastWeekError={lastWeek.isError}
          />
          <div className="pipeline-grid">
            <StageChart params={{ asOf, filters }} />
          </div>
          <OpenDealsTable deals={data?.deals} asOf={asOf} />
        </>
      )}
    </div>
  );
}
