import { boolean, integer, json, primaryKey, index, table, text } from './dialect.ts';

/** The draft each analyst edits. `revision` guards against overwriting a colleague's save. */
export const flows = table('flows', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  definition: json('definition').notNull(),
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
export const flowVersions = table(
  'flow_versions',
  {
    flowId: text('flow_id')
      .notNull()
      .references(() => flows.columns.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: json('definition').notNull(),
    hash: text('hash').notNull(),
    note: text('note'),
    /** Who published it (display name). */
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    /** The OpenAPI spec version of each connection its operation steps used when it was published: { <connection>: { version, hash } }. */
    specVersions: json('spec_versions'),
    /** How its test cases came out when it was published: { result, passed, failed, failing }. */
    tests: json('tests'),
  },
  (t) => [primaryKey(t.flowId, t.version)],
);

/** Which version of a flow receives its trigger events. */
export const activations = table('activations', {
  flowId: text('flow_id').primaryKey(),
  version: integer('version').notNull(),
  activatedAt: integer('activated_at').notNull(),
});

/**
 * Stored connections to downstream systems: base URL and authentication. Secret fields (tokens,
 * passwords, client secrets) are kept only inside `secret`, encrypted with AES-256-GCM.
 */
export const connections = table('connections', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  baseUrl: text('base_url').notNull(),
  authType: text('auth_type', {
    enum: ['none', 'bearer', 'basic', 'api_key', 'oauth2_client_credentials', 'ssh_key'],
  }).notNull(),
  /** The auth fields that are not secret (user name, header name, token URL, client id, scope). */
  authConfig: json('auth_config').notNull(),
  /** AES-256-GCM of the secret fields as JSON: "v1:<key id>:<iv>:<tag>:<ciphertext>" (base64url). */
  secret: text('secret'),
  /** Requests per interval for calls through this connection, e.g. "100/60s". */
  rateLimit: text('rate_limit'),
  /** Admin's exception to the egress guard: this connection may reach private, loopback and link-local addresses (never cloud metadata). */
  allowPrivate: boolean('allow_private').notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** How long run data is kept: one row per flow, and '*' for every flow without its own row. */
export const retentionPolicies = table('retention_policies', {
  flowId: text('flow_id').primaryKey(),
  /** Runs finished longer ago than this are deleted; null keeps them. */
  days: integer('days'),
  /** false: a succeeded run's step inputs and outputs are dropped once it finishes (its outline stays). */
  keepSuccessPayloads: boolean('keep_success_payloads').notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * Signed webhook requests accepted within their tolerance window, per flow: the same signed request
 * again is a replay until `expires_at` (ms), when its timestamp is refused anyway. Pruned as it expires.
 */
export const webhookSignatures = table(
  'webhook_signatures',
  {
    flowId: text('flow_id').notNull(),
    /** Hex HMAC-SHA256 of "<timestamp>.<body>" under the webhook's current secret. */
    signature: text('signature').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey(t.flowId, t.signature), index('webhook_signatures_expiry').on(t.expiresAt)],
);
