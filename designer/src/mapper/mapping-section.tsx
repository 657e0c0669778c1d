import { lazy, memo, Suspense, useCallback, useMemo, useState } from 'react';
import type { NodeTypeInfo } from '../api/types.ts';
import { parse } from '../../../shared/mapping/parse.ts';
import { isUnsupported, type Mapping } from '../../../shared/mapping/model.ts';
import { targetName } from '../../../shared/mapping/check.ts';
import { ConfigForm } from '../editor/inspector/config-form.tsx';
import type { ExpressionContext } from '../editor/inspector/form-context.ts';
import { useEditor } from '../editor/store.ts';
import { useSourceOptions } from './use-source-options.ts';
import { ruleSummary } from './rules.ts';
import { rulesByPath } from './target-rows.ts';

import './mapper.css';

const MapperDialog = lazy(() => import('./mapper-dialog.tsx').then((m) => ({ default: m.MapperDialog })));

/**
 * The expression of a map node with its two views: the code editor, and the mapper (its lines here, the
 * drag-and-drop editor in a wide dialog). JSONata the mapper cannot show stays in the code editor, as written.
 */
export const MappingSection = memo(function MappingSection({
  nodeId,
  info,
  config,
  context,
  field,
  schemaField,
  onChange,
}: {
  nodeId: string;
  info: NodeTypeInfo;
  config: Record<string, unknown>;
  context: ExpressionContext;
  /** The config field holding the JSONata, and the one holding the target schema. */
  field: string;
  schemaField: string;
  onChange: (c: Record<string, unknown>) => void;
}) {
  const expression = typeof config[field] === 'string' ? (config[field] as string) : '';
  const targetSchema = config[schemaField];
  const parsed = useMemo(
    () => (expression.trim() === '' ? ({ fields: [] } as Mapping) : parse(expression)),
    [expression],
  );
  const [view, setView] = useState<'code' | 'mapper'>(
    !isUnsupported(parsed) && (targetSchema !== undefined || parsed.fields.length > 0) ? 'mapper' : 'code',
  );
  const [open, setOpen] = useState(false);
  /** The expression the analyst asked the mapper to show and it could not; the notice goes once the text changes. */
  const [refused, setRefused] = useState<string | null>(null);
  const sources = useSourceOptions(nodeId, context);
  const title = useEditor((s) => s.nodes.find((n) => n.id === nodeId)?.data.node.name) || info.title;
  // An expression changed elsewhere (undo, the code view) that the mapper cannot show puts the code editor back.
  const shownNotice = isUnsupported(parsed) && (view === 'mapper' || refused === expression) ? parsed.reason : null;
  const lines = useMemo(() => (isUnsupported(parsed) ? [] : [...rulesByPath(parsed)]), [parsed]);

  const showMapper = () => {
    if (isUnsupported(parsed)) {
      setRefused(expression);
      setView('code');
      return;
    }
    setView('mapper');
    setOpen(true);
  };
  const onExpression = useCallback((text: string) => onChange({ ...config, [field]: text }), [config, field, onChange]);
  const onTargetSchema = useCallback(
    (schema: Record<string, unknown> | undefined) => {
      const { [schemaField]: _old, ...rest } = config;
      onChange(schema ? { ...rest, [schemaField]: schema } : rest);
    },
    [config, schemaField, onChange],
  );

  return (
    <div className="mapping-section">
      {/* biome-ignore lint/a11y/useSemanticElements: an inline two-button toggle; a fieldset's border and legend do not fit it */}
      <div className="mapping-views" role="group" aria-label="Expression view">
        <button type="button" className="small" aria-pressed={view === 'code'} onClick={() => setView('code')}>
          Code
        </button>
        <button type="button" className="small" aria-pressed={view === 'mapper'} onClick={showMapper}>
          Mapper
        </button>
      </div>
      {shownNotice && (
        <div className="mapping-notice" role="alert">
          <strong>The mapper cannot show this expression as lines:</strong> {shownNotice}. It stays as written; edit it
          in the code editor below.
        </div>
      )}
      {view === 'code' || isUnsupported(parsed) ? (
        <ConfigForm
          nodeId={nodeId}
          info={info}
          config={config}
          context={context}
          onChange={onChange}
          only={[field]}
          idSuffix="-code"
        />
      ) : (
        <div className="mapping-lines">
          <p className="muted">
            Target:{' '}
            <strong>
              {targetSchema && typeof targetSchema === 'object'
                ? targetName(
                    targetSchema as Record<string, unknown>,
                    'the fields of an example, or a schema of its own',
                  )
                : 'none'}
            </strong>
          </p>
          {lines.length === 0 ? (
            <p className="muted">Nothing mapped yet.</p>
          ) : (
            <ul aria-label="Mapping lines">
              {lines.map(([key, rule]) => (
                <li key={key}>
                  <code>{key.split('\u0000').join('.')}</code> ← <code>{ruleSummary(rule)}</code>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="primary small" onClick={() => setOpen(true)}>
            Open mapper
          </button>
        </div>
      )}
      {open && (
        <Suspense fallback={null}>
          <MapperDialog
            title={title}
            expression={expression}
            targetSchema={targetSchema}
            sources={sources}
            bindings={context.bindings}
            onExpression={onExpression}
            onTargetSchema={onTargetSchema}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
    </div>
  );
});
