import { type WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { Engine, RunOutcome } from '../engine/engine.ts';
import type { WeftConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Connections } from '../security/connections.ts';
import type { WebhookReplays } from './webhook-replays.ts';
import { errorBody, statusOfCode } from './errors.ts';
import { tooLarge } from './read-body.ts';
import { type Verified, verifyWebhook, type WebhookVerify } from './webhook-verify.ts';
import { echoAnswer, slackChallenge } from './webhook-handshake.ts';
import { OutboundMessageError, parseOutboundMessage, soapAck, soapFault } from './webhook-salesforce.ts';
import type { TriggerManager, WebhookRoute } from '../triggers/trigger-manager.ts';
import { parseWebhookBody } from './webhook-body.ts';
import { setOwn } from '../../shared/own-property.ts';
import { storeFailureOf } from '../store/store-failure.ts';
import { isDatabaseUnavailable } from '../store/unavailable.ts';
import { NOT_READY_RETRY_AFTER_S, type NotReady, type Readiness } from './readiness.ts';

export interface WebhookRequest {
  method: string;
  /** The path below /hooks/, without slashes at either end. */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  query: Record<string, string>;
  readBody(limit: number): Promise<Buffer>;
}

export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  /** Text to send (JSON unless a content-type header says otherwise); null for no body. */
  body: string | null;
}

/** What serving webhooks needs of the runtime. */
export interface WebhookDeps {
  /** Which active version listens on a path. */
  triggers: Pick<TriggerManager, 'webhook'>;
  engine: Pick<Engine, 'planFor' | 'startRun' | 'waitFor' | 'exprs'>;
  /** The shared secrets signed webhooks are checked against. */
  connections: Pick<Connections, 'sharedSecret'>;
  webhookReplays: Pick<WebhookReplays, 'claim'>;
  logger: Logger;
  config: Pick<WeftConfig, 'bodyLimit' | 'webhookWaitMs' | 'jsonMaxDepth' | 'publicUrl'>;
  /** Nothing is accepted while the process drains or its store refuses writes. */
  readiness: Pick<Readiness, 'refusal'>;
}

const EMPTY = Buffer.alloc(0);

/** Headers never copied into a run's trigger event (credentials of the caller). */
const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * Starts a run of the active version that owns the webhook path, and answers as
 * the trigger asks: at once with the run id, or with the run's response.
 */
export async function handleWebhook(deps: WebhookDeps, req: WebhookRequest): Promise<WebhookAnswer> {
  try {
    return await accept(deps, req);
  } catch (err) {
    const e = err as WeftError;
    // The store refused the run's first write: nothing was accepted, the sender may send it again.
    if (isDatabaseUnavailable(err)) {
      const store = storeFailureOf(err);
      deps.logger.error('webhook refused: the database refuses writes', { path: req.path, error: store.message });
      return notReady({ code: 'store_unavailable', message: `the database refuses writes (${store.code})`, store });
    }
    if (e.code === 'shutting_down') return notReady({ code: 'shutting_down', message: e.message });
    const status = statusOfCode(e.code);
    if (status) return json(status, errorBody(e.code, e.message, e.details));
    if (e.message === 'aborted' || e.code === 'ECONNRESET') {
      deps.logger.debug('webhook request aborted by the client', { path: req.path });
      return json(400, errorBody(ErrorCodes.badRequest, 'the request was aborted by the client'));
    }
    deps.logger.error('webhook failed', { path: req.path, error: (err as Error).message, stack: (err as Error).stack });
    return json(500, errorBody('internal_error', 'internal error; the details are in the server log'));
  }
}

