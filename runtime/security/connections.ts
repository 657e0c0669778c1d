import { eq } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { connections, flows } from '../store/schema.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { HttpClient, ResolvedConnection } from '../../nodes/define-node.ts';
import type { ConnectionInput, ConnectionView } from '../../shared/connection.ts';
import { AUTH_TYPES, SECRET_FIELDS, readRateLimit } from '../../shared/connection.ts';
import type { SecretBox } from './secret-box.ts';
import type { SecretMasker } from './secret-mask.ts';
import { AccessTokens, fetchClientCredentialsToken } from './oauth2.ts';
import { isMetadataHost } from '../engine/egress-ranges.ts';

export { connectionInput, type ConnectionInput } from '../../shared/connection.ts';

type Row = typeof connections.$inferSelect;
type Secrets = Partial<Record<(typeof SECRET_FIELDS)[number], string>>;
const PUBLIC_FIELDS = ['username', 'header', 'tokenUrl', 'clientId', 'scope'] as const;

/** The fields each auth type needs (public and secret) and may have. */
const NEEDS: Record<(typeof AUTH_TYPES)[number], { public: string[]; optional: string[]; secret: string[] }> = {
  none: { public: [], optional: [], secret: [] },
  bearer: { public: [], optional: [], secret: ['token'] },
  basic: { public: ['username'], optional: [], secret: ['password'] },
  api_key: { public: [], optional: ['header'], secret: ['key'] },
  oauth2_client_credentials: { public: ['tokenUrl', 'clientId'], optional: ['scope'], secret: ['clientSecret'] },
};

/**
 * Connections to downstream systems. Secrets are sealed with the SecretBox before they are stored and
 * opened only to build a request's headers; every secret (and the tokens it yields) is handed to the
 * masker, so it is replaced wherever it would be stored or logged.
 */
