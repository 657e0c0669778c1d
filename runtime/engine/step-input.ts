/** An edge into a node, named by the node and port it leaves. */
export interface InputEdge {
  source: string;
  sourcePort: string;
}

/**
 * The input a node receives: the trigger event for the run's trigger, else the output of its single
 * live predecessor (succeeded, and left by the port of the edge), else one entry per live predecessor.
 * The engine uses it while a run executes and the run page to show inputs that were not stored.
 */
export function inputFrom(
  node: { isTrigger: boolean; incoming: readonly InputEdge[] },
  trigger: unknown,
  stepOf: (nodeId: string) => { status: string; port: string | null } | undefined,
  outputOf: (nodeId: string) => unknown,
): unknown {
  if (node.isTrigger) return trigger;
  const live = node.incoming.filter((e) => {
    const s = stepOf(e.source);
    return s?.status === 'succeeded' && s.port === e.sourcePort;
  });
  if (live.length === 1) return outputOf(live[0].source);
  return Object.fromEntries(live.map((e) => [e.source, outputOf(e.source)]));
}
