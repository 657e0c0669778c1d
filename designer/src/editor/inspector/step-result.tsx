import type { StepView } from '../../api/types.ts';
import { JsonTree } from '../../ui/json-tree.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { formatDuration } from '../../ui/format.ts';

/** What a node received and produced in the last test run. */
export function StepResult({ step, ran }: { step: StepView | undefined; ran: boolean }) {
  if (!ran) return <p className="muted">Run a test (Ctrl+Enter) to see what this node receives and produces.</p>;
  if (!step) return <p className="muted">The last test run did not reach this node.</p>;
  return (
    <div className="step-result">
      <p>
        <StatusBadge status={step.status} /> {step.attempts} attempt{step.attempts === 1 ? '' : 's'}
        {step.startedAt && step.finishedAt ? ` · ${formatDuration(step.finishedAt - step.startedAt)}` : ''}
        {step.port && step.port !== 'out' ? (
          <>
            {' '}
            · left by <code>{step.port}</code>
          </>
        ) : null}
      </p>
      {step.error && (
        <div className="error-box" role="alert">
          <strong>{step.error.code}</strong> {step.error.message}
        </div>
      )}
      <details open>
        <summary>Input</summary>
        <JsonTree value={step.input} label="Input" />
      </details>
      <details open>
        <summary>Output</summary>
        <JsonTree value={step.output ?? undefined} label="Output" />
      </details>
      {step.attemptErrors.length > 0 && (
        <details>
          <summary>Earlier attempts ({step.attemptErrors.length})</summary>
          <JsonTree value={step.attemptErrors} label="Earlier attempt errors" />
        </details>
      )}
    </div>
  );
}
