import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { FlowNode } from '../api/types.ts';
import { NodeBox } from '../editor/flow-node.tsx';
import { LoopBox } from '../editor/loop-node.tsx';
import { useNodeTypeInfo } from './catalogue.ts';

export type DiffMark = 'added' | 'changed' | 'removed';

export interface VersionNodeData extends Record<string, unknown> {
  node: FlowNode;
  diff?: DiffMark;
}

/** 'loop': a control.loop, drawn as the container of its body nodes. */
export type VersionCanvasNode = Node<VersionNodeData, 'weft' | 'loop'>;

function VersionNodeView({ id, data, selected }: NodeProps<VersionCanvasNode>) {
  const info = useNodeTypeInfo(data.node.type);
  return <NodeBox id={id} node={data.node} info={info} selected={!!selected} diff={data.diff} />;
}

function VersionLoopView({ id, data, selected }: NodeProps<VersionCanvasNode>) {
  const info = useNodeTypeInfo(data.node.type);
  return <LoopBox id={id} node={data.node} info={info} selected={!!selected} diff={data.diff} hint={null} />;
}

/** Module-level so React Flow never sees a new object. */
export const versionNodeTypes = { weft: memo(VersionNodeView), loop: memo(VersionLoopView) };
