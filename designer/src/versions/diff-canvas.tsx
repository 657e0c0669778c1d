import { useEffect } from 'react';
import { Controls, MiniMap, ReactFlow, useNodesState } from '@xyflow/react';
import type { Edge, Node } from '@xyflow/react';
import { useOpeningView } from '../editor/readable-view.ts';
import type { VersionCanvasNode } from './version-node.tsx';
import { versionNodeTypes } from './version-node.tsx';

const MINIMAP_COLOURS: Record<string, string> = { added: '#1f8a4c', changed: '#b7791f', removed: '#c4cad4' };
const EDGE_OPTIONS = { type: 'smoothstep' };
const PRO_OPTIONS = { hideAttribution: true };
/** A flow larger than the canvas is shown from its first difference. */
const firstDifference = (nodes: Node[]) => (nodes as VersionCanvasNode[]).find((n) => n.data.diff);
const minimapColour = (n: VersionCanvasNode) => MINIMAP_COLOURS[n.data.diff ?? ''] ?? '#8a93a3';

/** Read-only view of a definition with its differences highlighted. */
export function DiffCanvas({
  nodes: model,
  edges,
  label,
  onSelect,
}: {
  nodes: VersionCanvasNode[];
  edges: Edge[];
  label: string;
  onSelect: (id: string) => void;
}) {
  const [nodes, setNodes, onNodesChange] = useNodesState(model);
  useEffect(() => {
    setNodes((prev) => {
      const measured = new Map(prev.map((n) => [n.id, n.measured]));
      return model.map((n) => ({ ...n, measured: measured.get(n.id) }));
    });
  }, [model, setNodes]);
  useOpeningView(model.length > 0, firstDifference);
  return (
    <section className="vcanvas" aria-label={label}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        nodeTypes={versionNodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomOnScroll={false}
        preventScrolling={false}
        onNodeClick={(_, n) => onSelect(n.id)}
        defaultEdgeOptions={EDGE_OPTIONS}
        proOptions={PRO_OPTIONS}
        minZoom={0.1}
      >
        <MiniMap<VersionCanvasNode> pannable zoomable nodeColor={minimapColour} ariaLabel={`Overview of ${label}`} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}

export function DiffLegend() {
  return (
    <ul className="vlegend" aria-label="Legend">
      <li>
        <span className="vswatch vswatch-added" aria-hidden="true" /> Added
      </li>
      <li>
        <span className="vswatch vswatch-changed" aria-hidden="true" /> Changed
      </li>
      <li>
        <span className="vswatch vswatch-removed" aria-hidden="true" /> Removed
      </li>
    </ul>
  );
}
