import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, blob, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { RUN_STATUSES } from '../../shared/run.ts';
import { ROLES } from '../../shared/identity.ts';

/** The draft each analyst edits. `revision` guards against overwriting a colleague's save. */
export const flows = sqliteTable('flows', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  definition: text('definition', { mode: 'json' }).notNull(),
  revision: integer('revision').notNull(),
  /**
   * The principal that created the flow, by id: a user's (usr_…) or an API token's (tok_…), never an
   * email or token name, which can change. Analysts read the runs of the flows they created.
   */
  createdBy: text('created_by'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Published versions: immutable, content-hashed. */
export const flowVersions = sqliteTable(
  'flow_versions',
  {
    flowId: text('flow_id')
      .notNull()
      .references(() => flows.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: text('definition', { mode: 'json' }).notNull(),
    hash: text('hash').notNull(),
    note: text('note'),
    /** Who published it (display name). */
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.version] })],
);

/** Which version of a flow receives its trigger events. */
export const activations = sqliteTable('activations', {
  flowId: text('flow_id').primaryKey(),
  version: integer('version').notNull(),
  activatedAt: integer('activated_at').notNull(),
});

export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    flowId: text('flow_id').notNull(),
    /** null for test runs of a draft; their definition is kept in `definition`. */
    version: integer('version'),
    mode: text('mode', { enum: ['live', 'test'] }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    /** The trigger node that started the run, and its event (body, headers, query). */
    triggerNode: text('trigger_node').notNull(),
    trigger: text('trigger').notNull(),
    /** The trigger body exactly as received (JSON bytes), when it was kept apart from `trigger`. */
    triggerBody: blob('trigger_body', { mode: 'buffer' }),
    definition: text('definition'),
    correlationId: text('correlation_id'),
    dedupeKey: text('dedupe_key'),
    /** JSON texts (the error, the respond step's answer): the store keeps them as text and its readers parse them. */
    error: text('error'),
    /** The error's code and the node it names, kept beside the error for the failed-runs queue and the run filters. */
    errorCode: text('error_code'),
    errorNodeId: text('error_node_id'),
    response: text('response'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
    /** For a replay: the run whose trigger event it replays; its connector steps reuse that run's idempotency keys. */
    replayOf: text('replay_of'),
    /** For a run started by a control.call step: that step's run and node. */
    parentRunId: text('parent_run_id'),
    parentNodeId: text('parent_node_id'),
    /** The worker process executing the run; its lease (workers.expires_at) keeps other workers off it. */
    owner: text('owner'),
  },
  (t) => [
    index('runs_flow_created').on(t.flowId, t.createdAt),
    index('runs_status_created').on(t.status, t.createdAt),
    index('runs_created').on(t.createdAt),
    /**
     * The failed-runs queue: grouped by flow, node and error code, in this order. Status and mode lead,
     * although constant here, so that SQLite prefers it to runs_status_created.
     */
    index('runs_failed_group')
      .on(t.status, t.mode, t.flowId, t.errorNodeId, t.errorCode, t.createdAt)
      .where(sql`${t.status} = 'failed' AND ${t.mode} = 'live'`),
    index('runs_error_code').on(t.errorCode, t.id).where(sql`${t.errorCode} IS NOT NULL`),
    index('runs_error_node').on(t.errorNodeId, t.id).where(sql`${t.errorNodeId} IS NOT NULL`),
  ],
);

/** One row per node execution of a run; written when the step finishes or waits for a retry. */
export const steps = sqliteTable(
  'steps',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    status: text('status', { enum: ['succeeded', 'failed', 'retrying', 'waiting'] }).notNull(),
    port: text('port'),
    attempts: integer('attempts').notNull(),
    /** null: the input is the output of the node's predecessor(s). */
    input: text('input'),
    output: text('output'),
    /** JSON texts, like the input and output. */
    error: text('error'),
    attemptErrors: text('attempt_errors'),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    nextAttemptAt: integer('next_attempt_at'),
    /** The Idempotency-Key the last attempt sent downstream, if any. */
    sentKey: text('sent_key'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.nodeId] }),
    index('steps_due').on(t.nextAttemptAt).where(sql`${t.status} IN ('retrying', 'waiting')`),
  ],
);

/** Step payloads larger than the inline cap, kept once per run. */
export const runPayloads = sqliteTable(
  'run_payloads',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    hash: text('hash').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.hash] })],
);

/** A repeated trigger event with the same key returns the first run. */
export const triggerDedupe = sqliteTable(
  'trigger_dedupe',
  {
    flowId: text('flow_id').notNull(),
    key: text('key').notNull(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.key] }), index('trigger_dedupe_run').on(t.runId)],
);

