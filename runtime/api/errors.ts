import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { ErrorCodes } from '../../shared/errors.ts';
import type { Logger } from '../logger.ts';

const STATUS: Record<string, ContentfulStatusCode> = {
  [ErrorCodes.badRequest]: 400,
  [ErrorCodes.invalidFlow]: 400,
  [ErrorCodes.expression]: 400,
  [ErrorCodes.config]: 400,
  [ErrorCodes.notFound]: 404,
  [ErrorCodes.conflict]: 409,
  [ErrorCodes.payloadTooLarge]: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  flow_has_problems: 422,
  tests_failed: 422,
  invalid_variable: 422,
  shutting_down: 503,
  run_leased: 409,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  webhook_misconfigured: 500,
};

/** The HTTP status for a known error code, or undefined for an unexpected error. */
export function statusOfCode(code: unknown): ContentfulStatusCode | undefined {
  return typeof code === 'string' ? STATUS[code] : undefined;
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** The one place where anything thrown becomes an HTTP response. */
export function onError(logger: Logger) {
  return (err: Error, c: Context) => {
    const e = err as Error & { code?: unknown; details?: unknown; retryAfterMs?: unknown };
    if (typeof e.code === 'string' && STATUS[e.code])
      return c.json(
        errorBody(e.code, e.message, e.details),
        STATUS[e.code],
        challengeHeaders(STATUS[e.code], e.retryAfterMs),
      );
    if (err instanceof HTTPException) {
      const status = err.status;
      const code =
        status === 413
          ? ErrorCodes.payloadTooLarge
          : status === 404
            ? ErrorCodes.notFound
            : status < 500
              ? ErrorCodes.badRequest
              : 'internal_error';
      return c.json(errorBody(code, err.message || 'request failed'), status as ContentfulStatusCode);
    }
    if (err.message === 'aborted' || e.code === 'ECONNRESET') {
      // The caller hung up while sending; nobody is left to answer.
      logger.debug('request aborted by the client', { path: c.req.path });
      return c.json(errorBody(ErrorCodes.badRequest, 'the request was aborted by the client'), 400);
    }
    logger.error('unhandled error', { error: err.message, stack: err.stack, path: c.req.path });
    return c.json(errorBody('internal_error', 'internal error; the details are in the server log'), 500);
  };
}

/** A 401 names how to authenticate (RFC 9110); a refusal for now says when to come back. */
function challengeHeaders(status: number, retryAfterMs: unknown): Record<string, string> {
  const h: Record<string, string> = {};
  if (status === 401) h['www-authenticate'] = 'Bearer realm="weft"';
  if (typeof retryAfterMs === 'number') h['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return h;
}

/** zod failures at the HTTP edge: 400 with every issue and its path. */
export function zodErrorResponse(c: Context, error: ZodError, where: string) {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  return c.json(
    errorBody(ErrorCodes.badRequest, `invalid ${where}: ${first.path ? first.path + ': ' : ''}${first.message}`, {
      issues,
    }),
    400,
  );
}
