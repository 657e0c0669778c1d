import type { Store } from '../store/ports.ts';
import type { ConnectionStore } from '../store/connection-store.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { ConnectionCredentials, HttpClient, ResolvedConnection } from '../../nodes/define-node.ts';
import type { ConnectionInput, ConnectionView } from '../../shared/connection.ts';
import { SECRET_FIELDS, readRateLimit, schemeOf } from '../../shared/connection.ts';
import type { SecretBox } from './secret-box.ts';
import type { SecretMasker } from './secret-mask.ts';
import { AccessTokens, fetchClientCredentialsToken } from './oauth2.ts';
import { connectionRow, slug, type ConnectionRow, type Secrets } from './connection-row.ts';
import { unavailableFailure } from '../store/store-failure.ts';
import { holdError } from '../guard/hold-error.ts';
import type { Actor, AuditLog } from './audit.ts';

export { connectionInput, type ConnectionInput } from '../../shared/connection.ts';

type Row = ConnectionRow;

/** How long a step that could not read its connection waits before it tries again. */
const STORE_AWAY_WAIT_MS = 1000;

/**
 * Connections to downstream systems. Secrets are sealed with the SecretBox before they are stored and
 * opened only to build a request's headers; every secret (and the tokens it yields) is handed to the
 * masker, so it is replaced wherever it would be stored or logged. Every change is one write with its
 * audit entry (which never holds a secret: views show only whether one is set).
 */
export class Connections {
  private readonly tokens = new AccessTokens(() => this.now());

  constructor(
    private readonly store: Pick<Store, 'write' | 'connections'>,
    private readonly box: SecretBox,
    private readonly masker: SecretMasker,
    private readonly http: () => HttpClient,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    /** After a change committed (other processes of a cluster are told). */
    private readonly changed: (id: string) => void = () => {},
  ) {}

  /** Another process changed connection `id` (null: any): its cached token goes, new secrets reach the masker. */
  async changedElsewhere(id: string | null): Promise<void> {
    if (id === null) this.tokens.clear();
    else this.tokens.delete(id);
    await this.load();
  }

  /** Hands every stored secret to the masker; done once, before any step runs. */
  async load(): Promise<void> {
    for (const row of await this.store.connections.list()) this.remember(row);
  }

  async list(): Promise<ConnectionView[]> {
    const [rows, uses] = await Promise.all([this.store.connections.list(), this.store.connections.usage()]);
    return rows.map((r) => this.view(r, uses));
  }

  async get(id: string): Promise<ConnectionView> {
    const row = await rowOrNotFound(this.store.connections, id);
    return this.view(row, await this.store.connections.usage());
  }

  async create(input: ConnectionInput, actor: Actor | null = null): Promise<ConnectionView> {
    const id = input.id ?? slug(input.name);
    const row = this.rowOf(id, input, {}, actor, this.now());
    const view = await this.store.write(async (tx) => {
      if (await tx.connections.get(id)) throw new WeftError(ErrorCodes.conflict, `a connection with id "${id}" exists`);
      await tx.connections.insert(row);
      const view = this.view(row, await tx.connections.usage());
      await this.audit.record({ actor, action: 'connection.created', target: id, after: view }, tx);
      return view;
    });
    this.remember(row);
    this.changed(id);
    return view;
  }

  /** Replaces the connection's settings; secret fields left out keep their stored value. Returns before and after. */
  async update(
    id: string,
    input: ConnectionInput,
    actor: Actor | null = null,
  ): Promise<{ before: ConnectionView; after: ConnectionView }> {
    if (input.id !== undefined && input.id !== id)
      throw new WeftError(ErrorCodes.badRequest, 'the id of a connection cannot change', { details: { field: 'id' } });
    const updatedAt = this.now();
    const { row, before, after } = await this.store.write(async (tx) => {
      const old = await rowOrNotFound(tx.connections, id);
      const kept = old.authType === input.auth.type ? this.secretsOf(old) : {};
      const row = this.rowOf(id, input, kept, actor, old.createdAt, updatedAt);
      await tx.connections.update(row);
      const uses = await tx.connections.usage();
      const before = this.view(old, uses);
      const after = this.view(row, uses);
      const replaced = SECRET_FIELDS.filter((f) => (input.auth as Record<string, unknown>)[f] !== undefined);
      await this.audit.record(
        {
          actor,
          action: 'connection.changed',
          target: id,
          before,
          after,
          detail: replaced.length ? { secretsReplaced: replaced } : undefined,
        },
        tx,
      );
      return { row, before, after };
    });
    this.tokens.delete(id);
    this.remember(row);
    this.changed(id);
    return { before, after };
  }

  async delete(id: string, actor: Actor | null = null): Promise<ConnectionView> {
    const before = await this.store.write(async (tx) => {
      const before = this.view(await rowOrNotFound(tx.connections, id), await tx.connections.usage());
      if (before.usedBy.length)
        throw new WeftError(
          ErrorCodes.conflict,
          `connection "${id}" is used by ${before.usedBy.map((f) => `"${f}"`).join(', ')}; change those flows first`,
        );
      await tx.connections.delete(id);
      await this.audit.record({ actor, action: 'connection.deleted', target: id, before }, tx);
      return before;
    });
    this.tokens.delete(id);
    this.changed(id);
    return before;
  }