/** What operators did to a run: retries (with the edited input), replays, discards and cancellations, with their reasons. */
export const runActions = sqliteTable(
  'run_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    action: text('action', {
      enum: ['retry', 'replay', 'replayed_from', 'discard', 'cancel', 'approve', 'reject'],
    }).notNull(),
    /** The operator's reason or note. */
    note: text('note'),
    /** Action details as JSON text, e.g. the edited input and the node it replaced, or the replay's run id. */
    detail: text('detail'),
  },
  (t) => [index('run_actions_run').on(t.runId, t.at)],
);

/**
 * How often the process stopped while a step was executing; past a limit the step is failed as a poison
 * input. `held`: the step is due but its run has not started it (waiting for its turn, or the process was
 * stopping); a restart while it is held does not count (see engine/poison.ts).
 */
export const stepRecoveries = sqliteTable(
  'step_recoveries',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    count: integer('count').notNull(),
    held: integer('held', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.runId, t.nodeId] })],
);

/**
 * Live worker processes and their leases. A worker renews its row while it runs; the runs it owns are
 * reclaimed by another worker once the row expires (or, on the same host, once its process is gone).
 */
export const workers = sqliteTable('workers', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: integer('started_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/** People who sign in to the designer. The password is kept only as a scrypt hash. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  disabledAt: integer('disabled_at'),
});

/** Designer sign-ins. Only the SHA-256 of the cookie value is kept; `csrf` must come back in X-CSRF-Token. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull(),
    csrf: text('csrf').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Tokens for the CLI and automation: shown once, kept as a SHA-256 hash, revocable, each with a role. */
export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** The first characters of the token, to tell tokens apart in lists. */
  prefix: text('prefix').notNull(),
  createdBy: text('created_by'),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at'),
  revokedAt: integer('revoked_at'),
  lastUsedAt: integer('last_used_at'),
});

/**
 * Append-only record of changes and operator actions. Each entry's hash covers its content and the
 * previous entry's hash, so a changed or removed entry breaks the chain (`weft audit verify`).
 * Triggers refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: integer('at').notNull(),
    actorKind: text('actor_kind'),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    target: text('target'),
    before: text('before'),
    after: text('after'),
    detail: text('detail'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_at').on(t.at), index('audit_action').on(t.action, t.at)],
);

/**
 * Stored connections to downstream systems: base URL and authentication. Secret fields (tokens,
 * passwords, client secrets) are kept only inside `secret`, encrypted with AES-256-GCM.
 */
export const connections = sqliteTable('connections', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  baseUrl: text('base_url').notNull(),
  authType: text('auth_type', { enum: ['none', 'bearer', 'basic', 'api_key', 'oauth2_client_credentials'] }).notNull(),
  /** The auth fields that are not secret (user name, header name, token URL, client id, scope). */
  authConfig: text('auth_config', { mode: 'json' }).notNull(),
  /** AES-256-GCM of the secret fields as JSON: "v1:<key id>:<iv>:<tag>:<ciphertext>" (base64url). */
  secret: text('secret'),
  /** Requests per interval for calls through this connection, e.g. "100/60s". */
  rateLimit: text('rate_limit'),
  /** Admin's exception to the egress guard: this connection may reach private, loopback and link-local addresses (never cloud metadata). */
  allowPrivate: integer('allow_private', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** How long run data is kept: one row per flow, and '*' for every flow without its own row. */
export const retentionPolicies = sqliteTable('retention_policies', {
  flowId: text('flow_id').primaryKey(),
  /** Runs finished longer ago than this are deleted; null keeps them. */
  days: integer('days'),
  /** false: a succeeded run's step inputs and outputs are dropped once it finishes (its outline stays). */
  keepSuccessPayloads: integer('keep_success_payloads', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * Signed webhook requests accepted within their tolerance window, per flow: the same signed request
 * again is a replay until `expires_at` (ms), when its timestamp is refused anyway. Pruned as it expires.
 */
export const webhookSignatures = sqliteTable(
  'webhook_signatures',
  {
    flowId: text('flow_id').notNull(),
    /** Hex HMAC-SHA256 of "<timestamp>.<body>" under the webhook's current secret. */
    signature: text('signature').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flowId, t.signature] }), index('webhook_signatures_expiry').on(t.expiresAt)],
);

/** Failed sign-ins per account ("account:<email>") and per client address ("address:<ip>"), and until when sign-in is refused. */
export const signInThrottle = sqliteTable(
  'sign_in_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureAt: integer('last_failure_at').notNull(),
    blockedUntil: integer('blocked_until'),
  },
  (t) => [index('sign_in_throttle_last').on(t.lastFailureAt)],
);
