import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';
import type { SysEnv } from './types.ts';

interface StoredResponse {
  status: number;
  contentType: string | null;
  body: ArrayBuffer;
}

interface Entry {
  fingerprint: string;
  /** Settles when the first request has been answered; undefined when it was not stored (5xx). */
  done: Promise<StoredResponse | undefined>;
}

/** Keys seen by one system; cleared on reset. */
export type IdempotencyKeys = Map<string, Entry>;

/** JSON with sorted keys, so a retry that re-orders fields is still "the same body". */
function canonical(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v,
    );
  } catch {
    return text;
  }
}

function replay(r: StoredResponse): Response {
  const headers: Record<string, string> = { 'Idempotent-Replay': 'true' };
  if (r.contentType) headers['Content-Type'] = r.contentType;
  const empty = r.status === 204 || r.status === 304;
  return new Response(empty ? null : r.body.slice(0), { status: r.status, headers });
}

/**
 * Honours `Idempotency-Key` on POST and PATCH: the first answer (status < 500)
 * for a key is stored and replayed for every repeat with header
 * `Idempotent-Replay: true`; a repeat changes nothing and counts as a duplicate.
 * The same key with a different method, path or body → 422
 * `idempotency_key_reused`. A 5xx first answer is not stored, so a retry runs.
 */
export function idempotency(keys: IdempotencyKeys, onDuplicate: () => void): MiddlewareHandler<SysEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (!key || (c.req.method !== 'POST' && c.req.method !== 'PATCH')) return next();
    // A digest, not the text: a system keeps every key it saw, and a batch's body can be hundreds of KB.
    const fingerprint = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n${canonical(await c.req.text())}`)
      .digest('hex');
    const seen = keys.get(key);
    if (seen) {
      if (seen.fingerprint !== fingerprint)
        throw new ApiError(
          422,
          'idempotency_key_reused',
          `Idempotency-Key "${key}" was already used with a different request`,
        );
      const stored = await seen.done;
      if (stored) {
        onDuplicate();
        return replay(stored);
      }
    }
    let settle!: (r: StoredResponse | undefined) => void;
    keys.set(key, { fingerprint, done: new Promise((r) => (settle = r)) });
    try {
      await next();
    } finally {
      const res = c.res;
      if (res && res.status < 500) {
        settle({
          status: res.status,
          contentType: res.headers.get('content-type'),
          body: await res.clone().arrayBuffer(),
        });
      } else {
        keys.delete(key);
        settle(undefined);
      }
    }
  };
}
