// A one-line warning on the board when a data-quality check is severe, linking to the report.
// Its own query, started once the browser is idle so the board's figures go first; nothing is
// rendered while it loads, when it fails, or when no check is severe.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from '../../lib/router';
import { dataQualityOptions } from './queries';

function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(() => setIdle(true), { timeout: 2000 });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = window.setTimeout(() => setIdle(true), 500);
    return () => window.clearTimeout(timer);
  }, []);
  return idle;
}

export function QualityBanner() {
  const idle = useIdle();
  const report = useQuery({ ...dataQualityOptions(), enabled: idle });
  if (!report.data || report.data.severity !== 'severe') return null;
  const severe = report.data.checks.filter((c) => c.severity === 'severe');
  return (
    <p className="quality-banner no-print" role="status" data-testid="quality-banner">
      <span className="quality-banner-mark" aria-hidden="true">
        !!
      </span>
      <span>
        <strong>Data quality: </strong>
        {severe.length === 1 ? 'one check is' : `${severe.length} checks are`} severe (
        {severe.map((c) => c.label).join('; ')}), which bends some figures.{' '}
        <Link to="/data-quality">See the data-quality report</Link>
      </span>
    </p>
  );
}
