import type { MiddlewareHandler } from 'hono';
import { inspectJson } from './json-body.ts';

export interface JsonLimits {
  /** Deepest nesting of objects and arrays accepted in a body. */
  jsonMaxDepth: number;
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Refuses (400) an API body that JSON.parse would silently change (numbers
 * beyond what a double keeps) or that nests deeper than the limit. The text is
 * read once and kept by Hono for the route's own parsing; text that is not JSON
 * is left for the route to answer.
 */
export function jsonGuard(limits: JsonLimits): MiddlewareHandler {
  return async (c, next) => {
    if (BODYLESS.has(c.req.method)) return next();
    const type = c.req.header('content-type');
    if (type !== undefined && !JSON_TYPE.test(type.split(';')[0]!.trim())) return next();
    const text = await c.req.text();
    if (text.trim() === '') return next();
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
