import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { enc } from '../api/client.ts';
import type { RunAction } from '../../../shared/run.ts';
import { formatTime } from '../ui/format.ts';
import { JsonTree } from '../ui/json-tree.tsx';
import { shortRunId } from './run-id.ts';

function RunLink({ id }: { id: unknown }) {
  if (typeof id !== 'string') return null;
  return (
    <Link to={`/runs/${enc(id)}`} className="mono" title={id}>
      run {shortRunId(id)}
    </Link>
  );
}

function describe(a: RunAction): { what: ReactNode; noteLabel: string } {
  const d = a.detail ?? {};
  switch (a.action) {
    case 'retry':
      if (typeof d.nodeId === 'string' && typeof d.failedItems === 'number')
        return {
          what: (
            <>
              Retried {d.failedItems === 1 ? '1 failed item' : `${d.failedItems} failed items`} of loop{' '}
              <code>{d.nodeId}</code>
            </>
          ),
          noteLabel: 'Note',
        };
      return typeof d.nodeId === 'string'
        ? {
            what: (
              <>
                Retried step <code>{d.nodeId}</code> with an edited input
              </>
            ),
            noteLabel: 'Note',
          }
        : { what: 'Retried from the failed step', noteLabel: 'Note' };
    case 'replay':
      return {
        what: (
          <>
            Replayed from its trigger as <RunLink id={d.runId} />
          </>
        ),
        noteLabel: 'Note',
      };
    case 'replayed_from':
      return {
        what: (
          <>
            Started as a replay of <RunLink id={d.runId} />
          </>
        ),
        noteLabel: 'Note',
      };
    case 'discard':
      return { what: 'Discarded', noteLabel: 'Reason' };
    case 'cancel':
      return { what: 'Cancelled', noteLabel: 'Reason' };
    default:
      return { what: String(a.action), noteLabel: 'Note' };
  }
}

/** What operators did to the run, oldest first: retries (with the edited input), replays, discard, cancel. */
export function OperatorActions({ actions }: { actions: RunAction[] }) {
  return (
    <section className="run-section" aria-labelledby="run-operator-actions">
      <h2 id="run-operator-actions">Operator actions</h2>
      <ol className="op-log">
        {actions.map((a, i) => {
          const { what, noteLabel } = describe(a);
          const edited = a.action === 'retry' && a.detail && 'input' in a.detail ? a.detail : null;
          return (
            <li key={i} className="op-log-entry">
              <time className="op-log-time muted" dateTime={new Date(a.at).toISOString()}>
                {formatTime(a.at)}
              </time>
              <div className="op-log-body">
                <div className="op-log-what">{what}</div>
                {a.note && (
                  <div className="op-log-note">
                    <span className="muted">{noteLabel}:</span> {a.note}
                  </div>
                )}
                {edited && <JsonTree value={edited.input} label={`Edited input of step ${String(edited.nodeId)}`} />}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
