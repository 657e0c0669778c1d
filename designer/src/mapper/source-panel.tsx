import { memo, useMemo } from 'react';
import { sourceTree, type SourceNode } from './source-tree.ts';

/** The drag payload of a source field. */
export const SOURCE_MIME = 'application/x-weft-source';

export interface DraggedSource {
  path: string[];
  list: boolean;
}

const TYPE_LABEL: Record<SourceNode['type'], string> = {
  object: '{ }',
  list: '[ ]',
  string: 'text',
  number: 'number',
  boolean: 'yes/no',
  null: 'null',
};

interface Picking {
  /** The path (joined) of the field picked with a click or the keyboard, to map onto a target by its button. */
  picked: string | null;
  onPick: (source: DraggedSource | null) => void;
}

const SourceRow = memo(function SourceRow({
  node,
  mapped,
  depth,
  picked,
  onPick,
}: {
  node: SourceNode;
  mapped: Set<string>;
  depth: number;
} & Picking) {
  const key = node.path.join('\u0000');
  const isPicked = picked === key;
  return (
    <li>
      <button
        type="button"
        aria-roledescription="source field"
        className={`mapper-source-row ${mapped.has(key) ? 'is-mapped' : ''} ${isPicked ? 'is-picked' : ''}`}
        aria-pressed={isPicked}
        onClick={() => onPick(isPicked ? null : { path: node.path, list: node.type === 'list' })}
        style={{ paddingLeft: 8 + depth * 14 }}
        draggable
        aria-label={`Source field ${node.path.join('.')}`}
        title={`Drag onto a target field to map ${node.path.join('.')}, or pick it and press "Map here" on the target`}
        onDragStart={(e) => {
          const payload: DraggedSource = { path: node.path, list: node.type === 'list' };
          e.dataTransfer.setData(SOURCE_MIME, JSON.stringify(payload));
          e.dataTransfer.setData('text/plain', node.path.join('.'));
          e.dataTransfer.effectAllowed = 'link';
        }}
      >
        <span className="mapper-grip" aria-hidden="true">
          ⠿
        </span>
        <span className="mapper-name">{node.key}</span>
        <span className="mapper-type">{TYPE_LABEL[node.type]}</span>
        {node.example !== undefined && <span className="mapper-example">{node.example}</span>}
      </button>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <SourceRow key={c.key} node={c} mapped={mapped} depth={depth + 1} picked={picked} onPick={onPick} />
          ))}
        </ul>
      )}
    </li>
  );
});

/** The source's fields as a tree to drag from; fields some line reads are marked. */
export const SourcePanel = memo(function SourcePanel({
  value,
  mapped,
  picked,
  onPick,
}: { value: unknown; mapped: Set<string> } & Picking) {
  const tree = useMemo(() => sourceTree(value), [value]);
  if (value === undefined)
    return <p className="muted mapper-empty">No source data: add a sample (Samples tab) or run a test.</p>;
  if (tree.length === 0) return <p className="muted mapper-empty">The source has no fields to map.</p>;
  return (
    <ul className="mapper-tree" aria-label="Source fields">
      {tree.map((n) => (
        <SourceRow key={n.key} node={n} mapped={mapped} depth={0} picked={picked} onPick={onPick} />
      ))}
    </ul>
  );
});
