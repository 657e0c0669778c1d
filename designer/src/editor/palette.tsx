import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { NodeTypeInfo } from '../api/types.ts';
import { type NodePreset, useEditor } from './store.ts';
import { OperationPalette, useOperationItems } from '../operations/operation-palette.tsx';
import { DRAG_MIME } from './canvas.tsx';
import { kindIcon, categoryLabel, categoryRank } from './category.ts';

/** Node kinds from the runtime's catalogue, grouped by category. Drag one onto the canvas, or focus it and press Enter. */
export function Palette({ nodeTypes }: { nodeTypes: NodeTypeInfo[] }) {
  const [filter, setFilter] = useState('');
  const { screenToFlowPosition } = useReactFlow();
  const operations = useOperationItems(filter);
  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const shown = nodeTypes.filter((t) => !f || `${t.title} ${t.type} ${t.description}`.toLowerCase().includes(f));
    const by = new Map<string, NodeTypeInfo[]>();
    for (const t of shown) by.set(t.category, [...(by.get(t.category) ?? []), t]);
    return [...by.entries()].sort((a, b) => categoryRank(a[0]) - categoryRank(b[0]));
  }, [nodeTypes, filter]);

  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(DRAG_MIME, type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  const addAtCentre = (type: string, preset?: NodePreset) => {
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const p = screenToFlowPosition(
      canvas ? { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 } : { x: 400, y: 300 },
    );
    useEditor.getState().addNode(type, { x: Math.round(p.x - 100), y: Math.round(p.y - 26) }, preset);
  };
  const onKey = (e: KeyboardEvent, type: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      addAtCentre(type);
    }
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <input
        type="search"
        placeholder="Find a node kind"
        aria-label="Find a node kind"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <OperationPalette items={operations} add={addAtCentre} />
      {groups.length === 0 && operations.length === 0 && <p className="muted">No node kind matches “{filter}”.</p>}
      {groups.map(([category, types]) => (
        <section key={category} aria-label={categoryLabel(category)}>
          <h3>{categoryLabel(category)}</h3>
          <ul>
            {types.map((t) => (
              <li key={t.type}>
                {/* biome-ignore lint/a11y/useSemanticElements: a draggable item; a button element does not start a drag in every browser */}
                <div
                  className={`palette-item cat-${category}`}
                  draggable
                  tabIndex={0}
                  role="button"
                  aria-label={`Add ${t.title}`}
                  title={t.description}
                  onDragStart={(e) => onDragStart(e, t.type)}
                  onKeyDown={(e) => onKey(e, t.type)}
                  onDoubleClick={() => addAtCentre(t.type)}
                >
                  <span className={`wnode-icon icon-${category}`} aria-hidden="true">
                    {kindIcon(t.type, category)}
                  </span>
                  <span>
                    <span className="palette-title">{t.title}</span>
                    <span className="palette-desc">{firstSentence(t.description)}</span>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}

/** The first sentence of a kind's description, whole: the palette never cuts one off mid-way (the rest is in the tooltip). */
export function firstSentence(text: string): string {
  const t = text.trim();
  for (const m of t.matchAll(/[.!?](?=\s+[A-Z0-9("$]|\s*$)/g)) {
    const word = t.slice(0, m.index).split(/\s/).pop() ?? '';
    if (!/^(e\.g|i\.e|etc|vs)$/i.test(word)) return t.slice(0, m.index + 1);
  }
  return t;
}
