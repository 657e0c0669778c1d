import type { RateLimit } from './rate-limiter.ts';

export interface HostRateLimit extends RateLimit {
  /** `host:port` as in the request URL (the port only when it is not the scheme's default). */
  host: string;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const ENTRY = /^(\[[0-9a-f:.]+\](?::\d{1,5})?|[a-z0-9.-]+(?::\d{1,5})?)=(\d+)\/(\d*)(ms|s|m|h)$/i;

/**
 * Reads `host=requests/interval` entries separated by commas, e.g.
 * `127.0.0.1:4100=100/60s,erp.example.com=10/1s` (units ms, s, m, h; `10/s` is
 * `10/1s`). Any malformed or repeated entry is an error that names it.
 */
export function parseRateLimits(text: string | undefined, setting = 'WEFT_RATE_LIMITS'): HostRateLimit[] {
  if (text === undefined || text.trim() === '') return [];
  const out: HostRateLimit[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const m = ENTRY.exec(entry);
    const limit = m ? Number(m[2]) : 0;
    const intervalMs = m ? Number(m[3] === '' ? 1 : m[3]) * UNIT_MS[m[4].toLowerCase()] : 0;
    if (!m || limit < 1 || intervalMs < 1) {
      throw new Error(`${setting}: "${entry}" is not host=requests/interval with at least one request per interval (e.g. erp.example.com=10/1s)`);
    }
    const host = m[1].toLowerCase();
    if (out.some((r) => r.host === host)) throw new Error(`${setting}: "${entry}" repeats the host ${host}`);
    out.push({ host, limit, intervalMs });
  }
  return out;
}
