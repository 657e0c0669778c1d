import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { IO_RETRY } from '../../shared/retry-policy.ts';
import { callHttp } from './http-call.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { appendQuery, fillPath, placeholdersOf } from './http-url.ts';

const absolute = (u: string) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol);
const httpUrl = z
  .string()
  .min(1)
  .max(8000)
  .refine(
    (u) => absolute(u) || u.startsWith('/'),
    'must be an absolute http:// or https:// URL, or with a connection a path starting with "/"',
  )
  .describe(
    'Absolute http(s) URL, or with a connection a path below its base URL such as "/api/projects"; {name} placeholders take their value from pathParams, e.g. "/v1/contacts/{id}"',
  )
  .meta({ 'x-weft-url': true });

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const pathParams = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a placeholder name: letters, digits and _'), scalar)
  .default({})
  .meta({ title: 'Path parameters' })
  .describe(
    'Values for the {name} placeholders of the URL, e.g. {"id": "=$trigger.body.id"}; each is encoded as one path segment, so "/", "?" and "../" stay inside it',
  );
const query = z
  .record(z.string(), z.union([scalar, z.array(scalar)]))
  .default({})
  .meta({ title: 'Query parameters' })
  .describe(
    'Query parameters appended to the URL, encoded; a list repeats the parameter, e.g. {"status": "open", "tag": ["a", "b"]}',
  );

/** Every {placeholder} of the URL needs a value in pathParams, and every value a placeholder. */
function checkPlaceholders(c: { url: unknown; pathParams?: unknown }, ctx: z.RefinementCtx, at: string[] = []) {
  if (typeof c.url !== 'string' || c.url.startsWith('=') || !c.pathParams || typeof c.pathParams !== 'object') return;
  const names = placeholdersOf(c.url);
  const given = c.pathParams as Record<string, unknown>;
  const missing = names.filter((n) => !Object.hasOwn(given, n));
  if (missing.length)
    ctx.addIssue({
      code: 'custom',
      message: `the URL has ${missing.map((n) => `{${n}}`).join(', ')} but pathParams gives no value for it`,
      path: [...at, 'pathParams'],
    });
  for (const k of Object.keys(given))
    if (!names.includes(k))
      ctx.addIssue({
        code: 'custom',
        message: `the URL has no {${k}} placeholder for this value`,
        path: [...at, 'pathParams', k],
      });
}

const config = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET').describe('HTTP method'),
    connection: z
      .string()
      .min(1)
      .max(63)
      .optional()
      .describe(
        'A stored connection (base URL and authentication, managed by admins); its secrets never appear in the flow or the run',
      )
      .meta({ 'x-weft-connection': true }),
    url: httpUrl,
    headers: z.record(z.string(), z.string()).default({}).describe('Request headers'),
    pathParams,
    query,
    body: z
      .unknown()
      .optional()
      .describe('Request body: objects and arrays are sent as JSON, strings as they are. Not for GET or HEAD.'),
    timeoutMs: z
      .number()
      .int()
      .min(1)
      .max(300_000)
      .default(30_000)
      .describe('Time allowed for the whole request, in milliseconds'),
    idempotencyKey: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('Idempotency-Key header for non-GET requests; defaults to a key stable across retries of this step'),
    fullResponse: z.boolean().default(false).describe('Output { status, headers, body } instead of only the body'),
    sign: z
      .object({
        scheme: z
          .literal('standard-webhooks')
          .default('standard-webhooks')
          .describe(
            'Standard Webhooks: webhook-id (the Idempotency-Key, the same on every retry), webhook-timestamp and ' +
              'webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>"',
          ),
        secret: z
          .string()
          .min(1)
          .max(63)
          .describe(
            'The connection whose secret (API key or bearer token) signs: "whsec_<base64>" as the receiver has it, or any other text used as its bytes',
          )
          .meta({ 'x-weft-connection': true }),
      })
      .strict()
      .optional()
      .meta({ title: 'Sign as a webhook' })
      .describe('Sign the request as an outgoing webhook, so the receiver can verify it came from Weft'),
    compensate: z
      .object({
        method: z
          .enum(['POST', 'PUT', 'PATCH', 'DELETE'])
          .default('DELETE')
          .describe('HTTP method of the compensating call')
          .meta({ title: 'Undo method' }),
        url: z
          .string()
          .min(1)
          .max(8000)
          .meta({ title: 'Undo URL', 'x-weft-url': true })
          .describe(
            'URL of the compensating call, e.g. "https://erp/projects/{projectNo}" with pathParams {"projectNo": "=projectNo"}; expressions see this step\'s output as $',
          ),
        pathParams: pathParams.optional().meta({ title: 'Undo path parameters' }),
        query: query.optional().meta({ title: 'Undo query parameters' }),
        headers: z
          .record(z.string(), z.string())
          .optional()
          .describe('Request headers of the compensating call')
          .meta({ title: 'Undo headers' }),
        body: z.unknown().optional().describe('Request body of the compensating call').meta({ title: 'Undo body' }),
      })
      .strict()
      .meta({ title: 'Compensating call' })
      .optional()
      .describe(
        'Undoes this call when the run fails later and the flow compensates (settings.onFailure "compensate"): run in reverse order, with their own retries',
      ),
  })
  .strict()
  .superRefine((c, ctx) => {
    checkPlaceholders(c, ctx);
    if (c.compensate) checkPlaceholders({ pathParams: {}, ...c.compensate }, ctx, ['compensate']);
    if (c.connection === undefined && !absolute(c.url))
      ctx.addIssue({
        code: 'custom',
        message:
          'a path needs a connection whose base URL it goes below; without one the URL must be absolute http:// or https://',
        path: ['url'],
      });
    if ((c.method === 'GET' || c.method === 'HEAD') && c.body !== undefined && c.body !== null)
      ctx.addIssue({ code: 'custom', message: `a ${c.method} request has no body`, path: ['body'] });
  });

export default defineNode({
  type: 'connector.http',
  typeVersion: 1,
  title: 'HTTP request',
  category: 'connector',
  description:
    'Calls an HTTP API. 2xx outputs the (JSON-parsed) body; 429 and 5xx are retried; other answers fail the step.',
  ports: PORTS.step,
  retry: IO_RETRY,
  config,
  async execute(ctx, _input, c) {
    const conn = c.connection === undefined ? null : await ctx.connection(c.connection);
    const path = fillPath(c.url, c.pathParams);
    const url = new URL(conn && path.startsWith('/') ? conn.baseUrl + path : path);
    if (conn && url.origin !== new URL(conn.baseUrl).origin)
      throw new WeftError(
        ErrorCodes.config,
        `the URL ${url.origin} is not below connection "${conn.id}" (${conn.baseUrl}); its credentials are sent only there`,
      );
    appendQuery(url, c.query);
    const res = await callHttp(ctx, conn, {
      method: c.method,
      url,
      headers: c.headers,
      body: c.body,
      timeoutMs: c.timeoutMs,
      idempotencyKey: c.idempotencyKey,
      signWith: c.sign?.secret,
    });
    return c.fullResponse ? res : res.body;
  },
});
