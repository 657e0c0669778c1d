import type { Paging } from '../../shared/openapi/operation.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { HttpAnswer } from './http-call.ts';

/** A dotted path into a body ("data.items"); undefined where it leads nowhere. */
export function at(body: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '') return body;
  let v = body;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The rel="next" target of an RFC 8288 Link header, resolved against the page's URL. */
export function nextLink(header: string | undefined, base: URL): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2]!);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) return new URL(m[1]!, base);
  }
  return undefined;
}

const headerOf = (h: Record<string, string>, name: string) =>
  h[name] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];

const pagingError = (message: string) => new WeftError(ErrorCodes.validation, message, { retryable: false });

/**
 * Reads every page of a paged operation and returns all their items as one list, bounded by
 * maxPages and maxItems (past either the step fails, naming the limit). `fetchPage` makes one call.
 */
export async function readPages(
  first: URL,
  paging: Paging,
  fetchPage: (url: URL) => Promise<HttpAnswer>,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let url: URL | undefined = new URL(first);
  let offset = 0;
  if (paging.style === 'offset') {
    const start = Number(url.searchParams.get(paging.offsetParam) ?? 0);
    offset = Number.isFinite(start) ? start : 0;
    url.searchParams.set(paging.offsetParam, String(offset));
    url.searchParams.set(paging.limitParam, String(paging.limit));
  }
  for (let page = 1; url; page++) {
    if (page > paging.maxPages)
      throw pagingError(
        `paging: there are more than ${paging.maxPages} pages (maxPages); raise it or narrow the query`,
      );
    const res = await fetchPage(url);
    const list = at(res.body, paging.itemsPath);
    if (!Array.isArray(list))
      throw new WeftError(
        ErrorCodes.invalidResponse,
        `paging: page ${page} has no list at ${paging.itemsPath ? `"${paging.itemsPath}"` : 'its body'}`,
        { retryable: false },
      );
    items.push(...list);
    if (items.length > paging.maxItems)
      throw pagingError(
        `paging: there are more than ${paging.maxItems} items (maxItems); raise it or narrow the query`,
      );
    const current: URL = url;
    url = undefined;
    if (paging.style === 'cursor') {
      const cursor = at(res.body, paging.cursorPath);
      if (cursor !== undefined && cursor !== null && cursor !== '') {
        url = new URL(current);
        url.searchParams.set(paging.cursorParam, String(cursor));
      }
    } else if (paging.style === 'offset') {
      if (list.length >= paging.limit) {
        offset += list.length;
        url = new URL(current);
        url.searchParams.set(paging.offsetParam, String(offset));
      }
    } else {
      const next = nextLink(headerOf(res.headers, 'link'), current);
      if (next && next.origin !== first.origin)
        throw pagingError(
          `paging: the next page ${next.origin} is not below the connection; its credentials are sent only there`,
        );
      url = next;
    }
  }
  return items;
}
