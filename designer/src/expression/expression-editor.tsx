import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { CodeEditor, type EditorDiagnostic } from './code-editor.tsx';
import { jsonata } from './jsonata-language.ts';
import { jsonataAutocompletion, type CompletionSamples } from './jsonata-completion.ts';
import { ExpressionPreview } from './expression-preview.tsx';
import { useEvaluation, type ExpressionBindings } from './use-evaluation.ts';
import { describeError, errorRange } from './error-range.ts';
import { useVariables } from '../variables/variables-api.ts';
import './expression.css';

export interface ExpressionEditorProps {
  /** JSONata source without a leading "=". */
  value: string;
  onChange(value: string): void;
  /** Accessible name of the editor. */
  label: string;
  /** The sample input the preview runs on; undefined when there is none yet. */
  input: unknown;
  /** What the input is, e.g. "sample “Won deal”". */
  inputLabel?: string;
  bindings?: ExpressionBindings;
  /** Live preview below the editor; on by default. */
  preview?: boolean;
}

const NO_DIAGNOSTICS: EditorDiagnostic[] = [];

/** A JSONata editor with highlighting, completion from the samples and a live preview of the result. */
export function ExpressionEditor({
  value,
  onChange,
  label,
  input,
  inputLabel,
  bindings,
  preview = true,
}: ExpressionEditorProps) {
  const [expanded, setExpanded] = useState(false);
  const variables = useVariables().data;
  const samples = useMemo<CompletionSamples>(
    () => ({ input, trigger: bindings?.trigger, steps: bindings?.steps, env: variables }),
    [input, bindings?.trigger, bindings?.steps, variables],
  );
  const samplesRef = useRef(samples);
  useLayoutEffect(() => {
    samplesRef.current = samples;
  });
  const extensions = useMemo(() => [jsonata(), jsonataAutocompletion(() => samplesRef.current)], []);

  const { evaluation, pending } = useEvaluation(value, input, bindings, preview);
  const diagnostics = useMemo(() => {
    if (evaluation?.kind !== 'error' || evaluation.expression.trim() === '') return NO_DIAGNOSTICS;
    const { message } = describeError(evaluation.code, evaluation.message);
    return [errorRange(evaluation.expression, evaluation.position, message)];
  }, [evaluation]);

  return (
    <div className={expanded ? 'expression-editor expression-editor-expanded' : 'expression-editor'}>
      <div className="expression-editor-input">
        <CodeEditor
          value={value}
          onChange={onChange}
          ariaLabel={label}
          extensions={extensions}
          diagnostics={value.trim() === '' ? NO_DIAGNOSTICS : diagnostics}
          minHeight={expanded ? 160 : undefined}
          placeholder="e.g. customer.name"
        />
        <button
          type="button"
          className="ghost small expression-editor-expand"
          aria-expanded={expanded}
          aria-label={expanded ? `Shrink ${label}` : `Expand ${label}`}
          title={expanded ? 'Shrink' : 'Expand'}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? '⤡' : '⤢'}
        </button>
      </div>
      {preview && (
        <ExpressionPreview
          empty={value.trim() === ''}
          evaluation={evaluation}
          pending={pending}
          hasInput={input !== undefined}
          inputLabel={inputLabel}
        />
      )}
    </div>
  );
}
