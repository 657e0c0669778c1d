import { formatTime } from '../ui/format.ts';
import { STATE_LABELS, nextTry, notClosed, useCircuits } from './circuits.ts';

/** Downstream hosts whose circuit is not closed: their steps wait (without using attempts) instead of failing. */
export function OpenCircuitsPanel() {
  const circuits = useCircuits();
  const open = notClosed(circuits.data?.circuits);
  if (open.length === 0) return null;
  const now = Date.now();
  return (
    <section className="card open-circuits" aria-label="Open circuits">
      <h2>Open circuits</h2>
      <p className="muted">
        These systems failed repeatedly. Steps calling them wait as "retrying" without using up attempts, and go again
        once a probe request succeeds.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Host</th>
            <th>State</th>
            <th className="num">Failures</th>
            <th>Next try</th>
            <th>Last error</th>
          </tr>
        </thead>
        <tbody>
          {open.map((c) => (
            <tr key={c.host}>
              <td className="mono">{c.host}</td>
              <td>
                <span className={`badge badge-circuit-${c.state}`}>{STATE_LABELS[c.state]}</span>
              </td>
              <td className="num">{c.consecutiveFailures}</td>
              <td title={formatTime(c.nextTryAt)}>{nextTry(c, now)}</td>
              <td className="open-circuits-error">{c.lastError ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
