/** How long a flow's run data is kept. */
export interface RetentionPolicy {
  /** Finished runs older than this many days are deleted; null keeps them forever. */
  days: number | null;
  /** false: a succeeded run keeps its outline (steps, status, timings) but not its step inputs and outputs. */
  keepSuccessPayloads: boolean;
}

/** The policy of flows without one of their own, when no admin has set a default. */
export const KEEP_FOREVER: RetentionPolicy = { days: null, keepSuccessPayloads: true };

/** The flow id of the default policy. */
export const DEFAULT_POLICY_ID = '*';

/** A policy an admin set: for one flow, or for every other flow ('*'). */
export interface RetentionRule extends RetentionPolicy {
  flowId: string;
  updatedAt: number;
  /** Email of the user or name of the token that set it. */
  updatedBy: string | null;
}

/** A flow and the policy that applies to it. */
export interface FlowRetention {
  flowId: string;
  name: string;
  policy: RetentionPolicy;
  /** 'flow': the flow's own policy; 'default': the '*' policy (or keep forever). */
  source: 'flow' | 'default';
}

/** The SQLite database: its pages, free pages and files on disk. */
export interface DatabaseSize {
  pageSize: number;
  pageCount: number;
  /** Pages inside the file that hold no data (reused before the file grows). */
  freelistPages: number;
  /** pageCount × pageSize. */
  bytes: number;
  /** Size of weft.db and of its write-ahead log on disk; null for an in-memory database. */
  fileBytes: number | null;
  walBytes: number | null;
  /** 'incremental': pruning returns freed pages to the file system. */
  autoVacuum: 'none' | 'full' | 'incremental';
}

export interface FlowPruneCounts {
  flowId: string;
  runsDeleted: number;
  /** Succeeded runs whose step inputs and outputs were dropped. */
  payloadsDropped: number;
}

/** What one prune did. */
export interface PruneResult {
  startedAt: number;
  finishedAt: number;
  /** Who asked for it; null for the background job. */
  by: string | null;
  runsDeleted: number;
  payloadsDropped: number;
  /** Only the flows where something was removed. */
  flows: FlowPruneCounts[];
  /** Bytes the database file gave back to the file system (incremental vacuum). */
  bytesFreed: number;
  /** false when the runtime stopped before the prune was through. */
  complete: boolean;
  database: DatabaseSize;
}

/** GET /api/retention. */
export interface RetentionView {
  default: RetentionPolicy & { updatedAt: number | null; updatedBy: string | null };
  /** The policies admins set, '*' included. */
  rules: RetentionRule[];
  flows: FlowRetention[];
  database: DatabaseSize;
  /** The latest prune of this process, else the latest recorded in the audit log. */
  lastPrune: PruneResult | null;
  /** Minutes between background prunes; 0: no background job. */
  intervalMin: number;
}
