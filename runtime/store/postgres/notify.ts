import pg from 'pg';
import { CHANGE_TOPICS, LocalChanges, type ChangeFeed, type ChangeListener, type ChangeTopic } from '../changes.ts';
import type { Logger } from '../../logger.ts';

const CHANNEL = 'weft_changes';
const TOPICS: readonly ChangeTopic[] = CHANGE_TOPICS;

/** Notifications sent in one statement at most. */
const MAX_PER_QUERY = 100;

interface Outgoing {
  payload: string;
  sent: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Changes across the processes of a cluster through PostgreSQL's LISTEN/NOTIFY: one connection of its
 * own listens (opened again after it breaks; everything is refreshed then, since notifications sent
 * while it was away are lost). What a turn of the event loop has to tell goes out in one statement, each
 * change once however often it was told (a run of a limited flow ending tells its flow's admission).
 */
export class PostgresChanges implements ChangeFeed {
  private readonly local = new LocalChanges();
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** Notifications to send at the end of this turn, by payload. */
  private outgoing = new Map<string, Outgoing>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: pg.ClientConfig,
    private readonly logger: Logger,
  ) {}

  /** Connects the listening connection; resolves once it listens. */
  async start(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (n) => this.received(n.payload));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  notify(topic: ChangeTopic, detail: string | null = null): Promise<void> {
    const payload = JSON.stringify({ topic, detail, origin: this.local.origin });
    const queued = this.outgoing.get(payload);
    if (queued) return queued.sent;
    if (this.outgoing.size === 0) setImmediate(() => void this.send());
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const sent = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.outgoing.set(payload, { payload, sent, resolve, reject });
    return sent;
  }

  /** Sends what this turn has to tell, in statements of up to MAX_PER_QUERY notifications. */
  private async send(): Promise<void> {
    const all = [...this.outgoing.values()];
    this.outgoing = new Map();
    for (let i = 0; i < all.length; i += MAX_PER_QUERY) {
      const some = all.slice(i, i + MAX_PER_QUERY);
      const calls = some.map((_, j) => `pg_notify($1, $${j + 2})`).join(', ');
      try {
        await this.pool.query(`SELECT ${calls}`, [CHANNEL, ...some.map((o) => o.payload)]);
        for (const o of some) o.resolve();
      } catch (err) {
        for (const o of some) o.reject(err);
      }
    }
  }

  listen(fn: ChangeListener): () => void {
    return this.local.listen(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }

  private received(payload: string | undefined): void {
    try {
      const m = JSON.parse(payload ?? '') as { topic: ChangeTopic; detail: string | null; origin: string };
      if (m.origin !== this.local.origin && TOPICS.includes(m.topic)) this.local.deliver(m.topic, m.detail ?? null);
    } catch {
      this.logger.warn('change notification ignored: not one of ours', { channel: CHANNEL });
    }
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.end().catch(() => {});
    this.logger.warn('change notifications interrupted; listening again', { error: err.message });
    const again = () => {
      if (this.closed) return;
      this.start().then(
        // Notifications sent while away are lost: every cache is refreshed.
        () => {
          for (const t of TOPICS) this.local.deliver(t, null);
        },
        () => {
          this.retry = setTimeout(again, 1000);
          this.retry.unref();
        },
      );
    };
    again();
  }
}
