import type { MiddlewareHandler } from 'hono';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ApiError, ConnectionDroppedError } from './errors.ts';
import type { Clock, SysEnv } from './types.ts';

/** The faults a system currently injects into its non-admin routes. */
export interface Faults {
  /** 0..1 chance that a request answers 500. */
  errorRate: number;
  /** Delay before every request is handled. */
  latencyMs: number;
  /** Epoch ms until which every request answers 503; null when up. */
  downUntil: number | null;
  /** The next N requests answer 500. */
  failNext: number;
  /** The next N requests answer 429 with Retry-After. */
  status429Next: number;
  retryAfterSeconds: number;
  /** The next N requests get their socket destroyed without an answer. */
  dropNext: number;
}

export const noFaults = (): Faults => ({
  errorRate: 0,
  latencyMs: 0,
  downUntil: null,
  failNext: 0,
  status429Next: 0,
  retryAfterSeconds: 1,
  dropNext: 0,
});

const count = z.number().int().min(0);
export const faultsPatchSchema = z.strictObject({
  errorRate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().min(0).max(60_000).optional(),
  downUntil: z.number().nullable().optional(),
  downForMs: z.number().min(0).optional(),
  failNext: count.optional(),
  status429Next: count.optional(),
  retryAfterSeconds: z.number().min(0).optional(),
  dropNext: count.optional(),
});
export type FaultsPatch = z.output<typeof faultsPatchSchema>;

/** Merges a PUT body into the current faults (`downForMs` becomes `downUntil`). */
export function applyFaults(faults: Faults, patch: FaultsPatch, now: number): void {
  const { downForMs, ...rest } = patch;
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (faults as unknown as Record<string, unknown>)[k] = v;
  if (downForMs !== undefined) faults.downUntil = now + downForMs;
}

const secondsUntil = (t: number, now: number) => Math.max(1, Math.ceil((t - now) / 1000));

/**
 * Injects the configured faults, in this order: latency, down (503), drop,
 * failNext (500), status429Next (429), errorRate (500). A counter is consumed
 * only when its fault fires.
 */
export function faultInjection(faults: Faults, clock: Clock): MiddlewareHandler<SysEnv> {
  return async (c, next) => {
    if (faults.latencyMs > 0) {
      // Read the body first, as a real server does: a client that gives up during the wait must not leave an empty body behind.
      await c.req.text().catch(() => '');
      await sleep(faults.latencyMs);
    }
    const now = clock.now();
    if (faults.downUntil !== null && now < faults.downUntil) {
      const retryAfter = String(secondsUntil(faults.downUntil, now));
      throw new ApiError(503, 'unavailable', 'service unavailable (fault injection: down)', {
        headers: { 'Retry-After': retryAfter },
      });
    }
    if (faults.dropNext > 0) {
      faults.dropNext--;
      const socket = c.env?.incoming?.socket;
      if (!socket) throw new ConnectionDroppedError();
      socket.destroy();
      return c.body(null, 500);
    }
    if (faults.failNext > 0) {
      faults.failNext--;
      throw new ApiError(500, 'internal_error', 'internal error (fault injection: failNext)');
    }
    if (faults.status429Next > 0) {
      faults.status429Next--;
      const headers = { 'Retry-After': String(faults.retryAfterSeconds) };
      throw new ApiError(429, 'rate_limited', 'too many requests (fault injection: status429Next)', { headers });
    }
    if (faults.errorRate > 0 && clock.random() < faults.errorRate)
      throw new ApiError(500, 'internal_error', 'internal error (fault injection: errorRate)');
    await next();
  };
}