  /**
   * The connection's row, read for a step. A database that cannot be used for the moment (connections cut,
   * unreachable) holds the step without using an attempt, as an open circuit does; it is not the step's failure.
   */
  private async rowForStep(id: string): Promise<Row | undefined> {
    try {
      return await this.store.connections.get(id);
    } catch (err) {
      const failure = unavailableFailure(err);
      if (!failure) throw err;
      throw holdError(
        `connection "${id}" could not be read: the database cannot be used (${failure.message}); next try in ${STORE_AWAY_WAIT_MS / 1000}s`,
        STORE_AWAY_WAIT_MS,
        { connection: id, reason: 'store_unavailable' },
      );
    }
  }

  /** Headers and guard settings for a request through the connection; OAuth2 tokens are cached until shortly before they expire. */
  async resolve(id: string, signal?: AbortSignal): Promise<ResolvedConnection> {
    const row = await this.rowForStep(id);
    if (!row) throw new WeftError(ErrorCodes.config, `connection "${id}" does not exist`, { retryable: false });
    const scheme = schemeOf(row.baseUrl);
    if (scheme !== 'http' && scheme !== 'https')
      throw new WeftError(
        ErrorCodes.config,
        `connection "${id}" is a ${scheme}:// connection; HTTP steps need one whose base URL is http:// or https://`,
        { retryable: false },
      );
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
  /**
   * The address and credentials of a connection for clients that speak other protocols than HTTP
   * (RabbitMQ, NATS, SFTP); never to be put into a step's output.
   */
  async credentials(id: string): Promise<Omit<ConnectionCredentials, 'address'>> {
    const row = await this.rowForStep(id);
    if (!row) throw new WeftError(ErrorCodes.config, `connection "${id}" does not exist`, { retryable: false });
    const cfg = row.authConfig as Record<string, string>;
    const s = this.secretsOf(row);
    return {
      id,
      url: new URL(row.baseUrl),
      scheme: schemeOf(row.baseUrl),
      username: cfg.username,
      password: s.password,
      token: s.token ?? s.key,
      privateKey: s.privateKey,
      allowPrivate: row.allowPrivate,
      port: portOf(new URL(row.baseUrl)),
    };
  }

  async sharedSecret(id: string): Promise<string> {
    const row = await this.rowForStep(id);
    const s = row ? this.secretsOf(row) : {};
    const secret = s.token ?? s.key;
    if (!secret)
      throw new WeftError(
        'webhook_misconfigured',
        `the webhook's secret connection "${id}" does not exist or holds no token or API key`,
      );
    return secret;
  }

  /**
   * Re-seals every stored secret (connections' and alert channels') with `next` (key rotation), audited as
   * secrets.rotated; returns how many connections changed.
   */
  reseal(next: SecretBox, actor: Actor | null = null): Promise<number> {
    return this.store.write(async (tx) => {
      let n = 0;
      for (const row of await tx.connections.list()) {
        if (!row.secret) continue;
        await tx.connections.setSecret(row.id, next.seal(this.box.open(row.secret)));
        n++;
      }
      let alertChannels = 0;
      for (const row of await tx.alerts.channels()) {
        if (!row.secret) continue;
        await tx.alerts.putChannel({ ...row, secret: next.seal(this.box.open(row.secret)) });
        alertChannels++;
      }
      await this.audit.record(
        {
          actor,
          action: 'secrets.rotated',
          target: null,
          detail: { connections: n, alertChannels, fromKey: this.box.keyId, toKey: next.keyId },
        },
        tx,
      );
      return n;
    });
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

  private rowOf(
    id: string,
    input: ConnectionInput,
    kept: Secrets,
    actor: Actor | null,
    createdAt: number,
    updatedAt = createdAt,
  ): Row {
    return connectionRow(id, input, kept, (plain) => this.box.seal(plain), {
      createdAt,
      updatedAt,
      by: actor?.name ?? null,
    });
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

  private view(r: Row, uses: Map<string, string[]>): ConnectionView {
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
      usedBy: uses.get(r.id) ?? [],
    };
  }
}

async function rowOrNotFound(connections: ConnectionStore, id: string): Promise<Row> {
  const row = await connections.get(id);
  if (!row) throw new WeftError(ErrorCodes.notFound, `connection "${id}" not found`);
  return row;
}

const DEFAULT_PORTS: Record<string, number> = { amqp: 5672, amqps: 5671, nats: 4222, tls: 4222, sftp: 22 };

/** A connection URL's port, else its scheme's default. */
export function portOf(url: URL): number {
  return url.port ? Number(url.port) : (DEFAULT_PORTS[url.protocol.replace(/:$/, '')] ?? 443);
}
