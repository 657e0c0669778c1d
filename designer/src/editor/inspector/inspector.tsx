import { useCallback, useMemo, useState } from 'react';
import { useEditor } from '../store.ts';
import type { CanvasNode } from '../canvas-types.ts';
import { ConfigSections } from './config-sections.tsx';
import { StepResult } from './step-result.tsx';
import type { ExpressionContext } from './form-context.ts';
import { useOperationExamples } from '../../operations/operation-examples.ts';
import { FlowInspector } from './flow-inspector.tsx';

/** Right-hand panel: the selected node's settings and last test result, or the flow's own settings. */
export function Inspector() {
  const selected = useEditor((s) => {
    const sel = s.nodes.filter((n) => n.selected);
    return sel.length === 1 ? sel[0].id : sel.length;
  });
  return (
    <aside className="inspector" aria-label="Inspector">
      {typeof selected === 'string' ? (
        <NodeInspector key={selected} id={selected} />
      ) : selected > 1 ? (
        <MultiSelection count={selected} />
      ) : (
        <FlowInspector />
      )}
    </aside>
  );
}

function MultiSelection({ count }: { count: number }) {
  return (
    <div className="inspector-body">
      <h2>{count} nodes selected</h2>
      <p className="muted">Drag to move them together, Ctrl+C to copy, Delete to remove.</p>
      <button type="button" className="danger" onClick={() => useEditor.getState().deleteSelection()}>
        Delete {count} nodes
      </button>
    </div>
  );
}

function NodeInspector({ id }: { id: string }) {
  const cn = useEditor((s) => s.nodes.find((n) => n.id === id)) as CanvasNode | undefined;
  const info = useEditor((s) => (cn ? s.catalogue.get(cn.data.node.type) : undefined));
  const testRun = useEditor((s) => s.testRun);
  const sample = useEditor((s) => s.meta.samples?.[s.sampleIndex]);
  const [tab, setTab] = useState<'configure' | 'result'>(testRun ? 'result' : 'configure');
  const [help, setHelp] = useState(false);
  const step = testRun?.steps?.find((st) => st.nodeId === id);
  const update = useEditor((s) => s.updateNode);

  /** Whether the trigger payload is this node's input (every incoming edge comes from a trigger). */
  const afterTrigger = useEditor((s) =>
    s.edges
      .filter((e) => e.target === id)
      .every((e) => !!s.catalogue.get(s.nodes.find((n) => n.id === e.source)?.data.node.type ?? '')?.trigger),
  );
  const examples = useOperationExamples();
  const context = useMemo<ExpressionContext>(() => {
    // A step's output in the last test run, else what its OpenAPI document says it answers.
    const steps = {
      ...examples,
      ...Object.fromEntries(
        (testRun?.steps ?? []).filter((st) => st.status === 'succeeded').map((st) => [st.nodeId, st.output]),
      ),
    };
    const trigger = (testRun?.trigger as { body?: unknown } | undefined)?.body ?? sample?.payload;
    if (step)
      return { input: step.input, inputLabel: 'this node’s input in the last test run', bindings: { trigger, steps } };
    if (!sample) return { input: undefined, inputLabel: 'no sample', bindings: { trigger, steps } };
    const inputLabel = afterTrigger
      ? `sample “${sample.name}”`
      : `sample “${sample.name}” (the trigger payload; a test run previews on this node’s own input)`;
    return { input: sample.payload, inputLabel, bindings: { trigger, steps } };
  }, [testRun, sample, step, afterTrigger, examples]);

  const config = cn?.data.node.config;
  const onConfig = useCallback(
    (next: Record<string, unknown>) => {
      const retry = useEditor.getState().nodes.find((n) => n.id === id)?.data.node.config.retry;
      update(id, { config: retry === undefined ? next : { ...next, retry } }, `config:${id}`);
    },
    [id, update],
  );

  if (!cn) return null;
  const node = cn.data.node;
  if (!info) {
    return (
      <div className="inspector-body">
        <h2>{node.name ?? node.id}</h2>
        <p className="error-line" role="alert">
          This Weft does not know the node kind “{node.type}”. Replace the node with a known kind.
        </p>
      </div>
    );
  }
  return (
    <div className="inspector-body">
      <div className="inspector-head">
        <h2>{node.name || info.title}</h2>
        <div className="muted">
          {info.title} · <code>{node.id}</code>
        </div>
        <p className="kind-desc">{info.description}</p>
      </div>
      <div className="tabs" role="tablist" aria-label="Node panels">
        <button type="button" role="tab" aria-selected={tab === 'configure'} onClick={() => setTab('configure')}>
          Configure
        </button>
        <button type="button" role="tab" aria-selected={tab === 'result'} onClick={() => setTab('result')}>
          Test result {step && <span className={`tab-badge run-${step.status}`}>{step.status}</span>}
        </button>
      </div>
      {tab === 'result' ? (
        <div role="tabpanel" aria-label="Test result">
          <StepResult step={step} ran={!!testRun} />
        </div>
      ) : (
        <div role="tabpanel" aria-label="Configure" className={help ? 'show-help' : 'hide-help'}>
          <button
            type="button"
            className="small help-toggle"
            aria-pressed={help}
            onClick={() => setHelp(!help)}
            title="Show what each field is for"
          >
            {help ? 'Hide help' : 'Show help'}
          </button>
          <div className="field">
            <label htmlFor={`name-${id}`}>Name</label>
            <input
              id={`name-${id}`}
              value={node.name ?? ''}
              onChange={(e) => update(id, { name: e.target.value || undefined })}
            />
          </div>
          <div className="field">
            <label htmlFor={`desc-${id}`}>Description</label>
            <textarea
              id={`desc-${id}`}
              rows={2}
              value={node.description ?? ''}
              onChange={(e) => update(id, { description: e.target.value || undefined })}
              placeholder="What this step is for"
            />
          </div>
          <h3>Settings</h3>
          <ConfigSections
            nodeId={id}
            info={info}
            config={config!}
            context={context}
            onChange={onConfig}
            onRetry={(retry) => {
              const { retry: _old, ...rest } = useEditor.getState().nodes.find((n) => n.id === id)!.data.node.config;
              update(id, { config: retry ? { ...rest, retry } : rest }, `retry:${id}`);
            }}
          />
        </div>
      )}
    </div>
  );
}
