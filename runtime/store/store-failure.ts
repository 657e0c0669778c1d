/** Why the store cannot serve: the database's error code and its message. */
export interface StoreFailure {
  code: string;
  message: string;
}

export function storeFailureOf(err: unknown): StoreFailure {
  const e = err as { code?: unknown; message?: unknown } | null;
  return { code: typeof e?.code === 'string' ? e.code : 'unknown', message: String(e?.message ?? err) };
}
