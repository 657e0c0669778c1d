import type { HttpResponse } from '../define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

const MAX_RETRY_AFTER_MS = 3_600_000;
const MAX_DETAIL_CHARS = 2000;

/** Empty → null; JSON when it parses (content-type json or not); otherwise the text. */
export function parseBody(res: HttpResponse): unknown {
  if (res.body === '') return null;
  try {
    return JSON.parse(res.body);
  } catch {
    return res.body;
  }
}

/** Retry-After as milliseconds (delta seconds or an HTTP date), capped at one hour; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** The error for a non-2xx answer: 429 and 5xx are retryable, everything else is not. */
export function statusError(res: HttpResponse, where: string): WeftError {
  const details = { status: res.status, body: res.body.slice(0, MAX_DETAIL_CHARS) };
  if (res.status === 429 || res.status >= 500) {
    const code = res.status === 429 ? ErrorCodes.rateLimited : ErrorCodes.http5xx;
    return new WeftError(code, `${where} answered ${res.status}`, {
      retryable: true,
      details,
      retryAfterMs: retryAfterMs(res.headers['retry-after']),
    });
  }
  return new WeftError(ErrorCodes.http4xx, `${where} answered ${res.status}`, { retryable: false, details });
}
