import type { CommitStats, WriteFn } from './committer.ts';
import type { StoreFailure } from './store-failure.ts';
import type { RunStore } from './run-store.ts';
import type { LeaseStore } from './lease-store.ts';
import type { RunQueries } from './run-queries.ts';
import type { AuditStore } from './audit-store.ts';
import type { IdentityStore } from './identity-store.ts';
import type { TokenStore } from './token-store.ts';
import type { ConnectionStore } from './connection-store.ts';
import type { ThrottleStore } from './throttle-store.ts';
import type { ReplayStore } from './replay-store.ts';
import type { FlowStore } from './flow-store.ts';
import type { RetentionStore } from './retention-store.ts';
import type { DownstreamStore } from './downstream-store.ts';
import type { AlertStore } from './alert-store.ts';
import type { RollupStore } from './rollup-store.ts';
import type { LookupStore } from './lookup-store.ts';
import type { FileStore } from './file-store.ts';
import type { ApprovalStore } from './approval-store.ts';
import type { PollCursorStore } from './poll-cursor-store.ts';
import type { VariableStore } from './variable-store.ts';

/**
 * The store as the rest of the runtime sees it: async parts, one implementation per dialect
 * (runtime/store/sqlite/, runtime/store/postgres/). No SQL outside runtime/store/.
 */
export type Dialect = 'sqlite' | 'postgres';

/** Which guarantee a commit has, as the database reports it (for /healthz and the start-up log). */
export interface StoreDurability {
  dialect: Dialect;
  /** SQLite's synchronous pragma (off, normal, full, extra) or PostgreSQL's synchronous_commit (off, local, on, …). */
  synchronous: string;
}

/** The parts of the store; inside a write, the same parts bound to its transaction. */
export interface StoreParts {
  runs: RunStore;
  leases: LeaseStore;
  /** The run history and the failed-runs queue. */
  runQueries: RunQueries;
  audit: AuditStore;
  /** Users and sessions. */
  identity: IdentityStore;
  tokens: TokenStore;
  connections: ConnectionStore;
  /** Failed sign-ins per account and address. */
  throttle: ThrottleStore;
  /** Accepted signed webhook requests. */
  replays: ReplayStore;
  /** Drafts, published versions and activations. */
  flows: FlowStore;
  /** Retention policies and the prune of run data. */
  retention: RetentionStore;
  /** Rate-limit turns and open circuits of downstreams, shared by the processes of an installation. */
  downstreams: DownstreamStore;
  /** Alert rules and channels, incidents and the outbox of their notifications. */
  alerts: AlertStore;
  /** Runs finished per flow and minute, for the dashboard. */
  rollups: RollupStore;
  /** Lookup tables (key → value) that expressions read with $lookup. */
  lookups: LookupStore;
  /** The files runs write, in chunks. */
  files: FileStore;
  /** Four-eyes decisions on published versions, and the installation settings. */
  approvals: ApprovalStore;
  /** Where each polling trigger has read its system up to. */
  pollCursors: PollCursorStore;
  /** The installation's environment variables ($env). */
  variables: VariableStore;
}

export interface Store extends StoreParts {
  readonly dialect: Dialect;
  /**
   * Group commit: `fn` reads and writes through `tx` inside one transaction shared with the other writes
   * queued in the same turn, in a savepoint of its own (a throwing write rejects only its own promise).
   * Resolves once committed. `fn` may run twice (after a rolled-back first try), so it only touches the store.
   */
  write<T>(fn: WriteFn<StoreParts, T>): Promise<T>;
  /** Transactions committed and the writes they held; `observe` is told of each transaction (metrics). */
  readonly commits: Readonly<Pick<CommitStats, 'transactions' | 'writes'>> & Pick<CommitStats, 'observe'>;
  /** Set while the last write failed because the database refuses writes; see probe(). */
  readonly failure: StoreFailure | null;
  /** A cheap read and, with `write`, a write that changes nothing; null when both work (and the failure is cleared). */
  probe(write: boolean): Promise<StoreFailure | null>;
  durability(): Promise<StoreDurability>;
  /**
   * Runs `fn` while no other process of the installation runs a job of the same name (PostgreSQL: a
   * session advisory lock; SQLite: one process works on the file, its write lock orders the rest).
   */
  oneAtATime<T>(job: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
