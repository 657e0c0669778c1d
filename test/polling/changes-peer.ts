import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flow, n } from '../support/flows.ts';

/** One record of the peer: a time entry with its change time and version. */
export interface PeerRecord {
  id: string;
  updatedAt: string;
  version: number;
  hours: number;
}

/**
 * A system that only answers when asked, on 127.0.0.1: GET /psa/time-entries/changes?since&afterId&limit
 * answers the records changed after (since, afterId), ordered by (updatedAt, id), with `version` and
 * `nextCursor`. Records change when the test says so; every (id, version) it served is remembered.
 */
export class ChangesPeer {
  readonly records = new Map<string, PeerRecord>();
  /** "id@version" of every record version a response carried. */
  readonly served = new Set<string>();
  requests = 0;
  /** Answers this many requests with 503 before answering again. */
  failNext = 0;
  private server!: Server;
  url = '';
  private clock = Date.UTC(2026, 0, 1);

  static async start(): Promise<ChangesPeer> {
    const peer = new ChangesPeer();
    peer.server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://peer');
      peer.requests++;
      if (url.pathname !== '/psa/time-entries/changes') return void res.writeHead(404).end();
      if (peer.failNext > 0) {
        peer.failNext--;
        return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(peer.page(url.searchParams)));
    });
    await new Promise<void>((r) => peer.server.listen(0, '127.0.0.1', r));
    peer.url = `http://127.0.0.1:${(peer.server.address() as AddressInfo).port}`;
    return peer;
  }

  /** Creates or changes record `id`: a new version at the given time (default: one ms after the last change). */
  change(id: string, at?: number): PeerRecord {
    this.clock = at ?? this.clock + 1;
    return this.write(id);
  }

  /**
   * Changes several records in one go at one new time, as one transaction of the system would: no request
   * is answered in between, so ties at that time are complete when first seen.
   */
  changeTogether(ids: string[]): PeerRecord[] {
    this.clock += 1;
    return ids.map((id) => this.write(id));
  }

  private write(id: string): PeerRecord {
    const old = this.records.get(id);
    const r = {
      id,
      updatedAt: new Date(this.clock).toISOString(),
      version: (old?.version ?? 0) + 1,
      hours: ((old?.version ?? 0) % 8) + 0.5,
    };
    this.records.set(id, r);
    return r;
  }

  private page(q: URLSearchParams) {
    const since = q.get('since') ?? new Date(0).toISOString();
    const afterId = q.get('afterId') ?? '';
    const limit = Math.min(Number(q.get('limit') ?? 50), 500);
    const after = (r: PeerRecord) => r.updatedAt > since || (r.updatedAt === since && r.id > afterId);
    const records = [...this.records.values()]
      .filter(after)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((r) => ({ ...r }));
    for (const r of records) this.served.add(`${r.id}@${r.version}`);
    const last = records.at(-1);
    return { records, nextCursor: last ? { since: last.updatedAt, afterId: last.id } : null };
  }

  /** The dedupe keys of runs the trigger node `poll` should have started: one per version served. */
  servedKeys(): string[] {
    return [...this.served].map((s) => `poll:poll:${s.replace('@', ':')}`).sort();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** A flow whose trigger.poll asks the peer (through connection `psa`) for time-entry changes. */
export function pollFlow(id: string, over: Record<string, unknown> = {}) {
  const config = {
    connection: 'psa',
    request: {
      path: '/psa/time-entries/changes',
      query: { since: '{{cursor.since}}', afterId: '{{cursor.afterId}}', limit: '{{limit}}' },
    },
    intervalMs: 100,
    records: 'records',
    id: 'id',
    version: 'version',
    cursor: { kind: 'updatedSince', timestamp: 'updatedAt' },
    limit: 5,
    maxPages: 20,
    ...over,
  };
  return flow(id, { poll: { type: 'trigger.poll', config }, out: n.map('{ "id": id, "version": version }') }, [
    'poll>out',
  ]);
}
