import { z } from '@hono/zod-openapi';
import { nodeRegistry } from '../../../nodes/registry.ts';
import { describeNodeType } from '../../engine/catalogue.ts';
import { newApi, jsonBody, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import { EvaluateResult, NodeTypeList } from '../schemas/catalogue.ts';
import { checkExpressionSyntax, type ExpressionCache } from '../../engine/expressions.ts';
import { stripLeadingEquals } from '../../../shared/expression-string.ts';
import { truncatedPayload } from '../../../shared/run.ts';
import { canonicalSchemas, CANONICAL_DEFINITIONS, type CanonicalSchemaInfo } from '../../../shared/canonical/index.ts';

const evaluateBody = z.object({
  expression: z.string().max(100_000),
  input: z.unknown().optional(),
  bindings: z
    .object({ trigger: z.unknown().optional(), steps: z.record(z.string(), z.unknown()).optional() })
    .optional(),
});

const canonicalList = z
  .object({
    schemas: z.array(
      z.object({
        name: z.string().openapi({ example: 'Project' }),
        title: z.string(),
        description: z.string(),
        kind: z
          .enum(['model', 'definitions'])
          .describe('"definitions" for canonical:Common, which only holds shared definitions'),
        schema: z.record(z.string(), z.unknown()).describe('The JSON Schema (draft-07); its $id is "canonical:<name>"'),
      }),
    ),
  })
  .openapi('CanonicalSchemas');

export interface CatalogRouteDeps {
  /** The runtime's expression evaluator (same limits as in runs). */
  exprs: ExpressionCache;
  /** Results longer than this are answered as a preview (WEFT_STEP_PAYLOAD_CAP). */
  previewCap: number;
}

export function catalogRoutes({ exprs, previewCap }: CatalogRouteDeps) {
  const app = newApi();
  const types = nodeRegistry.map(describeNodeType);

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/node-types',
      tags: ['catalogue'],
      operationId: 'listNodeTypes',
      summary: 'Every node kind with its ports and config JSON Schema',
      responses: { 200: jsonContent(NodeTypeList, 'Node kinds') },
    }),
    (c) => c.json({ nodeTypes: types }, 200),
  );

  const canonical = Object.entries(canonicalSchemas).map(([name, schema]): CanonicalSchemaInfo => {
    const s = schema as { title?: string; description?: string };
    return {
      name,
      title: s.title ?? name,
      description: s.description ?? '',
      kind: name === CANONICAL_DEFINITIONS ? 'definitions' : 'model',
      schema: schema as Record<string, unknown>,
    };
  });
  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/canonical-schemas',
      tags: ['catalogue'],
      operationId: 'listCanonicalSchemas',
      summary: 'The canonical data model: one JSON Schema per record, referenced as {"$ref": "canonical:<name>"}',
      responses: { 200: jsonContent(canonicalList, 'Canonical schemas') },
    }),
    (c) => c.json({ schemas: canonical }, 200),
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'post',
      path: '/expressions/evaluate',
      tags: ['catalogue'],
      operationId: 'evaluateExpression',
      summary: 'Evaluate a JSONata expression on an input exactly as the runtime would (live preview)',
      request: { body: jsonBody(evaluateBody) },
      responses: { 200: jsonContent(EvaluateResult, 'Result or error'), ...errors(400) },
    }),
    async (c) => {
      const { expression, input, bindings } = c.req.valid('json');
      const source = stripLeadingEquals(expression);
      const syntax = checkExpressionSyntax(source);
      if (syntax) return c.json({ ok: false, error: { code: 'expression_syntax', ...syntax } }, 200);
      try {
        const result = await exprs.evaluate(source, input ?? null, {
          trigger: bindings?.trigger,
          steps: bindings?.steps ?? {},
          run: { id: 'preview' },
        });
        return c.json({ ok: true, result: capped(result, previewCap) }, 200);
      } catch (err) {
        const e = err as { code?: string; message: string; details?: Record<string, unknown> };
        return c.json(
          {
            ok: false,
            error: { code: e.code ?? 'expression_error', message: e.message, position: e.details?.position },
          },
          200,
        );
      }
    },
  );

  return app;
}

/** A result whose JSON is longer than `cap` is answered as a preview, the way run views show large payloads. */
function capped(result: unknown, cap: number): unknown {
  if (typeof result === 'string' ? result.length + 2 <= cap : result === null || typeof result !== 'object')
    return result;
  const text = JSON.stringify(result);
  if (text.length <= cap) return result;
  return truncatedPayload(text, Buffer.byteLength(text));
}
