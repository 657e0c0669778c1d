import { NavLink, Outlet, useMatch } from 'react-router';
import { useFailedCount } from './runs/queries.ts';
import { ShortcutsHelp } from './ui/shortcuts-help.tsx';
import { useSession } from './auth/session.tsx';
import { UserMenu } from './auth/user-menu.tsx';
import './app-shell.css';

export function AppShell() {
  const onFailed = useMatch('/runs/failed') !== null;
  const { can } = useSession();
  const failed = useFailedCount(can('operator'));
  return (
    <div className="shell">
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Weft home">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>{' '}
          Weft
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Flows
          </NavLink>
          <NavLink to="/dashboard">Dashboard</NavLink>
          <NavLink
            to="/runs"
            className={({ isActive }) => (isActive && !onFailed ? 'active' : '')}
            aria-current={onFailed ? false : 'page'}
          >
            Runs
          </NavLink>
          {can('operator') && (
            <NavLink to="/runs/failed" className={({ isActive }) => `nav-failed${isActive ? ' active' : ''}`}>
              Failed runs{' '}
              {failed !== undefined && failed > 0 && (
                <span className="nav-count" title={failed === 1 ? '1 failed run' : `${failed} failed runs`}>
                  {failed > 999 ? '999+' : failed}
                </span>
              )}
            </NavLink>
          )}
          <NavLink to="/connections">Connections</NavLink>
          <NavLink to="/lookups">Lookup tables</NavLink>
          <NavLink to="/variables">Variables</NavLink>
          {can('admin') && <NavLink to="/admin/users">Users</NavLink>}
          {can('admin') && <NavLink to="/admin/audit">Audit</NavLink>}
          {can('admin') && <NavLink to="/admin/alerts">Alerts</NavLink>}
          {can('admin') && <NavLink to="/admin/retention">Retention</NavLink>}
        </nav>
        <div className="top-right">
          <ShortcutsHelp />
          <UserMenu />
        </div>
      </header>
      <Outlet />
    </div>
  );
}
