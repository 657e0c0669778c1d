import type { apiTokens } from './schema.ts';

export type TokenRow = typeof apiTokens.$inferSelect;

/** API tokens (only the hash of a token's value is stored). */
export interface TokenStore {
  insert(row: TokenRow): Promise<void>;
  /** Oldest first. */
  list(): Promise<TokenRow[]>;
  byId(id: string): Promise<TokenRow | undefined>;
  byHash(tokenHash: string): Promise<TokenRow | undefined>;
  /** Sets revoked_at unless the token is revoked already. */
  revoke(id: string, at: number): Promise<void>;
  /** Sets last_used_at to `at` unless it is `since` or later already. */
  touch(id: string, at: number, since: number): Promise<void>;
  count(): Promise<number>;
  /** Admin tokens not revoked. */
  liveAdmins(): Promise<number>;
}
