// The frame of every page: loads what every view needs (settings, catalog), the navigation,
// the period and filter bar, the empty-workspace state, the page, and the drill-down dialog.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { ErrorState, EmptyWorkspace, Skeleton } from '../components/States';
import { FilterBar } from '../components/FilterBar';
import { BoardPage } from '../features/board/BoardPage';
import { DrillDialog } from '../features/drill/DrillDialog';
import { settingsOptions } from '../features/settings/queries';
import { catalogOptions, workspaceStatusOptions } from '../features/workspace/queries';
import { indexCatalog } from '../lib/catalog';
import { createFormatters } from '../lib/format';
import { localToday } from '../lib/periods';
import { Link, useLocation } from '../lib/router';
import { carrySearch } from '../lib/url-state';
import { AppContext, type AppData } from './app-context';

const PipelinePage = lazy(() =>
  import('../features/pipeline/PipelinePage').then((m) => ({ default: m.PipelinePage })),
);
const PartnersPage = lazy(() =>
  import('../features/partners/PartnersPage').then((m) => ({ default: m.PartnersPage })),
);
const ImportPage = lazy(() =>
  import('../features/imports/ImportPage').then((m) => ({ default: m.ImportPage })),
);
const DataQualityPage = lazy(() =>
  import('../features/data-quality/DataQualityPage').then((m) => ({
    default: m.DataQualityPage,
  })),
);
const BoardPackPage = lazy(() =>
  import('../features/snapshots/BoardPackPage').then((m) => ({ default: m.BoardPackPage })),
);
const SettingsPage = lazy(() =>
  import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);

type Route = { path: string; title: string; nav: string; data: boolean; period: boolean };

export const ROUTES: readonly Route[] = [
  { path: '/', title: 'Board readout', nav: 'Board readout', data: true, period: true },
  {
    path: '/pipeline',
    title: 'Weekly pipeline review',
    nav: 'Pipeline review',
    data: true,
    period: false,
  },
  { path: '/partners', title: 'Partner leaderboard', nav: 'Partners', data: true, period: true },
  { path: '/board-pack', title: 'Board pack', nav: 'Board pack', data: true, period: true },
  { path: '/import', title: 'Import data', nav: 'Import', data: false, period: false },
  {
    path: '/data-quality',
    title: 'Data quality',
    nav: 'Data quality',
    data: true,
    period: false,
  },
  { path: '/settings', title: 'Settings', nav: 'Settings', data: false, period: false },
];

function page(path: string): ReactNode {
  switch (path) {
    case '/':
      return <BoardPage />;
    case '/pipeline':
      return <PipelinePage />;
    case '/partners':
      return <PartnersPage />;
    case '/board-pack':
      return <BoardPackPage />;
    case '/import':
      return <ImportPage />;
    case '/data-quality':
      return <DataQualityPage />;
    case '/settings':
      return <SettingsPage />;
    default:
      return (
        <section className="card">
          <h1>Page not found</h1>
          <p>
            <Link to="/">Go to the board readout</Link>
          </p>
        </section>
      );
  }
}

function PageFallback() {
  return (
    <div className="page">
      <Skeleton height={32} width="40%" label="Loading the page" />
      <Skeleton height={240} width="100%" />
    </div>
  );
}

function Frame({ route, children }: { route: Route | undefined; children: ReactNode }) {
  const { pathname, search } = useLocation();
  const carried = carrySearch(search);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={`/${carried}`} className="brand">
          Partner KPI
        </Link>
        <nav aria-label="Main">
          <ul>
            {ROUTES.map((r) => (
              <li key={r.path}>
                <Link
                  to={`${r.path}${r.data ? carried : ''}`}
                  aria-current={pathname === r.path ? 'page' : undefined}
                >
                  {r.nav}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {route?.title && <title>{`${route.title} · Partner KPI`}</title>}
      {children}
    </div>
  );
}

export function Shell() {
  const { pathname } = useLocation();
  const client = useQueryClient();
  const settings = useQuery(settingsOptions());
  const catalog = useQuery(catalogOptions());
  const route = ROUTES.find((r) => r.path === pathname);
  const status = useQuery({ ...workspaceStatusOptions(client), enabled: route?.data ?? false });
  const today = localToday();
  const app = useMemo<AppData | null>(
    () =>
      settings.data && catalog.data
        ? {
            settings: settings.data,
            catalog: indexCatalog(catalog.data),
            fmt: createFormatters(settings.data.reporting_currency),
            today,
          }
        : null,
    [settings.data, catalog.data, today],
  );

  if (settings.isError || catalog.isError) {
    return (
      <Frame route={route}>
        <main id="main" className="main">
          <ErrorState
            title="Partner KPI cannot reach its API"
            error={settings.error ?? catalog.error}
            onRetry={() => {
              void settings.refetch();
              void catalog.refetch();
            }}
          />
        </main>
      </Frame>
    );
  }
  if (app === null) {
    return (
      <Frame route={route}>
        <main id="main" className="main">
          <PageFallback />
        </main>
      </Frame>
    );
  }
  performance.mark('shell-ready');
  const empty = route?.data === true && status.data?.hasData === false;
  return (
    <AppContext.Provider value={app}>
      <Frame route={route}>
        {route?.data && !empty && <FilterBar showPeriod={route.period} />}
        <main id="main" className="main" tabIndex={-1}>
          {empty ? (
            <EmptyWorkspace />
          ) : (
            <Suspense fallback={<PageFallback />}>{page(pathname)}</Suspense>
          )}
        </main>
        {!empty && <DrillDialog />}
      </Frame>
    </AppContext.Provider>
  );
}
