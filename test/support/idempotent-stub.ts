import { createServer, type Server } from 'node:http';

/**
 * A downstream system on loopback that honours Idempotency-Key like a real
 * ERP: the first request with a key creates a record, a repeat returns it.
 */
export interface IdempotentStub {
  url: string;
  /** Requests received per key (repeats included). */
  received: Map<string, number>;
  /** Records created per key; more than one would be a duplicate. */
  created: Map<string, number>;
  missingKey: number;
  /** Requests that have arrived (answered or held). */
  arrived: number;
  /** Holds every request until release() (a downstream that hangs). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startIdempotentStub(opts: { delayMs?: number } = {}): Promise<IdempotentStub> {
  const received = new Map<string, number>();
  const created = new Map<string, number>();
  const responses = new Map<string, string>();
  const state = { missingKey: 0, arrived: 0 };
  let held: (() => void)[] | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      const reply = () => {
        if (typeof key !== 'string') {
          state.missingKey++;
          res.writeHead(400).end('{"error":"Idempotency-Key required"}');
          return;
        }
        received.set(key, (received.get(key) ?? 0) + 1);
        let body = responses.get(key);
        if (!body) {
          created.set(key, (created.get(key) ?? 0) + 1);
          body = JSON.stringify({
            id: `P-${created.size}`,
            key,
            request: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
          });
          responses.set(key, body);
        }
        res.writeHead(201, { 'content-type': 'application/json' }).end(body);
      };
      state.arrived++;
      const answer = () => (opts.delayMs ? setTimeout(reply, opts.delayMs) : reply());
      if (held) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    created,
    get missingKey() {
      return state.missingKey;
    },
    get arrived() {
      return state.arrived;
    },
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const answer of waiting) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
