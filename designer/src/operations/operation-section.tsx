import { memo, useMemo } from 'react';
import type { JsonSchema, NodeTypeInfo } from '../api/types.ts';
import type { Operation } from '../../../shared/openapi/operation.ts';
import { ConfigForm } from '../editor/inspector/config-form.tsx';
import type { ExpressionContext } from '../editor/inspector/form-context.ts';
import { operationTitle, useConnections, useOperations } from './use-operations.ts';

/** The config fields the operation section edits; the generic form shows the rest. */
export const OPERATION_FIELDS = ['connection', 'operation', 'params', 'body'] as const;

/** Whether a kind's config picks an operation of a connection's OpenAPI document. */
export function picksOperation(info: NodeTypeInfo): boolean {
  const properties = info.configSchema.properties as Record<string, Record<string, unknown>> | undefined;
  return properties?.operation?.['x-weft-operation'] === true;
}

/** The operation's parameters as a form schema: one field each, required where the document says so. */
export function parametersSchema(op: Operation): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const p of op.parameters) {
    const schema = (p.schema ?? { type: 'string' }) as JsonSchema;
    const where = p.in === 'path' ? 'path' : p.in === 'query' ? 'query' : 'header';
    properties[p.name] = {
      ...schema,
      title: p.required ? `${p.name} *` : p.name,
      description: [p.description, `(${where} parameter${p.required ? ', required' : ''})`].filter(Boolean).join(' '),
    };
  }
  return { type: 'object', properties, required: [] };
}

/** The request body's schema as a form: an object's fields one by one; anything else as one JSON value. */
export function bodySchema(op: Operation): JsonSchema | null {
  const schema = op.requestBody?.schema as JsonSchema | undefined;
  if (!schema) return null;
  if (schema.type === 'object' && schema.properties) {
    const properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, s]) => [
        k,
        { ...s, title: schema.required?.includes(k) ? `${k} *` : k } as JsonSchema,
      ]),
    );
    return { type: 'object', properties, required: [] };
  }
  return { type: 'object', properties: { value: { ...schema, title: 'Body' } }, required: [] };
}

/** A stand-in kind whose config schema is `schema`, so the node's form machinery edits a part of its config. */
const formOf = (info: NodeTypeInfo, schema: JsonSchema): NodeTypeInfo => ({ ...info, configSchema: schema });

/**
 * An API operation step's call: the connection, the operation picked from its OpenAPI document, and a
 * form made from the operation — a field per parameter and per body field, each a fixed value or an
 * expression.
 */
export const OperationSection = memo(function OperationSection({
  nodeId,
  info,
  config,
  context,
  onChange,
}: {
  nodeId: string;
  info: NodeTypeInfo;
  config: Record<string, unknown>;
  context: ExpressionContext;
  onChange: (c: Record<string, unknown>) => void;
}) {
  const connectionId = typeof config.connection === 'string' ? config.connection : undefined;
  const connections = useConnections();
  const spec = useOperations(connectionId);
  const op = spec?.operations.find((o) => o.operationId === config.operation);
  const params = useMemo(() => (op ? formOf(info, parametersSchema(op)) : null), [info, op]);
  // A body written as one expression ("={ … }") is edited as that expression, never split into fields.
  const bodyExpression = typeof config.body === 'string';
  const body = useMemo(() => {
    if (!op) return null;
    if (bodyExpression)
      return formOf(info, {
        type: 'object',
        properties: {
          value: { type: 'string', title: 'Body', description: 'An expression that makes the whole body' },
        },
        required: [],
      });
    const s = bodySchema(op);
    return s ? formOf(info, s) : null;
  }, [info, op, bodyExpression]);
  const wholeBody = bodyExpression || (!!op?.requestBody?.schema && !(op.requestBody.schema as JsonSchema).properties);
  const bodyValue = wholeBody ? { value: config.body } : ((config.body as Record<string, unknown> | undefined) ?? {});

  return (
    <section className="insp-operation" aria-label="API operation">
      <label>
        Connection
        <select
          value={connectionId ?? ''}
          onChange={(e) => onChange({ ...config, connection: e.target.value || undefined, operation: undefined })}
        >
          <option value="">(none)</option>
          {connections.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {connectionId && spec === null && (
        <p className="field-error">
          Connection “{connectionId}” has no OpenAPI document; an admin can add one under Connections.
        </p>
      )}
      {spec && (
        <label>
          Operation
          <select
            value={typeof config.operation === 'string' ? config.operation : ''}
            onChange={(e) =>
              onChange({ ...config, operation: e.target.value || undefined, params: {}, body: undefined })
            }
          >
            <option value="">(choose one)</option>
            {spec.operations.map((o) => (
              <option key={o.operationId} value={o.operationId}>
                {operationTitle(o)} — {o.method} {o.path}
              </option>
            ))}
            {typeof config.operation === 'string' && !op && (
              <option value={config.operation}>{config.operation} (not in the document)</option>
            )}
          </select>
        </label>
      )}
      {typeof config.operation === 'string' && spec && !op && (
        <p className="field-error">
          The document (version {spec.version}) has no operation “{config.operation}”; choose another.
        </p>
      )}
      {op && (
        <p className="muted operation-route">
          <code>
            {op.method} {op.path}
          </code>
          {op.response?.schema ? ' · answers with a documented body' : ''}
        </p>
      )}
      {params && op && op.parameters.length > 0 && (
        <>
          <h4>Parameters</h4>
          <ConfigForm
            nodeId={nodeId}
            info={params}
            config={(config.params as Record<string, unknown> | undefined) ?? {}}
            context={context}
            onChange={(p) => onChange({ ...config, params: p })}
            idSuffix="-params"
          />
        </>
      )}
      {body && (
        <>
          <h4>Request body</h4>
          <ConfigForm
            nodeId={nodeId}
            info={body}
            config={bodyValue}
            context={context}
            onChange={(b) => onChange({ ...config, body: wholeBody ? b.value : b })}
            idSuffix="-body"
          />
        </>
      )}
    </section>
  );
});
