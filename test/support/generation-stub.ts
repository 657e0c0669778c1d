import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * An idempotent downstream on loopback (like idempotent-stub.ts: the first
 * request with a key creates a record, repeats get it back) that also notes,
 * for every request, the "generation" of the connection it came on. A test
 * bumps `generation` before it starts a new runtime process, so each request
 * can be told apart by the process that sent it: a connection belongs to the
 * generation current when it was accepted, and a new process can only open new
 * connections (see nextGeneration).
 */
export interface GenerationStub {
  url: string;
  /** Set by the test before it starts the next runtime process. */
  generation: number;
  /** Per Idempotency-Key, the generation of each request's connection, in arrival order. */
  requests: Map<string, number[]>;
  /** Records created per key; more than one would be a duplicate. */
  created: Map<string, number>;
  readonly missingKey: number;
  /** All requests with a key. */
  total(): number;
  close(): Promise<void>;
}

const BARRIER = '/__barrier';

/**
 * Starts the next generation: first a request of our own to every stub, answered only once the
 * stub has accepted every connection queued before it (connections are accepted in order), so
 * connections the previous process opened just before it died still count as its own.
 */
export async function nextGeneration(stubs: GenerationStub[]): Promise<void> {
  await Promise.all(
    stubs.map(async (stub) => {
      const res = await fetch(stub.url + BARRIER, { headers: { connection: 'close' } });
      await res.arrayBuffer();
      stub.generation++;
    }),
  );
}

export async function startGenerationStub(opts: { delayMs?: number } = {}): Promise<GenerationStub> {
  const requests = new Map<string, number[]>();
  const created = new Map<string, number>();
  const responses = new Map<string, string>();
  const generationOf = new WeakMap<Socket, number>();
  let missingKey = 0;
  const server: Server = createServer((req, res) => {
    const generation = generationOf.get(req.socket) ?? -1;
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.url === BARRIER) return void res.writeHead(204).end();
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string') {
        missingKey++;
        res.writeHead(400).end('{"error":"Idempotency-Key required"}');
        return;
      }
      requests.set(key, [...(requests.get(key) ?? []), generation]);
      const reply = () => {
        let body = responses.get(key);
        if (!body) {
          created.set(key, (created.get(key) ?? 0) + 1);
          body = JSON.stringify({
            id: `R-${created.size}`,
            key,
            request: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
          });
          responses.set(key, body);
        }
        res.writeHead(201, { 'content-type': 'application/json' }).end(body);
      };
      if (opts.delayMs) setTimeout(reply, opts.delayMs);
      else reply();
    });
  });
  const stub: GenerationStub = {
    url: '',
    generation: 0,
    requests,
    created,
    get missingKey() {
      return missingKey;
    },
    total: () => [...requests.values()].reduce((sum, g) => sum + g.length, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: Socket) => generationOf.set(socket, stub.generation));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return stub;
}
