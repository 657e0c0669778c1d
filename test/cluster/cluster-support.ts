import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresAdminUrl } from '../support/postgres.ts';
import { clusterEnv, freePort, killHard, startRuntime, type RuntimeProcess } from '../support/runtime-process.ts';

/** Lease of the cluster's workers in these tests: a frozen or killed worker's runs move on within seconds. */
export const LEASE_MS = 1500;

/** Processes of one cluster on one PostgreSQL database, each with a data folder of its own. */
export class Cluster {
  readonly procs: RuntimeProcess[] = [];
  private readonly dirs: string[] = [];

  constructor(
    readonly databaseUrl: string,
    private readonly env: Record<string, string> = {},
  ) {}

  /** Starts `n` processes side by side (bounded by startRuntime's own wait). */
  async start(n: number): Promise<RuntimeProcess[]> {
    const started = await Promise.all(
      Array.from({ length: n }, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'weft-cluster-'));
        this.dirs.push(dir);
        return startRuntime(
          dir,
          await freePort(),
          clusterEnv(this.databaseUrl, { WEFT_LEASE_MS: String(LEASE_MS), ...this.env }),
        );
      }),
    );
    this.procs.push(...started);
    return started;
  }

  /** The last output of every process, for a failure message. */
  outputs(): string {
    return this.procs.map((p, i) => `--- process ${i} (${p.url}):\n${p.output().slice(-2500)}`).join('\n');
  }

  async stop(): Promise<void> {
    for (const p of this.procs.splice(0)) {
      p.child.kill('SIGCONT');
      await killHard(p);
    }
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** A connection to the test database, for reading what the cluster wrote (and to the server, for outages). */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // A connection ended by an outage the test causes is not an uncaught error.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Runs `fn` on a connection to the server's maintenance database (to terminate or refuse connections). */
export async function asAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connect(postgresAdminUrl);
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface RunRow {
  id: string;
  status: string;
  owner: string | null;
  trigger: string;
  finishedAt: number | null;
  errorCode: string | null;
  error: string | null;
}

export async function runsOf(db: pg.Client, flowId: string): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    'SELECT id, status, owner, trigger, finished_at AS "finishedAt", error_code AS "errorCode", error FROM runs WHERE flow_id = $1',
    [flowId],
  );
  return rows.map((r) => ({ ...r, finishedAt: r.finishedAt === null ? null : Number(r.finishedAt) }));
}

export type Sent = { status: number; runId: string | null; body: string } | { error: string };

/** Posts one webhook event with its Idempotency-Key; a process that does not answer within `timeoutMs` counts as lost. */
export async function sendHook(
  base: string,
  path: string,
  key: string,
  body: unknown,
  timeoutMs = 1000,
): Promise<Sent> {
  try {
    const res = await fetch(`${base}/hooks/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let runId: string | null = null;
    try {
      runId = (JSON.parse(text) as { runId?: string }).runId ?? null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, runId, body: text.slice(0, 300) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

/**
 * Waits (bounded) until every process has the flow's webhook on `path` active: each is sent a body that is
 * not JSON, which an active webhook refuses with 400 before any run starts, and a process that has not
 * heard of the activation yet answers 404.
 */
export async function servedByAll(procs: readonly { url: string }[], path: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await Promise.all(
      procs.map(async (p) => {
        const res = await fetch(`${p.url}/hooks/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{ not json',
          signal: AbortSignal.timeout(2000),
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    if (statuses.every((s) => s === 400)) return;
    if (Date.now() > deadline)
      throw new Error(`not every process serves /hooks/${path} after ${timeoutMs} ms: answers ${statuses.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One order as the downstream received it. */
export interface Arrival {
  key: string;
  customer: string;
  seq: number;
  event: string;
  /** When it arrived (epoch ms). */
  at: number;
}

/**
 * The downstream of the load flow, on loopback: /pre answers after a random few ms (so that a later run
 * of a customer could overtake an earlier one), /orders records each request's Idempotency-Key and
 * order in arrival order and creates one record per key (a repeat of a key gets the same record).
 */
export class OrderStub {
  readonly arrivals: Arrival[] = [];
  /** Records created, by Idempotency-Key. */
  readonly records = new Map<string, Arrival>();
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => {
        const answer = (status: number, body: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (req.url === '/pre') return void setTimeout(() => answer(200, { ok: true }), Math.random() * 25);
        const key = req.headers['idempotency-key'];
        if (typeof key !== 'string') return answer(400, { error: 'Idempotency-Key required' });
        const body = JSON.parse(text) as Omit<Arrival, 'key' | 'at'>;
        const arrival = { key, customer: body.customer, seq: body.seq, event: body.event, at: Date.now() };
        this.arrivals.push(arrival);
        if (!this.records.has(key)) this.records.set(key, arrival);
        answer(201, { id: `R-${this.records.size}`, key });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Resolves after `ms`: the pace of a load generator (never a wait for something to happen). */
export const pace = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LoadAnswer {
  process: number;
  /** When the request was sent. */
  at: number;
  status: number;
  runId: string | null;
  body: string;
}

/** Light webhook load: one sender per process, an event every `paceMs`, until stop(). */
export class LightLoad {
  readonly answers: LoadAnswer[] = [];
  /** Requests that got no answer within their time limit. */
  readonly lost: string[] = [];
  private stopped = false;
  private next = 0;

  constructor(
    private readonly procs: RuntimeProcess[],
    private readonly path: string,
    private readonly paceMs = 25,
  ) {}

  run(): Promise<void> {
    return Promise.all(this.procs.map((p, i) => this.sender(p, i))).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Whether process `i` accepted (202) a webhook sent at or after `since`. */
  acceptedSince(i: number, since: number): boolean {
    return this.answers.some((a) => a.process === i && a.at >= since && a.status === 202);
  }

  /** Whether process `i` refused (503) a webhook sent at or after `since`. */
  refusedSince(i: number, since: number): boolean {
    return this.answers.some((a) => a.process === i && a.at >= since && a.status === 503);
  }

  /** What the processes answered since `since`, for a failure message. */
  since(since: number): string {
    const recent = this.answers.filter((a) => a.at >= since);
    return `${recent.length} answers since then, e.g. ${JSON.stringify(recent.filter((a) => a.status !== 202).slice(0, 6))}; lost: ${JSON.stringify(this.lost.slice(-4))}`;
  }

  private async sender(p: RuntimeProcess, i: number): Promise<void> {
    while (!this.stopped) {
      const event = `E-${this.next++}`;
      const at = Date.now();
      const r = await sendHook(p.url, this.path, event, { event, customer: `P${i}`, seq: this.next }, 5_000);
      if ('error' in r) this.lost.push(`${event} to process ${i}: ${r.error}`);
      else this.answers.push({ process: i, at, status: r.status, runId: r.runId, body: r.body });
      await pace(this.paceMs);
    }
  }
}
