import { isDatabaseUnavailable } from './unavailable.ts';

/** Why the store cannot serve: the database's error code and its message. */
export interface StoreFailure {
  code: string;
  message: string;
}

export function storeFailureOf(err: unknown): StoreFailure {
  const e = err as { code?: unknown; message?: unknown } | null;
  return { code: typeof e?.code === 'string' ? e.code : 'unknown', message: String(e?.message ?? err) };
}

/** Errors a write was rejected with because the database could not be used at all, with what the driver made of them. */
const unusable = new WeakMap<object, StoreFailure>();

/** The committer rejects a write with `err` because the database refuses reads or writes at all (not this write). */
export function markUnavailable(err: unknown, failure: StoreFailure): void {
  if (err !== null && typeof err === 'object') unusable.set(err, failure);
}

/**
 * Why a store call (a write, or a read outside one) failed, when it was because the database could not be
 * used at all (unreachable, connections cut, busy, read-only, disk full): what was asked was not wrong and
 * may be asked again once the database answers. Null for a write the database refused for itself (a
 * constraint, a value too large). Only for errors of store calls: a node's own errors are not the store's.
 */
export function unavailableFailure(err: unknown): StoreFailure | null {
  if (err === null || typeof err !== 'object') return null;
  return unusable.get(err) ?? (isDatabaseUnavailable(err) ? storeFailureOf(err) : null);
}
