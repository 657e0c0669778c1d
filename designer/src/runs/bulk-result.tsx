import { Link } from 'react-router';
import { enc } from '../api/client.ts';
import type { BulkAction, BulkResult } from './operations.ts';
import { shortRunId } from './run-id.ts';

export interface GroupOutcome {
  action: BulkAction;
  /** The group in words, e.g. "3 runs of Orders failing at send". */
  what: string;
  flowId: string;
  result: BulkResult;
}

const VERB: Record<BulkAction, string> = { retry: 'Retried', replay: 'Replayed', discard: 'Discarded' };
const NEXT: Record<BulkAction, string> = {
  retry: 'They run again now; a run that fails again comes back to this list.',
  replay: 'The replays are new runs of the same version.',
  discard: 'They stay in the run history as discarded.',
};

/** What the last group action did, and which runs it could not act on and why. */
export function BulkResultPanel({ outcome, onDismiss }: { outcome: GroupOutcome; onDismiss: () => void }) {
  const { action, result } = outcome;
  const done = result.done.length;
  const headline =
    result.matched === 0
      ? 'No run was acted on: the group changed since the list was loaded.'
      : `${VERB[action]} ${done} of ${result.matched === 1 ? '1 run' : `${result.matched} runs`}.`;
  return (
    <section
      className={`card bulk-result${result.failed.length ? ' bulk-result-partial' : ''}`}
      role="status"
      aria-label="Result of the last action"
    >
      <div className="bulk-result-head">
        <div>
          <strong>{headline}</strong> <span className="muted">({outcome.what})</span>
          {done > 0 && (
            <p className="bulk-result-next">
              {NEXT[action]} <Link to={`/runs?flowId=${enc(outcome.flowId)}`}>See the flow's runs</Link>
            </p>
          )}
        </div>
        <button type="button" className="ghost small" aria-label="Dismiss result" onClick={onDismiss}>
          ✕
        </button>
      </div>
      {result.failed.length > 0 && (
        <>
          <p className="bulk-result-refused">
            {result.failed.length === 1 ? '1 run was refused:' : `${result.failed.length} runs were refused:`}
          </p>
          <ul className="bulk-result-list">
            {result.failed.map((f) => (
              <li key={f.runId}>
                <Link to={`/runs/${enc(f.runId)}`} className="mono" title={f.runId}>
                  {shortRunId(f.runId)}
                </Link>{' '}
                — {f.error}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
