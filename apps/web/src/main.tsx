import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { Shell } from './app/Shell';
import { loadPlots } from './charts';
import { boardQueries } from './features/board/loader';
import { settingsOptions } from './features/settings/queries';
import { catalogOptions } from './features/workspace/queries';
import { localToday } from './lib/periods';
import './styles.css';
import './features/imports/imports.css';
import './features/data-quality/data-quality.css';
import './features/snapshots/snapshots.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again.
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

// Start the requests the first screen needs before React renders: the settings and the
// catalog, then (on the board readout) its figures, which depend on the fiscal calendar.
void queryClient.prefetchQuery(catalogOptions());
void queryClient.fetchQuery(settingsOptions()).then(
  (settings) => {
    if (window.location.pathname !== '/') return;
    const board = boardQueries(window.location.search, settings, localToday());
    void queryClient.prefetchQuery(board.series);
    void queryClient.prefetchQuery(board.current);
    for (const options of board.compared) void queryClient.prefetchQuery(options);
  },
  () => undefined, // the shell shows the error
);
// Recharts downloads while the first figures are fetched.
void loadPlots();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  </StrictMode>,
);
