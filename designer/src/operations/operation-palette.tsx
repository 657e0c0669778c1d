import type { DragEvent, KeyboardEvent } from 'react';
import { DRAG_MIME, dragData } from '../editor/canvas.tsx';
import type { NodePreset } from '../editor/store.ts';
import { kindIcon } from '../editor/category.ts';
import { operationTitle, useAllOperations } from './use-operations.ts';

/** The node kind a typed operation is added as. */
export const OPERATION_KIND = 'connector.http.operation';

export interface OperationItem {
  key: string;
  label: string;
  route: string;
  preset: NodePreset;
}

/** The operations of every connection with an OpenAPI document whose name or route matches `filter`. */
export function useOperationItems(filter: string): OperationItem[] {
  const specs = useAllOperations();
  const f = filter.trim().toLowerCase();
  return specs.flatMap(({ connection, operations }) =>
    operations
      .map((op) => ({
        key: `${connection.id} ${op.operationId}`,
        label: `${connection.name} · ${operationTitle(op)}`,
        route: `${op.method} ${op.path}`,
        preset: { name: operationTitle(op), config: { connection: connection.id, operation: op.operationId } },
      }))
      .filter((i) => !f || `${i.label} ${i.route}`.toLowerCase().includes(f)),
  );
}

/**
 * The operations of every connection that carries an OpenAPI document, as palette items named
 * "<connection> · <operation>": dropped, one becomes an API operation step with both already chosen.
 */
export function OperationPalette({
  items,
  add,
}: {
  items: OperationItem[];
  add: (type: string, preset: NodePreset) => void;
}) {
  if (items.length === 0) return null;
  const onDragStart = (e: DragEvent, preset: NodePreset) => {
    e.dataTransfer.setData(DRAG_MIME, dragData({ type: OPERATION_KIND, preset }));
    e.dataTransfer.effectAllowed = 'copy';
  };
  const onKey = (e: KeyboardEvent, preset: NodePreset) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      add(OPERATION_KIND, preset);
    }
  };
  return (
    <section aria-label="API operations">
      <h3>API operations</h3>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            {/* biome-ignore lint/a11y/useSemanticElements: a draggable item; a button element does not start a drag in every browser */}
            <div
              className="palette-item cat-connector"
              draggable
              tabIndex={0}
              role="button"
              aria-label={`Add ${i.label}`}
              title={`${i.label} (${i.route})`}
              onDragStart={(e) => onDragStart(e, i.preset)}
              onKeyDown={(e) => onKey(e, i.preset)}
              onDoubleClick={() => add(OPERATION_KIND, i.preset)}
            >
              <span className="wnode-icon icon-connector" aria-hidden="true">
                {kindIcon(OPERATION_KIND, 'connector')}
              </span>
              <span>
                <span className="palette-title">{i.label}</span>
                <span className="palette-desc">{i.route}</span>
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
