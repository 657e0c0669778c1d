import type { Operation } from '../../shared/openapi/operation.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

const PATH_PARAM = /\{([^{}/]+)\}/g;

const refuse = (message: string) => new WeftError(ErrorCodes.config, message, { retryable: false });

const text = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** One path segment: encoded whole, so "/", "?", "#" and "../" stay inside the parameter. */
function segment(name: string, value: unknown): string {
  const v = text(value);
  if (v === '') throw refuse(`params.${name} is empty; the path would name the collection instead of one item`);
  if (v === '.' || v === '..') throw refuse(`params.${name} is "${v}", which the URL would read as a step up the path`);
  return encodeURIComponent(v);
}

const given = (params: Record<string, unknown>, name: string) =>
  Object.hasOwn(params, name) && params[name] !== undefined && params[name] !== null;

/**
 * The URL and headers of a call of `op` below `baseUrl`: path parameters encoded as one segment each,
 * query parameters by URLSearchParams (a list repeats the parameter), header parameters as headers.
 * A required parameter without a value, or a value for a parameter the operation does not have, is refused.
 */
export function operationRequest(
  op: Operation,
  baseUrl: string,
  params: Record<string, unknown>,
): { url: URL; headers: Record<string, string> } {
  for (const name of Object.keys(params))
    if (!op.parameters.some((p) => p.name === name))
      throw refuse(
        `params.${name}: operation "${op.operationId}" has no such parameter (it has ${op.parameters.map((p) => p.name).join(', ') || 'none'})`,
      );
  for (const p of op.parameters)
    if (p.required && !given(params, p.name))
      throw refuse(`params.${p.name}: operation "${op.operationId}" requires this ${p.in} parameter`);
  const path = op.path.replace(PATH_PARAM, (_whole, name: string) => segment(name, params[name]));
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  if (url.origin !== new URL(baseUrl).origin)
    throw refuse(`operation "${op.operationId}" leads away from the connection's base URL ${baseUrl}`);
  const headers: Record<string, string> = {};
  for (const p of op.parameters) {
    if (!given(params, p.name)) continue;
    const v = params[p.name];
    if (p.in === 'query') for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(p.name, text(item));
    else if (p.in === 'header') headers[p.name] = text(v);
  }
  return { url, headers };
}
