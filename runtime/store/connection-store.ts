import type { connectionSpecs, connections } from './schema.ts';

/** A connection as stored; `secret` is sealed (security/secret-box.ts), `authConfig` holds no secret. */
export type ConnectionRow = typeof connections.$inferSelect;

/** A connection's OpenAPI document row; `document` null once removed (the version counter stays). */
export type ConnectionSpecRow = typeof connectionSpecs.$inferSelect;

/** Stored connections to downstream systems. */
export interface ConnectionStore {
  /** By name. */
  list(): Promise<ConnectionRow[]>;
  get(id: string): Promise<ConnectionRow | undefined>;
  insert(row: ConnectionRow): Promise<void>;
  /** Replaces every column of the connection with `row`'s. */
  update(row: ConnectionRow): Promise<void>;
  delete(id: string): Promise<void>;
  setSecret(id: string, sealed: string | null): Promise<void>;
  /** The flows whose draft uses each connection (by a node's `config.connection`), by connection id. */
  usage(): Promise<Map<string, string[]>>;
  spec(id: string): Promise<ConnectionSpecRow | undefined>;
  /** Inserts or replaces the connection's spec row. */
  putSpec(row: ConnectionSpecRow): Promise<void>;
}
