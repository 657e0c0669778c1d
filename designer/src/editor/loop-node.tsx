import { memo } from 'react';
import { Handle, NodeResizer, Position, type NodeProps } from '@xyflow/react';
import type { CanvasNode } from './canvas-types.ts';
import { useEditor } from './store.ts';
import { nodePorts } from '../../../shared/ports.ts';
import { kindIcon } from './category.ts';
import { LOOP_MIN } from './loop-container.ts';
import type { NodeTypeInfo } from '../api/types.ts';
import './loop-node.css';

/** How the loop goes through its items, in a few words: "one at a time", "5 at once, batches of 100, failures collected". */
export function loopSummary(config: Record<string, unknown>): string {
  const concurrency = typeof config.concurrency === 'number' ? config.concurrency : 1;
  const batch = typeof config.batchSize === 'number' ? config.batchSize : 1;
  const parts = [concurrency > 1 ? `${concurrency} at once` : 'one at a time'];
  if (batch > 1) parts.push(`batches of ${batch}`);
  if (config.onItemFailure === 'continue') parts.push('failures collected');
  return parts.join(', ');
}

/** A control.loop: a container whose body nodes run once per item; the analyst may resize it while editing. */
function LoopNodeView({ id, data, selected }: NodeProps<CanvasNode>) {
  const info = useEditor((s) => s.catalogue.get(data.node.type));
  const paint = useEditor((s) => s.paints[id]) ?? data.paint;
  const problem = useEditor((s) => s.problemMarks[id]) ?? data.problem;
  const empty = useEditor((s) => !s.nodes.some((n) => n.parentId === id));
  return (
    <>
      <NodeResizer
        isVisible={!!selected}
        minWidth={LOOP_MIN.width}
        minHeight={LOOP_MIN.height}
        lineClassName="wloop-resize-line"
        handleClassName="wloop-resize-handle"
      />
      <LoopBox
        id={id}
        node={data.node}
        info={info}
        selected={!!selected}
        paint={paint}
        diff={data.diff}
        problem={problem}
        hint={empty ? 'Drag nodes here: they run once for each item' : null}
      />
    </>
  );
}

/** A loop's container as drawn wherever flows are drawn: its title row with its ports, and room for its body. */
export function LoopBox({
  id,
  node,
  info,
  selected,
  paint,
  diff,
  problem,
  hint,
}: {
  id: string;
  node: CanvasNode['data']['node'];
  info: NodeTypeInfo | undefined;
  selected: boolean;
  paint?: string;
  diff?: string;
  problem?: string;
  hint: string | null;
}) {
  const name = node.name || info?.title || node.type;
  const { inputs, outputs } = nodePorts(info, node.config);
  const cls = [
    'wnode',
    'wloop',
    'cat-control',
    selected && 'selected',
    paint && `paint-${paint}`,
    diff && `diff-${diff}`,
    problem && `problem-${problem}`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    // biome-ignore lint/a11y/useSemanticElements: a node on the canvas, named for assistive technology; not a form group
    <div className={cls} role="group" aria-label={`${name} (${info?.title ?? node.type})`} data-node-id={id}>
      <div className="wnode-head wloop-head">
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
        <span className="wnode-icon icon-control" aria-hidden="true">
          {kindIcon(node.type, 'control')}
        </span>
        <div className="wnode-titles">
          <div className="wnode-name" title={name}>
            {name}
          </div>
          <div className="wnode-kind">
            {info?.title ?? 'Loop'} · {loopSummary(node.config)}
          </div>
        </div>
        {outputs.map((p, i) => (
          <Handle
            key={`out-${p}`}
            id={p}
            type="source"
            position={Position.Right}
            aria-label={`${name}: output ${p}`}
            className={`whandle wloop-out-${i}`}
          />
        ))}
      </div>
      {hint && <p className="wloop-hint">{hint}</p>}
    </div>
  );
}

export const LoopNodeMemo = memo(LoopNodeView);
