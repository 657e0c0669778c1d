import { Hono } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleWebhook, hookPath, type WebhookAnswer, type WebhookDeps } from '../webhook.ts';
import { readStream, readWebStream } from '../read-body.ts';
import { setOwn } from '../../../shared/own-property.ts';

/** /hooks/<path> inside the Hono app (used by app.request and any fetch-style host). */
export function hookRoutes(deps: WebhookDeps) {
  const app = new Hono();
  app.all('/*', async (c) => {
    const answer = await handleWebhook(deps, {
      method: c.req.method,
      path: hookPath(c.req.path),
      headers: c.req.header(),
      query: c.req.query(),
      readBody: (limit) => readWebStream(c.req.raw.body, limit),
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
  return app;
}

/**
 * The same webhooks served straight from node's request and response: the hot
 * path of every integration skips building fetch Request/Response objects.
 */
export function nodeWebhookHandler(deps: WebhookDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const query: Record<string, string> = {};
    if (q >= 0) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) setOwn(query, k, v);
    const headers: Record<string, string> = {};
    for (const k in req.headers) {
      const v = req.headers[k];
      if (v !== undefined) setOwn(headers, k, Array.isArray(v) ? v.join(', ') : v);
    }
    let path: string;
    try {
      path = hookPath(decodeURIComponent(q >= 0 ? url.slice(0, q) : url));
    } catch {
      path = hookPath(q >= 0 ? url.slice(0, q) : url);
    }
    handleWebhook(deps, {
      method: req.method ?? 'GET',
      path,
      headers,
      query,
      readBody: (limit) => readStream(req, limit, Number(headers['content-length'] ?? NaN)),
    }).then(
      (answer) => send(res, answer),
      () =>
        send(res, {
          status: 500,
          headers: { 'content-type': 'application/json' },
          body: '{"error":{"code":"internal_error","message":"internal error"}}',
        }),
    );
  };
}

function send(res: ServerResponse, a: WebhookAnswer): void {
  if (res.headersSent) return;
  const body = a.body === null ? undefined : Buffer.from(a.body);
  res.writeHead(a.status, body ? { ...a.headers, 'content-length': String(body.length) } : a.headers);
  res.end(body);
}
