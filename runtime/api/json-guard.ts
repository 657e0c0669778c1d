import type { MiddlewareHandler } from 'hono';
import { inspectJson } from './json-body.ts';
import { decodeUtf8 } from './utf8.ts';

export interface JsonLimits {
  /** Deepest nesting of objects and arrays accepted in a body. */
  jsonMaxDepth: number;
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Refuses (400) an API body that is not UTF-8 (naming the byte offset), that
 * JSON.parse would silently change (numbers beyond what a double keeps) or that
 * nests deeper than the limit. The bytes are read once and kept by Hono for the
 * route's own parsing; text that is not JSON is left for the route to answer.
 * An empty body is no body, whatever its Content-Type says.
 */
export function jsonGuard(limits: JsonLimits): MiddlewareHandler {
  return async (c, next) => {
    if (BODYLESS.has(c.req.method)) return next();
    const type = c.req.header('content-type');
    if (type !== undefined && !JSON_TYPE.test(type.split(';')[0]!.trim())) return next();
    const text = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()));
    if (text.trim() === '') {
      // Routes with an optional body then see none, instead of failing to parse "".
      if (type !== undefined) c.req.raw = withoutBody(c.req.raw);
      return next();
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return next();
    }
    inspectJson(text, value, limits.jsonMaxDepth);
    return next();
  };
}

/** The same request without a body or the headers that describe one. */
function withoutBody(req: Request): Request {
  const headers = new Headers(req.headers);
  headers.delete('content-type');
  headers.delete('content-length');
  return new Request(req.url, { method: req.method, headers, signal: req.signal });
}
