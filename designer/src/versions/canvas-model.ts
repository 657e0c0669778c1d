import type { Edge } from '@xyflow/react';
import type { FlowDefinition } from '../api/types.ts';
import { edgeToCanvas, toCanvas } from '../editor/convert.ts';
import type { FlowDiff } from '../../../shared/flow-diff.ts';
import type { VersionCanvasNode } from './version-node.tsx';
import type { CanvasNode } from '../editor/canvas-types.ts';
import { absolutePosition } from '../editor/loop-container.ts';

/** A loop keeps the size it is drawn with and a body node its loop (its position is relative to it). */
const container = (n: CanvasNode) => ({
  type: n.type,
  ...(n.parentId ? { parentId: n.parentId } : {}),
  ...(n.width ? { width: n.width, height: n.height } : {}),
});

/**
 * The "to" definition as React Flow elements, marked by the diff. Nodes and edges that exist only
 * in the "from" definition are added greyed out at their old positions.
 */
export function diffCanvas(
  from: FlowDefinition,
  to: FlowDefinition,
  diff: FlowDiff,
  selected: string | null,
): { nodes: VersionCanvasNode[]; edges: Edge[] } {
  const added = new Set(diff.added.map((n) => n.id));
  const changed = new Set(diff.changed.map((c) => c.id));
  const removed = new Set(diff.removed.map((n) => n.id));
  const edgesAdded = new Set(diff.edgesAdded);
  const after = toCanvas(to);
  const before = toCanvas(from);
  const fromById = new Map(before.nodes.map((n) => [n.id, n]));
  const drawn = new Set([...after.nodes.map((n) => n.id), ...removed]);
  const nodes: VersionCanvasNode[] = [
    ...after.nodes.map(
      (n): VersionCanvasNode => ({
        id: n.id,
        ...container(n),
        position: n.position,
        selected: n.id === selected,
        data: { node: n.data.node, diff: added.has(n.id) ? 'added' : changed.has(n.id) ? 'changed' : undefined },
      }),
    ),
    ...before.nodes
      .filter((n) => removed.has(n.id))
      .map(
        (n): VersionCanvasNode => ({
          id: n.id,
          ...container(n),
          // In a loop that is gone from the "to" definition and not drawn as removed: where it was on the canvas.
          ...(n.parentId && !drawn.has(n.parentId)
            ? { parentId: undefined, position: absolutePosition(n, fromById) }
            : { position: n.position }),
          selected: n.id === selected,
          className: 'diff-removed',
          zIndex: -1,
          data: { node: n.data.node, diff: 'removed' },
        }),
      ),
  ];
  const edges: Edge[] = [
    ...after.edges.map((e, i) => (edgesAdded.has(to.edges[i]) ? { ...e, className: 'diff-added' } : e)),
    ...diff.edgesRemoved.map((e) => ({ ...edgeToCanvas(e), id: `removed:${e.id}`, className: 'diff-removed' })),
  ];
  return { nodes, edges };
}
