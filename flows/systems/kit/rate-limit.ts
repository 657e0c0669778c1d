import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';
import type { Clock, SysEnv } from './types.ts';

export interface RateLimitOptions {
  /** Requests allowed per client per window. Default 100. */
  limit: number;
  /** Window length. Default 60 000 ms. */
  windowMs: number;
}

export const defaultRateLimit: RateLimitOptions = { limit: 100, windowMs: 60_000 };

/** Per-client window state; cleared on reset. */
export type RateWindows = Map<string, { start: number; count: number }>;

/**
 * Fixed window per client (`X-Client-Id`, else the remote address): the window
 * opens with a client's first request; past `limit` the answer is 429 with
 * `Retry-After` = whole seconds until the window ends.
 */
export function rateLimit(opts: RateLimitOptions, windows: RateWindows, clock: Clock): MiddlewareHandler<SysEnv> {
  return async (c, next) => {
    const client = c.req.header('x-client-id') ?? c.env?.incoming?.socket?.remoteAddress ?? 'local';
    const now = clock.now();
    let w = windows.get(client);
    if (!w || now >= w.start + opts.windowMs) {
      w = { start: now, count: 0 };
      windows.set(client, w);
    }
    w.count++;
    c.header('X-RateLimit-Limit', String(opts.limit));
    c.header('X-RateLimit-Remaining', String(Math.max(0, opts.limit - w.count)));
    if (w.count > opts.limit) {
      const retryAfter = String(Math.max(1, Math.ceil((w.start + opts.windowMs - now) / 1000)));
      throw new ApiError(
        429,
        'rate_limited',
        `rate limit of ${opts.limit} requests per ${opts.windowMs / 1000} s exceeded`,
        {
          headers: { 'Retry-After': retryAfter },
        },
      );
    }
    await next();
  };
}
