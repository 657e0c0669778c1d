import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readPages, nextLink } from './paging.ts';
import { pagingSchema } from '../../shared/openapi/operation.ts';
import type { HttpAnswer } from './http-call.ts';

/** A loopback peer answering pages of 0..9 by its query (cursor, offset/limit or page with a Link header). */
let server: Server;
let base = '';
const seen: string[] = [];
beforeEach(async () => {
  seen.length = 0;
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://peer');
    seen.push(url.pathname + url.search);
    const all = Array.from({ length: 10 }, (_, i) => i);
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/cursor') {
      const at = Number(url.searchParams.get('cursor') ?? 0);
      const next = at + 4 < 10 ? String(at + 4) : null;
      res.end(JSON.stringify({ data: all.slice(at, at + 4), meta: { next } }));
    } else if (url.pathname === '/offset') {
      const o = Number(url.searchParams.get('offset'));
      const l = Number(url.searchParams.get('limit'));
      res.end(JSON.stringify(all.slice(o, o + l)));
    } else {
      const page = Number(url.searchParams.get('page') ?? 1);
      if (page < 3)
        res.setHeader('link', `<${base}/link?page=${page + 1}>; rel="next", <${base}/link?page=1>; rel="first"`);
      res.end(JSON.stringify({ items: all.slice((page - 1) * 4, page * 4) }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((r) => server.close(() => r())));

async function fetchPage(url: URL): Promise<HttpAnswer> {
  const res = await fetch(url);
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.json() };
}

describe('paging', () => {
  it('cursor: follows the cursor at a response path in a request parameter', async () => {
    const p = pagingSchema.parse({
      style: 'cursor',
      cursorPath: 'meta.next',
      cursorParam: 'cursor',
      itemsPath: 'data',
    });
    expect(await readPages(new URL(`${base}/cursor`), p, fetchPage)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen).toEqual(['/cursor', '/cursor?cursor=4', '/cursor?cursor=8']);
  });

  it('offset/limit: stops at a short page', async () => {
    const p = pagingSchema.parse({ style: 'offset', limit: 3 });
    expect(await readPages(new URL(`${base}/offset`), p, fetchPage)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.at(-1)).toBe('/offset?offset=9&limit=3');
  });

  it('Link header rel=next', async () => {
    const p = pagingSchema.parse({ style: 'link', itemsPath: 'items' });
    expect(await readPages(new URL(`${base}/link`), p, fetchPage)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen).toEqual(['/link', '/link?page=2', '/link?page=3']);
  });

  it('fails clearly past maxPages or maxItems', async () => {
    const pages = pagingSchema.parse({ style: 'offset', limit: 2, maxPages: 2 });
    await expect(readPages(new URL(`${base}/offset`), pages, fetchPage)).rejects.toThrow(
      /more than 2 pages \(maxPages\)/,
    );
    const items = pagingSchema.parse({ style: 'link', itemsPath: 'items', maxItems: 5 });
    await expect(readPages(new URL(`${base}/link`), items, fetchPage)).rejects.toThrow(
      /more than 5 items \(maxItems\)/,
    );
  });

  it('reads rel=next among several links', () => {
    const u = nextLink('<https://a/x?p=1>; rel="prev", <https://a/x?p=3>; rel="next"', new URL('https://a/x'));
    expect(u?.href).toBe('https://a/x?p=3');
  });
});
