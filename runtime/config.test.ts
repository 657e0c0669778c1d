import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('keeps one PostgreSQL write transaction open at a time unless WEFT_PG_COMMITS says more, and refuses fewer than one', () => {
    expect(defaultConfig({}).postgresCommits).toBe(1);
    expect(defaultConfig({ WEFT_PG_COMMITS: '3' }).postgresCommits).toBe(3);
    expect(() => defaultConfig({ WEFT_PG_COMMITS: '0' })).toThrow(/WEFT_PG_COMMITS/);
    expect(() => defaultConfig({ WEFT_PG_COMMITS: 'two' })).toThrow(/WEFT_PG_COMMITS/);
  });
});
