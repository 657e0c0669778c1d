import type { Edge, Node } from '@xyflow/react';
import type { FlowNode } from '../api/types.ts';

export type RunPaint = 'succeeded' | 'failed' | 'retrying' | 'waiting' | 'skipped' | 'not-run';
export type DiffMark = 'added' | 'changed';

/** Canvas node: the flow node as saved (its position lives in the React Flow node), plus view-only marks. */
export interface WeftNodeData extends Record<string, unknown> {
  node: FlowNode;
  paint?: RunPaint;
  diff?: DiffMark;
  problem?: 'error' | 'warning';
}

/** 'loop': a control.loop, drawn as the container of its body nodes. */
export type CanvasNode = Node<WeftNodeData, 'weft' | 'loop'>;
export type CanvasEdge = Edge;
