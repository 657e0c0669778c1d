import { memo, useMemo } from 'react';
import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';
import type { FieldTemplateProps, RJSFSchema } from '@rjsf/utils';
import { getDefaultRegistry } from '@rjsf/core';
import type { NodeTypeInfo } from '../../api/types.ts';
import { buildUiSchema, formSchemaOf, withoutDefaults } from './form-schema.ts';
import { customFields } from './fields.tsx';
import { buttonTemplates } from './form-buttons.tsx';
import type { ExpressionContext } from './form-context.ts';

const DefaultFieldTemplate = getDefaultRegistry().templates.FieldTemplate;
const SELF_LABELLED = new Set(['expressionable', 'json', 'jsonata', 'connection']);

/** Fields that draw their own label and help skip the default wrapper. */
function FieldTemplate(props: FieldTemplateProps) {
  if (SELF_LABELLED.has(props.uiSchema?.['ui:field'] as string)) return <div className="rjsf-field">{props.children}{props.errors}</div>;
  return <DefaultFieldTemplate {...props} />;
}

const templates = { FieldTemplate, ButtonTemplates: buttonTemplates };

/**
 * The node's config form, generated from the kind's JSON Schema. Values are checked by the runtime
 * (Problems panel), which also accepts "=expressions" where the schema says number or boolean.
 */
export const ConfigForm = memo(function ConfigForm({ nodeId, info, config, context, onChange }: {
  nodeId: string; info: NodeTypeInfo; config: Record<string, unknown>; context: ExpressionContext; onChange: (c: Record<string, unknown>) => void;
}) {
  const full = useMemo(() => formSchemaOf(info.configSchema), [info]);
  const uiSchema = useMemo(() => buildUiSchema(full, { expressions: !info.trigger }), [full, info]);
  const schema = useMemo(() => withoutDefaults(full), [full]);
  const hasFields = Object.keys(schema.properties ?? {}).length > 0;
  if (!hasFields) return <p className="muted">This kind has nothing to configure.</p>;
  return (
    <Form
      key={nodeId}
      idPrefix={`cfg-${nodeId}`}
      schema={schema as RJSFSchema}
      uiSchema={uiSchema}
      formData={config}
      formContext={context}
      validator={validator}
      fields={customFields}
      templates={templates}
      noHtml5Validate
      showErrorList={false}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipDefaults' }}
      onChange={(e) => onChange(stripUndefined(e.formData as Record<string, unknown>))}
    />
  );
});

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
}
