import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { generate, sourceText } from '../../../shared/mapping/generate.ts';
import { parse } from '../../../shared/mapping/parse.ts';
import { isUnsupported, type Mapping, type Rule, sourcesOf } from '../../../shared/mapping/model.ts';
import { absoluteSource, removeRule, setRule } from '../../../shared/mapping/edit.ts';
import { targetFields, unmappedRequired, type SchemaResolver } from '../../../shared/mapping/target.ts';
import { CANONICAL_PREFIX } from '../../../shared/canonical/ref.ts';
import { useCanonicalSchemas } from '../api/queries.ts';
import { listLookups } from '../lookups/lookup-api.ts';
import { useEvaluation, type ExpressionBindings } from '../expression/use-evaluation.ts';
import { ExpressionPreview } from '../expression/expression-preview.tsx';
import { SourcePanel, type DraggedSource } from './source-panel.tsx';
import { TargetPanel, type TargetActions } from './target-panel.tsx';
import { TargetSchemaPicker } from './target-schema-picker.tsx';
import { dropSource, type TargetInfo } from './rules.ts';
import { listToMapFirst, pathKey, rulesByPath, targetRows, type TargetRow } from './target-rows.ts';
import './mapper.css';

/** One source the mapper can show on the left: the node's input, an upstream step's output, a sample. */
export interface SourceOption {
  id: string;
  label: string;
  value: unknown;
}

const EMPTY: Mapping = { fields: [] };

/** The absolute source paths the mapping reads, to mark them in the source tree. */
function mappedSources(mapping: Mapping): Set<string> {
  const out = new Set<string>();
  const visit = (fields: Mapping['fields'], path: string[]) => {
    for (const f of fields) {
      const p = [...path, f.target];
      for (const s of sourcesOf(f.rule)) {
        const abs = absoluteSource(mapping, p, s);
        if (abs) out.add(pathKey(abs));
      }
      if (f.rule.kind === 'object' || f.rule.kind === 'list') visit(f.rule.fields, p);
    }
  };
  visit(mapping.fields, []);
  return out;
}

/**
 * The visual mapper: source fields on the left, target fields on the right, a live preview. Every change
 * writes the mapping's JSONata into the node at once (undo works as for any edit).
 */