async function accept(deps: WebhookDeps, req: WebhookRequest): Promise<WebhookAnswer> {
  const { method, path, headers } = req;
  const refused = await deps.readiness.refusal();
  if (refused) return notReady(refused);
  if (Number(headers['content-length'] ?? 0) > deps.config.bodyLimit) throw tooLarge(deps.config.bodyLimit);
  const route = deps.triggers.webhook(method, path);
  if (!route) return json(404, errorBody(ErrorCodes.notFound, `no active flow listens on ${method} /hooks/${path}`));

  const echo = route.echoQuery === null ? undefined : req.query[route.echoQuery];
  if (echo !== undefined) return echoAnswer(route.echoQuery!, echo);
  const raw = method === 'GET' || method === 'HEAD' ? EMPTY : await req.readBody(deps.config.bodyLimit);
  const signed = route.verify ? await verify(deps, route.verify, req, raw) : null;
  if (route.salesforceOutboundMessage) return outboundMessage(deps, req, route, raw);
  // Slack's check of a new request URL, signed like its events: answered, never a run.
  const challenge = route.verify?.scheme === 'slack' ? slackChallenge(raw) : null;
  if (challenge) return challenge;
  const release = signed?.replay ? await deps.webhookReplays.claim(route.flowId, signed.replay) : null;
  const eventId = signed?.eventId ?? null;
  let started: { runId: string; duplicate: boolean };
  try {
    started = await start(deps, req, route, raw, eventId);
  } catch (err) {
    // No run started: the sender may send the same signed request again.
    await release?.().catch((e: unknown) =>
      deps.logger.warn('a signed webhook request could not be released for a retry', { error: (e as Error).message }),
    );
    throw err;
  }
  const { runId, duplicate } = started;
  const runHeaders: Record<string, string> = duplicate
    ? { 'weft-run-id': runId, 'weft-duplicate': 'true' }
    : { 'weft-run-id': runId };
  if (route.respond === 'immediately') return json(202, { runId, duplicate }, runHeaders);
  return answer(runId, await deps.engine.waitFor(runId, deps.config.webhookWaitMs), runHeaders);
}

async function verify(deps: WebhookDeps, v: WebhookVerify, req: WebhookRequest, raw: Buffer): Promise<Verified> {
  const secrets = [await deps.connections.sharedSecret(v.secret)];
  if (v.previousSecret) secrets.push(await deps.connections.sharedSecret(v.previousSecret));
  return verifyWebhook(
    v,
    secrets,
    { method: req.method, url: requestUrl(deps, req), headers: req.headers, raw },
    Date.now(),
  );
}

/** The address the sender posted to: under WEFT_PUBLIC_URL when set, else as the Host header (and a proxy's X-Forwarded-Proto) say. */
function requestUrl(deps: WebhookDeps, req: WebhookRequest): string {
  const base =
    deps.config.publicUrl ??
    `${req.headers['x-forwarded-proto']?.split(',')[0]?.trim() || 'http'}://${req.headers.host ?? 'localhost'}`;
  const query = new URLSearchParams(req.query).toString();
  return `${base}/hooks/${req.path}${query ? `?${query}` : ''}`;
}

async function start(
  deps: WebhookDeps,
  req: WebhookRequest,
  route: WebhookRoute,
  raw: Buffer,
  eventId: string | null,
): Promise<{ runId: string; duplicate: boolean }> {
  const { body, isJson } = parseWebhookBody(raw, req.headers['content-type'], route.accept, deps.config.jsonMaxDepth);
  // The sender's event id, the same on each of its retries, when the flow names no key of its own.
  return startEvent(deps, req, route, body, isJson ? raw : undefined, req.headers['idempotency-key'] ?? null, eventId);
}

/**
 * Starts one run with `body` as its trigger's body. The key deduplicating it: `key` if given, else the
 * flow's dedupe expression, else `fallbackKey` when the flow sets no expression.
 */
