// The frame of every page: loads what every view needs (settings, catalog), the navigation,
// the period and filter bar, the empty-workspace state, the page, and the drill-down dialog.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { ErrorState, EmptyWorkspace, Skeleton } from '../components/States';
import { FilterBar } from '../components/FilterBar';
import { BoardPage } from '../features/board/BoardPage';
import { AuthScreen } from '../features/auth/AuthScreens';
import {
  atLeast,
  authStatusOptions,
  useSignOut,
  type AuthStatus,
  type Role,
} from '../features/auth/queries';
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
const AdminPage = lazy(() =>
  import('../features/admin/AdminPage').then((m) => ({ default: m.AdminPage })),
);
const SettingsPage = lazy(() =>
  import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);

type Route = {
  path: string;
  title: string;
  nav: string;
  data: boolean;
  period: boolean;
  /** The weakest role the page is for (it is hidden from the others); viewer when absent. */
  role?: Role;
  /** Whether the account and partner filters apply to the page (true when absent). */
  filters?: boolean;
};

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
  {
    path: '/import',
    title: 'Import data',
    nav: 'Import',
    data: false,
    period: false,
    role: 'editor',
  },
  {
    path: '/data-quality',
    title: 'Data quality',
    nav: 'Data quality',
    data: true,
    period: false,
    filters: false,
  },
  { path: '/settings', title: 'Settings', nav: 'Settings', data: false, period: false },
  {
    path: '/admin',
    title: 'Users, tokens and audit',
    nav: 'Admin',
    data: false,
    period: false,
    role: 'admin',
  },
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
    case '/admin':
      return <AdminPage />;
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

function UserMenu({ principal }: { principal: NonNullable<AuthStatus['principal']> }) {
  const signOut = useSignOut();
  return (
    <div className="user-menu">
      <span title={`${principal.name} (${principal.role})`}>
        {principal.name} <span className="muted">({principal.role})</span>
      </span>
      {principal.kind === 'user' && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          Sign out
        </button>
      )}
    </div>
  );
}

function Frame({
  route,
  principal,
  children,
}: {
  route: Route | undefined;
  principal: AuthStatus['principal'];
  children: ReactNode;
}) {
  const { pathname, search } = useLocation();
  const carried = carrySearch(search);
  const visible = ROUTES.filter((r) => atLeast(principal?.role, r.role ?? 'viewer'));
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
            {visible.map((r) => (
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
        {principal && <UserMenu principal={principal} />}
      </header>
      {route?.title && <title>{`${route.title} · Partner KPI`}</title>}
      {children}
    </div>
  );
}

/** Sign-in first: the setup screen while no user exists, the sign-in screen without a session. */
export function Shell() {
  const auth = useQuery(authStatusOptions());
  if (auth.isError) {
    return (
      <main id="main" className="main">
        <ErrorState
          title="Partner KPI cannot reach its API"
          error={auth.error}
          onRetry={() => void auth.refetch()}
        />
      </main>
    );
  }
  if (!auth.data) return <PageFallback />;
  if (auth.data.principal === null)
    return <AuthScreen mode={auth.data.setup_required ? 'setup' : 'login'} />;
  return <Workspace principal={auth.data.principal} />;
}

function Workspace({ principal }: { principal: NonNullable<AuthStatus['principal']> }) {
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
            principal,
          }
        : null,
    [settings.data, catalog.data, today, principal],
  );

  if (settings.isError || catalog.isError) {
    return (
      <Frame route={route} principal={principal}>
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
      <Frame route={route} principal={principal}>
        <main id="main" className="main">
          <PageFallback />
        </main>
      </Frame>
    );
  }
  performance.mark('shell-ready');
  const empty = route?.data === true && status.data?.hasData === false;
  const allowed = route === undefined || atLeast(principal.role, route.role ?? 'viewer');
  return (
    <AppContext.Provider value={app}>
      <Frame route={route} principal={principal}>
        {route?.data && route.filters !== false && !empty && allowed && (
          <FilterBar showPeriod={route.period} />
        )}
        <main id="main" className="main" tabIndex={-1}>
          {!allowed ? (
            <section className="card" role="alert">
              <h1>Not for your role</h1>
              <p>
                {route?.title} needs the {route?.role} role; you are signed in as {principal.role}.
                Ask an admin.
              </p>
            </section>
          ) : empty ? (
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
