import { useCallback, type DragEvent } from 'react';
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type IsValidConnection } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { type NodePreset, useEditor } from './store.ts';
import { nodeTypes } from './flow-node.tsx';
import { connectionProblem } from './connection-rules.ts';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';
import { useOpeningView, type PickAnchor } from './readable-view.ts';

export const DRAG_MIME = 'application/x-weft-node-type';

/** What a palette item carries in a drag: its kind, or its kind with a preset as JSON. */
export interface Dragged {
  type: string;
  preset?: NodePreset;
}

export function dragData(d: Dragged): string {
  return d.preset ? JSON.stringify(d) : d.type;
}

function readDragged(data: string): Dragged | null {
  if (!data) return null;
  if (!data.startsWith('{')) return { type: data };
  try {
    const d = JSON.parse(data) as Dragged;
    return typeof d.type === 'string' ? d : null;
  } catch {
    return null;
  }
}

/** The trigger: where a flow larger than the screen is shown from. */
export const triggerOf: PickAnchor = (nodes) => {
  const { catalogue } = useEditor.getState();
  return nodes.find((n) => catalogue.get((n as CanvasNode).data.node.type)?.category === 'trigger');
};

const MINIMAP_COLORS: Record<string, string> = {
  succeeded: '#1f8a4c',
  failed: '#c92a2a',
  retrying: '#3157d5',
  'not-run': '#c4cad3',
  skipped: '#c4cad3',
};

/** The editable graph. All state lives in the editor store. */
export function Canvas() {
  const { nodes, edges, onNodesChange, onEdgesChange, onConnect } = useEditor(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      onNodesChange: s.onNodesChange,
      onEdgesChange: s.onEdgesChange,
      onConnect: s.onConnect,
    })),
  );
  const { screenToFlowPosition } = useReactFlow();
  useOpeningView(useEditor.getState().nodes.length > 0, triggerOf);

  const isValidConnection: IsValidConnection<CanvasEdge> = useCallback((c) => {
    const s = useEditor.getState();
    return connectionProblem(c, s.nodes, s.edges, s.catalogue) === null;
  }, []);

  const onConnectEnd = useCallback(
    (
      _e: unknown,
      state: {
        isValid: boolean | null;
        fromNode: { id: string } | null;
        toNode: { id: string } | null;
        fromHandle: { id?: string | null } | null;
        toHandle: { id?: string | null } | null;
      },
    ) => {
      if (state.isValid === false && state.toNode && state.fromNode) {
        const s = useEditor.getState();
        s.refuse(
          connectionProblem(
            {
              source: state.fromNode.id,
              target: state.toNode.id,
              sourceHandle: state.fromHandle?.id,
              targetHandle: state.toHandle?.id,
            },
            s.nodes,
            s.edges,
            s.catalogue,
          ),
        );
      }
    },
    [],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(DRAG_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const dragged = readDragged(e.dataTransfer.getData(DRAG_MIME));
      if (!dragged) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      useEditor.getState().addNode(dragged.type, { x: Math.round(p.x - 100), y: Math.round(p.y - 26) }, dragged.preset);
    },
    [screenToFlowPosition],
  );

  return (
    <section className="canvas" onDragOver={onDragOver} onDrop={onDrop} aria-label="Flow canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={['Delete', 'Backspace']}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        minZoom={0.1}
        onlyRenderVisibleElements={nodes.length > 150}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <MiniMap
          pannable
          zoomable
          ariaLabel="Mini map"
          nodeColor={(n) => MINIMAP_COLORS[useEditor.getState().paints[n.id] ?? ''] ?? '#aab3c2'}
        />
        <Controls aria-label="Zoom controls" />
      </ReactFlow>
    </section>
  );
}
