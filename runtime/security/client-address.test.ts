import { describe, it, expect } from 'vitest';
import { Hono } from 'hono';
import { clientAddress } from './client-address.ts';

async function addressOf(trustProxy: boolean, headers: Record<string, string>, peer?: string) {
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(c, trustProxy)));
  const res = await app.request('/', { headers }, peer ? { incoming: { socket: { remoteAddress: peer } } } : undefined);
  return res.text();
}

describe('clientAddress', () => {
  it("is the connection's peer; X-Forwarded-For counts only behind a trusted proxy, and then its last entry", async () => {
    expect(await addressOf(false, { 'x-forwarded-for': '10.9.9.9' }, '192.0.2.10')).toBe('192.0.2.10');
    expect(await addressOf(true, { 'x-forwarded-for': '10.9.9.9, 203.0.113.5' }, '192.0.2.10')).toBe('203.0.113.5');
    expect(await addressOf(true, {}, '192.0.2.10')).toBe('192.0.2.10');
    expect(await addressOf(false, {})).toBe('unknown');
  });
});