async function startEvent(
  deps: WebhookDeps,
  req: WebhookRequest,
  route: WebhookRoute,
  body: unknown,
  rawBody: Buffer | undefined,
  key: string | null,
  fallbackKey: string | null,
): Promise<{ runId: string; duplicate: boolean }> {
  const { method, path, headers } = req;
  const kept: Record<string, string> = {};
  for (const k in headers) if (!DROPPED_HEADERS.has(k)) setOwn(kept, k, headers[k]);
  const event = { body, headers: kept, query: req.query, method, path };

  const plan = await deps.engine.planFor(route.flowId, route.version);
  let dedupeKey = key;
  if (!dedupeKey && route.dedupe) {
    const v = await deps.engine.exprs.evaluate(route.dedupe, body, { trigger: event });
    if (v !== null && v !== undefined) dedupeKey = typeof v === 'string' ? v : JSON.stringify(v);
  }
  if (!dedupeKey && !route.dedupe) dedupeKey = fallbackKey;
  return deps.engine.startRun({
    plan,
    triggerNodeId: route.nodeId,
    event,
    rawBody,
    dedupeKey,
    correlationId: headers['x-correlation-id'] ?? null,
    traceparent: headers.traceparent ?? null,
  });
}

/**
 * A Salesforce Outbound Message: each Notification starts its own run (deduplicated by its Id unless the flow
 * sets a key, so a resent envelope starts none twice), and the Ack is answered once every run is stored.
 * Anything not stored is a 500 Fault, and Salesforce sends the envelope again.
 */
async function outboundMessage(
  deps: WebhookDeps,
  req: WebhookRequest,
  route: WebhookRoute,
  raw: Buffer,
): Promise<WebhookAnswer> {
  try {
    const notifications = await parseOutboundMessage(raw, req.headers['content-type']);
    const started = await Promise.allSettled(
      notifications.map((n) => startEvent(deps, req, route, n, undefined, null, n.notificationId)),
    );
    const failed = started.flatMap((s, i) => (s.status === 'rejected' ? [{ i, reason: s.reason as Error }] : []));
    if (failed.length === 0) return soapAck();
    const first = failed[0]!;
    deps.logger.error('outbound message not taken: a run could not be stored', {
      path: req.path,
      notifications: failed.map((f) => notifications[f.i]!.notificationId),
      error: first.reason.message,
    });
    if ((first.reason as WeftError).code === 'shutting_down')
      return soapFault(503, 'the runtime is shutting down; send the message again', {
        'retry-after': String(NOT_READY_RETRY_AFTER_S),
      });
    const what = isDatabaseUnavailable(first.reason) ? 'the database refuses writes' : 'the runs could not be stored';
    return soapFault(500, `${failed.length} of ${notifications.length} notifications were not taken: ${what}`);
  } catch (err) {
    if (err instanceof OutboundMessageError) return soapFault(err.status, err.message);
    deps.logger.error('outbound message failed', { path: req.path, error: (err as Error).message });
    return soapFault(500, 'internal error; the details are in the server log');
  }
}

function answer(runId: string, o: RunOutcome | null, runHeaders: Record<string, string>): WebhookAnswer {
  if (!o || (o.status === 'running' && !o.response)) return json(202, { runId, status: 'running' }, runHeaders);
  if (o.response) {
    const headers = { ...runHeaders };
    for (const [k, v] of Object.entries(o.response.headers ?? {})) headers[k.toLowerCase()] = v;
    const { status, body } = o.response;
    if (body === undefined || status === 204 || status === 304) return { status, headers, body: null };
    if (typeof body === 'string' && headers['content-type']) return { status, headers, body };
    return json(status, body, headers);
  }
  // What failed inside (a downstream's address, its answer) is for operators, in the run; the caller gets the run id.
  if (o.status === 'failed')
    return json(500, errorBody('run_failed', `the run failed; its id is ${runId}`, { runId }), runHeaders);
  return json(200, { runId, status: o.status }, runHeaders);
}

/** 503 while the process is not ready: the reason, and when to come back. */
function notReady(r: NotReady): WebhookAnswer {
  const details = r.store ? { store: r.store } : undefined;
  return json(503, errorBody(r.code, r.message, details), { 'retry-after': String(NOT_READY_RETRY_AFTER_S) });
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): WebhookAnswer {
  return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(value) ?? 'null' };
}

/** "/hooks/crm/won/?x" → "crm/won". */
export function hookPath(urlPath: string): string {
  return urlPath.replace(/^\/hooks\/?/, '').replace(/\/+$/, '');
}
