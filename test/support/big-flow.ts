/** Nodes in the large flow the designer must handle (the browser test and the bench's canvas cell). */
export const BIG_FLOW_NODES = 300;

/** A webhook and 299 map nodes in a ten-wide grid, each fed by the previous one. */
export function bigFlow() {
  const nodes = Array.from({ length: BIG_FLOW_NODES }, (_, i) =>
    i === 0
      ? { id: 'n0', type: 'trigger.webhook', config: { path: 'big' }, ui: { position: { x: 0, y: 0 } } }
      : {
          id: `n${i}`,
          type: 'map.jsonata',
          name: `Step ${i}`,
          config: { expression: `$ ~> |$|{'step${i}': ${i}}|` },
          ui: { position: { x: (i % 10) * 280, y: Math.floor(i / 10) * 130 } },
        },
  );
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: `n${i}`, target: n.id }));
  return { id: 'big', name: 'Three hundred nodes', schemaVersion: 1, nodes, edges };
}
