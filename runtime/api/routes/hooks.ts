import { Hono, type Context } from 'hono';
import { WeftError, ErrorCodes } from '../../../shared/errors.ts';
import type { Weft } from '../../weft.ts';
import type { RunOutcome } from '../../engine/engine.ts';
import { errorBody } from '../errors.ts';
import { readBody } from '../read-body.ts';
import { requestParts } from '../request-parts.ts';

const EMPTY = Buffer.alloc(0);

/** Headers never copied into a run's trigger event (credentials of the caller). */
const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** /hooks/<path>: starts a run of the active version that owns the path. */
export function hookRoutes(weft: Weft) {
  const app = new Hono();
  app.all('/*', async (c) => {
    const path = c.req.path.replace(/^\/hooks\/?/, '').replace(/\/+$/, '');
    const method = c.req.method;
    const parts = requestParts(c);
    if (Number(parts.headers['content-length'] ?? 0) > weft.config.bodyLimit)
      return c.json(errorBody(ErrorCodes.payloadTooLarge, `the request body exceeds the limit of ${weft.config.bodyLimit} bytes`), 413);
    const route = weft.triggers.webhook(method, path);
    if (!route) return c.json(errorBody(ErrorCodes.notFound, `no active flow listens on ${method} /hooks/${path}`), 404);

    const raw = method === 'GET' || method === 'HEAD' ? EMPTY : await readBody(c, weft.config.bodyLimit);
    const { body, isJson } = parseBody(raw, parts.headers['content-type']);
    const headers: Record<string, string> = {};
    for (const k in parts.headers) if (!DROPPED_HEADERS.has(k)) headers[k] = parts.headers[k];
    const event = { body, headers, query: parts.query, method, path };

    const plan = weft.engine.planFor(route.flowId, route.version);
    let dedupeKey = parts.headers['idempotency-key'] ?? null;
    if (!dedupeKey && route.dedupe) {
      const v = await weft.engine.exprs.evaluate(route.dedupe, body, { trigger: event });
      if (v !== null && v !== undefined) dedupeKey = typeof v === 'string' ? v : JSON.stringify(v);
    }
    const { runId, duplicate } = await weft.engine.startRun({
      plan, triggerNodeId: route.nodeId, event, rawBody: isJson ? raw : undefined, dedupeKey,
      correlationId: parts.headers['x-correlation-id'] ?? null,
    });
    c.header('Weft-Run-Id', runId);
    if (duplicate) c.header('Weft-Duplicate', 'true');
    if (route.respond === 'immediately') return c.json({ runId, duplicate }, 202);
    const outcome = await weft.engine.waitFor(runId, weft.config.webhookWaitMs);
    return answer(c, runId, outcome);
  });
  return app;
}

function answer(c: Context, runId: string, o: RunOutcome | null) {
  if (!o || (o.status === 'running' && !o.response)) return c.json({ runId, status: 'running' }, 202);
  if (o.response) {
    for (const [k, v] of Object.entries(o.response.headers ?? {})) c.header(k, v);
    const status = o.response.status as 200;
    if (o.response.body === undefined || o.response.status === 204 || o.response.status === 304) return c.body(null, status);
    return typeof o.response.body === 'string' && o.response.headers && Object.keys(o.response.headers).some((h) => h.toLowerCase() === 'content-type')
      ? c.body(o.response.body, status)
      : c.json(o.response.body as object, status);
  }
  if (o.status === 'failed')
    return c.json(errorBody('run_failed', o.error?.message ?? 'the run failed', { runId, nodeId: o.error?.nodeId, error: o.error }), 500);
  return c.json({ runId, status: o.status }, 200);
}

function parseBody(raw: Buffer, contentType: string | undefined): { body: unknown; isJson: boolean } {
  if (raw.length === 0) return { body: null, isJson: false };
  const ct = (contentType ?? '').toLowerCase();
  const declaredJson = ct.includes('json') || ct === '';
  const text = raw.toString('utf8');
  if (declaredJson || text[0] === '{' || text[0] === '[') {
    try {
      return { body: JSON.parse(text), isJson: true };
    } catch (err) {
      if (declaredJson) throw new WeftError(ErrorCodes.badRequest, `the body is not valid JSON: ${(err as Error).message}`);
    }
  }
  return { body: text, isJson: false };
}
