import { describe, expect, it } from 'vitest';
import { chunksOf, piecesOf } from './chunker.ts';

const all = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
};

describe('file chunks', () => {
  it('cuts pieces of any size into chunks of the chunk size, the last one shorter', async () => {
    async function* pieces() {
      yield new Uint8Array(3).fill(1);
      yield new Uint8Array(10).fill(2);
      yield 'abc';
    }
    const out = await all(chunksOf(piecesOf(pieces()), 4));
    expect(out.map((c) => c.length)).toEqual([4, 4, 4, 4]);
    expect(Buffer.concat(out).toString('latin1')).toBe('\x01\x01\x01\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02abc');
    expect((await all(chunksOf(piecesOf(''), 4))).length).toBe(0);
  });

  it('refuses content that is not bytes, text or a stream of them, saying what it was', async () => {
    await expect(all(piecesOf(42 as never))).rejects.toThrow('file content is number, not bytes, text or a stream');
    await expect(all(piecesOf([new Uint8Array(1), { a: 1 }] as never))).rejects.toThrow(
      'file content: a piece is object, not bytes or text',
    );
  });
});
