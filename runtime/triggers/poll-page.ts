import { parseBody } from '../../nodes/connector/http-response.ts';
import { type PollTriggerConfig, QUERY_TEMPLATE, templateParts } from '../../nodes/trigger/poll.node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { SourceContext } from './event-source.ts';
import type { PollCursor, PolledRecord } from './poll-cursor.ts';

type Exprs = SourceContext['engine']['exprs'];

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The query of one page: each {{expression}} evaluated over { cursor, limit }; null-only parameters left out. */
export async function pageQuery(exprs: Exprs, c: PollTriggerConfig, cursor: PollCursor): Promise<[string, string][]> {
  const scope = { cursor, limit: c.limit };
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(c.request.query)) {
    const { expressions } = templateParts(value);
    const values = await Promise.all(expressions.map((e) => exprs.evaluate(e, scope)));
    const whole = expressions.length === 1 && /^\{\{[\s\S]*\}\}$/.test(value.trim());
    if (whole && (values[0] === null || values[0] === undefined || values[0] === '')) continue;
    let i = 0;
    out.push([name, value.replace(QUERY_TEMPLATE, () => text(values[i++] ?? ''))]);
  }
  return out;
}

/** Asks the system for one page after `cursor` and reads its records (id, version, change time). */
export async function fetchPage(
  ctx: SourceContext,
  c: PollTriggerConfig,
  cursor: PollCursor,
  signal: AbortSignal,
): Promise<PolledRecord[]> {
  const conn = await ctx.connection(c.connection, signal);
  const url = new URL(conn.baseUrl.replace(/\/$/, '') + c.request.path);
  if (url.origin !== new URL(conn.baseUrl).origin)
    throw new WeftError(ErrorCodes.config, `the path leaves connection "${conn.id}" (${conn.baseUrl})`);
  for (const [k, v] of await pageQuery(ctx.engine.exprs, c, cursor)) url.searchParams.append(k, v);
  const res = await ctx.http.request({
    method: c.request.method,
    url: url.toString(),
    headers: { accept: 'application/json', ...c.request.headers, ...conn.headers },
    timeoutMs: c.request.timeoutMs,
    signal,
    guard: conn.guard,
    allowPrivate: conn.allowPrivate,
  });
  if (res.status === 401) conn.unauthorized?.();
  if (res.status < 200 || res.status > 299)
    throw new WeftError(
      res.status >= 500 || res.status === 429 ? ErrorCodes.http5xx : ErrorCodes.http4xx,
      `${url.pathname} answered ${res.status}`,
      {
        retryable: true,
        details: { status: res.status, body: res.body.slice(0, 500) },
      },
    );
  const body = parseBody(res, url.pathname);
  return readRecords(ctx.engine.exprs, c, body);
}

/** The records of a response with their ids, versions and change times, each checked. */
export async function readRecords(exprs: Exprs, c: PollTriggerConfig, body: unknown): Promise<PolledRecord[]> {
  const found = await exprs.evaluate(c.records, body);
  if (found === null || found === undefined) return [];
  const list = Array.isArray(found) ? found : [found];
  const out: PolledRecord[] = [];
  for (const [i, record] of list.entries()) {
    const where = `record ${i} of the response`;
    const id = await exprs.evaluate(c.id, record);
    if ((typeof id !== 'string' || id === '') && typeof id !== 'number')
      throw new WeftError(ErrorCodes.invalidResponse, `${where} has no id (expression "${c.id}" gave ${text(id)})`);
    const version = await exprs.evaluate(c.version, record);
    let timestamp: string | undefined;
    if (c.cursor.kind === 'updatedSince') {
      const t = await exprs.evaluate(c.cursor.timestamp, record);
      if (typeof t !== 'string' || Number.isNaN(Date.parse(t)))
        throw new WeftError(
          ErrorCodes.invalidResponse,
          `${where} (id ${id}) has no change time (expression "${c.cursor.timestamp}" gave ${text(t)})`,
        );
      timestamp = t;
    }
    const v = version === null || version === undefined ? (timestamp ?? '1') : text(version);
    out.push({ record, id, version: v, timestamp });
  }
  return out;
}
