import { memo, useEffect, useRef } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import type { CanvasNode } from './canvas-types.ts';
import { useEditor } from './store.ts';
import { nodePorts } from '../../../shared/ports.ts';
import { kindIcon } from './category.ts';
import type { NodeTypeInfo } from '../api/types.ts';
import { LoopNodeMemo } from './loop-node.tsx';
import './flow-node.css';

const PAINT_LABEL: Record<string, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  retrying: 'retrying',
  waiting: 'waiting',
  skipped: 'skipped',
  'not-run': 'not run',
};

/** One node on the canvas: kind, name and a labelled handle per port. */
function FlowNodeView({ id, data, selected }: NodeProps<CanvasNode>) {
  const info = useEditor((s) => s.catalogue.get(data.node.type));
  const paint = useEditor((s) => s.paints[id]);
  const problem = useEditor((s) => s.problemMarks[id]);
  // Config-named ports (a switch's cases) come and go: React Flow must measure the handles again.
  const portsKey = nodePorts(info, data.node.config).outputs.join('|');
  const updateInternals = useUpdateNodeInternals();
  const measuredKey = useRef(portsKey);
  useEffect(() => {
    if (measuredKey.current === portsKey) return;
    measuredKey.current = portsKey;
    updateInternals(id);
  }, [id, portsKey, updateInternals]);
  return (
    <NodeBox
      id={id}
      node={data.node}
      info={info}
      selected={!!selected}
      paint={paint ?? data.paint}
      diff={data.diff}
      problem={problem ?? data.problem}
    />
  );
}

export function NodeBox({
  id,
  node,
  info,
  selected,
  paint,
  diff,
  problem,
}: {
  id: string;
  node: CanvasNode['data']['node'];
  info: NodeTypeInfo | undefined;
  selected: boolean;
  paint?: string;
  diff?: string;
  problem?: string;
}) {
  const name = node.name || info?.title || node.type;
  const { inputs, outputs } = nodePorts(info, node.config);
  const category = info?.category ?? 'unknown';
  const cls = [
    'wnode',
    `cat-${category}`,
    selected && 'selected',
    paint && `paint-${paint}`,
    diff && `diff-${diff}`,
    problem && `problem-${problem}`,
  ]
    .filter(Boolean)
    .join(' ');
  // A single unlabelled output sits beside the title; named outputs get a labelled row each below it.
  const labelled = outputs.length > 1 || (outputs.length === 1 && outputs[0] !== 'out');
  const out = (p: string) => (
    <Handle
      key={`out-${p}`}
      id={p}
      type="source"
      position={Position.Right}
      aria-label={`${name}: output ${p}`}
      className="whandle"
    />
  );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a node on the canvas, named for assistive technology; not a form group
    <div
      className={cls}
      role="group"
      aria-label={`${name} (${info?.title ?? node.type})${paint ? `, ${PAINT_LABEL[paint]}` : ''}`}
      data-node-id={id}
    >
      <div className="wnode-head">
        {inputs.map((p) => (
          <Handle
            key={`in-${p}`}
            id={p}
            type="target"
            position={Position.Left}
            aria-label={`${name}: input ${p}`}
            className="whandle"
          />
        ))}
        <span className={`wnode-icon icon-${category}`} aria-hidden="true">
          {kindIcon(node.type, category)}
        </span>
        <div className="wnode-titles">
          <div className="wnode-name" title={name}>
            {name}
          </div>
          <div className="wnode-kind">{info?.title ?? `Unknown kind ${node.type}`}</div>
        </div>
        {paint && <span className={`wnode-dot dot-${paint}`} title={PAINT_LABEL[paint]} />}
        {!labelled && outputs.map(out)}
      </div>
      {labelled && (
        <div className="wports">
          {outputs.map((p) => (
            <div key={`out-${p}`} className="wport-out">
              <span className="wport-label">{p}</span>
              {out(p)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const FlowNodeMemo = memo(FlowNodeView);
/** Module-level so React Flow never sees a new object. */
export const nodeTypes = { weft: FlowNodeMemo, loop: LoopNodeMemo };
