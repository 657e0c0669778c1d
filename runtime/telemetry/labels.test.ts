import { describe, it, expect } from 'vitest';
import { circuitValue, connectionLabel, runStatusLabel, statusClass } from './labels.ts';
import { meteredHttp } from './metered-http.ts';
import { isScrapeToken } from './scrape-token.ts';
import { spellNaN } from './metrics.ts';

describe('metric labels', () => {
  it('classes answers by their first digit, and no answer (or one outside 200–599) as error', () => {
    expect([200, 204, 301, 304, 400, 429, 500, 503].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
    ]);
    expect([null, 101, 600].map(statusClass)).toEqual(['error', 'error', 'error']);
  });

  it('names a call by its stored connection, else by the host:port of its URL', () => {
    expect(connectionLabel({ url: 'https://erp.example.com/x', guard: { key: 'connection:erp' } })).toBe('erp');
    expect(connectionLabel({ url: 'https://ERP.example.com:8443/x?q=1' })).toBe('erp.example.com:8443');
    expect(connectionLabel({ url: 'http://127.0.0.1:4100/' })).toBe('127.0.0.1:4100');
    expect(connectionLabel({ url: 'not a url' })).toBe('unknown');
  });

  it('tells a run failed by a refused commit from one failed by its flow', () => {
    expect(runStatusLabel('failed', 'commit_failed')).toBe('commit_failed');
    expect(runStatusLabel('failed', 'http_4xx')).toBe('failed');
    expect(runStatusLabel('succeeded', null)).toBe('succeeded');
    expect(runStatusLabel('cancelled', 'cancelled')).toBe('cancelled');
  });

  it('gives circuits 0 closed, 1 half-open, 2 open', () => {
    expect([circuitValue('closed'), circuitValue('half_open'), circuitValue('open')]).toEqual([0, 1, 2]);
  });
});

describe('metered HTTP client', () => {
  it('reports each call once, with its class, and passes answers and errors through', async () => {
    const seen: string[] = [];
    const answers = [
      { status: 201, headers: {}, body: '' },
      new Error('ECONNREFUSED'),
      { status: 502, headers: {}, body: '' },
    ];
    const client = meteredHttp(
      {
        request: async () => {
          const a = answers.shift()!;
          if (a instanceof Error) throw a;
          return a;
        },
      },
      (connection, cls) => seen.push(`${connection} ${cls}`),
    );
    const req = { method: 'GET', url: 'http://crm.example.com/a', timeoutMs: 1000 };
    expect((await client.request(req)).status).toBe(201);
    await expect(client.request({ ...req, guard: { key: 'connection:crm' } })).rejects.toThrow('ECONNREFUSED');
    expect((await client.request(req)).status).toBe(502);
    expect(seen).toEqual(['crm.example.com 2xx', 'crm error', 'crm.example.com 5xx']);
  });
});

describe('scrape token and text', () => {
  it('accepts the token only, whatever the length of a guess', () => {
    const token = 'scrape-token-0123456789abcdef';
    expect(isScrapeToken(token, token)).toBe(true);
    for (const guess of ['', 'scrape', `${token}0`, token.slice(0, -1), token.toUpperCase()])
      expect(isScrapeToken(guess, token)).toBe(false);
  });

  it('spells a NaN value as the format does, leaving comments and other values alone', () => {
    const text = '# HELP lag mean Nan\nlag_mean Nan\nlag_max 0.5\nname{x="Nan"} 1\n';
    expect(spellNaN(text)).toBe('# HELP lag mean Nan\nlag_mean NaN\nlag_max 0.5\nname{x="Nan"} 1\n');
  });
});
