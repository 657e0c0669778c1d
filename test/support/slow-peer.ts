import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A downstream on loopback that answers after a random few ms, so runs overtake each other unless Weft keeps
 * them in order. Requests to /post (random 0–3 ms) and /slow (20 ms) are recorded with their calls in flight;
 * any other path answers after 0–11 ms unrecorded. Every answer echoes the body.
 */
export class SlowPeer {
  readonly received: { key: string; seq: number }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const recorded = req.url === '/post' || req.url === '/slow';
        if (recorded) {
          const { key, seq } = JSON.parse(body) as { key: string; seq: number };
          this.received.push({ key, seq });
          this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
        }
        setTimeout(
          () => {
            if (recorded) this.inFlight--;
            res.writeHead(200, { 'content-type': 'application/json' }).end(body);
          },
          req.url === '/slow' ? 20 : Math.floor(Math.random() * (recorded ? 4 : 12)),
        );
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}
