import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { Shell } from './app/Shell';
import { loadPlots } from './charts';
import { authStatusOptions } from './features/auth/queries';
import { boardQueries } from './features/board/loader';
import { settingsOptions } from './features/settings/queries';
import { catalogOptions } from './features/workspace/queries';
import { localToday } from './lib/periods';
import './styles.css';
import './features/imports/imports.css';
import './features/data-quality/data-quality.css';
import './features/snapshots/snapshots.css';

// A 401 anywhere means the session has ended (expired, signed out elsewhere, user disabled):
// ask again who is signed in, which brings up the sign-in screen.
const onError = (error: unknown) => {
  if (error instanceof ApiError && error.status === 401)
    void queryClient.invalidateQueries({ queryKey: authStatusOptions().queryKey });
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
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

// Start the requests the first screen needs before React renders: who is signed in, then the
// settings and the catalog, then (on the board readout) its figures, which depend on the
// fiscal calendar.
void queryClient.fetchQuery(authStatusOptions()).then(
  async (auth) => {
    if (auth.principal === null) return;
    void queryClient.prefetchQuery(catalogOptions());
    const settings = await queryClient.fetchQuery(settingsOptions());
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
