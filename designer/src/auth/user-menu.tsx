import { useSession } from './session.tsx';

/** Who is signed in, with which role, and the way out. */
export function UserMenu() {
  const { principal, signOut } = useSession();
  return (
    <div className="user-menu">
      <span className="user-name" title={`${principal.name} (${principal.role})`}>
        {principal.name}
      </span>
      <span className={`role-badge role-${principal.role}`}>{principal.role}</span>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  );
}
