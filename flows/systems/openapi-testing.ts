import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Hono } from 'hono';
import type { SysEnv } from './kit/types.ts';
import { call, type Answer } from './testing.ts';

// ajv-formats is CommonJS with a `default` property; the import shape differs between loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

type Schema = Record<string, unknown>;
interface DocOperation {
  operationId: string;
  summary: string;
  parameters?: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { content?: { 'application/json': { schema: Schema } } }>;
}
export interface OpenApiDoc {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, DocOperation>>;
}

/** "GET /v1/projects/{code}" for every API route of a system's app (admin and the document itself left out). */
export function appRoutes(app: Hono<SysEnv>): string[] {
  const routes = app.routes
    .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/admin') && r.path !== '/openapi.json')
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}

export function documentedRoutes(doc: OpenApiDoc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

/**
 * Calls a system by operationId as its OpenAPI document describes it, and checks the request
 * (path and query parameters, body) and the answer (status documented, body valid) against it.
 */
export class OpenApiClient {
  private readonly ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  private readonly ops = new Map<string, { method: string; path: string; op: DocOperation }>();
  readonly called = new Set<string>();

  constructor(
    private readonly app: Hono<SysEnv>,
    readonly doc: OpenApiDoc,
  ) {
    for (const [path, byMethod] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(byMethod)) this.ops.set(op.operationId, { method, path, op });
  }

  operationIds(): string[] {
    return [...this.ops.keys()].sort();
  }

  /** Why the value does not match the schema, or undefined when it does. */
  private mismatch(schema: Schema, value: unknown, what: string): string | undefined {
    const validate = this.ajv.compile(schema);
    if (validate(value)) return undefined;
    return `${what} does not match the document: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`;
  }

  private check(schema: Schema, value: unknown, what: string): void {
    const problem = this.mismatch(schema, value, what);
    if (problem) throw new Error(problem);
  }

  async call(
    operationId: string,
    req: {
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      /** The request breaks the document on purpose (to see the documented 4xx): it must fail the check. */
      invalid?: boolean;
    } = {},
  ): Promise<Answer> {
    const problems: string[] = [];
    const found = this.ops.get(operationId);
    if (!found) throw new Error(`operation "${operationId}" is not in the document`);
    const { method, path, op } = found;
    const where = `${operationId} (${method.toUpperCase()} ${path})`;
    for (const p of op.parameters ?? []) {
      const value = p.in === 'path' ? req.params?.[p.name] : req.query?.[p.name];
      if (value === undefined) {
        if (p.required) throw new Error(`${where}: required ${p.in} parameter "${p.name}" not given`);
        continue;
      }
      problems.push(this.mismatch(p.schema, value, `${where}: ${p.in} parameter "${p.name}"`) ?? '');
    }
    const known = new Set((op.parameters ?? []).map((p) => `${p.in}:${p.name}`));
    for (const k of Object.keys(req.query ?? {}))
      if (!known.has(`query:${k}`)) problems.push(`${where}: query parameter "${k}" is not documented`);
    if (req.body !== undefined) {
      if (!op.requestBody) throw new Error(`${where}: takes no request body`);
      const body = typeof req.body === 'string' ? tryJson(req.body) : req.body;
      problems.push(
        this.mismatch(op.requestBody.content['application/json'].schema, body, `${where}: request body`) ?? '',
      );
    }
    const broken = problems.filter((p) => p !== '');
    if (req.invalid && broken.length === 0)
      throw new Error(`${where}: the request meant to be invalid matches the document`);
    if (!req.invalid && broken.length > 0) throw new Error(broken.join('\n'));
    const url = path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(req.params?.[n] ?? ''));
    const qs = new URLSearchParams(req.query ?? {}).toString();
    const res = await call(
      this.app,
      method.toUpperCase(),
      `${this.doc.servers[0].url}${url}${qs ? `?${qs}` : ''}`,
      req.body,
    );
    const documented = op.responses[String(res.status)];
    if (!documented) throw new Error(`${where}: answered ${res.status}, which is not documented`);
    if (documented.content)
      this.check(documented.content['application/json'].schema, res.body, `${where}: ${res.status} response`);
    else if (res.body !== null) throw new Error(`${where}: answered a body where the document says none`);
    this.called.add(operationId);
    return res;
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
