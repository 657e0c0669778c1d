import { useEffect, useMemo, useState } from 'react';
import type { TestCase } from '../../../shared/flow-tests.ts';
import { useEditor } from '../editor/store.ts';
import { ExpressionEditor } from '../expression/expression-editor.tsx';
import type { ExpressionBindings } from '../expression/use-evaluation.ts';

const NO_ASSERTIONS: string[] = [];

/**
 * JSONata expressions that must each be true after the case's run. A blank one stays on screen (to be typed
 * into) but is not saved; the preview and completion use the last test run.
 */
export function AssertionsEditor({ testCase, onChange }: { testCase: TestCase; onChange: (a: string[]) => void }) {
  const saved = testCase.expect.assertions ?? NO_ASSERTIONS;
  const [rows, setRows] = useState<string[]>(saved);
  // Follow the saved list when it changes from elsewhere (undo).
  useEffect(() => {
    setRows((r) => (same(r.filter(filled), saved) ? r : saved));
  }, [saved]);
  const testRun = useEditor((s) => s.testRun);
  const bindings = useMemo<ExpressionBindings | undefined>(() => {
    if (!testRun?.steps) return undefined;
    const steps: Record<string, unknown> = {};
    for (const s of testRun.steps) if (s.status === 'succeeded') steps[s.nodeId] = s.output;
    return { trigger: (testRun.trigger as { body?: unknown } | null)?.body, steps };
  }, [testRun]);
  const write = (next: string[]) => {
    setRows(next);
    const kept = next.filter(filled);
    if (!same(kept, saved)) onChange(kept);
  };
  return (
    <section className="tests-group" aria-labelledby="expect-assertions-title">
      <h3 id="expect-assertions-title">Assertions</h3>
      <p className="muted">
        Each must be true after the run. They see <code>$trigger</code>, <code>$steps.&lt;node id&gt;</code>,{' '}
        <code>$response</code> and <code>$env</code>, e.g. <code>$steps.erp.output.total &gt; 0</code>.
        {testRun ? ' The preview runs on the last test run (without $response).' : ''}
      </p>
      {rows.map((text, i) => (
        <div key={i} className="tests-item">
          <div className="tests-item-head">
            <strong>Assertion {i + 1}</strong>
            <button
              type="button"
              className="small"
              onClick={() => write(rows.filter((_, j) => j !== i))}
              aria-label={`Remove assertion ${i + 1}`}
            >
              Remove
            </button>
          </div>
          <ExpressionEditor
            label={`Assertion ${i + 1}`}
            value={text}
            onChange={(v) => write(rows.map((r, j) => (j === i ? v : r)))}
            input={bindings?.trigger}
            inputLabel={testRun ? 'the last test run' : undefined}
            bindings={bindings}
            preview={!!testRun}
          />
          {!filled(text) && <p className="muted field-help">A blank assertion is not saved.</p>}
        </div>
      ))}
      <button type="button" onClick={() => setRows([...rows, ''])}>
        Add assertion
      </button>
    </section>
  );
}

const filled = (s: string) => s.trim() !== '';
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
