import { describe, it, expect } from 'vitest';
import { decodeUtf8, firstInvalidUtf8 } from './utf8.ts';

describe('UTF-8 bodies', () => {
  it('decodes well-formed text and names the first ill-formed byte otherwise', () => {
    expect(decodeUtf8(Buffer.from('Grüße 👋'))).toBe('Grüße 👋');
    expect(() => decodeUtf8(Buffer.from([0x7b, 0x22, 0xff]))).toThrow(
      expect.objectContaining({ code: 'bad_request', details: { offset: 2 } }),
    );
  });

  it('agrees with the platform decoder on random bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % 256;
    };
    for (let n = 0; n < 5000; n++) {
      const bytes = Uint8Array.from({ length: 1 + (n % 12) }, () => (next() < 160 ? 0x61 : next() | 0x80));
      let valid = true;
      try {
        strict.decode(bytes);
      } catch {
        valid = false;
      }
      const at = firstInvalidUtf8(bytes);
      expect(at === -1, `${Buffer.from(bytes).toString('hex')}`).toBe(valid);
      if (!valid) expect(() => strict.decode(bytes.subarray(0, at))).not.toThrow();
    }
  });
});
