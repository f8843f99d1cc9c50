// The board pack: freeze the board view of the URL (period and filters) as a snapshot, list
// the snapshots, open one as reported, restate it against today's data, and download it as
// PDF, PPTX, XLSX or CSV. Which snapshot is open lives in the URL (`?snapshot=<id>&view=`).
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useLocation } from '../../lib/router';
import { parseSnapshotState } from './board-pack';
import { FreezeForm } from './FreezeForm';
import { SnapshotList } from './SnapshotList';
import { SnapshotView } from './SnapshotView';
import type { SnapshotSummary } from './types';
import { useApp } from '../../app/app-context';
import { atLeast } from '../auth/queries';

export function BoardPackPage() {
  const { search } = useLocation();
  const state = parseSnapshotState(search);
  const [created, setCreated] = useState<SnapshotSummary | null>(null);
  const { principal } = useApp();

  if (state.id !== null) return <SnapshotView id={state.id} view={state.view} />;
  return (
    <div className="page board-pack">
      <PageHeader
        title="Board pack"
        subtitle={
          <span className="muted">
            Freeze a board view so its figures stay as reported, restate it against today’s data,
            and take it to the board as PDF, PowerPoint, Excel or CSV.
          </span>
        }
      />
      <div className="board-pack-layout">
        {atLeast(principal.role, 'editor') ? (
          <FreezeForm onCreated={setCreated} />
        ) : (
          <p className="card muted">
            Freezing a board view needs the editor role; you are signed in as {principal.role}.
          </p>
        )}
        <SnapshotList highlight={created?.id ?? null} />
      </div>
    </div>
  );
}
