import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, enc } from '../api/client.ts';
import { useFlows } from '../api/queries.ts';
import { StatusBadge } from '../ui/status-badge.tsx';
import { ErrorBox, Loading } from '../ui/states.tsx';
import { JsonTree } from '../ui/json-tree.tsx';
import { Toast } from '../ui/toast.tsx';
import { OperatorActions } from './operator-actions.tsx';
import { useRun } from './queries.ts';
import { RunActions, type RunNotice } from './run-actions.tsx';
import { shortRunId } from './run-id.ts';
import { RunFacts } from './run-summary.tsx';
import { StepTimeline } from './step-timeline.tsx';
import { RunErrorOf } from './run-error-of.tsx';
import { LoopProgressSection } from './loop-progress.tsx';
import { bodyRunOf } from './loop-items.ts';
import './runs.css';
import './step-timeline.css';

/** One run: its facts, why it failed, what operators did, each step on a timeline, and the event that started it. */
export function RunPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const flows = useFlows();
  const [notice, setNotice] = useState<RunNotice | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  if (run.isPending)
    return (
      <main className="page">
        <Loading what="run" />
      </main>
    );
  if (run.isError) {
    const missing = run.error instanceof ApiError && run.error.status === 404;
    return (
      <main className="page">
        <ErrorBox
          title={missing ? 'Run not found' : 'The run could not be loaded'}
          error={run.error}
          onRetry={missing ? undefined : () => run.refetch()}
        />
        <p>
          <Link to="/runs">Back to all runs</Link>
        </p>
      </main>
    );
  }

  const r = run.data;
  const now = Date.now();
  const body = bodyRunOf(r);
  return (
    <main className="page run-page">
      <nav className="run-crumbs" aria-label="Breadcrumb">
        <Link to="/runs">Runs</Link> / <span className="mono">{shortRunId(r.id)}</span>
      </nav>
      <div className="page-head">
        <h1>
          Run <span className="mono">{shortRunId(r.id)}</span>
        </h1>
        <StatusBadge status={r.status} />
        <div className="actions">
          <button type="button" onClick={() => run.refetch()} aria-busy={run.isFetching}>
            Refresh
          </button>
          {!body && <RunActions key={r.id} run={r} onNotice={setNotice} />}
        </div>
      </div>
      {r.replayOf && (
        <p className="run-replay-of">
          Replay of run{' '}
          <Link to={`/runs/${enc(r.replayOf)}`} className="mono" title={r.replayOf}>
            {shortRunId(r.replayOf)}
          </Link>
        </p>
      )}
      {r.parentRunId && (
        <p className="run-replay-of">
          {body ? (
            <>
              Item #{body.index} of loop <code>{body.loopId}</code> in run{' '}
            </>
          ) : (
            'Sub-flow run started by run '
          )}
          <Link to={`/runs/${enc(r.parentRunId)}`} className="mono" title={r.parentRunId}>
            {shortRunId(r.parentRunId)}
          </Link>
          {body && <>; it is retried there, with the loop's other failed items.</>}
        </p>
      )}
      {r.status === 'failed' && r.mode === 'test' && (
        <p className="muted">Test runs cannot be retried; start a new test run from the flow editor.</p>
      )}
      <RunFacts run={r} flowName={flows.data?.find((f) => f.id === r.flowId)?.name} now={now} />
      {r.error && <RunErrorOf run={r} error={r.error} />}
      {r.actions && r.actions.length > 0 && <OperatorActions actions={r.actions} />}
      <LoopProgressSection run={r} onNotice={setNotice} />
      <section className="run-section" aria-labelledby="run-steps">
        <h2 id="run-steps">Steps</h2>
        {r.payloadsPruned && (
          <p className="muted">
            The retention policy removed the step inputs and outputs of this run; its steps, statuses and timings are
            kept.
          </p>
        )}
        <StepTimeline key={r.id} run={r} now={now} />
      </section>
      <section className="run-section" aria-labelledby="run-trigger">
        <h2 id="run-trigger">Trigger event</h2>
        <JsonTree value={r.trigger} label="Trigger event" expanded />
      </section>
      {r.response && (
        <section className="run-section" aria-labelledby="run-response">
          <h2 id="run-response">Response sent</h2>
          <JsonTree value={r.response} label="Response sent" expanded />
        </section>
      )}
      {notice && <Toast notice={notice} onDone={clearNotice} />}
    </main>
  );
}
