import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../editor/store.ts';
import type { ExpressionContext } from '../editor/inspector/form-context.ts';
import type { SourceOption } from './mapper-dialog.tsx';
import { useOperationExamples } from '../operations/operation-examples.ts';

/**
 * What the mapper can show as its source: the node's input (from the last test run, or the sample), the
 * output of each step before it in the last test run (or, for an API operation, the answer its OpenAPI
 * document describes), and every sample.
 */
export function useSourceOptions(nodeId: string, context: ExpressionContext): SourceOption[] {
  const upstream = useEditor(useShallow((s) => s.edges.filter((e) => e.target === nodeId).map((e) => e.source)));
  const nodes = useEditor((s) => s.nodes);
  const testRun = useEditor((s) => s.testRun);
  const samples = useEditor((s) => s.meta.samples);
  const examples = useOperationExamples();
  return useMemo(() => {
    const out: SourceOption[] = [];
    if (context.input !== undefined)
      out.push({ id: 'input', label: `Input: ${context.inputLabel}`, value: context.input });
    for (const id of upstream) {
      const step = testRun?.steps?.find((st) => st.nodeId === id && st.status === 'succeeded');
      const node = nodes.find((n) => n.id === id)?.data.node;
      if (step)
        out.push({
          id: `step:${id}`,
          label: `Output of “${node?.name || id}” in the last test run`,
          value: step.output,
        });
      else if (id in examples)
        out.push({
          id: `step:${id}`,
          label: `Answer of “${node?.name || id}” as its OpenAPI document describes it`,
          value: examples[id],
        });
    }
    (samples ?? []).forEach((s, i) => {
      if (s.payload !== context.input) out.push({ id: `sample:${i}`, label: `Sample “${s.name}”`, value: s.payload });
    });
    return out;
  }, [context.input, context.inputLabel, upstream, testRun, nodes, samples, examples]);
}
