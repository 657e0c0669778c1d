import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One field-level problem, named by its dotted path in the request body. */
export interface FieldError {
  field: string;
  message: string;
}

/** The error body every sample system answers with. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[]; details?: Record<string, unknown> };
}

/** An error that knows its HTTP status and how to become a JSON response. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: { fields?: FieldError[]; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    const { fields, details } = this.extra;
    return {
      error: { code: this.code, message: this.message, ...(fields && { fields }), ...(details && { details }) },
    };
  }

  toResponse(): Response {
    return Response.json(this.body(), { status: this.status, headers: this.extra.headers });
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `${what} "${id}" not found`);

export const conflict = (code: string, message: string, details: Record<string, unknown>) =>
  new ApiError(409, code, message, { details });

/** 422 with field errors (semantic validation: unknown references, rule violations). */
export const invalid = (message: string, fields: FieldError[]) =>
  new ApiError(422, 'validation_failed', message, { fields });

/**
 * Thrown to drop the connection when there is no socket to destroy (in-process
 * `app.request()`): the error handler rethrows it so the caller's promise rejects
 * the way a network failure would.
 */
export class ConnectionDroppedError extends Error {
  readonly code = 'connection_dropped';
  constructor() {
    super('connection dropped (fault injection)');
    this.name = 'ConnectionDroppedError';
  }
}

/** The one error handler of every app: ApiError → its response; anything else → 500. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ConnectionDroppedError) throw err;
  if (err instanceof ApiError) return err.toResponse();
  if (err instanceof HTTPException) return c.json({ error: { code: 'http_error', message: err.message } }, err.status);
  console.error('[sample-systems] unexpected error', err);
  return c.json({ error: { code: 'internal_error', message: 'unexpected error' } }, 500);
}

export function onNotFound(c: Context): Response {
  return c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
}
