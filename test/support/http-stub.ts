import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from './poll.ts';

/** One request the stub received. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  idempotencyKey: string | undefined;
}

/**
 * What the stub answers. 'hang' never answers (the connection stays open until
 * close()); 'hold' keeps the request until `release()` says what to answer.
 */
export type StubReply = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang' | 'hold';
type Answer = Exclude<StubReply, 'hang' | 'hold'>;

const OK: StubReply = { status: 200 };

/**
 * A real HTTP peer on 127.0.0.1 (port 0) for connector steps. It records every
 * request (with its Idempotency-Key), answers from a per-path script, and can
 * hold requests until several are in flight at once (to prove concurrency).
 */
export class HttpStub {
  readonly requests: StubRequest[] = [];
  /** Largest number of requests the stub held unanswered at the same time. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly queued = new Map<string, StubReply[]>();
  private readonly fallback = new Map<string, StubReply>();
  private readonly held = new Map<string, ((r: Answer) => void)[]>();
  private gate: {
    count: number;
    timeoutMs: number;
    held: (() => void)[];
    fail: ((why: string) => void)[];
    timer?: NodeJS.Timeout;
  } | null = null;
  private server!: Server;
  url = '';

  static async start(): Promise<HttpStub> {
    const stub = new HttpStub();
    stub.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const path = new URL(req.url!, 'http://stub').pathname;
        const key = req.headers['idempotency-key'];
        stub.requests.push({
          method: req.method!,
          path,
          headers: req.headers,
          body,
          idempotencyKey: typeof key === 'string' ? key : undefined,
        });
        stub.inFlight++;
        stub.maxInFlight = Math.max(stub.maxInFlight, stub.inFlight);
        res.on('close', () => stub.inFlight--);
        const reply = stub.queued.get(path)?.shift() ?? stub.fallback.get(path) ?? OK;
        const send = (r: Answer) => {
          const payload =
            r.body === undefined
              ? JSON.stringify({ ok: true, path, received: safeJson(body) })
              : typeof r.body === 'string'
                ? r.body
                : JSON.stringify(r.body);
          res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers }).end(payload);
        };
        if (reply === 'hang') return;
        if (reply === 'hold') return void stub.held.set(path, [...(stub.held.get(path) ?? []), send]);
        if (!stub.gate) return send(reply);
        stub.holdAtGate(
          () => send(reply),
          (why) => send({ status: 400, body: { error: why } }),
        );
      });
    });
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    stub.url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    return stub;
  }

  /** The default answer for a path (200 with an echo when never set). */
  respond(path: string, reply: StubReply): this {
    this.fallback.set(path, reply);
    return this;
  }

  /** The next `times` requests to `path` get `reply`; later ones the default answer. */
  failTimes(path: string, times: number, reply: StubReply): this {
    const q = this.queued.get(path) ?? [];
    for (let i = 0; i < times; i++) q.push(reply);
    this.queued.set(path, q);
    return this;
  }

  /**
   * Holds every request until `count` are held together, then answers all of
   * them; if that does not happen within `timeoutMs`, answers the held ones 400
   * (not retryable) so a test waiting for the run fails fast and clearly.
   */
  holdUntilConcurrent(count: number, timeoutMs = 3000): this {
    this.gate = { count, timeoutMs, held: [], fail: [] };
    return this;
  }

  /** Answers every request to `path` held by a 'hold' reply; returns how many there were. */
  release(path: string, reply: Answer): number {
    const waiting = this.held.get(path) ?? [];
    this.held.delete(path);
    for (const send of waiting) send(reply);
    return waiting.length;
  }

  calls(path: string): StubRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Waits (bounded) until `path` has received `n` requests. */
  async waitForCalls(path: string, n: number, timeoutMs = 5000): Promise<StubRequest[]> {
    await until(
      () => this.calls(path).length >= n,
      `${n} request(s) to ${path} (got ${this.calls(path).length})`,
      timeoutMs,
    );
    return this.calls(path);
  }

  async close(): Promise<void> {
    if (this.gate?.timer) clearTimeout(this.gate.timer);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private holdAtGate(release: () => void, fail: (why: string) => void): void {
    const g = this.gate!;
    g.held.push(release);
    g.fail.push(fail);
    if (g.held.length === 1)
      g.timer = setTimeout(
        () => this.openGate(`only ${g.held.length} of ${g.count} requests were in flight together`),
        g.timeoutMs,
      );
    if (g.held.length >= g.count) this.openGate(null);
  }

  private openGate(failure: string | null): void {
    const g = this.gate!;
    clearTimeout(g.timer);
    const { held, fail } = g;
    this.gate = null;
    if (failure === null) for (const r of held) r();
    else for (const f of fail) f(failure);
  }
}

function safeJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