export class Connections {
  private readonly tokens = new AccessTokens(() => this.now());

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly masker: SecretMasker,
    private readonly http: () => HttpClient,
    private readonly now: () => number = Date.now,
  ) {
    for (const row of this.db.select().from(connections).all()) this.remember(row);
  }

  list(): ConnectionView[] {
    return this.db
      .select()
      .from(connections)
      .orderBy(connections.name)
      .all()
      .map((r) => this.view(r));
  }

  get(id: string): ConnectionView {
    return this.view(this.row(id));
  }

  create(input: ConnectionInput, by: string | null): ConnectionView {
    const id = input.id ?? slug(input.name);
    if (this.db.select({ id: connections.id }).from(connections).where(eq(connections.id, id)).get())
      throw new WeftError(ErrorCodes.conflict, `a connection with id "${id}" exists`);
    const row = this.build(id, input, {}, by, this.now());
    this.db.insert(connections).values(row).run();
    this.remember(row);
    return this.view(row);
  }

  /** Replaces the connection's settings; secret fields left out keep their stored value. Returns before and after. */
  update(id: string, input: ConnectionInput, by: string | null): { before: ConnectionView; after: ConnectionView } {
    const old = this.row(id);
    if (input.id !== undefined && input.id !== id)
      throw new WeftError(ErrorCodes.badRequest, 'the id of a connection cannot change', { details: { field: 'id' } });
    const row = this.build(id, input, old.authType === input.auth.type ? this.secretsOf(old) : {}, by, old.createdAt);
    this.db.update(connections).set(row).where(eq(connections.id, id)).run();
    this.tokens.delete(id);
    this.remember(row);
    return { before: this.view(old), after: this.view(row) };
  }

  delete(id: string): ConnectionView {
    const old = this.row(id);
    const users = this.usedBy(id);
    if (users.length)
      throw new WeftError(
        ErrorCodes.conflict,
        `connection "${id}" is used by ${users.map((f) => `"${f}"`).join(', ')}; change those flows first`,
      );
    this.db.delete(connections).where(eq(connections.id, id)).run();
    this.tokens.delete(id);
    return this.view(old);
  }

  /** Headers and guard settings for a request through the connection; OAuth2 tokens are cached until shortly before they expire. */
  async resolve(id: string, signal?: AbortSignal): Promise<ResolvedConnection> {
    const row = this.db.select().from(connections).where(eq(connections.id, id)).get();
    if (!row) throw new WeftError(ErrorCodes.config, `connection "${id}" does not exist`, { retryable: false });
    const cfg = row.authConfig as Record<string, string>;
    const s = this.secretsOf(row);
    const headers: Record<string, string> = {};
    if (row.authType === 'bearer') headers.authorization = `Bearer ${s.token}`;
    else if (row.authType === 'basic')
      headers.authorization = `Basic ${Buffer.from(`${cfg.username}:${s.password}`).toString('base64')}`;
    else if (row.authType === 'api_key') headers[cfg.header ?? 'x-api-key'] = s.key!;
    else if (row.authType === 'oauth2_client_credentials')
      headers.authorization = `Bearer ${await this.accessToken(row, s, signal)}`;
    const rate = row.rateLimit === null ? null : readRateLimit(row.rateLimit);
    if (rate && 'problem' in rate)
      throw new WeftError(
        ErrorCodes.config,
        `connection "${id}": rateLimit "${row.rateLimit}" ${rate.problem}; correct the connection`,
        { retryable: false },
      );
    return {
      id,
      baseUrl: row.baseUrl,
      headers,
      allowPrivate: row.allowPrivate,
      unauthorized: () => this.tokens.delete(id),
      reauthorize:
        row.authType === 'oauth2_client_credentials'
          ? async () => ({
              authorization: `Bearer ${await this.accessToken(row, s, signal, headers.authorization!.slice(7))}`,
            })
          : undefined,
      guard: { key: `connection:${id}`, rateLimit: rate && { limit: rate.limit, intervalMs: rate.intervalMs } },
    };
  }

  /** The shared secret a webhook checks its callers against: the connection's token or API key. */
  sharedSecret(id: string): string {
    const row = this.db.select().from(connections).where(eq(connections.id, id)).get();
    const s = row ? this.secretsOf(row) : {};
    const secret = s.token ?? s.key;
    if (!secret)
      throw new WeftError(
        'webhook_misconfigured',
        `the webhook's secret connection "${id}" does not exist or holds no token or API key`,
      );
    return secret;
  }

  /** Re-seals every stored secret with `next` (key rotation); returns how many connections changed. */
  reseal(next: SecretBox): number {
    let n = 0;
    this.db.transaction((tx) => {
      for (const row of tx.select().from(connections).all()) {
        if (!row.secret) continue;
        tx.update(connections)
          .set({ secret: next.seal(this.box.open(row.secret)) })
          .where(eq(connections.id, row.id))
          .run();
        n++;
      }
    });
    return n;
  }

  /** The connection's OAuth2 token (one other than `refused` after a 401); the token request is shared: `signal` ends only this caller's wait. */
  private accessToken(row: Row, s: Secrets, signal?: AbortSignal, refused?: string): Promise<string> {
    const cfg = row.authConfig as Record<string, string>;
    const request = async () => {
      const t = await fetchClientCredentialsToken(this.http(), {
        tokenUrl: cfg.tokenUrl!,
        clientId: cfg.clientId!,
        clientSecret: s.clientSecret!,
        scope: cfg.scope,
        allowPrivate: row.allowPrivate,
      });
      this.masker.add(t.accessToken);
      return t;
    };
    return refused === undefined
      ? this.tokens.get(row.id, request, signal)
      : this.tokens.replace(row.id, refused, request, signal);
  }

  private build(id: string, input: ConnectionInput, kept: Secrets, by: string | null, createdAt: number): Row {
    const a = input.auth;
    const need = NEEDS[a.type];
    const authConfig: Record<string, string> = {};
    for (const f of PUBLIC_FIELDS)
      if (a[f] !== undefined && [...need.public, ...need.optional].includes(f)) authConfig[f] = a[f]!;
    const secrets: Secrets = {};
    for (const f of need.secret as (typeof SECRET_FIELDS)[number][]) {
      const sent = a[f];
      if (sent === null) continue;
      const value = sent ?? kept[f];
      if (value !== undefined) secrets[f] = value;
    }
    const missing = [
      ...need.public.filter((f) => authConfig[f] === undefined),
      ...need.secret.filter((f) => secrets[f as keyof Secrets] === undefined),
    ];
    if (missing.length)
      throw new WeftError(
        ErrorCodes.badRequest,
        `auth type ${a.type} needs ${missing.map((f) => `auth.${f}`).join(', ')}`,
        { details: { fields: missing.map((f) => `auth.${f}`) } },
      );
    const rate = input.rateLimit ? readRateLimit(input.rateLimit) : null;
    if (rate && 'problem' in rate)
      throw new WeftError(ErrorCodes.badRequest, `rateLimit ${rate.problem}`, { details: { field: 'rateLimit' } });
    for (const [field, url] of [
      ['baseUrl', input.baseUrl],
      ['auth.tokenUrl', a.tokenUrl],
    ] as const)
      if (url && URL.canParse(url) && isMetadataHost(new URL(url).hostname))
        throw new WeftError(
          ErrorCodes.badRequest,
          `${field}: ${new URL(url).hostname} is a cloud metadata address (instance credentials are served there); connections may not point there`,
          { details: { field } },
        );
    const now = this.now();
    return {
      id,
      name: input.name,
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      authType: a.type,
      authConfig,
      secret: Object.keys(secrets).length ? this.box.seal(JSON.stringify(secrets)) : null,
      rateLimit: input.rateLimit ?? null,
      allowPrivate: input.allowPrivate ?? false,
      createdAt,
      updatedAt: now,
      updatedBy: by,
    };
  }

  private secretsOf(row: Row): Secrets {
    return row.secret ? (JSON.parse(this.box.open(row.secret)) as Secrets) : {};
  }

  /** Hands every secret of the connection, and the Basic credentials built from it, to the masker. */
  private remember(row: Row): void {
    let s: Secrets;
    try {
      s = this.secretsOf(row);
    } catch {
      return;
    }
    const values = Object.values(s).filter((v): v is string => typeof v === 'string');
    const cfg = row.authConfig as Record<string, string>;
    if (row.authType === 'basic' && s.password)
      values.push(Buffer.from(`${cfg.username}:${s.password}`).toString('base64'));
    this.masker.add(...values);
  }

  private row(id: string): Row {
    const row = this.db.select().from(connections).where(eq(connections.id, id)).get();
    if (!row) throw new WeftError(ErrorCodes.notFound, `connection "${id}" not found`);
    return row;
  }

  /** Flows whose draft uses the connection. */
  private usedBy(id: string): string[] {
    return this.db
      .select({ id: flows.id, definition: flows.definition })
      .from(flows)
      .all()
      .filter((f) =>
        (f.definition as { nodes: { config?: { connection?: unknown } }[] }).nodes.some(
          (n) => n.config?.connection === id,
        ),
      )
      .map((f) => f.id);
  }

  private view(r: Row): ConnectionView {
    let secretSet = false;
    try {
      secretSet = Object.keys(this.secretsOf(r)).length > 0;
    } catch {
      secretSet = false;
    }
    return {
      id: r.id,
      name: r.name,
      baseUrl: r.baseUrl,
      auth: { type: r.authType, ...(r.authConfig as Record<string, string>), secretSet },
      rateLimit: r.rateLimit,
      allowPrivate: r.allowPrivate,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy,
      usedBy: this.usedBy(r.id),
    };
  }
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return s || 'connection';
}
