import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { EvaluateResult, FlowNode, RunView, StepView } from '../api/types.ts';
import { sentKeyOf } from './sent-key.ts';

/** The Idempotency-Key the step sent: its configured key worked out on the step's own input, or the step's key. */
export function SentKey({ run, step, node }: { run: RunView; step: StepView; node: FlowNode | undefined }) {
  const how = sentKeyOf(node, step.idempotencyKey);
  const source = how.kind === 'expression' ? how.source : null;
  const evaluated = useQuery({
    queryKey: ['sent-key', run.id, step.nodeId, source],
    enabled: source !== null,
    staleTime: Infinity,
    queryFn: () => {
      const steps = Object.fromEntries((run.steps ?? []).map((s) => [s.nodeId, s.output]));
      return api.post<EvaluateResult>('/api/expressions/evaluate', { expression: source, input: step.input, bindings: { trigger: run.trigger, steps } });
    },
  });
  if (how.kind === 'none') return <span className="muted">none (GET and HEAD requests carry no key)</span>;
  if (how.kind === 'fixed' || how.kind === 'step') return <code>{how.key}</code>;
  if (evaluated.data?.ok && typeof evaluated.data.result === 'string') return <code title={`= ${how.source}`}>{evaluated.data.result}</code>;
  if (evaluated.isPending) return <span className="muted">working it out…</span>;
  return <span className="muted" title={how.source}>from the expression <code>{how.source}</code></span>;
}
