import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';

export interface RequestParts {
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  query: Record<string, string>;
}

/**
 * Headers and query of a request. Under the node server they are read from the
 * already parsed IncomingMessage, without building a fetch Request.
 */
export function requestParts(c: Context): RequestParts {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return { headers: c.req.header(), query: c.req.query() };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(incoming.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const url = incoming.url ?? '';
  const q = url.indexOf('?');
  const query: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) query[k] = v;
  return { headers, query };
}