export const MapperDialog = memo(function MapperDialog({
  title,
  expression,
  targetSchema,
  sources,
  bindings,
  onExpression,
  onTargetSchema,
  onClose,
}: {
  title: string;
  expression: string;
  targetSchema: unknown;
  sources: SourceOption[];
  bindings: ExpressionBindings;
  onExpression: (text: string) => void;
  onTargetSchema: (schema: Record<string, unknown> | undefined) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const parsed = useMemo(() => (expression.trim() === '' ? EMPTY : parse(expression)), [expression]);
  const mapping = isUnsupported(parsed) ? EMPTY : parsed;
  const latest = useRef(mapping);
  const latestRows = useRef<TargetRow[]>([]);

  const canonical = useCanonicalSchemas();
  const models = useMemo(() => (canonical.data ?? []).filter((s) => s.kind === 'model'), [canonical.data]);
  const resolve = useCallback<SchemaResolver>(
    (r) => canonical.data?.find((s) => CANONICAL_PREFIX + s.name === r)?.schema,
    [canonical.data],
  );
  const schemaFields = useMemo(
    () =>
      typeof targetSchema === 'object' && targetSchema !== null
        ? targetFields(targetSchema as Record<string, unknown>, resolve)
        : [],
    [targetSchema, resolve],
  );
  const rows = useMemo(() => targetRows(schemaFields, mapping), [schemaFields, mapping]);
  useLayoutEffect(() => {
    latest.current = mapping;
    latestRows.current = rows;
  });
  const rules = useMemo(() => rulesByPath(mapping), [mapping]);
  const unmapped = useMemo(
    () => new Set(unmappedRequired(mapping, schemaFields).map(pathKey)),
    [mapping, schemaFields],
  );
  const mapped = useMemo(() => mappedSources(mapping), [mapping]);
  const tables = useQuery({ queryKey: ['lookup-tables'], queryFn: listLookups });
  const tableNames = useMemo(() => (tables.data ?? []).map((t) => t.name), [tables.data]);

  const [sourceId, setSourceId] = useState(sources[0]?.id ?? '');
  const source = sources.find((s) => s.id === sourceId) ?? sources[0];

  const [picked, setPicked] = useState<DraggedSource | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const write = useCallback((next: Mapping) => onExpression(generate(next)), [onExpression]);
  const actions = useMemo<TargetActions>(
    () => ({
      drop: (target: TargetInfo, s: DraggedSource) => {
        setPicked(null);
        const list = listToMapFirst(latest.current, latestRows.current, target.path);
        if (list) {
          const name = list.join('.');
          setRefusal(`Map a source list onto “${name}” first: the fields of its items are then read from each item.`);
          return;
        }
        setRefusal(null);
        write(dropSource(latest.current, target, s.path, s.list));
      },
      change: (path: string[], rule: Rule | undefined) =>
        write(rule ? setRule(latest.current, path, rule) : removeRule(latest.current, path)),
      remove: (path: string[]) => write(removeRule(latest.current, path)),
    }),
    [write],
  );

  const { evaluation, pending } = useEvaluation(expression, source?.value, bindings);
  const count = unmapped.size;
  return (
    <dialog ref={ref} className="mapper-dialog" aria-label={`Mapper: ${title}`} onClose={onClose} onCancel={onClose}>
      <header className="mapper-head">
        <h2>Mapper · {title}</h2>
        <TargetSchemaPicker value={targetSchema} models={models} onChange={onTargetSchema} />
        <div className="mapper-source-picker">
          <label htmlFor="mapper-source">Source</label>
          <select id="mapper-source" value={source?.id ?? ''} onChange={(e) => setSourceId(e.target.value)}>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <span className={`mapper-status ${count > 0 ? 'bad' : 'ok'}`} role="status">
          {schemaFields.length === 0
            ? `${rules.size} line${rules.size === 1 ? '' : 's'}`
            : count > 0
              ? `${count} required field${count === 1 ? '' : 's'} not mapped`
              : 'Every required field is mapped'}
        </span>
        <button type="button" className="primary" onClick={() => ref.current?.close()}>
          Done
        </button>
      </header>
      {refusal && (
        <p className="error-line mapper-refusal" role="alert">
          {refusal}
        </p>
      )}
      {isUnsupported(parsed) && (
        <p className="error-line" role="alert">
          The mapper cannot show this expression as lines ({parsed.reason}); edit it in the code editor.
        </p>
      )}
      <div className="mapper-body">
        <section className="mapper-col" aria-label="Source">
          <h3>Source</h3>
          <SourcePanel
            value={source?.value}
            mapped={mapped}
            picked={picked ? pathKey(picked.path) : null}
            onPick={setPicked}
          />
        </section>
        <section className="mapper-col mapper-col-target" aria-label="Target">
          <h3>Target</h3>
          {mapping.context && (
            <p className="muted mapper-context">
              The lines read their fields from <code>{sourceText(mapping.context)}</code>.
            </p>
          )}
          <TargetPanel
            rows={rows}
            rules={rules}
            unmapped={unmapped}
            actions={actions}
            lookupTables={tableNames}
            picked={picked}
          />
        </section>
        <section className="mapper-col" aria-label="Output">
          <h3>JSONata</h3>
          <figure className="mapper-code-frame" aria-label="Generated JSONata">
            <pre className="mapper-code">{expression.trim() === '' ? '(nothing mapped yet)' : expression}</pre>
          </figure>
          <ExpressionPreview
            empty={expression.trim() === ''}
            evaluation={evaluation}
            pending={pending}
            hasInput={source?.value !== undefined}
            inputLabel={source?.label}
          />
        </section>
      </div>
    </dialog>
  );
});
