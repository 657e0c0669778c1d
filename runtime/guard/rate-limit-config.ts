import type { RateLimit } from './rate-limiter.ts';
import { readRateLimit } from '../../shared/connection.ts';

export interface HostRateLimit extends RateLimit {
  /** `host:port` as in the request URL (the port only when it is not the scheme's default). */
  host: string;
}

const ENTRY = /^(\[[0-9a-f:.]+\](?::\d{1,5})?|[a-z0-9.-]+(?::\d{1,5})?)=(.*)$/i;

/**
 * Reads `host=requests/interval` entries separated by commas, e.g.
 * `127.0.0.1:4100=100/60s,erp.example.com=10/1s` (units ms, s, m, h; `10/s` is
 * `10/1s`), by the same rule as a connection's rate limit (`readRateLimit`). Any malformed or
 * repeated entry is an error that names it.
 */
export function parseRateLimits(text: string | undefined, setting = 'WEFT_RATE_LIMITS'): HostRateLimit[] {
  if (text === undefined || text.trim() === '') return [];
  const out: HostRateLimit[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const m = ENTRY.exec(entry);
    if (!m) throw new Error(`${setting}: "${entry}" is not host=requests/interval (e.g. erp.example.com=10/1s)`);
    const rate = readRateLimit(m[2]);
    if ('problem' in rate) throw new Error(`${setting}: "${entry}": the rate ${rate.problem}`);
    const host = m[1].toLowerCase();
    if (out.some((r) => r.host === host)) throw new Error(`${setting}: "${entry}" repeats the host ${host}`);
    out.push({ host, ...rate });
  }
  return out;
}
