import { describe, expect, it } from 'vitest';
import { activateLabel, shortHash } from './labels.ts';
import { formatValue } from './format-value.ts';

describe('activateLabel', () => {
  it('offers a rollback for versions older than the active one', () => {
    expect(activateLabel(2, 3)).toBe('Roll back to v2');
  });

  it('offers activation for newer versions and when nothing is active', () => {
    expect(activateLabel(4, 3)).toBe('Activate v4');
    expect(activateLabel(1, null)).toBe('Activate v1');
  });
});

describe('shortHash', () => {
  it('drops the algorithm prefix and keeps 12 digits', () => {
    expect(shortHash('sha256:015bf904ba6a2b7ead7f94a91e6b')).toBe('015bf904ba6a');
    expect(shortHash('abcdef0123456789')).toBe('abcdef012345');
  });
});

describe('formatValue', () => {
  it('writes short values on one line', () => {
    expect(formatValue('https://a')).toBe('"https://a"');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(null)).toBe('null');
  });

  it('indents long objects and arrays', () => {
    const long = { url: 'https://erp.example.com/api/projects', headers: { Authorization: '=$secrets.erp' } };
    expect(formatValue(long)).toBe(JSON.stringify(long, null, 2));
  });

  it('keeps long strings on one line', () => {
    const s = 'x'.repeat(100);
    expect(formatValue(s)).toBe(JSON.stringify(s));
  });
});
