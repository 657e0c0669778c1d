/** The dashboard's time range as the address keeps it: `?range=1h|24h|7d`, or `?range=custom&from=…&to=…`. */

export type NamedRange = '1h' | '24h' | '7d';
export type RangeChoice = { range: NamedRange } | { range: 'custom'; from: number; to: number };

/** The longest custom range the API takes (runtime/dashboard/time-range.ts). */
export const MAX_CUSTOM_MS = 366 * 24 * 3_600_000;

/** An instant from the address: ms since the epoch, or an ISO 8601 date and time. */
function instant(s: string | null): number | null {
  if (s === null || s.trim() === '') return null;
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
}

/** The range in the address; a custom one without a readable from and to is the default, the last 24 hours. */
export function readRange(params: URLSearchParams): RangeChoice {
  const r = params.get('range');
  if (r === 'custom') {
    const from = instant(params.get('from'));
    const to = instant(params.get('to'));
    if (from !== null && to !== null) return { range: 'custom', from, to };
  }
  return { range: r === '1h' || r === '7d' ? r : '24h' };
}

/** The address's query for a range: a custom one in ISO 8601 (UTC), so that a link shows the same span anywhere. */
export function rangeSearch(c: RangeChoice): string {
  const q = new URLSearchParams({ range: c.range });
  if (c.range === 'custom') {
    q.set('from', new Date(c.from).toISOString());
    q.set('to', new Date(c.to).toISOString());
  }
  return q.toString();
}

/** The API's query for a range (GET /api/dashboard, /api/dashboard/flows/:flowId). */
export function rangeQuery(c: RangeChoice): string {
  return c.range === 'custom' ? `range=custom&from=${c.from}&to=${c.to}` : `range=${c.range}`;
}

/** What is wrong with a custom range typed as datetime-local values, by field; null when it is fine. */
export function customRangeError(
  from: number | null,
  to: number | null,
): { field: 'from' | 'to'; message: string } | null {
  if (from === null) return { field: 'from', message: 'Enter when the range starts (date and time).' };
  if (to === null) return { field: 'to', message: 'Enter when the range ends (date and time).' };
  if (!(from < to)) return { field: 'to', message: 'The end must be after the start.' };
  if (to - from > MAX_CUSTOM_MS) return { field: 'to', message: 'A custom range spans a year at most.' };
  return null;
}
