import type { RunView } from '../api/types.ts';
import { RunError } from './run-summary.tsx';
import { nodesById, useRunDefinition } from './run-definition.ts';

/** The run's error, naming the failed step as the analyst named it. */
export function RunErrorOf({ run, error }: { run: RunView; error: NonNullable<RunView['error']> }) {
  const nodes = nodesById(useRunDefinition(run));
  return (
    <RunError error={error} status={run.status} stepName={error.nodeId ? nodes.get(error.nodeId)?.name : undefined} />
  );
}
