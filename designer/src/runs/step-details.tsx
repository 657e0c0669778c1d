import type { StepView } from '../api/types.ts';
import { SentKey } from './sent-key-view.tsx';
import { isPrunedPayload } from '../../../shared/run.ts';
import { JsonTree } from '../ui/json-tree.tsx';
import { formatTime } from '../ui/format.ts';

/** Everything recorded about one step: payloads, errors of each attempt, its idempotency key. */
export function StepDetails({ id, step }: { id: string; step: StepView }) {
  return (
    <section id={id} className="step-details" aria-label={`Step ${step.nodeId} details`}>
      <dl className="run-facts">
        <div>
          <dt>Idempotency key</dt>
          <dd>
            <SentKey step={step} />
          </dd>
        </div>
        <div>
          <dt>Output port</dt>
          <dd>{step.port ?? '—'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(step.startedAt)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{formatTime(step.finishedAt)}</dd>
        </div>
        {step.nextAttemptAt !== null && (
          <div>
            <dt>Next attempt</dt>
            <dd>{formatTime(step.nextAttemptAt)}</dd>
          </div>
        )}
      </dl>
      {step.error && (
        <>
          <h3>Error</h3>
          <JsonTree value={step.error} label={`Error of step ${step.nodeId}`} expanded />
        </>
      )}
      {step.attemptErrors.length > 0 && (
        <>
          <h3>Earlier attempts</h3>
          <ol className="step-attempts">
            {step.attemptErrors.map((e, i) => (
              <li key={i}>
                <span className="muted">Attempt {i + 1}</span>
                <JsonTree value={e} label={`Error of attempt ${i + 1} of step ${step.nodeId}`} />
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="step-payloads">
        <div>
          <h3>Input</h3>
          <Payload value={step.input} label={`Input of step ${step.nodeId}`} />
        </div>
        <div>
          <h3>Output</h3>
          <Payload value={step.output} label={`Output of step ${step.nodeId}`} />
        </div>
      </div>
    </section>
  );
}

function Payload({ value, label }: { value: unknown; label: string }) {
  if (isPrunedPayload(value))
    return (
      <p className="muted" role="note" aria-label={label}>
        Removed by the retention policy
      </p>
    );
  return <JsonTree value={value} label={label} />;
}
