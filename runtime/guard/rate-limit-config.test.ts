import { describe, it, expect } from 'vitest';
import { parseRateLimits } from './rate-limit-config.ts';
import { defaultConfig } from '../config.ts';

describe('WEFT_RATE_LIMITS', () => {
  it('reads host=requests/interval entries', () => {
    expect(
      parseRateLimits(
        ' 127.0.0.1:4100=100/60s, ERP.example.com=10/1s,api.example.com=5/s,[::1]:8080=1/500ms,x.example.com=3/2m ',
      ),
    ).toEqual([
      { host: '127.0.0.1:4100', limit: 100, intervalMs: 60_000 },
      { host: 'erp.example.com', limit: 10, intervalMs: 1000 },
      { host: 'api.example.com', limit: 5, intervalMs: 1000 },
      { host: '[::1]:8080', limit: 1, intervalMs: 500 },
      { host: 'x.example.com', limit: 3, intervalMs: 120_000 },
    ]);
    expect(parseRateLimits(undefined)).toEqual([]);
    expect(parseRateLimits('  ')).toEqual([]);
  });

  it.each([
    'erp.example.com',
    'erp.example.com=10',
    'erp.example.com=10/1',
    'erp.example.com=0/1s',
    'erp.example.com=10/0s',
    'erp.example.com=5/0ms',
    'erp.example.com=2000000/1s',
    'erp.example.com=1/25h',
    '=10/1s',
    'http://erp.example.com=10/1s',
    'erp.example.com=10/1d',
    '',
  ])('refuses "%s", naming it', (entry) => {
    expect(() => parseRateLimits(`a.example.com=1/s,${entry}`)).toThrow(`WEFT_RATE_LIMITS: "${entry}"`);
  });

  it('refuses a host given twice', () => {
    expect(() => parseRateLimits('a.example.com=1/s,A.example.com=2/s')).toThrow('repeats the host a.example.com');
  });

  it('is read at start-up with the circuit settings', () => {
    const cfg = defaultConfig({
      WEFT_RATE_LIMITS: 'erp.example.com=10/1s',
      WEFT_CIRCUIT_FAILURES: '0',
      WEFT_CIRCUIT_COOLDOWN_MS: '5000',
    });
    expect(cfg).toMatchObject({
      circuitFailures: 0,
      circuitCooldownMs: 5000,
      rateLimits: [{ host: 'erp.example.com', limit: 10, intervalMs: 1000 }],
    });
    expect(defaultConfig({})).toMatchObject({ circuitFailures: 5, circuitCooldownMs: 30_000, rateLimits: [] });
    expect(() => defaultConfig({ WEFT_RATE_LIMITS: 'erp.example.com=ten/1s' })).toThrow('"erp.example.com=ten/1s"');
  });
});
