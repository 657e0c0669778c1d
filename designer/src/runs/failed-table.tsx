import { Link } from 'react-router';
import { enc } from '../api/client.ts';
import { formatTime, timeAgo } from '../ui/format.ts';
import type { FailedGroup } from './failed-groups.ts';
import type { GroupAsk } from './group-dialog.tsx';
import { groupRunsLink } from './filters.ts';
import { ErrorReason } from './error-reason.tsx';

export function groupKey(g: FailedGroup): string {
  return JSON.stringify([g.flowId, g.nodeId, g.errorCode]);
}

function Seen({ at }: { at: number }) {
  return (
    <>
      <time dateTime={new Date(at).toISOString()}>{formatTime(at)}</time>
      <div className="muted runs-ago">{timeAgo(at)}</div>
    </>
  );
}

/** The failed-runs queue, one row per flow, failing step and error, with what can be done to the whole group. */
export function FailedGroupsTable({
  groups,
  flowNames,
  onAsk,
}: {
  groups: FailedGroup[];
  flowNames: Map<string, string>;
  onAsk: (group: FailedGroup, ask: GroupAsk) => void;
}) {
  return (
    <div className="table failed-table">
      <table>
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Failing step</th>
            <th scope="col">Error</th>
            <th scope="col" className="num">
              Runs
            </th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
            <th scope="col" className="failed-actions-head">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={groupKey(g)}>
              <td>
                <Link to={`/flows/${enc(g.flowId)}`} className="failed-flow">
                  {flowNames.get(g.flowId) ?? g.flowId}
                </Link>
                {flowNames.has(g.flowId) && <div className="muted mono">{g.flowId}</div>}
              </td>
              <td>
                {g.nodeId ? (
                  g.nodeName ? (
                    <>
                      {g.nodeName}
                      <div className="muted mono">{g.nodeId}</div>
                    </>
                  ) : (
                    <span className="mono">{g.nodeId}</span>
                  )
                ) : (
                  <span className="muted">Before any step</span>
                )}
              </td>
              <td className="failed-error">
                {g.message && <ErrorReason message={g.message} />}
                <code>{g.errorCode ?? 'unknown'}</code>
              </td>
              <td className="num failed-count">{g.count}</td>
              <td>
                <Seen at={g.firstAt} />
              </td>
              <td>
                <Seen at={g.lastAt} />
              </td>
              <td>
                <div className="failed-actions">
                  <button type="button" className="small primary" onClick={() => onAsk(g, 'retry')}>
                    Retry all
                  </button>
                  <button type="button" className="small" onClick={() => onAsk(g, 'patch')}>
                    Retry all with a patch…
                  </button>
                  <button type="button" className="small" onClick={() => onAsk(g, 'replay')}>
                    Replay all
                  </button>
                  <button type="button" className="small failed-discard" onClick={() => onAsk(g, 'discard')}>
                    Discard all…
                  </button>
                  <Link className="button small" to={groupRunsLink(g)}>
                    Show runs
                  </Link>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
