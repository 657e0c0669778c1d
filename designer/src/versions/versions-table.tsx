import type { VersionInfo } from '../api/types.ts';
import { formatTime, timeAgo } from '../ui/format.ts';
import { StatusBadge } from '../ui/status-badge.tsx';
import { activateLabel, shortHash } from './labels.ts';
import { useCan, useSession } from '../auth/session.tsx';
import { ApprovalCell, activationBlock, mayDecide } from './approval.tsx';

import type { VersionAction } from './version-actions.tsx';

export type RowAction = VersionAction | { kind: 'changes'; version: number };

export function VersionsTable({
  versions,
  busy,
  onAction,
}: {
  versions: VersionInfo[];
  busy: boolean;
  onAction: (a: RowAction) => void;
}) {
  const operate = useCan()('operator');
  const me = useSession().principal.name;
  const active = versions.find((v) => v.active)?.version ?? null;
  const oldest = versions[versions.length - 1]?.version;
  return (
    <div className="table">
      <table>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">Published by</th>
            <th scope="col">Hash</th>
            <th scope="col">Note</th>
            <th scope="col">Approval</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="vsr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className={v.active ? 'vrow-active' : undefined}>
              <th scope="row" className="vversion">
                v{v.version}
              </th>
              <td>
                <time dateTime={new Date(v.createdAt).toISOString()} title={timeAgo(v.createdAt)}>
                  {formatTime(v.createdAt)}
                </time>
              </td>
              <td>{v.createdBy ?? <span className="muted">—</span>}</td>
              <td>
                <code className="vhash" title={v.hash}>
                  {shortHash(v.hash)}
                </code>
              </td>
              <td className="vnote-cell">{v.note ? v.note : <span className="muted">—</span>}</td>
              <td className="vapproval-cell">
                <ApprovalCell approval={v.approval} />
              </td>
              <td>{v.active && <StatusBadge status="active" />}</td>
              <td>
                <div className="row-actions">
                  {v.version !== oldest && (
                    <button
                      type="button"
                      className="small ghost"
                      aria-label={`Show changes in v${v.version}`}
                      onClick={() => onAction({ kind: 'changes', version: v.version })}
                    >
                      Changes
                    </button>
                  )}
                  {mayDecide(v, me, operate) && v.approval?.state !== 'approved' && (
                    <button
                      type="button"
                      className="small"
                      disabled={busy}
                      aria-label={`Approve v${v.version}`}
                      onClick={() => onAction({ kind: 'approve', version: v.version })}
                    >
                      Approve
                    </button>
                  )}
                  {mayDecide(v, me, operate) && v.approval?.state !== 'refused' && !v.active && (
                    <button
                      type="button"
                      className="small ghost"
                      disabled={busy}
                      aria-label={`Refuse v${v.version}`}
                      onClick={() => onAction({ kind: 'refuse', version: v.version })}
                    >
                      Refuse
                    </button>
                  )}
                  {v.active
                    ? operate && (
                        <button
                          type="button"
                          className="small"
                          disabled={busy}
                          onClick={() => onAction({ kind: 'deactivate', version: v.version })}
                        >
                          Deactivate
                        </button>
                      )
                    : operate && (
                        <button
                          type="button"
                          className="small"
                          disabled={busy || activationBlock(v) !== null}
                          title={activationBlock(v) ?? undefined}
                          onClick={() => onAction({ kind: 'activate', version: v.version })}
                        >
                          {activateLabel(v.version, active)}
                        </button>
                      )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
