import { memo, useState } from 'react';
import type { Rule } from '../../../shared/mapping/model.ts';
import { RuleEditor } from './rule-editor.tsx';
import { ruleSummary, type TargetInfo } from './rules.ts';
import { SOURCE_MIME, type DraggedSource } from './source-panel.tsx';
import { pathKey, type TargetRow } from './target-rows.ts';

export interface TargetActions {
  drop(target: TargetInfo, source: DraggedSource): void;
  change(path: string[], rule: Rule | undefined): void;
  remove(path: string[]): void;
}

const infoOf = (row: TargetRow): TargetInfo => ({
  path: row.path,
  type: row.type,
  listOfObjects: row.type === 'array' && !!row.children?.length,
});

const Row = memo(function Row({
  row,
  rules,
  unmapped,
  actions,
  lookupTables,
  depth,
  picked,
}: {
  row: TargetRow;
  rules: Map<string, Rule>;
  unmapped: Set<string>;
  actions: TargetActions;
  lookupTables: string[];
  depth: number;
  /** A source field picked without dragging, offered to each target by a button. */
  picked: DraggedSource | null;
}) {
  const [over, setOver] = useState(false);
  const key = pathKey(row.path);
  const rule = rules.get(key);
  const missing = unmapped.has(key);
  const name = row.path.join('.');
  const classes = [
    'mapper-target-row',
    over && 'is-over',
    missing && 'is-missing',
    rule && 'is-mapped',
    row.extra && 'is-extra',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li>
      {/* biome-ignore lint/a11y/useSemanticElements: a drop zone row holding controls; a group names it for assistive tools */}
      <div
        className={classes}
        style={{ paddingLeft: 8 + depth * 16 }}
        role="group"
        aria-label={`Target field ${name}`}
        title={row.description}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes(SOURCE_MIME)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'link';
        }}
        onDragEnter={(e) => {
          if (e.dataTransfer.types.includes(SOURCE_MIME)) setOver(true);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const data = e.dataTransfer.getData(SOURCE_MIME);
          if (data) actions.drop(infoOf(row), JSON.parse(data) as DraggedSource);
        }}
      >
        <div className="mapper-target-head">
          <span className="mapper-name">
            {row.key}
            {row.required && (
              <span className="required" title="required">
                *
              </span>
            )}
          </span>
          <span className="mapper-type">{row.format ?? (row.type || 'any')}</span>
          {row.extra && <span className="mapper-badge">not in the schema</span>}
          {missing && <span className="mapper-badge bad">required, not mapped</span>}
          {rule ? (
            <>
              <code className="mapper-line" title="The JSONata of this line">
                {ruleSummary(rule)}
              </code>
              <button
                type="button"
                className="ghost small"
                aria-label={`Unmap ${name}`}
                onClick={() => actions.remove(row.path)}
              >
                ×
              </button>
            </>
          ) : picked ? null : (
            <span className="mapper-drop-hint">drop a source field here</span>
          )}
          {picked && (
            <button
              type="button"
              className="small mapper-map-here"
              aria-label={`Map ${picked.path.join('.')} to ${name}`}
              onClick={() => actions.drop(infoOf(row), picked)}
            >
              Map here
            </button>
          )}
        </div>
        {rule && (
          <RuleEditor
            rule={rule}
            target={infoOf(row)}
            label={name}
            lookupTables={lookupTables}
            onChange={(next) => actions.change(row.path, next)}
          />
        )}
      </div>
      {row.children && row.children.length > 0 && (
        <ul>
          {row.children.map((c) => (
            <Row
              key={c.key}
              row={c}
              rules={rules}
              unmapped={unmapped}
              actions={actions}
              lookupTables={lookupTables}
              depth={depth + 1}
              picked={picked}
            />
          ))}
        </ul>
      )}
    </li>
  );
});

/** The target's fields, each a drop zone with the line that fills it and its function. */
export const TargetPanel = memo(function TargetPanel({
  rows,
  rules,
  unmapped,
  actions,
  lookupTables,
  picked,
}: {
  rows: TargetRow[];
  rules: Map<string, Rule>;
  unmapped: Set<string>;
  actions: TargetActions;
  lookupTables: string[];
  picked: DraggedSource | null;
}) {
  if (rows.length === 0)
    return (
      <p className="muted mapper-empty">Pick a target above: a canonical model, or fields inferred from an example.</p>
    );
  return (
    <ul className="mapper-tree" aria-label="Target fields">
      {rows.map((r) => (
        <Row
          key={r.key}
          row={r}
          rules={rules}
          unmapped={unmapped}
          actions={actions}
          lookupTables={lookupTables}
          depth={0}
          picked={picked}
        />
      ))}
    </ul>
  );
});
