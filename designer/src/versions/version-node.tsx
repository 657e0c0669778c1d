import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { FlowNode } from '../api/types.ts';
import { NodeBox } from '../editor/flow-node.tsx';
import { useNodeTypeInfo } from './catalogue.ts';

export type DiffMark = 'added' | 'changed' | 'removed';

export interface VersionNodeData extends Record<string, unknown> {
  node: FlowNode;
  diff?: DiffMark;
}

export type VersionCanvasNode = Node<VersionNodeData, 'weft'>;

function VersionNodeView({ id, data, selected }: NodeProps<VersionCanvasNode>) {
  const info = useNodeTypeInfo(data.node.type);
  return <NodeBox id={id} node={data.node} info={info} selected={!!selected} diff={data.diff} />;
}

/** Module-level so React Flow never sees a new object. */
export const versionNodeTypes = { weft: memo(VersionNodeView) };
