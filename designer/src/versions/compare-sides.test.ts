import { describe, expect, it } from 'vitest';
import type { VersionInfo } from '../api/types.ts';
import { defaultSides, parseSide, resolveSides, sideLabel } from './compare-sides.ts';

const v = (version: number): VersionInfo => ({
  flowId: 'f',
  version,
  hash: 'h' + version,
  note: null,
  createdBy: null,
  createdAt: version,
  active: false,
});
const three = [v(3), v(2), v(1)];

describe('compare sides', () => {
  it('defaults to the previous version against the latest', () => {
    expect(defaultSides(three)).toEqual({ from: 2, to: 3 });
  });

  it('defaults to the only version against the draft', () => {
    expect(defaultSides([v(1)])).toEqual({ from: 1, to: 'draft' });
  });

  it('has nothing to compare without versions', () => {
    expect(defaultSides([])).toBeNull();
    expect(resolveSides(new URLSearchParams('from=1&to=draft'), [])).toBeNull();
  });

  it('reads versions and the draft from the address', () => {
    expect(parseSide('draft', three)).toBe('draft');
    expect(parseSide('1', three)).toBe(1);
    expect(resolveSides(new URLSearchParams('from=1&to=draft'), three)).toEqual({ from: 1, to: 'draft' });
  });

  it('falls back to the default for unknown or malformed sides', () => {
    expect(parseSide('9', three)).toBeNull();
    expect(parseSide('1.5', three)).toBeNull();
    expect(parseSide('', three)).toBeNull();
    expect(resolveSides(new URLSearchParams('from=9&to=x'), three)).toEqual({ from: 2, to: 3 });
    expect(resolveSides(new URLSearchParams('to=1'), three)).toEqual({ from: 2, to: 1 });
  });

  it('labels sides', () => {
    expect(sideLabel('draft')).toBe('Draft');
    expect(sideLabel(4)).toBe('v4');
  });
});
