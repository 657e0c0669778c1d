import type { JsonSchema, Operation, OperationParameter } from './operation.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const JSON_MEDIA = /^application\/(?:[^;\s]*\+)?json\s*(?:;|$)|^\*\/\*$/i;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

/** The schema of the first JSON media type of an OpenAPI `content` map. */
function jsonSchemaOf(content: unknown): JsonSchema | undefined {
  const c = obj(content);
  if (!c) return undefined;
  const key = Object.keys(c).find((k) => JSON_MEDIA.test(k));
  return key === undefined ? undefined : (obj(obj(c[key])?.schema) as JsonSchema | undefined);
}

function hasJson(content: unknown): boolean {
  const c = obj(content);
  return !!c && Object.keys(c).some((k) => JSON_MEDIA.test(k));
}

function parameterOf(p: Obj): OperationParameter | undefined {
  const where = p.in;
  if (where !== 'path' && where !== 'query' && where !== 'header') return undefined;
  if (typeof p.name !== 'string') return undefined;
  const schema = obj(p.schema) ?? jsonSchemaOf(p.content);
  return {
    name: p.name,
    in: where,
    required: where === 'path' || p.required === true,
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    ...(schema ? { schema: schema as JsonSchema } : {}),
  };
}

/** Path-level parameters, overridden by the operation's own of the same name and place. */
function parametersOf(pathItem: Obj, op: Obj): OperationParameter[] {
  const byKey = new Map<string, OperationParameter>();
  for (const list of [pathItem.parameters, op.parameters])
    for (const raw of Array.isArray(list) ? list : []) {
      const p = obj(raw) && parameterOf(raw as Obj);
      if (p) byKey.set(`${p.in}:${p.name}`, p);
    }
  return [...byKey.values()];
}

function responseOf(responses: unknown): Operation['response'] {
  const r = obj(responses);
  if (!r) return undefined;
  const codes = Object.keys(r)
    .filter((k) => /^2(?:\d\d|XX)$/i.test(k))
    .sort();
  for (const status of codes) {
    const content = obj(r[status])?.content;
    if (hasJson(content)) {
      const schema = jsonSchemaOf(content);
      return schema ? { status, schema } : { status };
    }
  }
  return undefined;
}

/**
 * The operations of an OpenAPI 3.0 or 3.1 document whose $refs are resolved, in the document's order.
 * Pure: the designer and the runtime read a document the same way.
 */
export function extractOperations(document: unknown): Operation[] {
  const paths = obj(obj(document)?.paths) ?? {};
  const out: Operation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = obj(rawItem);
    if (!item) continue;
    for (const m of METHODS) {
      const op = obj(item[m]);
      if (!op) continue;
      const method = m.toUpperCase();
      const body = obj(op.requestBody);
      const bodySchema = body ? jsonSchemaOf(body.content) : undefined;
      const response = responseOf(op.responses);
      const summary = typeof op.summary === 'string' ? op.summary : undefined;
      out.push({
        operationId: typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : `${method} ${path}`,
        method,
        path,
        ...(summary !== undefined ? { summary } : {}),
        parameters: parametersOf(item, op),
        ...(body && hasJson(body.content)
          ? { requestBody: { required: body.required === true, ...(bodySchema ? { schema: bodySchema } : {}) } }
          : {}),
        ...(response ? { response } : {}),
      });
    }
  }
  return out;
}
