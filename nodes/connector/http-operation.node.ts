import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { IO_RETRY } from '../../shared/retry-policy.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { pagingSchema } from '../../shared/openapi/operation.ts';
import { checkOperationStep } from '../../shared/openapi/check-step.ts';
import { callHttp } from './http-call.ts';
import { operationRequest } from './operation-request.ts';
import { readPages } from './paging.ts';

const config = z
  .object({
    connection: z
      .string()
      .min(1)
      .max(63)
      .describe(
        'The connection whose OpenAPI document describes the operation (and whose base URL and auth it is called with)',
      )
      .meta({ 'x-weft-connection': true }),
    operation: z
      .string()
      .min(1)
      .max(500)
      .describe('The operationId in the connection\'s OpenAPI document ("<METHOD> <path>" where it has none)')
      .meta({ 'x-weft-operation': true }),
    params: z
      .record(z.string().min(1).max(200), z.unknown())
      .default({})
      .describe(
        'Values of the operation\'s path, query and header parameters, e.g. {"id": "=$trigger.body.id"}; a path parameter is encoded as one segment, so "/", "?" and "../" stay inside it',
      ),
    body: z.unknown().optional().describe('The request body (sent as JSON), a value or an expression'),
    headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers'),
    timeoutMs: z
      .number()
      .int()
      .min(1)
      .max(300_000)
      .default(30_000)
      .describe('Time allowed for each request, in milliseconds'),
    idempotencyKey: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('Idempotency-Key header for non-GET requests; defaults to a key stable across retries of this step'),
    fullResponse: z.boolean().default(false).describe('Output { status, headers, body } instead of only the body'),
    paging: pagingSchema
      .optional()
      .describe(
        "Read the operation page by page and output all items as one list; the connection's paging when absent",
      ),
  })
  .strict();

export default defineNode({
  type: 'connector.http.operation',
  typeVersion: 1,
  title: 'API operation',
  category: 'connector',
  description:
    "Calls one operation of a connection's OpenAPI document with typed parameters. Output like the HTTP request's; with paging, all pages' items as one list.",
  ports: PORTS.step,
  retry: IO_RETRY,
  config,
  check(c, env) {
    const conn = typeof c.connection === 'string' ? c.connection : undefined;
    if (conn === undefined || !env?.operations) return [];
    const ops = env.operations(conn);
    return ops === undefined ? [] : checkOperationStep(c, ops);
  },
  async execute(ctx, _input, c) {
    const conn = await ctx.connection(c.connection);
    const spec = await conn.openapi?.();
    if (!spec)
      throw new WeftError(
        ErrorCodes.config,
        `connection "${conn.id}" has no OpenAPI document; upload one (PUT /api/connections/${conn.id}/openapi)`,
        { retryable: false },
      );
    const op = spec.operations.find((o) => o.operationId === c.operation);
    if (!op)
      throw new WeftError(
        ErrorCodes.config,
        `the OpenAPI document of connection "${conn.id}" (version ${spec.version}) has no operation "${c.operation}"`,
        { retryable: false },
      );
    const { url, headers } = operationRequest(op, conn.baseUrl, c.params);
    const body = c.body === undefined || c.body === null ? undefined : c.body;
    if (body !== undefined && (op.method === 'GET' || op.method === 'HEAD'))
      throw new WeftError(ErrorCodes.config, `a ${op.method} request has no body`, { retryable: false });
    const call = (u: URL) =>
      callHttp(ctx, conn, {
        method: op.method,
        url: u,
        headers: { ...c.headers, ...headers },
        body,
        timeoutMs: c.timeoutMs,
        idempotencyKey: c.idempotencyKey,
      });
    const paging = c.paging ?? spec.paging ?? undefined;
    if (paging) return readPages(url, paging, call);
    const res = await call(url);
    return c.fullResponse ? res : res.body;
  },
});
