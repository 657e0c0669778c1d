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
  if (SELF_LABELLED.has(props.uiSchema?.['ui:field'] as string))
    return (
      <div className="rjsf-field">
        {props.children}
        {props.errors}
      </div>
    );
  return <DefaultFieldTemplate {...props} />;
}

const templates = { FieldTemplate, ButtonTemplates: buttonTemplates };

/**
 * The node's config form, generated from the kind's JSON Schema. Values are checked by the runtime
 * (Problems panel), which also accepts "=expressions" where the schema says number or boolean.
 */
export const ConfigForm = memo(function ConfigForm({
  nodeId,
  info,
  config,
  context,
  onChange,
  only,
  idSuffix = '',
}: {
  nodeId: string;
  info: NodeTypeInfo;
  config: Record<string, unknown>;
  context: ExpressionContext;
  onChange: (c: Record<string, unknown>) => void;
  /** Only these fields (a section of the inspector); the rest of the config is kept as it is. */
  only?: readonly string[];
  idSuffix?: string;
}) {
  const onlyKey = only?.join(',');
  const full = useMemo(() => {
    const f = formSchemaOf(info.configSchema);
    if (onlyKey === undefined) return f;
    const keep = new Set(onlyKey.split(','));
    return {
      ...f,
      properties: Object.fromEntries(Object.entries(f.properties ?? {}).filter(([k]) => keep.has(k))),
      required: f.required?.filter((k: string) => keep.has(k)),
    };
  }, [info, onlyKey]);
  const uiSchema = useMemo(() => buildUiSchema(full, { expressions: !info.trigger }), [full, info]);
  const schema = useMemo(() => withoutDefaults(full), [full]);
  const hasFields = Object.keys(schema.properties ?? {}).length > 0;
  if (!hasFields) return only ? null : <p className="muted">This kind has nothing to configure.</p>;
  const fields = Object.keys(schema.properties ?? {});
  return (
    <Form
      key={nodeId + idSuffix}
      idPrefix={`cfg-${nodeId}${idSuffix}`}
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
      onChange={(e) =>
        onChange(
          only
            ? mergeSection(config, e.formData as Record<string, unknown>, fields)
            : stripUndefined(e.formData as Record<string, unknown>),
        )
      }
    />
  );
});

/** The config with this section's fields taken from the section's form and everything else left alone. */
function mergeSection(
  config: Record<string, unknown>,
  section: Record<string, unknown>,
  fields: string[],
): Record<string, unknown> {
  const out = { ...config };
  for (const f of fields) {
    if (section?.[f] === undefined) delete out[f];
    else out[f] = section[f];
  }
  return out;
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
}
