import { useEffect } from 'react';
import { Controls, MiniMap, ReactFlow, useNodesState } from '@xyflow/react';
import type { Edge } from '@xyflow/react';
import type { VersionCanvasNode } from './version-node.tsx';
import { versionNodeTypes } from './version-node.tsx';

const MINIMAP_COLOURS: Record<string, string> = { added: '#1f8a4c', changed: '#b7791f', removed: '#c4cad4' };
/** Module-level: a new object on every render would replace the options of a pending fitView() call. */
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1 };
const minimapColour = (n: VersionCanvasNode) => MINIMAP_COLOURS[n.data.diff ?? ''] ?? '#8a93a3';

/** Read-only view of a definition with its differences highlighted. */
export function DiffCanvas({ nodes: model, edges, label, onSelect }: { nodes: VersionCanvasNode[]; edges: Edge[]; label: string; onSelect: (id: string) => void }) {
  const [nodes, setNodes, onNodesChange] = useNodesState(model);
  useEffect(() => {
    setNodes((prev) => {
      const measured = new Map(prev.map((n) => [n.id, n.measured]));
      return model.map((n) => ({ ...n, measured: measured.get(n.id) }));
    });
  }, [model, setNodes]);
  return (
    <div className="vcanvas" role="region" aria-label={label}>
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
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
      >
        <MiniMap<VersionCanvasNode> pannable zoomable nodeColor={minimapColour} ariaLabel={`Overview of ${label}`} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

export function DiffLegend() {
  return (
    <ul className="vlegend" aria-label="Legend">
      <li><span className="vswatch vswatch-added" aria-hidden="true" /> Added</li>
      <li><span className="vswatch vswatch-changed" aria-hidden="true" /> Changed</li>
      <li><span className="vswatch vswatch-removed" aria-hidden="true" /> Removed</li>
    </ul>
  );
}
