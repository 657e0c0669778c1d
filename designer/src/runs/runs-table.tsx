import { Link } from 'react-router';
import { enc } from '../api/client.ts';
import type { RunListItem } from '../api/types.ts';
import { StatusBadge } from '../ui/status-badge.tsx';
import { CriticalityBadge } from '../ui/criticality-badge.tsx';
import { formatDuration, formatTime, timeAgo } from '../ui/format.ts';
import { shortRunId } from './run-id.ts';

/** The run history table: one row per run, newest first, with its business key and its flow's business context. */
export function RunsTable({ runs, flowNames }: { runs: RunListItem[]; flowNames: Map<string, string> }) {
  return (
    <div className="table runs-table">
      <table>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Flow</th>
            <th scope="col">Business key</th>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col" className="num">
              Attempts
            </th>
            <th scope="col">Mode</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={`/runs/${enc(r.id)}`} className="mono" title={r.id}>
                  {shortRunId(r.id)}
                </Link>
              </td>
              <td>
                {flowNames.get(r.flowId) ?? <span className="mono">{r.flowId}</span>}
                <div className="runs-business">
                  <CriticalityBadge criticality={r.criticality} />
                  {r.businessProcess && <span className="muted">{r.businessProcess}</span>}
                </div>
              </td>
              <td>
                {r.businessKey ? (
                  <code className="runs-key">{r.businessKey}</code>
                ) : (
                  <span className="muted" title={r.businessKeyError ?? undefined}>
                    —
                  </span>
                )}
              </td>
              <td>{r.version === null ? <span className="muted">test</span> : `v${r.version}`}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>
                <time dateTime={new Date(r.createdAt).toISOString()}>{formatTime(r.createdAt)}</time>
                <div className="muted runs-ago">{timeAgo(r.createdAt)}</div>
              </td>
              <td className="num">{formatDuration(r.durationMs)}</td>
              <td className="num">{r.attempts}</td>
              <td>
                <span className={`runs-mode runs-mode-${r.mode}`}>{r.mode}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
