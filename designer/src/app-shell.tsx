import { NavLink, Outlet } from 'react-router';
import { ShortcutsHelp } from './ui/shortcuts-help.tsx';

export function AppShell() {
  return (
    <div className="shell">
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Weft home">
          <span className="brand-mark" aria-hidden="true">W</span> Weft
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>Flows</NavLink>
          <NavLink to="/runs">Runs</NavLink>
        </nav>
        <div className="top-right"><ShortcutsHelp /></div>
      </header>
      <Outlet />
    </div>
  );
}
