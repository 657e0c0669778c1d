import { Link } from 'react-router';

/** A count that opens the runs it counts; zero is shown quietly, a count that needs attention stands out. */
export function NumberLink({
  n,
  to,
  label,
  tone,
}: {
  n: number;
  to: string;
  label: string;
  tone?: 'bad' | 'warn' | 'ok';
}) {
  const cls = `num${n === 0 ? ' zero' : tone ? ` ${tone}` : ''}`;
  return (
    <Link className={cls} to={to} title={`${label}: open these runs`} aria-label={`${n} ${label}`}>
      {n.toLocaleString('en-US')}
    </Link>
  );
}
