import type { HttpBindings } from '@hono/node-server';

/**
 * Hono env of every sample app. Bindings are present when served by
 * @hono/node-server and absent under `app.request()` in tests.
 */
export type SysEnv = { Bindings: Partial<HttpBindings> | undefined };

/** Injectable time and randomness (tests pass fakes). */
export interface Clock {
  now(): number;
  random(): number;
}

export const systemClock: Clock = { now: () => Date.now(), random: () => Math.random() };
