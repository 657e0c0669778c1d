import type { ReactNode } from 'react';
import type { FlowDefinition, FlowEdge, FlowNode } from '../api/types.ts';
import { useNodeTypeInfo } from './catalogue.ts';
import type { FlowDiff } from '../../../shared/flow-diff.ts';
import { FieldTable } from './field-table.tsx';

export const diffEntryId = (nodeId: string) => `vdiff-${nodeId}`;

function Section({
  title,
  tone,
  count,
  children,
}: {
  title: string;
  tone: 'added' | 'removed' | 'changed';
  count: number;
  children: ReactNode;
}) {
  if (count === 0) return null;
  const id = `vdiff-section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className={`vdiff-section vtone-${tone}`} aria-labelledby={id}>
      <h3 id={id}>
        {title} <span className="vcount">{count}</span>
      </h3>
      <ul className="vdiff-items">{children}</ul>
    </section>
  );
}

function NodeButton({
  node,
  selected,
  onSelect,
}: {
  node: FlowNode;
  selected: boolean;
  onSelect: (ids: string[]) => void;
}) {
  const info = useNodeTypeInfo(node.type);
  const kind = info?.title ?? node.type;
  return (
    <button
      type="button"
      id={diffEntryId(node.id)}
      className="vnode-button"
      aria-pressed={selected}
      onClick={() => onSelect([node.id])}
      title="Show on the canvas"
    >
      <span className="vnode-name">{node.name || kind}</span>
      <span className="vnode-meta">
        {kind} · <span className="mono">{node.id}</span>
      </span>
    </button>
  );
}

function edgeText(e: FlowEdge, nameOf: (id: string) => string): string {
  const from = nameOf(e.source) + (e.sourcePort !== 'out' ? ` (${e.sourcePort})` : '');
  const to = nameOf(e.target) + (e.targetPort !== 'in' ? ` (${e.targetPort})` : '');
  return `${from} → ${to}`;
}

/** The differences as lists; every node and connection can be shown on the canvas. */
export function DiffList({
  diff,
  from,
  to,
  selected,
  onSelect,
}: {
  diff: FlowDiff;
  from: FlowDefinition;
  to: FlowDefinition;
  selected: string | null;
  onSelect: (ids: string[]) => void;
}) {
  const byId = new Map([...from.nodes, ...to.nodes].map((n) => [n.id, n]));
  const nameOf = (id: string) => byId.get(id)?.name || id;
  const nodeItem = (n: FlowNode) => (
    <li key={n.id}>
      <NodeButton node={n} selected={selected === n.id} onSelect={onSelect} />
    </li>
  );
  const edgeItem = (e: FlowEdge, i: number) => (
    <li key={`${e.id}-${i}`}>
      <button
        type="button"
        className="vedge-button"
        onClick={() => onSelect([e.source, e.target])}
        title="Show on the canvas"
      >
        {edgeText(e, nameOf)}
      </button>
    </li>
  );
  return (
    <div className="vdiff">
      <Section title="Added nodes" tone="added" count={diff.added.length}>
        {diff.added.map(nodeItem)}
      </Section>
      <Section title="Removed nodes" tone="removed" count={diff.removed.length}>
        {diff.removed.map(nodeItem)}
      </Section>
      <Section title="Changed nodes" tone="changed" count={diff.changed.length}>
        {diff.changed.map((c) => (
          <li key={c.id} className="vchanged">
            <NodeButton node={byId.get(c.id)!} selected={selected === c.id} onSelect={onSelect} />
            <FieldTable fields={c.fields} caption={`Changes to ${c.name}`} />
          </li>
        ))}
      </Section>
      <Section title="Connections added" tone="added" count={diff.edgesAdded.length}>
        {diff.edgesAdded.map(edgeItem)}
      </Section>
      <Section title="Connections removed" tone="removed" count={diff.edgesRemoved.length}>
        {diff.edgesRemoved.map(edgeItem)}
      </Section>
      {diff.flowFields.length > 0 && (
        <section className="vdiff-section" aria-labelledby="vdiff-section-flow">
          <h3 id="vdiff-section-flow">
            Flow <span className="vcount">{diff.flowFields.length}</span>
          </h3>
          <FieldTable fields={diff.flowFields} caption="Changes to the flow" />
        </section>
      )}
    </div>
  );
}
