/** One audit entry as stored: its JSON fields as text, exactly as hashed. */
export interface AuditRow {
  seq: number;
  at: number;
  actorKind: string | null;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
  detail: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  /** Entries whose action starts with this. */
  action?: string;
  /** By actor name or id. */
  actor?: string;
  target?: string;
  from?: number;
  to?: number;
  /** Entries older than this seq (paging, newest first). */
  before?: number;
  limit: number;
}

/** The audit log's rows. The chain (seq, hashes) is computed by the caller, security/audit.ts. */
export interface AuditStore {
  /**
   * The newest entry's seq and hash. Inside a write, the chain's end is held until the write's transaction
   * ends, so concurrent writers (other processes) append one after another.
   */
  last(): Promise<{ seq: number; hash: string } | undefined>;
  insert(row: AuditRow): Promise<void>;
  /** Newest first. */
  list(q: AuditQuery): Promise<AuditRow[]>;
  /** Entries after `afterSeq` in seq order, at most `limit`. */
  page(afterSeq: number, limit: number): Promise<AuditRow[]>;
  count(): Promise<number>;
}
