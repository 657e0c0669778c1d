import type { Operation } from './operation.ts';

export interface StepFinding {
  severity: 'error' | 'warning';
  field: string;
  message: string;
}

const empty = (v: unknown) => v === undefined || v === null || v === '';

/** The property names an object schema knows, or undefined when it takes any (no properties, or open). */
function knownFields(schema: Record<string, unknown> | undefined): string[] | undefined {
  if (!schema || typeof schema.properties !== 'object' || schema.properties === null) return undefined;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return undefined;
  return Object.keys(schema.properties);
}

/**
 * What the static check says about an operation step against its connection's operations: an
 * operation the document does not have is an error; required parameters left empty, parameters the
 * operation does not have and body fields its schema does not know are warnings.
 */
export function checkOperationStep(
  config: { connection?: unknown; operation?: unknown; params?: unknown; body?: unknown },
  operations: Operation[] | null,
): StepFinding[] {
  if (typeof config.operation !== 'string') return [];
  if (operations === null)
    return [
      {
        severity: 'warning',
        field: 'connection',
        message: `connection "${String(config.connection)}" has no OpenAPI document; the operation cannot be checked or run`,
      },
    ];
  const op = operations.find((o) => o.operationId === config.operation);
  if (!op)
    return [
      {
        severity: 'error',
        field: 'operation',
        message: `the OpenAPI document of connection "${String(config.connection)}" has no operation "${config.operation}"`,
      },
    ];
  const out: StepFinding[] = [];
  const params = (config.params && typeof config.params === 'object' ? config.params : {}) as Record<string, unknown>;
  for (const p of op.parameters)
    if (p.required && empty(params[p.name]))
      out.push({
        severity: 'warning',
        field: `params.${p.name}`,
        message: `${op.operationId} requires the ${p.in} parameter "${p.name}"; it is empty`,
      });
  for (const name of Object.keys(params))
    if (!op.parameters.some((p) => p.name === name))
      out.push({
        severity: 'warning',
        field: `params.${name}`,
        message: `${op.operationId} has no parameter "${name}"`,
      });
  const body = config.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const known = knownFields(op.requestBody?.schema);
    if (!op.requestBody)
      out.push({ severity: 'warning', field: 'body', message: `${op.operationId} takes no JSON body` });
    else if (known)
      for (const k of Object.keys(body))
        if (!known.includes(k))
          out.push({
            severity: 'warning',
            field: `body.${k}`,
            message: `${op.operationId}'s body schema has no field "${k}" (it has ${known.join(', ') || 'none'})`,
          });
  }
  if (empty(body) && op.requestBody?.required)
    out.push({ severity: 'warning', field: 'body', message: `${op.operationId} requires a body; it is empty` });
  return out;
}
