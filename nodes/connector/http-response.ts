import { mayLosePrecision, quoteLossyNumbers } from '../../shared/json-hazards.ts';
import type { HttpResponse } from '../define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

const MAX_RETRY_AFTER_MS = 3_600_000;
const MAX_DETAIL_CHARS = 2000;

/** Media types that promise JSON: application/json, text/json and any +json type (problem+json, vnd.api+json). */
const JSON_TYPE = /^\s*(?:application|text)\/(?:[^;\s]*\+)?json\s*(?:;|$)/i;

/**
 * The answer's body: empty → null; JSON when it parses; otherwise the text, unless the answer
 * declared JSON (content-type), which makes an unreadable body an `invalid_response` failure.
 * Numbers JSON cannot keep exactly (ERP ids, large amounts) arrive as strings of their exact digits.
 */
export function parseBody(res: HttpResponse, where = 'the downstream'): unknown {
  if (res.body === '') return null;
  try {
    return JSON.parse(mayLosePrecision(res.body) ? quoteLossyNumbers(res.body) : res.body);
  } catch (err) {
    const type = header(res, 'content-type');
    if (type === undefined || !JSON_TYPE.test(type)) return res.body;
    // Retryable like a 5xx: a body cut short or garbled comes from a downstream under strain, and the retry carries the same Idempotency-Key.
    throw new WeftError(
      ErrorCodes.invalidResponse,
      `${where} answered ${type} that is not valid JSON: ${(err as Error).message}`,
      {
        retryable: true,
        details: { status: res.status, contentType: type, body: res.body.slice(0, MAX_DETAIL_CHARS) },
      },
    );
  }
}

function header(res: HttpResponse, name: string): string | undefined {
  if (res.headers[name] !== undefined) return res.headers[name];
  const key = Object.keys(res.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : res.headers[key];
}

/** Retry-After as milliseconds (delta seconds or an HTTP date), capped at `maxMs` (one hour); undefined when absent or unreadable. */
export function retryAfterMs(
  value: string | undefined,
  now = Date.now(),
  maxMs = MAX_RETRY_AFTER_MS,
): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, maxMs);
}

type Problem = { field?: unknown; path?: unknown; pointer?: unknown; message?: unknown; detail?: unknown };

/** What a JSON error body says, in one line: its message and any field errors (common API error shapes). */
export function describeErrorBody(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const o = parsed as Record<string, unknown>;
  const err = (o.error && typeof o.error === 'object' ? o.error : o) as Record<string, unknown>;
  const message = [err.message, err.detail, err.title, typeof o.error === 'string' ? o.error : undefined].find(
    (m) => typeof m === 'string' && m !== '',
  ) as string | undefined;
  const list = [err.fields, err.errors, o.errors].find(Array.isArray) as Problem[] | undefined;
  const fields = (list ?? [])
    .slice(0, 10)
    .map((f) => {
      const where = [f?.field, f?.path, f?.pointer].find((x) => typeof x === 'string');
      const what = [f?.message, f?.detail].find((x) => typeof x === 'string');
      return what ? (where ? `${where}: ${what}` : String(what)) : undefined;
    })
    .filter(Boolean);
  const text = [message, fields.length ? `(${fields.join('; ')})` : undefined].filter(Boolean).join(' ');
  return text ? text.slice(0, 500) : undefined;
}

/** The error for a non-2xx answer: 429 and 5xx are retryable, everything else is not. The downstream's own message is kept. */
export function statusError(res: HttpResponse, where: string): WeftError {
  const details = { status: res.status, body: res.body.slice(0, MAX_DETAIL_CHARS) };
  const said = describeErrorBody(res.body);
  const message = `${where} answered ${res.status}${said ? `: ${said}` : ''}`;
  if (res.status === 429 || res.status >= 500) {
    const code = res.status === 429 ? ErrorCodes.rateLimited : ErrorCodes.http5xx;
    return new WeftError(code, message, {
      retryable: true,
      details,
      retryAfterMs: retryAfterMs(res.headers['retry-after']),
    });
  }
  return new WeftError(ErrorCodes.http4xx, message, { retryable: false, details });
}
