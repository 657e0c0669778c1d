import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useFlows } from '../api/queries.ts';
import { StatusBadge } from '../ui/status-badge.tsx';
import { ErrorBox, Loading } from '../ui/states.tsx';
import { JsonTree } from '../ui/json-tree.tsx';
import { useRetryRun, useRun } from './queries.ts';
import { shortRunId } from './run-id.ts';
import { RunError, RunFacts } from './run-summary.tsx';
import { StepTimeline } from './step-timeline.tsx';
import './runs.css';

/** One run: its facts, why it failed, each step on a timeline, and the event that started it. */
export function RunPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const flows = useFlows();
  const retry = useRetryRun(id);

  if (run.isPending) return <main className="page"><Loading what="run" /></main>;
  if (run.isError) {
    const missing = run.error instanceof ApiError && run.error.status === 404;
    return (
      <main className="page">
        <ErrorBox title={missing ? 'Run not found' : 'The run could not be loaded'} error={run.error} onRetry={missing ? undefined : () => run.refetch()} />
        <p><Link to="/runs">Back to all runs</Link></p>
      </main>
    );
  }

  const r = run.data;
  const now = Date.now();
  return (
    <main className="page run-page">
      <nav className="run-crumbs" aria-label="Breadcrumb"><Link to="/runs">Runs</Link> / <span className="mono">{shortRunId(r.id)}</span></nav>
      <div className="page-head">
        <h1>Run <span className="mono">{shortRunId(r.id)}</span></h1>
        <StatusBadge status={r.status} />
        <div className="actions">
          <button type="button" onClick={() => run.refetch()} aria-busy={run.isFetching}>Refresh</button>
          {r.status === 'failed' && r.mode === 'live' && (
            <button type="button" className="primary" onClick={() => retry.mutate()} disabled={retry.isPending} aria-busy={retry.isPending}>
              Retry from failed step
            </button>
          )}
        </div>
      </div>
      {r.status === 'failed' && r.mode === 'test' && <p className="muted">Test runs cannot be retried; start a new test run from the flow editor.</p>}
      {retry.isError && <ErrorBox title="The run could not be retried" error={retry.error} onRetry={() => retry.mutate()} />}
      <RunFacts run={r} flowName={flows.data?.find((f) => f.id === r.flowId)?.name} now={now} />
      {r.error && <RunError error={r.error} />}
      <section className="run-section" aria-labelledby="run-steps">
        <h2 id="run-steps">Steps</h2>
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
    </main>
  );
}
