import { JsonTree } from '../ui/json-tree.tsx';
import type { Evaluation } from './use-evaluation.ts';
import { describeError } from './error-range.ts';

export interface ExpressionPreviewProps {
  /** The expression is blank. */
  empty: boolean;
  evaluation: Evaluation | null;
  pending: boolean;
  hasInput: boolean;
  inputLabel?: string;
}

function Outcome({ evaluation }: { evaluation: Evaluation }) {
  if (evaluation.kind === 'result')
    return (
      <>
        <JsonTree value={evaluation.result} label="Result" expanded />
        {evaluation.result === null && (
          <p className="expression-preview-note muted">Nothing matched, or the value is null.</p>
        )}
      </>
    );
  if (evaluation.kind === 'unavailable')
    return (
      <div className="expression-preview-error" role="alert">
        <strong>Preview unavailable</strong> {evaluation.message}
      </div>
    );
  const { title, message } = describeError(evaluation.code, evaluation.message);
  return (
    <div className="expression-preview-error" role="alert">
      <strong>{title}</strong> {message}
    </div>
  );
}

/** The live result of an expression on the sample input. */
export function ExpressionPreview({ empty, evaluation, pending, hasInput, inputLabel }: ExpressionPreviewProps) {
  return (
    <section className="expression-preview" aria-label="Preview" aria-live="polite" aria-busy={pending}>
      <div className="expression-preview-head">
        <span>{inputLabel ? `Preview on ${inputLabel}` : hasInput ? 'Preview on the sample input' : 'Preview'}</span>
        {pending && <span className="spinner" aria-hidden="true" />}
      </div>
      {!hasInput && (
        <p className="expression-preview-note muted">There is no sample yet, so the preview runs with input null.</p>
      )}
      {empty ? (
        <p className="expression-preview-hint muted">Type an expression to see its result</p>
      ) : evaluation ? (
        <div className={pending ? 'expression-preview-body is-stale' : 'expression-preview-body'}>
          <Outcome evaluation={evaluation} />
        </div>
      ) : (
        <p className="expression-preview-hint muted">Evaluating…</p>
      )}
    </section>
  );
}
