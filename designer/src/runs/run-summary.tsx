import { Link } from 'react-router';
import { enc } from '../api/client.ts';
import type { RunView } from '../api/types.ts';
import { formatDuration, formatTime, timeAgo } from '../ui/format.ts';
import { JsonTree } from '../ui/json-tree.tsx';
import { CriticalityBadge } from '../ui/criticality-badge.tsx';

/** The facts of a run: its business key and flow's business context, version, timing, mode and the ids that trace it. */
export function RunFacts({ run, flowName, now }: { run: RunView; flowName: string | undefined; now: number }) {
  const duration =
    run.finishedAt !== null
      ? formatDuration(run.finishedAt - run.createdAt)
      : `${formatDuration(Math.max(0, now - run.createdAt))} so far`;
  return (
    <dl className="card run-facts run-summary">
      <div>
        <dt>Business key</dt>
        <dd className="run-business-key">
          {run.businessKey ? (
            <code>{run.businessKey}</code>
          ) : (
            <span className="muted">{run.businessKeyError ? `None: ${run.businessKeyError}` : 'None'}</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Flow</dt>
        <dd>
          <Link to={`/flows/${enc(run.flowId)}`}>{flowName ?? run.flowId}</Link>
        </dd>
      </div>
      <div>
        <dt>Business process</dt>
        <dd>{run.businessProcess ?? <span className="muted">Not set</span>}</dd>
      </div>
      <div>
        <dt>Criticality</dt>
        <dd>
          <CriticalityBadge criticality={run.criticality} />
        </dd>
      </div>
      <div>
        <dt>Version</dt>
        <dd>{run.version === null ? 'Draft (test run)' : `v${run.version}`}</dd>
      </div>
      <div>
        <dt>Mode</dt>
        <dd>{run.mode === 'test' ? 'Test' : 'Live'}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>
          <time dateTime={new Date(run.createdAt).toISOString()}>{formatTime(run.createdAt)}</time>{' '}
          <span className="muted">({timeAgo(run.createdAt, now)})</span>
        </dd>
      </div>
      <div>
        <dt>Finished</dt>
        <dd>{run.finishedAt === null ? <span className="muted">Not yet</span> : formatTime(run.finishedAt)}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{duration}</dd>
      </div>
      <div>
        <dt>Correlation id</dt>
        <dd>{run.correlationId ? <code>{run.correlationId}</code> : <span className="muted">None</span>}</dd>
      </div>
      <div>
        <dt>Dedupe key</dt>
        <dd>{run.dedupeKey ? <code>{run.dedupeKey}</code> : <span className="muted">None</span>}</dd>
      </div>
      <div>
        <dt>Run id</dt>
        <dd>
          <code>{run.id}</code>
        </dd>
      </div>
      <div>
        <dt>Trace id</dt>
        <dd>
          {run.traceId ? (
            <code title="Find the run's spans by this id in your tracing backend">{run.traceId}</code>
          ) : (
            <span className="muted">None (tracing was off)</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

function errorTitle(error: NonNullable<RunView['error']>, status: RunView['status'], stepName?: string): string {
  const at = error.nodeId
    ? ` at step ${stepName && stepName !== error.nodeId ? `“${stepName}” (${error.nodeId})` : error.nodeId}`
    : '';
  if (status === 'cancelled') return `The run was cancelled${at}`;
  if (status === 'discarded') return `The run failed${at} and was discarded`;
  return `The run failed${at}`;
}

/** Why the run failed (or was stopped), and where; quieter once an operator has set it aside. */
export function RunError({
  error,
  status,
  stepName,
}: {
  error: NonNullable<RunView['error']>;
  status: RunView['status'];
  stepName?: string;
}) {
  const setAside = status === 'cancelled' || status === 'discarded';
  return (
    <div
      className={`state state-error run-error${setAside ? ' run-error-aside' : ''}`}
      role={setAside ? undefined : 'alert'}
    >
      <strong>{errorTitle(error, status, stepName)}</strong>
      <p>{error.message}</p>
      <p className="muted">
        <code>{error.code}</code>
        {error.retryable ? ' · retryable' : ''}
      </p>
      {error.details !== undefined && <JsonTree value={error.details} label="Error details" />}
    </div>
  );
}
