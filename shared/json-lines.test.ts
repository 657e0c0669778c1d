import { describe, expect, it } from 'vitest';
import { countJsonLines, jsonLineValues, textLines, toJsonLines } from './json-lines.ts';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
}

const all = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
};

describe('JSON Lines', () => {
  it('splits lines across chunks, a character cut between two chunks too, with CRLF and a last line without newline', async () => {
    const bytes = new TextEncoder().encode('{"n":"Ä"}\r\n\n{"n":2}');
    const cut = 6; // inside the two bytes of Ä
    expect(await all(textLines(chunks(bytes.subarray(0, cut), bytes.subarray(cut))))).toEqual([
      { text: '{"n":"Ä"}', line: 1 },
      { text: '', line: 2 },
      { text: '{"n":2}', line: 3 },
    ]);
    expect(await all(jsonLineValues(chunks('{"a":1}\n', '\n[2]\n')))).toEqual([{ a: 1 }, [2]]);
    expect(await countJsonLines(chunks('1\n\n2\n', '3'))).toBe(3);
  });

  it('names the line that is not JSON', async () => {
    await expect(all(jsonLineValues(chunks('1\n{x\n'), 'items'))).rejects.toThrow(/^items, line 2: not JSON/);
  });

  it('writes values as lines in pieces of about the size asked', async () => {
    async function* values() {
      for (let i = 0; i < 10; i++) yield { i };
    }
    const pieces = await all(toJsonLines(values(), 20));
    expect(pieces.join('')).toBe(Array.from({ length: 10 }, (_, i) => `{"i":${i}}\n`).join(''));
    expect(pieces.length).toBeGreaterThan(1);
  });
});
