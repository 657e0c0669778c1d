import { createBrowserRouter, useRouteError } from 'react-router';
import { AppShell } from './app-shell.tsx';
import { FlowsPage } from './flows/flows-page.tsx';
import { RunsPage } from './runs/runs-page.tsx';
import { RunPage } from './runs/run-page.tsx';
import { FailedRunsPage } from './runs/failed-page.tsx';
import { ErrorBox } from './ui/states.tsx';

function RouteError() {
  const error = useRouteError();
  return (
    <main className="page">
      <ErrorBox title="This page could not be shown" error={error} />
    </main>
  );
}

function NotFound() {
  return (
    <main className="page">
      <ErrorBox title="Page not found" error="There is nothing at this address." />
    </main>
  );
}

export const router = createBrowserRouter([
  {
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <FlowsPage /> },
      // The canvas, forms and code editor load with the first screen that needs them.
      { path: '/flows/:id', lazy: () => import('./editor/editor-page.tsx').then((m) => ({ Component: m.EditorPage })) },
      {
        path: '/flows/:id/versions',
        lazy: () => import('./versions/versions-page.tsx').then((m) => ({ Component: m.VersionsPage })),
      },
      { path: '/runs', element: <RunsPage /> },
      { path: '/runs/failed', element: <FailedRunsPage /> },
      { path: '/runs/:id', element: <RunPage /> },
      {
        path: '/dashboard',
        lazy: () => import('./dashboard/dashboard-page.tsx').then((m) => ({ Component: m.DashboardPage })),
      },
      {
        path: '/dashboard/flows/:flowId',
        lazy: () => import('./dashboard/flow-dashboard-page.tsx').then((m) => ({ Component: m.FlowDashboardPage })),
      },
      {
        path: '/connections',
        lazy: () => import('./admin/connections-page.tsx').then((m) => ({ Component: m.ConnectionsPage })),
      },
      {
        path: '/lookups',
        lazy: () => import('./lookups/lookup-tables-page.tsx').then((m) => ({ Component: m.LookupTablesPage })),
      },
      {
        path: '/lookups/:name',
        lazy: () => import('./lookups/lookup-table-page.tsx').then((m) => ({ Component: m.LookupTablePage })),
      },
      {
        path: '/variables',
        lazy: () => import('./variables/variables-page.tsx').then((m) => ({ Component: m.VariablesPage })),
      },
      { path: '/admin/users', lazy: () => import('./admin/users-page.tsx').then((m) => ({ Component: m.UsersPage })) },
      { path: '/admin/audit', lazy: () => import('./admin/audit-page.tsx').then((m) => ({ Component: m.AuditPage })) },
      {
        path: '/admin/alerts',
        lazy: () => import('./admin/alerts-page.tsx').then((m) => ({ Component: m.AlertsPage })),
      },
      {
        path: '/admin/retention',
        lazy: () => import('./admin/retention-page.tsx').then((m) => ({ Component: m.RetentionPage })),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
