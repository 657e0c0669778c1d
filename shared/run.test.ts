import { describe, expect, it } from 'vitest';
import { isPrunedPayload, isTruncatedPayload, PREVIEW_CHARS, truncatedPayload } from './run.ts';

describe('payload markers', () => {
  it('builds a truncated-value marker with a preview of the JSON', () => {
    const json = JSON.stringify({ text: 'x'.repeat(5000) });
    const marker = truncatedPayload(json, 5012);
    expect(marker).toEqual({ $weftTruncated: true, bytes: 5012, preview: json.slice(0, PREVIEW_CHARS) });
    expect(marker.preview).toHaveLength(PREVIEW_CHARS);
    expect(isTruncatedPayload(marker)).toBe(true);
    expect(isTruncatedPayload(JSON.parse(JSON.stringify(marker)))).toBe(true);
  });

  it('recognises only the marker', () => {
    for (const v of [
      null,
      'x',
      5,
      [],
      { $weftTruncated: 'true', bytes: 1 },
      { $weftTruncated: true },
      { $weftTruncated: true, bytes: '5' },
      { $weftPruned: true },
    ])
      expect(isTruncatedPayload(v), JSON.stringify(v)).toBe(false);
    expect(isPrunedPayload({ $weftPruned: true })).toBe(true);
    expect(isPrunedPayload({ $weftTruncated: true, bytes: 1 })).toBe(false);
  });
});
