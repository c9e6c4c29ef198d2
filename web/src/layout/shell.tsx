import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { useTheme } from './theme';

export const NAV = [
  { to: '/', label: 'Overview', end: true },
  { to: '/logs', label: 'Logs' },
  { to: '/providers', label: 'Providers' },
  { to: '/models', label: 'Models' },
  { to: '/keys', label: 'Keys' },
  { to: '/rules', label: 'Rules' },
  { to: '/playground', label: 'Playground' },
] as const;

/** The signed-in frame: navigation, theme switch, sign out, and the current page. */
export function Shell() {
  const { signOut } = useAuth();
  const [theme, toggleTheme] = useTheme();
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Switchboard</span>
        <nav aria-label="Console">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={'end' in item ? item.end : false}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-actions">
          <button
            type="button"
            className="ghost"
            onClick={toggleTheme}
            aria-label={theme === 'dark' ? 'Use light theme' : 'Use dark theme'}
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}
