import { useState } from 'react';
import type { FieldProps } from '@rjsf/utils';
import { ExpressionEditor } from '../../expression/expression-editor.tsx';
import type { ExpressionContext } from './form-context.ts';
import { expressionToFixed, fixedToExpression } from './form-schema.ts';
import { escapeLiteral, isExpressionString, unescapeLiteral } from '../../../../shared/expression-string.ts';
import { JsonText } from './json-text.tsx';
import { CanonicalModelPicker } from './canonical-model.tsx';
import { ConnectionField } from './connection-field.tsx';

function titleOf(p: FieldProps): string {
  return (p.uiSchema?.['ui:title'] as string | undefined) ?? (p.schema.title as string | undefined) ?? p.name;
}

function ctxOf(p: FieldProps): ExpressionContext {
  return p.registry.formContext as ExpressionContext;
}

/** A field that always holds JSONata (map expression, rule predicates). */
export function JsonataField(p: FieldProps) {
  const ctx = ctxOf(p);
  const title = titleOf(p);
  return (
    <div className="field">
      <span className="label-text">
        {title}
        {p.required && <span className="required">*</span>}
      </span>
      {p.schema.description && <div className="field-help">{p.schema.description}</div>}
      <ExpressionEditor
        value={typeof p.formData === 'string' ? p.formData : ''}
        onChange={(v) => p.onChange(v === '' ? undefined : v, p.fieldPathId.path)}
        label={title}
        input={ctx.input}
        inputLabel={ctx.inputLabel}
        bindings={ctx.bindings}
      />
    </div>
  );
}

/** A free-form JSON value edited as text; a JSON Schema field also offers the canonical models. */
export function JsonField(p: FieldProps) {
  const onChange = (v: unknown) => p.onChange(v, p.fieldPathId.path);
  const jsonSchema = (p.uiSchema?.['ui:options'] as { jsonSchema?: boolean } | undefined)?.jsonSchema === true;
  return (
    <>
      <JsonText id={p.fieldPathId.$id} label={titleOf(p)} value={p.formData} onChange={onChange} />
      {jsonSchema && <CanonicalModelPicker id={p.fieldPathId.$id} value={p.formData} onChange={onChange} />}
    </>
  );
}

/** Any other field: a fixed value edited by the form library, or an "=expression" evaluated per run. */
export function ExpressionableField(p: FieldProps) {
  const [mode, setMode] = useState<'fixed' | 'expression'>(isExpressionString(p.formData) ? 'expression' : 'fixed');
  const title = titleOf(p);
  const ctx = ctxOf(p);
  const inner = (p.uiSchema?.['ui:options'] as { inner?: string } | undefined)?.inner;
  const switchTo = (next: 'fixed' | 'expression') => {
    if (next === mode) return;
    setMode(next);
    p.onChange(
      (next === 'expression' ? fixedToExpression(p.formData) : expressionToFixed(p.formData)) as never,
      p.fieldPathId.path,
    );
  };
  const { SchemaField } = p.registry.fields;
  // A fixed text is shown as typed and stored so that one starting with "=" stays a text ("==").
  const fixedText = typeof p.formData === 'string' ? unescapeLiteral(p.formData) : p.formData;
  const onFixedChange: FieldProps['onChange'] = (value, path, ...rest) =>
    p.onChange(
      typeof value === 'string' && path.length === p.fieldPathId.path.length ? escapeLiteral(value) : value,
      path,
      ...rest,
    );
  return (
    <div className="xfield">
      {/* biome-ignore lint/a11y/useSemanticElements: an inline two-button toggle; a fieldset's border and legend do not fit it */}
      <div className="xfield-toggle" role="group" aria-label={`${title}: fixed value or expression`}>
        <button type="button" className="small" aria-pressed={mode === 'fixed'} onClick={() => switchTo('fixed')}>
          Fixed
        </button>
        <button
          type="button"
          className="small"
          aria-pressed={mode === 'expression'}
          onClick={() => switchTo('expression')}
        >
          Expression
        </button>
      </div>
      {mode === 'expression' ? (
        <div className="field">
          <span className="label-text">{title}</span>
          <ExpressionEditor
            value={typeof p.formData === 'string' ? p.formData.replace(/^=/, '') : ''}
            onChange={(v) => p.onChange(('=' + v) as never, p.fieldPathId.path)}
            label={title}
            input={ctx.input}
            inputLabel={ctx.inputLabel}
            bindings={ctx.bindings}
          />
          {p.schema.description && <div className="field-help">{p.schema.description}</div>}
        </div>
      ) : inner === 'json' ? (
        <div className="field">
          <JsonField {...p} />
          {p.schema.description && <div className="field-help">{p.schema.description}</div>}
        </div>
      ) : (
        <SchemaField
          {...p}
          formData={fixedText}
          onChange={onFixedChange}
          uiSchema={{ ...p.uiSchema, 'ui:field': undefined, 'ui:label': true }}
        />
      )}
    </div>
  );
}

export const customFields = {
  jsonata: JsonataField,
  json: JsonField,
  expressionable: ExpressionableField,
  connection: ConnectionField,
};
